"""Tables that only grow: the admin never counts one whole, its searches use indexes, and
retention deletes in short batches."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from ai.models import Analysis, LLMAttempt
from ai.runs import llm_attempts_prune
from deals.models import Deal
from idempotency.models import IdempotencyRecord
from idempotency.services import idempotency_records_purge
from monitoring.models import ErrorEvent
from supportdesk.retention import BATCH
from tokens.services import tokens_deduct

pytestmark = pytest.mark.django_db


@pytest.fixture
def support(make_user: Any) -> Client:
    admin = User.objects.create_superuser(
        email="root@example.com", password="root-password-2026", name="Root"
    )
    client = Client()
    client.force_login(admin)
    return client


def counts(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]


def test_the_ledger_change_list_counts_at_most_the_cap(settings, support, funded_user) -> None:
    settings.ADMIN_COUNT_CAP = 5
    user = funded_user(100)
    for _ in range(7):
        tokens_deduct(user=user, amount=1)
    with CaptureQueriesContext(connection) as queries:
        page = support.get("/admin/tokens/tokentransaction/")
    assert page.status_code == 200
    assert "5 results" in page.content.decode()
    assert counts(queries)
    assert all("LIMIT 5" in sql for sql in counts(queries)), counts(queries)


def test_searching_recorded_errors_by_request_id_or_email_is_exact(support, make_user) -> None:
    user = make_user(email="quoted@example.com")
    for index in range(3):
        ErrorEvent.objects.create(
            request_id=f"req-{index:04d}",
            code="SYSTEM_UNHANDLED_ERROR",
            category="system",
            status=500,
            method="GET",
            path="/api/v1/deals",
            user=user if index == 1 else None,
        )
    with CaptureQueriesContext(connection) as queries:
        found = support.get("/admin/monitoring/errorevent/", {"q": "req-0002"}).content.decode()
    assert "req-0002" in found
    assert "req-0001" not in found
    searched = [query["sql"] for query in queries.captured_queries if "req-0002" in query["sql"]]
    assert searched
    assert not [sql for sql in searched if "LIKE" in sql.upper()]
    by_email = support.get("/admin/monitoring/errorevent/", {"q": "quoted@example.com"})
    assert "req-0001" in by_email.content.decode()
    assert "req-0000" not in by_email.content.decode()


def test_expired_idempotency_records_go_in_batches(make_user) -> None:
    user = make_user()
    now = timezone.now()
    records = [
        IdempotencyRecord(
            user=user,
            key=f"key-{index}",
            method="POST",
            path="/api/v1/tokens/deduct",
            fingerprint="f" * 64,
            created_at=now - timedelta(days=2),
            locked_until=now - timedelta(days=2),
            expires_at=now - timedelta(days=1) if index else now + timedelta(days=1),
        )
        for index in range(BATCH * 2 + 5)
    ]
    IdempotencyRecord.objects.bulk_create(records)
    with CaptureQueriesContext(connection) as queries:
        deleted = idempotency_records_purge(now=now)
    assert deleted == BATCH * 2 + 4
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["key-0"]
    deletes = [query for query in queries.captured_queries if query["sql"].startswith("DELETE")]
    assert len(deletes) == 3  # a short statement per batch, never one over everything


def test_old_llm_attempts_are_pruned_and_their_analyses_stay(settings, funded_user) -> None:
    settings.LLM_ATTEMPT_RETENTION_DAYS = 30
    owner = funded_user(10)
    deal = Deal.objects.create(owner=owner, title="Kettle", price="9.00")
    analysis = Analysis.objects.create(deal=deal, user=owner, cost=5)
    for age in (40, 35, 1):
        attempt = LLMAttempt.objects.create(
            analysis=analysis, provider="primary", model="m", outcome="ok"
        )
        LLMAttempt.objects.filter(pk=attempt.pk).update(
            created_at=timezone.now() - timedelta(days=age)
        )
    assert llm_attempts_prune() == 2
    assert LLMAttempt.objects.count() == 1
    assert Analysis.objects.filter(pk=analysis.pk).exists()


def test_llm_attempts_list_newest_first_and_find_an_analysis_by_its_id(support, funded_user):
    owner = funded_user(10)
    deal = Deal.objects.create(owner=owner, title="Kettle", price="9.00")
    first, second = (
        Analysis.objects.create(deal=deal, user=owner, cost=5, status="failed") for _ in range(2)
    )
    for analysis, outcome, call in (
        (first, "server_error", "call-a1"),
        (first, "ok", "call-a2"),
        (second, "timeout", "call-b1"),
    ):
        LLMAttempt.objects.create(
            analysis=analysis,
            provider="primary",
            model="m",
            outcome=outcome,
            provider_request_id=call,
        )
    every = support.get("/admin/ai/llmattempt/").content.decode()
    assert every.index("call-b1") < every.index("call-a2") < every.index("call-a1")
    found = support.get("/admin/ai/llmattempt/", {"q": str(first.pk)}).content.decode()
    assert ("call-a1" in found, "call-a2" in found, "call-b1" in found) == (True, True, False)
    failing = support.get("/admin/ai/llmattempt/", {"outcome": "timeout"}).content.decode()
    assert ("call-b1" in failing, "call-a1" in failing) == (True, False)
    nothing = support.get("/admin/ai/llmattempt/", {"q": "not-an-id"}).content.decode()
    assert "call-" not in nothing


@pytest.mark.parametrize(
    "url",
    [
        "/admin/monitoring/errorevent/?status=abc",
        "/admin/monitoring/errorevent/?code=NO_SUCH_CODE",
        "/admin/ai/llmattempt/?outcome=%00",
        "/admin/ai/analysis/?error_code=x",
    ],
)
def test_an_edited_filter_value_matches_nothing_and_fails_nothing(support, make_user, url):
    ErrorEvent.objects.create(
        request_id="req-shown",
        code="SYSTEM_UNHANDLED_ERROR",
        category="system",
        status=500,
        method="GET",
        path="/api/v1/deals",
        user=make_user(),
    )
    page = support.get(url)
    assert page.status_code == 200
    assert "req-shown" not in page.content.decode()
