from enum import StrEnum


class CodeEnum(StrEnum):
    AI_INVALID_RESPONSE = "AI_INVALID_RESPONSE"
    INTEGRATION_AI_UNAVAILABLE = "INTEGRATION_AI_UNAVAILABLE"
    SYSTEM_UNHANDLED_ERROR = "SYSTEM_UNHANDLED_ERROR"

    def __str__(self) -> str:
        return str(self.value)
