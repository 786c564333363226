"""Shared fixtures: API clients, users, and a capture of the JSON log lines."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client, override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User
from observability.context import RequestContextFilter
from observability.logging import JsonLineFormatter
from tests.support.browser import browser, site
from tokens.models import TransactionType
from tokens.services import tokens_credit

PASSWORD = "correct-horse-battery-staple"

# The browser tests' session fixtures, shared by every folder that drives Chromium.
__all__ = ["browser", "site"]


def pytest_configure(config: pytest.Config) -> None:
    """Install Sentry's integrations (without a DSN) before any test starts a Celery worker.

    The Celery integration patches Celery's tracer, which the worker's consumer module copies
    when it is first imported; a real process installs Sentry from its settings, before that.
    """
    from monitoring.sentry import init_sentry

    init_sentry("")


@pytest.fixture(autouse=True, scope="session")
def _answers_checked_against_the_document() -> Iterator[None]:
    """Every answer the test client gets from a documented operation is validated against the
    OpenAPI document: an undocumented status, header or body fails the test that caused it."""
    from django.conf import settings

    middleware = ["tests.support.openapi.ValidateAgainstTheDocument", *settings.MIDDLEWARE]
    with override_settings(MIDDLEWARE=middleware):
        yield


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient(raise_request_exception=False)


@pytest.fixture
def make_user(db: None) -> Callable[..., User]:
    def make(email: str = "ada@example.com", name: str = "Ada", password: str = PASSWORD) -> User:
        return User.objects.create_user(email=email, password=password, name=name)

    return make


@pytest.fixture
def user(make_user: Callable[..., User]) -> User:
    return make_user()


@pytest.fixture
def staff_with(make_user: Callable[..., User]) -> Callable[..., Client]:
    """A logged-in admin client for a staff member holding exactly `permissions`."""

    def make(*permissions: str, group: str | None = None) -> Client:
        staff = make_user(email=f"staff-{User.objects.count()}@example.com")
        staff.is_staff = True
        staff.save()
        for name in permissions:
            app_label, codename = name.split(".")
            staff.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        if group:
            staff.groups.add(Group.objects.get(name=group))
        client = Client()
        client.force_login(staff)
        client.staff = staff
        return client

    return make


@pytest.fixture
def auth_client(api_client: APIClient, user: User) -> APIClient:
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    return api_client


@pytest.fixture
def funded_user(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(balance: int, email: str = "payer@example.com") -> User:
        user = make_user(email=email)
        if balance:
            tokens_credit(user=user, amount=balance, transaction_type=TransactionType.PURCHASE)
        return user

    return make


class JsonLogCapture:
    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]


@pytest.fixture
def json_logs() -> Iterator[JsonLogCapture]:
    """The log lines exactly as the stdout handler would print them."""
    capture = JsonLogCapture()
    handler = logging.StreamHandler(capture.stream)
    handler.setFormatter(JsonLineFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield capture
    finally:
        root.removeHandler(handler)
