"""Idempotency-Key on POST /api/v1/tokens/deduct: replay, reuse, in progress, retention."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from idempotency.models import IdempotencyRecord
from idempotency.services import idempotency_records_purge, request_fingerprint
from tests.errors.test_envelope import assert_envelope
from tests.support.clients import client_for
from tests.support.threads import race
from tests.tokens.conftest import balance_of
from tokens.models import TokenTransaction, TransactionType
from tokens.services import tokens_credit

DEDUCT = "/api/v1/tokens/deduct"
BODY = {"amount": 3, "transaction_type": "ai_usage", "description": "x"}


def post(user, key: str | None, body: dict = BODY):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client_for(user).post(DEDUCT, body, format="json", **headers)


@pytest.mark.django_db
def test_a_repeat_replays_the_first_response_and_charges_once(funded_user) -> None:
    user = funded_user(10)
    first = post(user, "key-1")
    again = post(user, "key-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert balance_of(user) == (7, 0)


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_409(funded_user) -> None:
    user = funded_user(10)
    post(user, "key-1")
    response = post(user, "key-1", {**BODY, "amount": 4})
    assert_envelope(response, 409, "CONFLICT_IDEMPOTENCY_KEY_REUSED")
    assert balance_of(user) == (7, 0)


@pytest.mark.django_db
def test_keys_are_scoped_to_the_user(funded_user) -> None:
    ada = funded_user(10)
    bob = funded_user(10, email="bob@example.com")
    post(ada, "shared-key")
    assert post(bob, "shared-key").status_code == 200
    assert balance_of(ada) == balance_of(bob) == (7, 0)


@pytest.mark.django_db
def test_a_final_error_is_replayed_too_with_the_current_request_id(funded_user) -> None:
    user = funded_user(2)
    first = post(user, "key-402")
    assert_envelope(first, 402, "TOKEN_INSUFFICIENT_BALANCE")
    # Topping up does not change the stored answer: the key's outcome is final.
    tokens_credit(user=user, amount=10, transaction_type=TransactionType.PURCHASE)
    again = client_for(user).post(
        DEDUCT, BODY, format="json", HTTP_IDEMPOTENCY_KEY="key-402", HTTP_X_REQUEST_ID="replay-0001"
    )
    body = assert_envelope(again, 402, "TOKEN_INSUFFICIENT_BALANCE")
    assert body["request_id"] == "replay-0001"
    assert again["Original-Request-ID"] == first.json()["request_id"]
    assert again["Idempotent-Replayed"] == "true"
    assert balance_of(user) == (12, 0)


@pytest.mark.django_db
def test_a_key_still_in_progress_is_409_with_retry_after(funded_user) -> None:
    user = funded_user(10)
    now = timezone.now()
    IdempotencyRecord.objects.create(
        user=user,
        key="busy",
        method="POST",
        path=DEDUCT,
        fingerprint="f" * 64,
        created_at=now,
        locked_until=now + timedelta(minutes=2),
        expires_at=now + timedelta(hours=24),
    )
    IdempotencyRecord.objects.filter(key="busy").update(fingerprint=request_fingerprint(BODY))
    response = post(user, "busy")
    assert_envelope(response, 409, "CONFLICT_REQUEST_IN_PROGRESS")
    assert response["Retry-After"] == "1"
    assert balance_of(user) == (10, 0)


@pytest.mark.django_db
def test_a_claim_whose_request_died_is_taken_over_after_its_lease(funded_user) -> None:
    user = funded_user(10)
    long_ago = timezone.now() - timedelta(minutes=5)
    IdempotencyRecord.objects.create(
        user=user,
        key="orphan",
        method="POST",
        path=DEDUCT,
        fingerprint=request_fingerprint(BODY),
        created_at=long_ago,
        locked_until=long_ago,
        expires_at=long_ago + timedelta(hours=24),
    )
    assert post(user, "orphan").status_code == 200
    assert balance_of(user) == (7, 0)


@pytest.mark.django_db
def test_keys_are_kept_24_hours_then_forgotten_and_purged(funded_user) -> None:
    user = funded_user(10)
    post(user, "daily")
    with time_machine.travel(timezone.now() + timedelta(hours=23), tick=False):
        assert post(user, "daily")["Idempotent-Replayed"] == "true"
        assert idempotency_records_purge() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=25), tick=False):
        assert idempotency_records_purge() == 1
        response = post(user, "daily")
        assert "Idempotent-Replayed" not in response
    assert balance_of(user) == (4, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "k" * 256])
def test_a_key_outside_1_to_255_characters_is_400(funded_user, key: str) -> None:
    user = funded_user(10)
    body = assert_envelope(post(user, key), 400, "VALIDATION_ERROR")
    assert "Idempotency-Key" in body["details"]
    assert balance_of(user) == (10, 0)


@pytest.mark.django_db
def test_validation_errors_are_not_charged_and_the_same_bad_body_replays(funded_user) -> None:
    user = funded_user(10)
    bad = {**BODY, "amount": "lots"}
    assert_envelope(post(user, "bad-body", bad), 400, "VALIDATION_ERROR")
    assert post(user, "bad-body", bad)["Idempotent-Replayed"] == "true"
    assert balance_of(user) == (10, 0)


@pytest.mark.django_db
def test_without_a_key_every_request_acts(funded_user) -> None:
    user = funded_user(10)
    post(user, None)
    post(user, None)
    assert balance_of(user) == (4, 0)


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_requests_with_one_key_debit_once(funded_user) -> None:
    user = funded_user(100)
    results = race(lambda _: post(user, "burst-key"), threads=20)
    statuses = sorted(response.status_code for response in results)
    assert set(statuses) <= {200, 409}
    assert statuses.count(200) >= 1
    conflicts = [r for r in results if r.status_code == 409]
    assert all(r.json()["code"] == "CONFLICT_REQUEST_IN_PROGRESS" for r in conflicts)
    first_bodies = {r.json()["transaction"]["id"] for r in results if r.status_code == 200}
    assert len(first_bodies) == 1
    assert TokenTransaction.objects.filter(account__user=user, amount=-3).count() == 1
    assert balance_of(user) == (97, 0)


@pytest.mark.django_db
def test_a_replayed_error_answers_in_the_format_the_repeat_asks_for(funded_user) -> None:
    user = funded_user(2)
    client = client_for(user)
    first = client.post(
        DEDUCT,
        BODY,
        format="json",
        HTTP_IDEMPOTENCY_KEY="fmt",
        HTTP_ACCEPT="application/problem+json",
    )
    assert first["Content-Type"] == "application/problem+json"
    again = client.post(DEDUCT, BODY, format="json", HTTP_IDEMPOTENCY_KEY="fmt")
    body = assert_envelope(again, 402, "TOKEN_INSUFFICIENT_BALANCE")
    assert body["details"]["required_amount"] == 3
