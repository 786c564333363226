"""The LLM chain against fake providers on loopback, through the real `openai` client."""

from __future__ import annotations

import time

import pytest

from ai.models import Analysis, AnalysisStatus, LLMAttempt
from ai.runs import analysis_run
from ai.services import analysis_request
from tests.ai.conftest import balance_of, outcomes
from tests.fakes import openai_server as fake

pytestmark = pytest.mark.django_db

OK = "ok"


def run(deal) -> Analysis:
    analysis = analysis_request(user=deal.owner, deal_id=deal.pk)
    assert balance_of(deal.owner) == (100, 5)
    analysis_run(analysis_id=analysis.pk)
    analysis.refresh_from_db()
    return analysis


def assert_charged_once(deal) -> None:
    assert balance_of(deal.owner) == (95, 0)


def assert_not_charged(deal) -> None:
    assert balance_of(deal.owner) == (100, 0)


def test_ok_first_time(ai_settings, primary, fallback, deal) -> None:
    analysis = run(deal)
    assert (primary.hits, fallback.hits) == (1, 0)
    assert (analysis.status, analysis.provider, analysis.degraded) == (
        "succeeded",
        "primary",
        False,
    )
    assert analysis.result["verdict"] == "buy"
    assert analysis.result["discount_percent"] == 42.7
    [attempt] = LLMAttempt.objects.filter(analysis=analysis)
    assert (attempt.outcome, attempt.status_code, attempt.usage_tokens) == (OK, 200, 46)
    assert attempt.provider_request_id.startswith("req_")
    assert_charged_once(deal)
    request = primary.requests[0]
    assert request["model"] == "primary-model"
    assert request["response_format"] == {"type": "json_object"}
    assert primary.headers[0]["authorization"] == "Bearer sk-test-primary-key-000000"


@pytest.mark.parametrize(
    ("script", "primary_hits", "primary_outcomes"),
    [
        ([fake.status(500)] * 3, 3, ["server_error"] * 3),
        ([fake.status(503), fake.status(502), fake.status(504)], 3, ["server_error"] * 3),
        ([fake.reset_connection()] * 3, 3, ["connection_error"] * 3),
        ([fake.quota_exhausted()], 1, ["quota_exhausted"]),
        ([fake.rate_limited(retry_after="60")], 1, ["rate_limited"]),
        ([fake.status(400)], 1, ["request_error"]),
        ([fake.status(401)], 1, ["request_error"]),
        ([fake.status(404)], 1, ["request_error"]),
        ([fake.status(422)], 1, ["request_error"]),
        ([fake.garbage_body()], 1, ["invalid_output"]),
        ([fake.non_json_content(), fake.non_json_content()], 2, ["invalid_output"] * 2),
        ([fake.wrong_schema(), fake.wrong_schema()], 2, ["invalid_output"] * 2),
    ],
)
def test_primary_failures_fall_back_after_the_right_number_of_hits(
    ai_settings, primary, fallback, deal, script, primary_hits, primary_outcomes
) -> None:
    primary.script(*script)
    analysis = run(deal)
    assert (primary.hits, fallback.hits) == (primary_hits, 1)
    assert outcomes(analysis) == [("primary", o) for o in primary_outcomes] + [("fallback", OK)]
    assert (analysis.status, analysis.provider) == ("succeeded", "fallback")
    assert_charged_once(deal)


def test_retry_after_that_fits_the_deadline_is_honoured(
    ai_settings, primary, fallback, deal
) -> None:
    primary.script(fake.rate_limited(retry_after=None, retry_after_ms="200"))
    analysis = run(deal)
    assert (primary.hits, fallback.hits) == (2, 0)
    first, second = LLMAttempt.objects.filter(analysis=analysis)
    assert (first.outcome, first.status_code, second.outcome) == ("rate_limited", 429, OK)
    assert second.waited_ms == pytest.approx(200, abs=1)
    assert_charged_once(deal)


def test_invalid_then_valid_output_is_re_asked_with_the_validation_error(
    ai_settings, primary, fallback, deal
) -> None:
    primary.script(fake.wrong_schema())
    analysis = run(deal)
    assert (primary.hits, fallback.hits) == (2, 0)
    reask = primary.requests[1]["messages"]
    assert reask[-2]["role"] == "assistant"
    assert "score" in reask[-1]["content"]
    assert "invalid" in reask[-1]["content"]
    assert (analysis.status, analysis.provider) == ("succeeded", "primary")
    assert_charged_once(deal)


def test_every_provider_down_fails_with_502_and_costs_nothing(
    ai_settings, primary, fallback, deal
) -> None:
    primary.set_default(fake.status(500))
    fallback.set_default(fake.status(503))
    analysis = run(deal)
    assert (primary.hits, fallback.hits) == (3, 3)
    assert (analysis.status, analysis.error_code) == ("failed", "INTEGRATION_AI_UNAVAILABLE")
    assert "Internal" not in analysis.error_message
    assert "500" not in analysis.error_message
    assert_not_charged(deal)


def test_bad_output_everywhere_fails_with_422_and_costs_nothing(
    ai_settings, primary, fallback, deal
) -> None:
    primary.set_default(fake.wrong_schema())
    fallback.set_default(fake.non_json_content())
    analysis = run(deal)
    assert (primary.hits, fallback.hits) == (2, 2)
    assert (analysis.status, analysis.error_code) == ("failed", "AI_INVALID_RESPONSE")
    assert_not_charged(deal)


def test_rules_answer_degraded_when_every_llm_failed(ai_settings, primary, fallback, deal) -> None:
    ai_settings.AI_RULES_FALLBACK = True
    primary.set_default(fake.status(500))
    fallback.set_default(fake.quota_exhausted())
    analysis = run(deal)
    assert (analysis.status, analysis.provider, analysis.degraded) == ("succeeded", "rules", True)
    assert analysis.result["verdict"] in {"buy", "wait", "skip"}
    assert outcomes(analysis)[-1] == ("rules", OK)
    assert_charged_once(deal)


def test_rules_are_the_default_without_any_llm(settings, deal) -> None:
    settings.AI_PRIMARY_BASE_URL = settings.AI_FALLBACK_BASE_URL = ""
    analysis = run(deal)
    assert (analysis.status, analysis.provider, analysis.degraded) == ("succeeded", "rules", False)
    assert analysis.result["discount_percent"] == 42.7
    assert_charged_once(deal)


def test_a_hanging_provider_ends_within_the_deadline(ai_settings, primary, fallback, deal) -> None:
    primary.set_default(fake.hang(60))
    fallback.set_default(fake.hang(60))
    started = time.monotonic()
    analysis = run(deal)
    elapsed = time.monotonic() - started
    # A correctness bound, not a speed goal: without the deadline this would take minutes.
    assert elapsed < ai_settings.AI_DEADLINE_SECONDS + 3
    assert analysis.status == AnalysisStatus.FAILED
    assert {outcome for _, outcome in outcomes(analysis)} <= {"timeout"}
    assert primary.hits >= 1
    assert_not_charged(deal)


def test_error_details_name_providers_and_classes_only(
    ai_settings, primary, fallback, deal
) -> None:
    primary.set_default(
        fake.status(500, body={"error": {"message": "secret-internal-trace at /srv/x"}})
    )
    fallback.set_default(fake.status(500))
    analysis = run(deal)
    stored = f"{analysis.error_code} {analysis.error_message}"
    assert "secret-internal-trace" not in stored
    assert "127.0.0.1" not in stored
    assert "sk-test" not in stored


@pytest.mark.parametrize("value", [42, None, ["a list"], {"score": 80}])
def test_content_that_is_not_text_is_invalid_output(
    ai_settings, primary, fallback, deal, value
) -> None:
    primary.script(fake.content_of_any_type(value), fake.content_of_any_type(value))
    analysis = run(deal)
    assert outcomes(analysis) == [("primary", "invalid_output")] * 2 + [("fallback", OK)]
    assert analysis.status == "succeeded"
    assert_charged_once(deal)


def test_a_provider_trickling_its_answer_is_cut_off_at_the_deadline(
    ai_settings, primary, fallback, deal
) -> None:
    ai_settings.AI_DEADLINE_SECONDS = 1.5
    ai_settings.AI_ATTEMPT_TIMEOUT_SECONDS = 1.0
    ai_settings.AI_MAX_ATTEMPTS = 1
    primary.set_default(fake.trickle(interval=0.2, chunk_size=8))  # every read within its timeout
    started = time.monotonic()
    analysis = run(deal)
    elapsed = time.monotonic() - started
    # A correctness bound: without the wall-clock check the answer takes over 10 seconds.
    assert elapsed < 4
    assert outcomes(analysis)[0] == ("primary", "timeout")
    assert analysis.provider == "fallback"


def test_an_unexpected_error_fails_the_run_and_frees_the_hold(
    ai_settings, primary, deal, monkeypatch
) -> None:
    from ai import analyser

    analysis = analysis_request(user=deal.owner, deal_id=deal.pk)

    def explode(*args, **kwargs):
        raise RuntimeError("a bug in our own code")

    monkeypatch.setattr(analyser, "deal_messages", explode)
    assert analysis_run(analysis_id=analysis.pk) == "failed"
    analysis.refresh_from_db()
    assert (analysis.status, analysis.error_code) == ("failed", "SYSTEM_UNHANDLED_ERROR")
    assert "bug" not in analysis.error_message
    assert_not_charged(deal)


def test_runs_that_keep_dying_end_after_the_cap(ai_settings, primary, deal) -> None:
    from datetime import timedelta

    from django.utils import timezone

    analysis = analysis_request(user=deal.owner, deal_id=deal.pk)
    Analysis.objects.filter(pk=analysis.pk).update(
        status=AnalysisStatus.RUNNING,
        runs=ai_settings.AI_MAX_RUNS,
        started_at=timezone.now() - timedelta(hours=1),
    )
    assert analysis_run(analysis_id=analysis.pk) == "failed"
    assert primary.hits == 0
    analysis.refresh_from_db()
    assert analysis.error_code == "INTEGRATION_AI_UNAVAILABLE"
    assert_not_charged(deal)
