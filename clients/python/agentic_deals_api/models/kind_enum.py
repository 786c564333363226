from enum import StrEnum


class KindEnum(StrEnum):
    ERROR = "error"
    UNHANDLEDREJECTION = "unhandledrejection"

    def __str__(self) -> str:
        return str(self.value)
