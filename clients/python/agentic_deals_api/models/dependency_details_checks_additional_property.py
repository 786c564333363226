from enum import StrEnum


class DependencyDetailsChecksAdditionalProperty(StrEnum):
    IN_PROCESS = "in-process"
    OK = "ok"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
