from enum import StrEnum


class TransactionTransactionTypeEnum(StrEnum):
    ADMIN_ADJUSTMENT = "admin_adjustment"
    AI_USAGE = "ai_usage"
    PURCHASE = "purchase"
    REFUND = "refund"
    SIGNUP_BONUS = "signup_bonus"

    def __str__(self) -> str:
        return str(self.value)
