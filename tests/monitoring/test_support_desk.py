"""Support finds what users quote: every 5xx and every error answered to a signed-in user is
recorded, those answered while the database was down included."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone
from django_redis import get_redis_connection
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from ai.models import Analysis, AnalysisStatus
from deals.models import Deal
from monitoring.models import ErrorEvent
from monitoring.services import (
    CLIENT_ERRORS_PER_USER_PER_MINUTE,
    PENDING_KEY,
    error_event_record,
    error_events_prune,
)
from monitoring.tasks import write_pending_error_events
from tests.support.server import unreachable_redis_cache

pytestmark = pytest.mark.django_db

DATABASE_DOWN = "/api/v1/test/raise/database-unavailable"


def recorded(response: Any) -> ErrorEvent:
    return ErrorEvent.objects.get(request_id=response["X-Request-ID"])


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("get", "/api/v1/deals/987654", None, 404, "RESOURCE_NOT_FOUND"),
        ("post", "/api/v1/deals", {"title": "x"}, 400, "VALIDATION_ERROR"),
        (
            "post",
            "/api/v1/tokens/deduct",
            {"amount": 10**6, "transaction_type": "ai_usage"},
            402,
            "TOKEN_INSUFFICIENT_BALANCE",
        ),
        ("delete", "/api/v1/tokens/balance", None, 405, "HTTP_405"),
    ],
)
def test_an_error_answered_to_a_signed_in_user_is_recorded_with_what_support_asks(
    auth_client: APIClient, user: Any, method: str, path: str, body: Any, status: int, code: str
) -> None:
    response = getattr(auth_client, method)(path, body, format="json")
    assert response.status_code == status
    event = recorded(response)
    assert (event.code, event.status, event.method, event.path, event.user) == (
        code,
        status,
        method.upper(),
        path,
        user,
    )
    assert event.created_at <= timezone.now()


def test_an_unknown_url_asked_with_a_valid_access_token_is_recorded_for_its_user(
    api_client: APIClient, user: Any
) -> None:
    response = api_client.get(
        "/api/v1/no-such-thing", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}"
    )
    assert response.status_code == 404
    assert recorded(response).user == user


@pytest.mark.parametrize("header", ["Bearer not-a-token", ""])
def test_anonymous_and_refused_credentials_stay_in_the_logs_only(
    api_client: APIClient, header: str
) -> None:
    response = api_client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert not ErrorEvent.objects.exists()


def test_one_users_client_errors_are_recorded_up_to_sixty_a_minute(
    auth_client: APIClient, settings: Any
) -> None:
    """Past that, a client hammering with bad requests costs no write each (all are in the logs
    and metrics); refusals of its rate limit included."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "user": "100000/minute"}
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        for _ in range(75):
            assert auth_client.get("/api/v1/deals/987654").status_code == 404
        assert ErrorEvent.objects.count() == CLIENT_ERRORS_PER_USER_PER_MINUTE
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        auth_client.get("/api/v1/deals/987654")
    assert ErrorEvent.objects.count() == CLIENT_ERRORS_PER_USER_PER_MINUTE + 1


def pending() -> list[dict[str, Any]]:
    """The error events waiting in Redis for the database."""
    return [json.loads(line) for line in get_redis_connection().lrange(PENDING_KEY, 0, -1)]


def keep(*lines: str) -> None:
    """Events as a web process kept them in Redis while the database was down."""
    get_redis_connection().rpush(PENDING_KEY, *lines)


def event_fields(**overrides: Any) -> str:
    return json.dumps(
        {
            "event_id": str(uuid.uuid4()),
            "request_id": "kept-request-01",
            "code": "SYSTEM_DATABASE_UNAVAILABLE",
            "category": "system",
            "status": 503,
            "created_at": str(timezone.now()),
            **overrides,
        }
    )


def test_a_nul_in_the_path_is_recorded_without_it(api_client: APIClient, user: Any) -> None:
    response = api_client.get(
        "/api/v1/deals/%00/x", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}"
    )
    assert response.status_code == 404
    assert recorded(response).path == "/api/v1/deals//x"
    assert pending() == []


@pytest.mark.urls("tests.errors.urls")
def test_a_503_while_the_database_is_down_waits_in_redis_until_the_beat_task_writes_it(
    api_client: APIClient,
) -> None:
    response = api_client.get(DATABASE_DOWN)
    assert response.status_code == 503
    assert not ErrorEvent.objects.exists()
    assert [event["request_id"] for event in pending()] == [response["X-Request-ID"]]

    assert write_pending_error_events() == 1
    event = recorded(response)
    assert (event.code, event.status, event.path) == (
        "SYSTEM_DATABASE_UNAVAILABLE",
        503,
        DATABASE_DOWN,
    )
    assert pending() == []
    assert write_pending_error_events() == 0
    assert ErrorEvent.objects.count() == 1


@pytest.mark.urls("tests.errors.urls")
def test_with_redis_down_too_the_log_line_is_the_record_and_nothing_raises(
    api_client: APIClient, json_logs: Any
) -> None:
    with override_settings(CACHES=unreachable_redis_cache()):
        response = api_client.get(DATABASE_DOWN)
        assert response.status_code == 503
    [line] = [
        line
        for line in json_logs.lines()
        if line["message"] == "error event not recorded; the log line is its record"
    ]
    assert (line["request_id"], line["code"]) == (
        response["X-Request-ID"],
        "SYSTEM_DATABASE_UNAVAILABLE",
    )
    assert not ErrorEvent.objects.exists()


def test_an_event_the_database_refuses_or_cannot_read_is_dropped_and_the_rest_written() -> None:
    keep(event_fields(code="X" * 65), "{not json", event_fields(request_id="kept-request-02"))
    assert write_pending_error_events() == 3
    assert list(ErrorEvent.objects.values_list("request_id", flat=True)) == ["kept-request-02"]
    assert pending() == []


def test_an_event_written_twice_is_stored_once() -> None:
    line = event_fields()
    keep(line, line)
    assert write_pending_error_events() == 2
    assert ErrorEvent.objects.filter(request_id="kept-request-01").count() == 1


def test_an_event_of_a_user_deleted_meanwhile_is_kept_without_the_user(make_user: Any) -> None:
    gone = make_user(email="gone@example.com")
    keep(event_fields(user_id=gone.pk))
    gone.delete()
    write_pending_error_events()
    assert ErrorEvent.objects.get(request_id="kept-request-01").user is None


def test_recorded_errors_are_pruned_in_batches_and_newer_ones_kept(settings: Any) -> None:
    settings.ERROR_EVENT_RETENTION_DAYS = 30
    old = timezone.now() - timedelta(days=31)
    ErrorEvent.objects.bulk_create(
        ErrorEvent(request_id=f"old-{index}", code="HTTP_405", status=405, created_at=old)
        for index in range(2500)
    )
    ErrorEvent.objects.create(request_id="recent-0001", code="HTTP_405", status=405)
    assert error_events_prune() == 2500
    assert list(ErrorEvent.objects.values_list("request_id", flat=True)) == ["recent-0001"]


def test_a_recorded_error_links_to_its_user_and_its_analysis(
    funded_user: Any, make_user: Any
) -> None:
    owner = funded_user(30)
    deal = Deal.objects.create(owner=owner, title="Kettle", price="20.00")
    analysis = Analysis.objects.create(
        deal=deal, user=owner, status=AnalysisStatus.FAILED, cost=5, request_id="analysis-req-01"
    )
    error_event_record(
        request_id="analysis-req-01",
        code="INTEGRATION_AI_UNAVAILABLE",
        status=502,
        user_id=owner.pk,
        analysis_id=analysis.pk,
    )
    staff = make_user(email="desk@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    desk = Client()
    desk.force_login(staff)
    event = ErrorEvent.objects.get(request_id="analysis-req-01")
    page = desk.get(f"/admin/monitoring/errorevent/{event.pk}/change/").content.decode()
    assert f'href="/admin/accounts/user/{owner.pk}/change/"' in page
    assert f'href="/admin/ai/analysis/{analysis.pk}/change/"' in page
    user_page = desk.get(f"/admin/accounts/user/{owner.pk}/change/").content.decode()
    assert f"/admin/monitoring/errorevent/?user__id__exact={owner.pk}" in user_page
    assert f"/admin/ai/analysis/?user__id__exact={owner.pk}" in user_page
    account = owner.token_account
    assert f"/admin/tokens/tokentransaction/?account__id__exact={account.pk}" in user_page
    ledger = desk.get(f"/admin/tokens/tokentransaction/?account__id__exact={account.pk}")
    assert ledger.status_code == 200
    assert "1 token transaction" in ledger.content.decode()
