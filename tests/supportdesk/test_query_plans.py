"""Every list, filter, search and lookup reads through an index: with the growing tables seeded
large enough that PostgreSQL would rather read a whole table, each query a request sends is
EXPLAINed, and a sequential scan of a large table fails the test, naming the request and query.

Each query also runs (EXPLAIN ANALYZE): a scan that reads and throws away thousands of rows of a
large table fails too. That is how a list looks for a user with a few rows among millions when
the planner walks an index in list order, filtering row by row, instead of the user's own index.

A sequential scan directly under a LIMIT, which stops once the LIMIT is filled, passes when the
planner expects it to read at most four times the LIMIT's rows (the admin's bounded counts where
most rows match): its cost does not grow with the table.

The deals table gets ten times the rows of the others: below that, reading a few hundred pages
is truly cheaper than the trigram index of the title search, and the planner knows it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from ai.models import Analysis
from api.pagination import cursor_for
from deals.models import Deal
from tests.support import seed
from tests.support.clients import client_for
from tokens.models import TokenTransaction
from tokens.services import token_account_for

pytestmark = pytest.mark.django_db
ROWS = 20_000
LARGE = {
    "accounts_user",
    "deals_deal",
    "ai_analysis",
    "ai_llmattempt",
    "tokens_tokentransaction",
    "tokens_tokenhold",
    "monitoring_errorevent",
    "idempotency_idempotencyrecord",
}


def table_rows(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def stops_early(scan: dict[str, Any], parent: dict[str, Any] | None) -> bool:
    """A scan under a LIMIT reads rows until the LIMIT is filled: all of the table when fewer
    match, else about table * limit / matching."""
    if parent is None or parent["Node Type"] != "Limit":
        return False
    limit, matching, total = (
        parent["Plan Rows"],
        scan["Plan Rows"],
        table_rows(scan["Relation Name"]),
    )
    expected_read = total if matching <= limit else total * limit / matching
    return expected_read <= 4 * limit


DISCARDED_AT_MOST = 2000


def full_reads(
    plan: dict[str, Any], parent: dict[str, Any] | None = None, *, discards: bool = False
) -> list[str]:
    """The large tables a plan reads whole, or (unless `discards`) reads rows of only to discard
    them."""
    found = []
    table = plan.get("Relation Name")
    if plan["Node Type"] == "Seq Scan" and table in LARGE and not stops_early(plan, parent):
        found.append(f"all of {table}")
    loops = plan.get("Actual Loops", 1)
    removed = plan.get("Rows Removed by Filter", 0) + plan.get("Rows Removed by Join Filter", 0)
    discarded, kept = removed * loops, plan.get("Actual Rows", 0) * loops
    if not discards and discarded > max(DISCARDED_AT_MOST, 4 * kept):
        found.append(f"{discarded:.0f} rows of {table or plan['Node Type']} to discard them")
    for child in plan.get("Plans", ()):
        found += full_reads(child, plan, discards=discards)
    return found


def sequential_scans(queries: CaptureQueriesContext, *, discards: bool) -> list[str]:
    problems = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            reads = full_reads(cursor.fetchone()[0][0]["Plan"], discards=discards)
            if reads:
                problems.append(f"reads {', '.join(reads)}: {sql[:300]}")
    return problems


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    owner = make_user(email="owner@example.com")
    other = make_user(email="other@example.com")
    account = token_account_for(user=owner)
    # The other user has a few rows, older than the owner's many in the ledger and newer among
    # the deals: neither may cost them a walk through the owner's.
    seed.seed_ledger(token_account_for(user=other).pk, 50)
    seed.seed_users(ROWS)
    seed.seed_deals(owner.pk, ROWS * 10)
    seed.seed_deals(other.pk, ROWS // 10)
    seed.seed_ledger(account.pk, ROWS)
    seed.seed_holds(account.pk, ROWS // 2)
    seed.seed_errors([owner.pk, other.pk], ROWS)
    seed.seed_analyses(owner.pk, ROWS // 2)
    seed.seed_idempotency(owner.pk, ROWS)
    # Statistics from (nearly) every row: a plan that ANALYZE's sample could tip either way is
    # taken by the sample that tips it, every time, not once in a few runs.
    seed.analyze(statistics_target=1000)
    return {"owner": owner, "other": other, "account": account, "middle": seed.middle(ROWS)}


def deep(path: str, user: User, ids: list[int]) -> str:
    """`path` with the cursor of the page 90% of the way into the list of `ids`."""
    position = sorted(ids, reverse=True)[len(ids) * 9 // 10]
    return f"{path}?cursor={cursor_for(path, user_id=user.pk, position=position)}"


def test_every_list_filter_search_and_lookup_uses_an_index(world: dict[str, Any]) -> None:
    owner, account, middle = world["owner"], world["account"], world["middle"]
    deal_ids = list(Deal.objects.filter(owner=owner).values_list("pk", flat=True))
    analysis = Analysis.objects.filter(user=owner).order_by("-id")[ROWS // 4]
    ledger_ids = list(TokenTransaction.objects.filter(account=account).values_list("pk", flat=True))
    analysis_ids = list(Analysis.objects.filter(user=owner).values_list("pk", flat=True))
    api, few = client_for(owner), client_for(world["other"])
    admin = Client()
    admin.force_login(
        User.objects.create_superuser(email="root@example.com", password="root-pass-2026", name="R")
    )
    reference = TokenTransaction.objects.filter(account=account).order_by("id")[ROWS // 2]
    requests = [
        (api, "/api/v1/deals"),
        (api, deep("/api/v1/deals", owner, deal_ids)),
        (api, "/api/v1/deals?category=home"),
        (api, "/api/v1/deals?search=deal%2012345"),
        (api, f"/api/v1/deals/{analysis.deal_id}"),
        (api, f"/api/v1/deals/{analysis.deal_id}/analyses"),
        (api, "/api/v1/analyses"),
        (api, deep("/api/v1/analyses", owner, analysis_ids)),
        (api, "/api/v1/analyses?status=failed"),
        (api, f"/api/v1/analyses?deal={analysis.deal_id}"),
        (api, f"/api/v1/analyses/{analysis.pk}"),
        (api, "/api/v1/tokens/transactions"),
        (api, deep("/api/v1/tokens/transactions", owner, ledger_ids)),
        (api, "/api/v1/tokens/balance"),
        (few, "/api/v1/tokens/transactions"),
        (few, "/api/v1/deals"),
        (few, "/api/v1/deals?search=deal%201"),
        (few, "/api/v1/analyses"),
        (admin, "/admin/monitoring/errorevent/"),
        (admin, f"/admin/monitoring/errorevent/?q={middle.request_id}"),
        (admin, f"/admin/monitoring/errorevent/?q={middle.error_id}"),
        (admin, "/admin/monitoring/errorevent/?q=owner@example.com"),
        (admin, "/admin/tokens/tokentransaction/"),
        (admin, f"/admin/tokens/tokentransaction/?q={reference.reference_id}"),
        (admin, "/admin/tokens/tokentransaction/?q=Owner@Example.com"),
        (admin, f"/admin/tokens/tokentransaction/?account__id__exact={account.pk}"),
        (admin, "/admin/tokens/tokenhold/?q=seed-hold-77"),
        (admin, f"/admin/tokens/tokenaccount/{account.pk}/change/"),
        (admin, "/admin/tokens/tokenaccount/?q=owner@example.com"),
        (admin, f"/admin/idempotency/idempotencyrecord/?q={middle.idempotency_key}"),
        (admin, "/admin/idempotency/idempotencyrecord/?q=seed-idem-99"),
        (admin, "/admin/ai/analysis/"),
        (admin, f"/admin/ai/analysis/?q={analysis.request_id}"),
        (admin, f"/admin/ai/analysis/{analysis.pk}/change/"),
        (admin, "/admin/ai/llmattempt/"),
        (admin, f"/admin/ai/llmattempt/?q={analysis.pk}"),
        (admin, "/admin/ai/llmattempt/?outcome=server_error"),
        (admin, "/admin/deals/deal/?q=owner@example.com"),
        (admin, "/admin/accounts/user/"),
        (admin, f"/admin/accounts/user/?q={middle.email}"),
        (admin, f"/admin/accounts/user/{owner.pk}/change/"),
    ]
    # A price range is read along the user's own index and filtered row by row: no index orders
    # one user's deals by id within a price range. It must still never read the whole table.
    row_by_row = [(api, "/api/v1/deals?min_price=500&max_price=600")]
    problems = []
    for client, url in requests + row_by_row:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        found = sequential_scans(queries, discards=(client, url) in row_by_row)
        problems += [f"{url} {problem}" for problem in found]
    assert problems == [], "\n".join(problems)


def test_searches_find_the_row_they_name(world: dict[str, Any]) -> None:
    """The exact searches above do find: the plan test alone would pass an empty answer."""
    middle = world["middle"]
    admin = Client()
    admin.force_login(
        User.objects.create_superuser(email="root@example.com", password="root-pass-2026", name="R")
    )
    for url, expected in (
        (f"/admin/monitoring/errorevent/?q={middle.request_id}", middle.request_id),
        (f"/admin/monitoring/errorevent/?q={middle.error_id}", middle.request_id),
        (f"/admin/idempotency/idempotencyrecord/?q={middle.idempotency_key}", "seed-key"),
        (f"/admin/accounts/user/?q={middle.email.upper()}", middle.email),
    ):
        page = admin.get(url).content.decode()
        assert expected in page, url
        assert "1 result" in page, url
