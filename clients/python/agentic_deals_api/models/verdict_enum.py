from enum import StrEnum


class VerdictEnum(StrEnum):
    BUY = "buy"
    SKIP = "skip"
    WAIT = "wait"

    def __str__(self) -> str:
        return str(self.value)
