"""A client that forgot an analysis's id finds it again: a deal's analyses and all of yours."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ai.models import Analysis, AnalysisStatus
from ai.runs import analysis_run
from deals.models import Deal
from tests.ai.test_jobs import client_for, request_analysis
from tests.errors.test_envelope import assert_envelope

pytestmark = pytest.mark.django_db


RESULT = {
    "score": 70,
    "verdict": "buy",
    "summary": "A fair price.",
    "pros": [],
    "cons": [],
    "discount_percent": None,
    "confidence": 0.5,
}


def finished(deal: Deal, status: str) -> Analysis:
    return Analysis.objects.create(
        deal=deal,
        user=deal.owner,
        status=status,
        cost=5,
        finished_at=timezone.now(),
        result=RESULT if status == AnalysisStatus.SUCCEEDED else None,
    )


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["results"]]


def test_a_deals_analyses_are_listed_newest_first_and_a_queued_one_has_its_location(
    deal,
) -> None:
    older = finished(deal, AnalysisStatus.FAILED)
    queued = request_analysis(deal)
    assert queued.status_code == 202
    assert queued["Location"] == f"/api/v1/analyses/{queued.json()['id']}"
    listing = client_for(deal.owner).get(f"/api/v1/deals/{deal.pk}/analyses")
    assert listing.status_code == 200
    assert ids(listing) == [queued.json()["id"], older.pk]
    assert listing.json()["results"][1]["error"] is None
    assert listing.json()["results"][0]["result"] is None


def test_all_of_your_analyses_filter_by_status_and_deal(deal, funded_user) -> None:
    other_deal = Deal.objects.create(owner=deal.owner, title="Kettle", price="20.00")
    failed = finished(deal, AnalysisStatus.FAILED)
    succeeded = finished(other_deal, AnalysisStatus.SUCCEEDED)
    stranger = funded_user(10, email="stranger@example.com")
    finished(Deal.objects.create(owner=stranger, title="Lamp", price="9.00"), "failed")
    client = client_for(deal.owner)
    assert ids(client.get("/api/v1/analyses")) == [succeeded.pk, failed.pk]
    assert ids(client.get("/api/v1/analyses", {"status": "failed"})) == [failed.pk]
    assert ids(client.get("/api/v1/analyses", {"deal": other_deal.pk})) == [succeeded.pk]
    bad = assert_envelope(
        client.get("/api/v1/analyses", {"status": "done"}), 400, "VALIDATION_ERROR"
    )
    assert list(bad["details"]) == ["status"]


def test_another_users_deal_keeps_its_analyses_to_itself(deal, funded_user) -> None:
    finished(deal, AnalysisStatus.SUCCEEDED)
    stranger = funded_user(10, email="stranger@example.com")
    response = client_for(stranger).get(f"/api/v1/deals/{deal.pk}/analyses")
    assert_envelope(response, 403, "FORBIDDEN_NOT_OWNER")
    assert client_for(stranger).get("/api/v1/analyses").json()["results"] == []


def test_page_numbers_are_refused_with_the_way_to_page(deal) -> None:
    response = client_for(deal.owner).get("/api/v1/analyses", {"page": 7})
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert body["details"] == {
        "page": ["Lists are paged by cursor: follow the next and previous links."]
    }


def test_an_analysis_that_ran_shows_in_the_list_with_its_verdict(ai_settings, primary, deal):
    analysis_id = request_analysis(deal).json()["id"]
    analysis_run(analysis_id=analysis_id)
    [item] = client_for(deal.owner).get("/api/v1/analyses").json()["results"]
    assert (item["id"], item["status"], item["provider"]) == (analysis_id, "succeeded", "primary")
    assert item["result"]["verdict"] in {"buy", "wait", "skip"}


def test_the_deals_list_carries_each_deals_latest_verdict_in_its_own_answer(
    deal, django_assert_num_queries
) -> None:
    kettle = Deal.objects.create(owner=deal.owner, title="Kettle", price="20.00")
    finished(deal, AnalysisStatus.SUCCEEDED)
    newest = finished(deal, AnalysisStatus.SUCCEEDED)
    Analysis.objects.filter(pk=newest.pk).update(result={**RESULT, "verdict": "wait", "score": 40})
    finished(deal, AnalysisStatus.FAILED)  # newer, but no verdict
    client = client_for(deal.owner)
    listing = client.get("/api/v1/deals").json()["results"]
    by_id = {item["id"]: item["latest_analysis"] for item in listing}
    assert by_id == {kettle.pk: None, deal.pk: {"id": newest.pk, "verdict": "wait", "score": 40}}

    # The same number of queries for a page of 2 deals as for a page of 20: one list query.
    with django_assert_num_queries(_queries_of(client)) as counted:
        client.get("/api/v1/deals")
    for number in range(18):
        Deal.objects.create(owner=deal.owner, title=f"Deal {number}", price="5.00")
    with django_assert_num_queries(len(counted.captured_queries)):
        assert len(client.get("/api/v1/deals").json()["results"]) == 20


def _queries_of(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get("/api/v1/deals")
    return len(captured.captured_queries)


def test_the_ledger_names_the_analysed_deal_by_its_title(deal) -> None:
    """The hold (and the charge it becomes) reads as the deal its owner knows."""
    queued = request_analysis(deal)
    assert queued.status_code == 202
    hold = Analysis.objects.select_related("hold").get(pk=queued.json()["id"]).hold
    assert hold.description == f"Analysis of \u201c{deal.title}\u201d"


def test_the_admin_says_llm_attempts_as_people_write_it(client) -> None:
    from accounts.models import User

    staff = User.objects.create_superuser(email="root@example.com", password="x" * 20, name="R")
    client.force_login(staff)
    page = client.get("/admin/").content.decode()
    assert "LLM attempts" in page
    assert "Llm attempts" not in page
