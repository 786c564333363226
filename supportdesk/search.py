"""Admin search by exact values, each answered from an index, for tables that only grow.

Django's `=field` search compares `UPPER(field) = UPPER(term)`, which no plain index serves, and
an OR across a join (`request_id = x OR user.email = x`) makes PostgreSQL read the whole table.
Here the email is looked up first, on the users' unique index, and the term then matches each
column of the table itself, so the OR is a union of index scans.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from api.fields import MAX_ID


def users_with_email(term: str) -> list[int]:
    """The id of the user whose email (the user model's USERNAME_FIELD, stored normalized by its
    own `normalize_username`) is `term`, or none."""
    users = get_user_model()
    match = {users.USERNAME_FIELD: users.normalize_username(term)}
    return list(users.objects.filter(**match).values_list("pk", flat=True))


class ExactSearchMixin:
    """`exact_search_fields` are compared to the whole term as typed (request ids, keys);
    `exact_search_user` names the column that holds the user whose email the term may be; and
    a whole number is also compared to the id columns in `exact_search_ids` ("pk", a foreign
    key)."""

    exact_search_fields: tuple[str, ...] = ()
    exact_search_user: str | None = None
    exact_search_ids: tuple[str, ...] = ()

    def users_match(self, user_ids: list[int]) -> Q:
        return Q(**{f"{self.exact_search_user}__in": user_ids})

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        match = Q()
        for field in self.exact_search_fields:
            match |= Q(**{field: term})
        if self.exact_search_user and (user_ids := users_with_email(term)):
            match |= self.users_match(user_ids)
        if term.isdigit() and 0 < int(term) <= MAX_ID:
            for field in self.exact_search_ids:
                match |= Q(**{field: int(term)})
        return (queryset.filter(match) if match else queryset.none()), False


def fixed_choices_filter(title: str, field: str, choices: list[str]) -> type[Any]:
    """A list filter whose choices are known in advance (error codes from the catalogue,
    provider names): Django's own filter for a plain column would read every row for them."""

    class FixedChoices(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
            return [(choice, choice) for choice in choices]

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            if self.value() is None:
                return queryset
            # A value that is not a choice (an edited URL) matches nothing, and never reaches
            # the database as, say, text for a number column.
            return (
                queryset.filter(**{field: self.value()})
                if self.value() in choices
                else queryset.none()
            )

    FixedChoices.title = title
    return FixedChoices
