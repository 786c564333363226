from enum import StrEnum


class WebhookEventTypeEnum(StrEnum):
    ANALYSIS_FAILED = "analysis.failed"
    ANALYSIS_SUCCEEDED = "analysis.succeeded"
    PING = "ping"
    TOKENS_BALANCE_LOW = "tokens.balance_low"

    def __str__(self) -> str:
        return str(self.value)
