"""Lists are paged by signed cursors over the primary key: every row once, newest first, no count
of the whole history, and a cursor that is not this list's own is a 400 naming `cursor`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from ai.models import Analysis, AnalysisStatus
from deals.models import Deal
from tests.errors.test_envelope import assert_envelope
from tests.support.clients import client_for

pytestmark = pytest.mark.django_db
DEALS = "/api/v1/deals"


def seed_deals(owner: Any, count: int, category: str = "other") -> list[int]:
    deals = Deal.objects.bulk_create(
        Deal(owner=owner, title=f"Deal {index:03d}", price=Decimal("9.99"), category=category)
        for index in range(count)
    )
    return [deal.pk for deal in deals]


def cursor_in(link: str) -> str:
    return parse_qs(urlsplit(link).query)["cursor"][0]


def walk(client: APIClient, path: str, link_name: str) -> list[list[int]]:
    pages, link = [], path
    while link:
        response = client.get(link)
        assert response.status_code == 200, response.json()
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        link = body[link_name]
    return pages


@pytest.fixture
def ada(make_user: Any) -> Any:
    return make_user(email="ada@example.com")


def test_next_links_visit_every_deal_once_newest_first_and_previous_walks_back(ada) -> None:
    ids = seed_deals(ada, 45)
    client = client_for(ada)
    forward = walk(client, DEALS, "next")
    assert [len(page) for page in forward] == [20, 20, 5]
    assert [row for page in forward for row in page] == sorted(ids, reverse=True)

    last = client.get(DEALS).json()
    for _ in range(2):
        last = client.get(last["next"]).json()
    assert last["next"] is None
    backward = walk(client, last["previous"], "previous")
    assert backward == forward[:2][::-1]
    assert client.get(DEALS).json()["previous"] is None


def test_deals_saved_while_paging_neither_repeat_nor_hide_older_ones(ada) -> None:
    ids = seed_deals(ada, 30)
    client = client_for(ada)
    first = client.get(DEALS).json()
    seed_deals(ada, 25)  # newer than everything seen: with page numbers they would shift
    second = client.get(first["next"]).json()
    seen = [row["id"] for row in first["results"] + second["results"]]
    assert seen == sorted(ids, reverse=True)
    assert second["next"] is None


def test_a_deep_page_is_one_keyset_query_with_no_count(ada) -> None:
    seed_deals(ada, 60)
    client = client_for(ada)
    link = client.get(DEALS).json()["next"]
    link = client.get(link).json()["next"]
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get(link).json()["results"]) == 20
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if "COUNT(" in sql.upper()]
    [listing] = [sql for sql in statements if 'FROM "deals_deal"' in sql]
    assert '"deals_deal"."id" <' in listing
    assert listing.endswith("LIMIT 21")
    assert "OFFSET" not in listing


def test_filters_ride_along_in_the_links(ada) -> None:
    seed_deals(ada, 25, category="home")
    seed_deals(ada, 25, category="books")
    client = client_for(ada)
    first = client.get(DEALS, {"category": "home"}).json()
    assert parse_qs(urlsplit(first["next"]).query)["category"] == ["home"]
    second = client.get(first["next"]).json()
    categories = {row["category"] for row in first["results"] + second["results"]}
    assert (categories, len(second["results"]), second["next"]) == ({"home"}, 5, None)


def test_analyses_of_a_deal_page_by_cursor_too(ada) -> None:
    [deal_id] = seed_deals(ada, 1)
    Analysis.objects.bulk_create(
        Analysis(deal_id=deal_id, user=ada, status=AnalysisStatus.FAILED, cost=5) for _ in range(23)
    )
    pages = walk(client_for(ada), f"{DEALS}/{deal_id}/analyses", "next")
    assert [len(page) for page in pages] == [20, 3]
    assert len({row for page in pages for row in page}) == 23


def refused(response: Any) -> dict[str, Any]:
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert list(body["details"]) == ["cursor"]
    assert "results" not in body
    return body


def test_an_edited_cursor_is_refused_naming_the_parameter(ada) -> None:
    seed_deals(ada, 25)
    client = client_for(ada)
    cursor = cursor_in(client.get(DEALS).json()["next"])
    for edited in (cursor[:-1] + ("A" if cursor[-1] != "A" else "B"), "x" + cursor, cursor[:10]):
        refused(client.get(DEALS, {"cursor": edited}))
    for garbage in ("", "not-a-cursor", "cD0xMjM=", "a" * 5000, "\u00e9"):
        refused(client.get(DEALS, {"cursor": garbage}))


def test_another_users_cursor_is_refused_and_shows_nothing_of_theirs(ada, make_user) -> None:
    seed_deals(ada, 25)
    mallory = make_user(email="mallory@example.com")
    seed_deals(mallory, 3)
    cursor = cursor_in(client_for(ada).get(DEALS).json()["next"])
    refused(client_for(mallory).get(DEALS, {"cursor": cursor}))


def test_a_cursor_from_another_list_or_other_filters_is_refused(ada) -> None:
    [deal_id] = seed_deals(ada, 1)
    seed_deals(ada, 25)
    client = client_for(ada)
    cursor = cursor_in(client.get(DEALS).json()["next"])
    for path in ("/api/v1/analyses", f"{DEALS}/{deal_id}/analyses", "/api/v1/tokens/transactions"):
        refused(client.get(path, {"cursor": cursor}))
    refused(client.get(DEALS, {"cursor": cursor, "category": "home"}))
    assert client.get(f"{DEALS}/", {"cursor": cursor}).status_code == 200  # the same list


def test_a_cursor_signed_with_a_retired_key_is_stale(ada) -> None:
    seed_deals(ada, 25)
    client = client_for(ada)
    with override_settings(SECRET_KEY="a-retired-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"):
        old = cursor_in(client.get(DEALS).json()["next"])
    body = refused(client.get(DEALS, {"cursor": old}))
    assert "first page" in body["details"]["cursor"][0]
