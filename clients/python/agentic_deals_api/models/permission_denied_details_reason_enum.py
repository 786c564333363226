from enum import StrEnum


class PermissionDeniedDetailsReasonEnum(StrEnum):
    ABOVE_CAP = "above_cap"
    OWN_ACCOUNT = "own_account"

    def __str__(self) -> str:
        return str(self.value)
