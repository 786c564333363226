from enum import StrEnum


class CategoryEnum(StrEnum):
    AUTOMOTIVE = "automotive"
    BEAUTY = "beauty"
    BOOKS = "books"
    ELECTRONICS = "electronics"
    FASHION = "fashion"
    GROCERY = "grocery"
    HEALTH = "health"
    HOME = "home"
    OTHER = "other"
    SPORTS = "sports"
    TOYS = "toys"

    def __str__(self) -> str:
        return str(self.value)
