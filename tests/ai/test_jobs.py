"""Analysis requests and jobs: holds, one active analysis per deal, exactly-once charging."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ai.checks import check_visibility_timeout
from ai.models import Analysis, AnalysisStatus
from ai.runs import analysis_run, stale_after
from ai.tasks import sweep_stuck_analyses
from config.celery import app as celery_app
from tests.ai.conftest import balance_of
from tests.errors.test_envelope import assert_envelope
from tests.fakes import openai_server as fake
from tests.support.clients import client_for
from tests.support.threads import race
from tokens.models import TokenTransaction


def request_analysis(deal, **headers):
    return client_for(deal.owner).post(f"/api/v1/deals/{deal.pk}/analyses", **headers)


@pytest.mark.django_db
def test_requesting_holds_the_cost_and_answers_202(ai_settings, deal) -> None:
    response = request_analysis(deal)
    assert response.status_code == 202
    body = response.json()
    assert set(body) == {"id", "deal_id", "status", "cost", "created_at"}
    assert (body["deal_id"], body["status"], body["cost"]) == (deal.pk, "queued", 5)
    assert balance_of(deal.owner) == (100, 5)


@pytest.mark.django_db
def test_the_analysis_reads_back_with_its_result_once_run(ai_settings, primary, deal) -> None:
    analysis_id = request_analysis(deal).json()["id"]
    client = client_for(deal.owner)
    queued = client.get(f"/api/v1/analyses/{analysis_id}").json()
    assert (queued["status"], queued["result"], queued["error"]) == ("queued", None, None)
    analysis_run(analysis_id=analysis_id)
    body = client.get(f"/api/v1/analyses/{analysis_id}").json()
    assert set(body) == {
        "id",
        "deal_id",
        "status",
        "result",
        "provider",
        "degraded",
        "error",
        "cost",
        "created_at",
        "finished_at",
    }
    assert (body["status"], body["provider"], body["degraded"], body["error"]) == (
        "succeeded",
        "primary",
        False,
        None,
    )
    assert set(body["result"]) == {
        "score",
        "verdict",
        "summary",
        "pros",
        "cons",
        "discount_percent",
        "confidence",
    }
    assert body["finished_at"] is not None
    [charge] = TokenTransaction.objects.filter(
        account__user=deal.owner, transaction_type="ai_usage"
    )
    assert (charge.amount, charge.reference_id, charge.idempotency_key) == (
        -5,
        f"analysis:{analysis_id}",
        f"analysis:{analysis_id}",
    )


@pytest.mark.django_db
def test_a_failed_analysis_shows_its_error_and_costs_nothing(
    ai_settings, primary, fallback, deal
) -> None:
    primary.set_default(fake.status(500))
    fallback.set_default(fake.status(500))
    analysis_id = request_analysis(deal).json()["id"]
    analysis_run(analysis_id=analysis_id)
    body = client_for(deal.owner).get(f"/api/v1/analyses/{analysis_id}").json()
    assert body["status"] == "failed"
    assert body["error"]["code"] == "INTEGRATION_AI_UNAVAILABLE"
    assert body["result"] is None
    assert body["cost"] == 0  # what it cost: nothing was charged
    listed = client_for(deal.owner).get(f"/api/v1/deals/{deal.pk}/analyses").json()
    assert [(item["id"], item["cost"]) for item in listed["results"]] == [(analysis_id, 0)]
    assert balance_of(deal.owner) == (100, 0)


@pytest.mark.django_db
def test_a_second_request_while_one_is_queued_is_409_with_its_id(ai_settings, deal) -> None:
    first = request_analysis(deal).json()
    body = assert_envelope(request_analysis(deal), 409, "CONFLICT_RESOURCE_LOCKED")
    assert body["details"] == {"analysis_id": first["id"]}
    assert balance_of(deal.owner) == (100, 5)


@pytest.mark.django_db
def test_not_enough_tokens_is_402_and_creates_nothing(ai_settings, make_user) -> None:
    from deals.models import Deal

    poor = make_user(email="poor@example.com")
    deal = Deal.objects.create(owner=poor, title="Cheap thing", price="3.00")
    body = assert_envelope(request_analysis(deal), 402, "TOKEN_INSUFFICIENT_BALANCE")
    assert body["details"] == {"required_amount": 5, "available_balance": 0, "missing_amount": 5}
    assert not Analysis.objects.exists()


@pytest.mark.django_db
def test_other_users_deals_and_analyses_are_403_missing_ones_404(
    ai_settings, deal, make_user
) -> None:
    analysis_id = request_analysis(deal).json()["id"]
    stranger = client_for(make_user(email="eve@example.com"))
    assert_envelope(stranger.post(f"/api/v1/deals/{deal.pk}/analyses"), 403, "FORBIDDEN_NOT_OWNER")
    assert_envelope(stranger.get(f"/api/v1/analyses/{analysis_id}"), 403, "FORBIDDEN_NOT_OWNER")
    owner = client_for(deal.owner)
    assert_envelope(owner.post("/api/v1/deals/999999/analyses"), 404, "RESOURCE_NOT_FOUND")
    assert_envelope(owner.get("/api/v1/analyses/999999"), 404, "RESOURCE_NOT_FOUND")
    assert_envelope(owner.get("/api/v1/analyses/nope"), 404, "RESOURCE_NOT_FOUND")


@pytest.mark.django_db
def test_the_request_accepts_an_idempotency_key(ai_settings, deal) -> None:
    first = request_analysis(deal, HTTP_IDEMPOTENCY_KEY="analyse-1")
    again = request_analysis(deal, HTTP_IDEMPOTENCY_KEY="analyse-1")
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Analysis.objects.count() == 1
    assert balance_of(deal.owner) == (100, 5)


@pytest.mark.django_db
def test_running_a_finished_analysis_again_calls_nothing_and_charges_nothing(
    ai_settings, primary, deal
) -> None:
    analysis_id = request_analysis(deal).json()["id"]
    assert analysis_run(analysis_id=analysis_id) == "succeeded"
    assert analysis_run(analysis_id=analysis_id) == "done"
    assert analysis_run(analysis_id=analysis_id) == "done"
    assert primary.hits == 1
    assert balance_of(deal.owner) == (95, 0)


@pytest.mark.django_db
def test_a_run_that_died_is_taken_over_once_stale(ai_settings, primary, deal) -> None:
    analysis_id = request_analysis(deal).json()["id"]
    Analysis.objects.filter(pk=analysis_id).update(
        status=AnalysisStatus.RUNNING,
        run_token="dead-run",
        started_at=timezone.now() - timedelta(minutes=1),
    )
    assert analysis_run(analysis_id=analysis_id) == "busy"
    assert primary.hits == 0
    Analysis.objects.filter(pk=analysis_id).update(started_at=timezone.now() - timedelta(hours=1))
    assert analysis_run(analysis_id=analysis_id) == "succeeded"
    assert primary.hits == 1
    assert balance_of(deal.owner) == (95, 0)


@pytest.mark.django_db
def test_retry_analysis_requeues_a_failed_one_and_charges_only_on_success(
    ai_settings, primary, fallback, deal, capsys
) -> None:
    primary.script(fake.status(500), fake.status(500), fake.status(500))
    fallback.script(fake.status(500), fake.status(500), fake.status(500))
    analysis_id = request_analysis(deal).json()["id"]
    analysis_run(analysis_id=analysis_id)
    assert balance_of(deal.owner) == (100, 0)
    call_command("retry_analysis", str(analysis_id))
    assert "re-queued" in capsys.readouterr().out
    assert balance_of(deal.owner) == (100, 5)
    assert analysis_run(analysis_id=analysis_id) == "succeeded"
    assert balance_of(deal.owner) == (95, 0)
    with pytest.raises(CommandError, match="Only failed analyses"):
        call_command("retry_analysis", str(analysis_id))


@pytest.mark.django_db(transaction=True)
def test_two_racing_requests_for_one_deal_one_202_one_409(ai_settings, deal) -> None:
    results = race(lambda _: request_analysis(deal), threads=2)
    assert sorted(response.status_code for response in results) == [202, 409]
    loser = next(response for response in results if response.status_code == 409).json()
    winner = next(response for response in results if response.status_code == 202).json()
    assert loser["details"] == {"analysis_id": winner["id"]}
    assert balance_of(deal.owner) == (100, 5)


def test_a_running_analysis_is_never_delivered_again_by_the_broker() -> None:
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert settings.AI_DEADLINE_SECONDS < stale_after().total_seconds() < visibility
    assert celery_app.conf.task_acks_late
    assert celery_app.conf.task_reject_on_worker_lost


def test_the_system_check_refuses_a_visibility_timeout_shorter_than_a_run(settings) -> None:
    assert check_visibility_timeout() == []
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60}
    [error] = check_visibility_timeout()
    assert error.id == "ai.E001"
    assert "CELERY_VISIBILITY_TIMEOUT_SECONDS (60)" in error.msg


@pytest.mark.django_db
def test_every_provider_down_queues_it_again_until_the_sweep_brings_it_back(
    ai_settings, primary, fallback, deal
) -> None:
    primary.script(fake.status(503), fake.status(503), fake.status(503))
    fallback.script(fake.status(503), fake.status(503), fake.status(503))
    analysis_id = request_analysis(deal).json()["id"]
    assert analysis_run(analysis_id=analysis_id, may_requeue=True) == "requeued"
    analysis = Analysis.objects.get(pk=analysis_id)
    assert (analysis.status, analysis.runs) == (AnalysisStatus.QUEUED, 1)
    assert balance_of(deal.owner) == (100, 5)  # still held, for the next run
    assert sweep_stuck_analyses() == 0  # not stuck yet
    later = timezone.now() + timedelta(seconds=settings.AI_REQUEUE_AFTER_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        assert sweep_stuck_analyses() == 1
    assert Analysis.objects.get(pk=analysis_id).enqueued_at > analysis.enqueued_at
    assert analysis_run(analysis_id=analysis_id, may_requeue=True) == "succeeded"
    assert balance_of(deal.owner) == (95, 0)


@pytest.mark.django_db
def test_runs_are_bounded_then_the_analysis_fails_and_holds_nothing(
    ai_settings, primary, fallback, deal
) -> None:
    ai_settings.AI_MAX_RUNS = 2
    primary.set_default(fake.status(503))
    fallback.set_default(fake.status(503))
    analysis_id = request_analysis(deal).json()["id"]
    assert analysis_run(analysis_id=analysis_id, may_requeue=True) == "requeued"
    assert analysis_run(analysis_id=analysis_id, may_requeue=True) == "failed"
    analysis = Analysis.objects.get(pk=analysis_id)
    assert (analysis.status, analysis.error_code, analysis.runs) == (
        AnalysisStatus.FAILED,
        "INTEGRATION_AI_UNAVAILABLE",
        2,
    )
    assert balance_of(deal.owner) == (100, 0)


@pytest.mark.django_db
def test_operators_see_failed_analyses_with_attempts_and_can_requeue_them(
    ai_settings, primary, fallback, deal, make_user
) -> None:
    from django.test import Client

    primary.script(fake.status(500), fake.status(500), fake.status(500))
    fallback.script(fake.status(502), fake.status(502), fake.status(502))
    analysis_id = request_analysis(deal).json()["id"]
    analysis_run(analysis_id=analysis_id)
    staff = make_user(email="ops@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    listing = client.get("/admin/ai/analysis/", {"status__exact": "failed"}).content.decode()
    assert "INTEGRATION_AI_UNAVAILABLE" in listing
    page = client.get(f"/admin/ai/analysis/{analysis_id}/change/").content.decode()
    assert page.count("server_error") >= 6
    response = client.post(
        "/admin/ai/analysis/", {"action": "requeue_failed", "_selected_action": [analysis_id]}
    )
    assert response.status_code == 302
    assert Analysis.objects.get(pk=analysis_id).status == AnalysisStatus.QUEUED
    assert balance_of(deal.owner) == (100, 5)
    assert analysis_run(analysis_id=analysis_id) == "succeeded"
    assert balance_of(deal.owner) == (95, 0)


@pytest.mark.django_db
def test_the_analyses_command_lists_failed_ones_with_their_codes(
    ai_settings, primary, fallback, deal, capsys
) -> None:
    from monitoring.models import ErrorEvent

    primary.set_default(fake.status(500))
    fallback.set_default(fake.status(500))
    failed_id = request_analysis(deal).json()["id"]
    analysis_run(analysis_id=failed_id)
    call_command("analyses", "--failed", "--since", "1h")
    out = capsys.readouterr().out
    assert f"{failed_id}\tdeal {deal.pk}\tfailed\tINTEGRATION_AI_UNAVAILABLE" in out
    assert "primary:server_error" in out
    assert "1 analysis(es)" in out
    event = ErrorEvent.objects.get(code="INTEGRATION_AI_UNAVAILABLE")
    assert (event.path, event.user_id) == (f"analysis:{failed_id}", deal.owner.pk)
    with pytest.raises(CommandError):
        call_command("analyses", "--since", "yesterday")


@pytest.mark.django_db
def test_deleting_a_deal_with_a_queued_analysis_frees_the_held_tokens(ai_settings, deal) -> None:
    analysis_id = request_analysis(deal).json()["id"]
    assert balance_of(deal.owner) == (100, 5)
    assert client_for(deal.owner).delete(f"/api/v1/deals/{deal.pk}").status_code == 204
    assert not Analysis.objects.filter(pk=analysis_id).exists()
    assert balance_of(deal.owner) == (100, 0)
    assert analysis_run(analysis_id=analysis_id) == "done"


@pytest.mark.django_db
def test_deleting_a_deal_keeps_what_its_finished_analyses_were_charged(
    ai_settings, primary, deal
) -> None:
    analysis_run(analysis_id=request_analysis(deal).json()["id"])
    assert balance_of(deal.owner) == (95, 0)
    assert client_for(deal.owner).delete(f"/api/v1/deals/{deal.pk}").status_code == 204
    assert balance_of(deal.owner) == (95, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["the deal's delete page", "the list's delete action"])
def test_the_admin_deletes_a_deal_through_the_service_and_frees_its_held_tokens(
    ai_settings, deal, make_user, how
) -> None:
    from django.test import Client

    from deals.models import Deal

    analysis_id = request_analysis(deal).json()["id"]
    assert balance_of(deal.owner) == (100, 5)
    staff = make_user(email="ops@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    if how == "the deal's delete page":
        response = client.post(f"/admin/deals/deal/{deal.pk}/delete/", {"post": "yes"})
    else:
        response = client.post(
            "/admin/deals/deal/",
            {"action": "delete_selected", "_selected_action": [deal.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert not Deal.objects.filter(pk=deal.pk).exists()
    assert not Analysis.objects.filter(pk=analysis_id).exists()
    assert balance_of(deal.owner) == (100, 0)
