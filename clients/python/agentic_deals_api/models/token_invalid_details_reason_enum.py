from enum import StrEnum


class TokenInvalidDetailsReasonEnum(StrEnum):
    EXPIRED = "expired"
    INVALID = "invalid"
    REVOKED = "revoked"
    USED = "used"

    def __str__(self) -> str:
        return str(self.value)
