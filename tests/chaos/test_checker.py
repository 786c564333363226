"""The chaos checker passes a clean run and names the invariant each planted fault breaks."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from django.db import connection
from psycopg.conninfo import make_conninfo

from accounts.models import User
from deals.services import deal_create
from tests.chaos.checker import check, deadline_for, snapshot
from tokens.holds import tokens_hold
from tokens.models import TransactionType
from tokens.services import tokens_credit, tokens_deduct

ADA = "c1@chaos.example"
T0 = 1_765_000_000.0
DEADLINE = T0 + 400
_request_ids = itertools.count(1)


def envelope(code: str, request_id: str) -> dict[str, Any]:
    return {
        "status": "error",
        "code": code,
        "message": "Something went wrong.",
        "details": {},
        "request_id": request_id,
        "timestamp": "2025-12-06T10:00:00Z",
    }


def attempt(op: str, method: str, path: str, status: int | None, body: Any = None, **fields: Any):
    """One history line; an error status gets the envelope unless a body is given."""
    request_id = f"req-{next(_request_ids)}"
    if body is None and status is not None and status >= 400:
        body = envelope(fields.pop("code", "SYSTEM_UNAVAILABLE"), request_id)
    start = T0 + fields.pop("at", 0)
    return {
        "client": "c1",
        "user": ADA,
        "op": op,
        "method": method,
        "path": path,
        "key": None,
        "attempt": 1,
        "start": start,
        "end": start + 0.2,
        "status": status,
        "error": "timeout" if status is None else None,
        "content_type": None if body is None else "application/json",
        "request_id": None if status is None else request_id,
        "retry_after": None,
        "replayed": False,
        "body": body,
        **fields,
    }


def deal(deal_id: int, version: int = 1) -> dict[str, Any]:
    return {"id": deal_id, "title": "Kettle", "price": "20.00", "url": "", "version": version}


def deducted(transaction_id: int, balance_after: int) -> dict[str, Any]:
    row = {"id": transaction_id, "transaction_type": "ai_usage", "amount": -10}
    return {
        "balance": balance_after,
        "available": balance_after,
        "transaction": {**row, "balance_after": balance_after},
    }


def clean_history() -> list[dict[str, Any]]:
    """Retries after no answer, a 502 and a 409 in progress, each settled by a replay."""
    return [
        attempt("register", "POST", "/api/v1/auth/register", 201, {"id": 1, "email": ADA}),
        attempt("create_deal", "POST", "/api/v1/deals", None, key="k1", at=1),
        attempt("create_deal", "POST", "/api/v1/deals", 201, deal(10), key="k1", at=2, attempt=2),
        attempt("edit_deal", "PATCH", "/api/v1/deals/10", 200, deal(10, version=2), at=3),
        attempt("create_deal", "POST", "/api/v1/deals", 201, deal(11), key="k2", at=4),
        attempt("delete_deal", "DELETE", "/api/v1/deals/11", None, at=5),
        attempt("delete_deal", "DELETE", "/api/v1/deals/11", 404, code="RESOURCE_NOT_FOUND", at=6),
        attempt("deduct", "POST", "/api/v1/tokens/deduct", 200, deducted(102, 90), key="d1", at=7),
        attempt("deduct", "POST", "/api/v1/tokens/deduct", 502, key="d2", at=8, retry_after="1"),
        attempt(
            "deduct",
            "POST",
            "/api/v1/tokens/deduct",
            409,
            code="CONFLICT_REQUEST_IN_PROGRESS",
            key="d2",
            at=9,
            attempt=2,
        ),
        attempt(
            "deduct",
            "POST",
            "/api/v1/tokens/deduct",
            200,
            deducted(103, 80),
            key="d2",
            at=10,
            attempt=3,
            replayed=True,
        ),
        attempt(
            "analyse",
            "POST",
            "/api/v1/deals/10/analyses",
            202,
            {"id": 7, "deal_id": 10, "status": "queued", "cost": 5},
            key="a1",
            at=11,
        ),
        attempt("balance", "GET", "/api/v1/tokens/balance", 429, code="RATE_LIMIT_EXCEEDED", at=12),
        attempt("get_analysis", "GET", "/api/v1/analyses/7", 200, {"id": 7, "status": "queued"}),
    ]


def ledger_row(transaction_id: int, kind: str, amount: int, balance_after: int, **fields: Any):
    return {
        "id": transaction_id,
        "user": ADA,
        "transaction_type": kind,
        "amount": amount,
        "balance_after": balance_after,
        "idempotency_key": None,
        "reference_id": "",
        "created_at": T0 + transaction_id - 100,
        **fields,
    }


def deduct_record(key: str, transaction_id: int) -> dict[str, Any]:
    return {
        "user": ADA,
        "method": "POST",
        "path": "/api/v1/tokens/deduct",
        "key": key,
        "status": "completed",
        "response_status": 200,
        "body": {"data": {"transaction": {"id": transaction_id}}},
    }


def clean_snapshot() -> dict[str, Any]:
    return {
        "deals": {10: {"owner": ADA, "version": 2}},
        "ledger": [
            ledger_row(101, "signup_bonus", 100, 100, idempotency_key="signup-bonus"),
            ledger_row(102, "ai_usage", -10, 90),
            ledger_row(103, "ai_usage", -10, 80),
            ledger_row(
                104, "ai_usage", -5, 75, reference_id="analysis:7", idempotency_key="analysis:7"
            ),
        ],
        "analyses": {
            7: {"status": "succeeded", "user": ADA, "deal_id": 10, "hold_id": 1, "finished_at": T0}
        },
        "accounts": {ADA: {"balance": 75, "held": 0}},
        "idempotency_records": [deduct_record("d1", 102), deduct_record("d2", 103)],
        "open_holds": 0,
    }


def charge(state: dict[str, Any], kind: str, amount: int, **fields: Any) -> int:
    """Append a ledger row that keeps the chain and the account's balance consistent."""
    balance = state["accounts"][ADA]["balance"] + amount
    transaction_id = state["ledger"][-1]["id"] + 1
    state["ledger"].append(ledger_row(transaction_id, kind, amount, balance, **fields))
    state["accounts"][ADA]["balance"] = balance
    return transaction_id


def verdict(history: list[dict], state: dict[str, Any], reconcile_exit_code: int = 0):
    faults = [{"kind": "kill_redis", "start": T0 + 2, "end": T0 + 8}]
    return check(history, faults, state, reconcile_exit_code, settle_deadline=DEADLINE)


def broken(history: list[dict], state: dict[str, Any], reconcile_exit_code: int = 0) -> set[str]:
    return {
        violation.invariant for violation in verdict(history, state, reconcile_exit_code).violations
    }


def test_a_clean_run_passes_and_counts_what_it_checked():
    report = verdict(clean_history(), clean_snapshot())

    assert report.violations == []
    assert report.passed
    assert report.counts["requests"] == 14
    assert report.counts["connection_errors"] == 2
    assert report.counts["status_5xx"] == 1
    assert report.counts["deals_acknowledged"] == 2
    assert report.counts["deductions_acknowledged"] == 2
    assert report.counts["analyses_accepted"] == 1
    assert report.counts["faults_kill_redis"] == 1
    assert report.counts["checked_acknowledged_writes"] == 5
    assert report.counts["checked_envelope_only"] == 12


def test_a_snapshot_read_back_from_json_passes_too():
    state = json.loads(json.dumps(clean_snapshot()))

    assert verdict(clean_history(), state).passed


def test_the_settling_deadline_follows_the_last_fault():
    faults = [
        {"kind": "kill_redis", "start": 1.0, "end": 5.0},
        {"kind": "pause", "start": 2.0, "end": 9.0},
    ]

    assert deadline_for(faults, clean_history()) == 309.0
    assert deadline_for([], clean_history()) == T0 + 12.2 + 300


def test_two_ledger_rows_with_one_key_are_a_double_charge():
    state = clean_snapshot()
    charge(state, "ai_usage", -10, idempotency_key="analysis:7", reference_id="analysis:7")

    assert broken(clean_history(), state) == {"no_double_charge"}


def test_a_deduction_written_twice_for_one_key_is_a_double_charge():
    state = clean_snapshot()
    charge(state, "ai_usage", -10)

    assert broken(clean_history(), state) == {"no_double_charge"}


def test_keys_refused_for_good_leave_no_room_for_a_second_charge():
    refused = [
        attempt("deduct", "POST", "/api/v1/tokens/deduct", 402, key=f"r{n}", at=20 + n)
        for n in range(3)
    ]
    state = clean_snapshot()
    charge(state, "ai_usage", -10)

    assert broken([*clean_history(), *refused], state) == {"no_double_charge"}


def test_a_failed_analysis_with_a_charge_is_charged_without_success():
    state = clean_snapshot()
    state["analyses"][7]["status"] = "failed"

    assert broken(clean_history(), state) == {"no_double_charge"}


def test_a_charge_whose_last_answer_was_a_refusal_is_flagged():
    history = [
        *clean_history(),
        attempt("deduct", "POST", "/api/v1/tokens/deduct", None, key="d3", at=13),
        attempt(
            "deduct",
            "POST",
            "/api/v1/tokens/deduct",
            402,
            code="TOKEN_INSUFFICIENT_BALANCE",
            key="d3",
            at=14,
            attempt=2,
        ),
    ]
    state = clean_snapshot()
    state["idempotency_records"].append(deduct_record("d3", charge(state, "ai_usage", -10)))

    assert broken(history, state) == {"no_double_charge"}


def test_a_charge_after_no_answer_is_counted_not_flagged():
    history = [
        *clean_history(),
        attempt("deduct", "POST", "/api/v1/tokens/deduct", None, key="d3", at=13),
    ]
    state = clean_snapshot()
    state["idempotency_records"].append(deduct_record("d3", charge(state, "ai_usage", -10)))

    report = verdict(history, state)

    assert report.passed
    assert report.counts["deductions_charged_unacknowledged"] == 1


def test_a_deal_answered_201_and_missing_is_a_lost_write():
    history = [
        *clean_history(),
        attempt("create_deal", "POST", "/api/v1/deals", 201, deal(12), key="k3", at=13),
    ]

    assert broken(history, clean_snapshot()) == {"acknowledged_writes"}


def test_a_deal_deleted_after_its_201_is_not_a_lost_write():
    history = [
        *clean_history(),
        attempt("create_deal", "POST", "/api/v1/deals", 201, deal(12), key="k3", at=13),
        attempt("delete_deal", "DELETE", "/api/v1/deals/12", 204, at=14),
    ]

    assert verdict(history, clean_snapshot()).passed


def test_an_edit_rolled_back_after_its_200_is_a_lost_write():
    state = clean_snapshot()
    state["deals"][10]["version"] = 1

    assert broken(clean_history(), state) == {"acknowledged_writes"}


def test_a_deduction_answered_200_and_not_in_the_ledger_is_a_lost_write():
    history = [
        *clean_history(),
        attempt("deduct", "POST", "/api/v1/tokens/deduct", 200, deducted(999, 70), key="d3", at=13),
    ]

    assert broken(history, clean_snapshot()) == {"acknowledged_writes"}


def test_a_negative_balance_in_the_chain_is_an_overdraft():
    state = clean_snapshot()
    charge(state, "admin_adjustment", -100)

    assert broken(clean_history(), state) == {"never_overdrawn"}


def test_a_negative_available_answered_to_a_client_is_an_overdraft():
    told = {"balance": 3, "held": 5, "available": -2, "lifetime_earned": 100, "lifetime_spent": 97}
    history = [*clean_history(), attempt("balance", "GET", "/api/v1/tokens/balance", 200, told)]

    assert broken(history, clean_snapshot()) == {"never_overdrawn"}


def test_a_balance_after_that_does_not_follow_its_amount_breaks_the_chain():
    state = clean_snapshot()
    state["ledger"][2]["balance_after"] = 85

    assert broken(clean_history(), state) == {"never_overdrawn"}


def test_more_held_than_the_balance_is_flagged():
    state = clean_snapshot()
    state["accounts"][ADA]["held"] = 80

    assert broken(clean_history(), state) == {"never_overdrawn"}


def test_a_failed_reconciliation_is_flagged():
    assert broken(clean_history(), clean_snapshot(), reconcile_exit_code=1) == {"reconciliation"}


def test_an_analysis_still_queued_is_stuck():
    history = [
        *clean_history(),
        attempt(
            "analyse",
            "POST",
            "/api/v1/deals/10/analyses",
            202,
            {"id": 8, "deal_id": 10, "status": "queued", "cost": 5},
            key="a2",
            at=13,
        ),
    ]
    state = clean_snapshot()
    state["analyses"][8] = {
        "status": "queued",
        "user": ADA,
        "deal_id": 10,
        "hold_id": 2,
        "finished_at": None,
    }

    assert broken(history, state) == {"analyses_finished"}


def test_an_analysis_finished_after_the_deadline_is_late():
    state = clean_snapshot()
    state["analyses"][7]["finished_at"] = DEADLINE + 1

    assert broken(clean_history(), state) == {"analyses_finished"}


def test_an_accepted_analysis_missing_while_its_deal_remains_is_lost():
    state = clean_snapshot()
    del state["analyses"][7]

    assert broken(clean_history(), state) == {"analyses_finished"}


def test_an_analysis_that_went_with_its_deal_is_not_missing():
    history = [*clean_history(), attempt("delete_deal", "DELETE", "/api/v1/deals/10", 204, at=13)]
    state = clean_snapshot()
    del state["analyses"][7]
    del state["deals"][10]

    assert verdict(history, state).passed


def test_a_hold_left_open_is_flagged():
    state = clean_snapshot()
    state["open_holds"] = 2

    assert broken(clean_history(), state) == {"no_open_holds"}


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (502, "<html><body><h1>502 Bad Gateway</h1></body></html>"),
        (200, '{"balance": 7'),
        (200, None),
        (404, {"detail": "Not found."}),
        (404, {**envelope("RESOURCE_NOT_FOUND", "req-other")}),
    ],
    ids=["html", "truncated", "empty", "not-the-envelope", "another-request-id"],
)
def test_an_answer_that_is_not_json_or_not_the_envelope_is_flagged(status: int, body: Any):
    answer = attempt(
        "balance", "GET", "/api/v1/tokens/balance", status, body, at=13, retry_after="1"
    )
    answer["content_type"] = "text/html" if isinstance(body, str) else answer["content_type"]

    assert broken([*clean_history(), answer], clean_snapshot()) == {"envelope_only"}


def test_json_served_as_html_is_flagged():
    answer = attempt("balance", "GET", "/api/v1/tokens/balance", 200, {"balance": 75}, at=13)
    answer["content_type"] = "text/html"

    assert broken([*clean_history(), answer], clean_snapshot()) == {"envelope_only"}


@pytest.mark.parametrize(
    ("status", "retry_after"),
    [(500, None), (500, "1"), (503, None)],
    ids=["500", "500-retry", "503"],
)
def test_an_unhandled_error_or_an_unavailable_without_retry_after_is_a_server_error(
    status: int, retry_after: str | None
):
    answer = attempt(
        "balance", "GET", "/api/v1/tokens/balance", status,
        code="SYSTEM_UNHANDLED_ERROR", at=13, retry_after=retry_after,
    )  # fmt: skip

    assert broken([*clean_history(), answer], clean_snapshot()) == {"server_errors"}


def test_one_key_answered_with_two_deals_is_not_idempotent():
    history = [
        *clean_history(),
        attempt("create_deal", "POST", "/api/v1/deals", 201, deal(13), key="k1", at=13, attempt=3),
    ]
    state = clean_snapshot()
    state["deals"][13] = {"owner": ADA, "version": 1}

    assert broken(history, state) == {"idempotent_outcomes"}


def test_one_key_answered_201_then_a_final_error_is_not_idempotent():
    history = [
        *clean_history(),
        attempt(
            "create_deal",
            "POST",
            "/api/v1/deals",
            409,
            code="CONFLICT_DUPLICATE_DEAL",
            key="k1",
            at=13,
            attempt=3,
        ),
    ]

    assert broken(history, clean_snapshot()) == {"idempotent_outcomes"}


def _database_url() -> str:
    settings = connection.settings_dict
    return make_conninfo(
        dbname=settings["NAME"],
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=str(settings["PORT"]) if settings["PORT"] else None,
    )


@pytest.mark.django_db(transaction=True)
def test_the_snapshot_reads_deals_ledger_accounts_and_holds_from_the_database():
    owner = User.objects.create_user(email=ADA, password="correct-horse-battery", name="C1")
    kettle = deal_create(owner=owner, title="Kettle", price="20.00")
    tokens_credit(user=owner, amount=100, transaction_type=TransactionType.PURCHASE)
    spent = tokens_deduct(user=owner, amount=30, idempotency_key="d1")
    tokens_hold(user=owner, amount=20, reference_id="analysis:1")

    state = snapshot(_database_url())

    assert state["deals"][kettle.pk] == {"owner": ADA, "version": 1}
    mine = [row for row in state["ledger"] if row["user"] == ADA]
    assert [(row["amount"], row["balance_after"]) for row in mine][-2:] == [(100, 100), (-30, 70)]
    assert mine[-1]["id"] == spent.pk
    assert mine[-1]["idempotency_key"] == "d1"
    assert isinstance(mine[-1]["created_at"], float)
    assert state["accounts"][ADA] == {"balance": 70, "held": 20}
    assert state["open_holds"] == 1
    report = check([], [], state, 0, settle_deadline=T0)
    assert {violation.invariant for violation in report.violations} == {"no_open_holds"}
