"""The base of every list filter: a parameter named in the query must have a value."""

from __future__ import annotations

import django_filters


class PresentMeansGiven(django_filters.FilterSet):
    """`?status=` is refused, not read as no filter at all: the document says what a value must
    be, and an empty one is none of them. Leave a parameter out to not filter by it."""

    def is_valid(self) -> bool:
        if self.is_bound and self.form.is_valid():
            for name in self.filters:
                if self.data.get(name) == "":
                    self.form.add_error(name, "Must not be empty; leave it out to not filter.")
        return super().is_valid()
