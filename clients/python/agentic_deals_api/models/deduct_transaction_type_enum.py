from enum import StrEnum


class DeductTransactionTypeEnum(StrEnum):
    AI_USAGE = "ai_usage"

    def __str__(self) -> str:
        return str(self.value)
