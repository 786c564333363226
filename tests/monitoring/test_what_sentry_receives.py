"""What reaches Sentry, through the real SDK and a fake ingest on loopback: no event for a
provider failure the chain recovered from, and no configured secret's value, whatever its shape,
in an event or a log line."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.test import APIClient

from ai.models import Analysis
from ai.runs import analysis_run
from ai.services import analysis_request
from config import urls as project_urls
from observability.logging import MIN_SECRET_LENGTH, REDACTED, configured_secrets, redact_text
from tests.fakes import openai_server as fake
from tests.fakes.sentry_server import FakeSentry, parse_envelope

logger = logging.getLogger("tests.monitoring.secrets")

# None of them has the sk- or Bearer shape that the inline patterns know.
PRIMARY_KEY = "prov-primary-7Hq2xK9mWc4tLz"
FALLBACK_KEY = "fallback/Key+With=Odd&Chars-91"
METRICS_TOKEN = "metrics-5f1e2d3c9b8a"
SLACK_URL = "https://hooks.slack.example/services/T0001/B0002/slackpathsecret77"
SECRET_KEY = "django-secret-key-for-redaction-0123456789abcdef"
DATABASE_PASSWORD = "db pass/w:rd@Q7"  # as configured; a URL carries it percent-encoded
REDIS_PASSWORD = "redis-pass-Zx81"


@pytest.fixture
def configured(settings: Any, sentry: FakeSentry) -> FakeSentry:
    settings.AI_PRIMARY_API_KEY = PRIMARY_KEY
    settings.AI_FALLBACK_API_KEY = FALLBACK_KEY
    settings.METRICS_TOKEN = METRICS_TOKEN
    settings.SLACK_WEBHOOK_URL = SLACK_URL
    settings.SENTRY_DSN = sentry.dsn
    settings.SECRET_KEY = SECRET_KEY
    settings.REDIS_URL = f"redis://:{REDIS_PASSWORD}@redis.internal:6379/0"
    default = settings.DATABASES["default"]
    with pytest.warns(UserWarning, match="DATABASES"):
        settings.DATABASES = {
            **settings.DATABASES,
            "default": {**default, "PASSWORD": DATABASE_PASSWORD},
        }
    return sentry


def every_shape() -> list[str]:
    """Each secret as configured and as it is written inside a URL."""
    values = [PRIMARY_KEY, FALLBACK_KEY, METRICS_TOKEN, SLACK_URL, SECRET_KEY]
    values += [DATABASE_PASSWORD, REDIS_PASSWORD, "slackpathsecret77", "publickey"]
    return sorted({shape for value in values for shape in (value, quote(value, safe=""))})


def leaking_view(request: HttpRequest) -> HttpResponse:
    """Fails with every secret in its message, locals, extra data and a breadcrumb before it."""
    database_url = f"postgres://deals:{quote(DATABASE_PASSWORD, safe='')}@db.internal/deals"
    connection = {"url": database_url, "signing": SECRET_KEY, "nested": {"value": METRICS_TOKEN}}
    logger.warning("asked the provider with key %s, alerts to %s", FALLBACK_KEY, SLACK_URL)
    sentry_sdk.set_extra("connection", connection)
    sentry_sdk.set_extra("upstream", [f"Token {PRIMARY_KEY}", f"dsn={request.GET['dsn']}"])
    raise RuntimeError(
        f"Incorrect API key provided: {PRIMARY_KEY}; broker "
        f"redis://:{REDIS_PASSWORD}@redis.internal:6379/0; {database_url}; {connection}"
    )


urlpatterns = [path("api/v1/test/leak", leaking_view), *project_urls.urlpatterns]


def event_payloads(sentry: FakeSentry) -> str:
    """The items of every envelope received, without the envelopes' own headers (which name
    the DSN's public key, as Sentry's protocol requires)."""
    items = []
    for body in sentry.raw_bodies:
        _, pairs = parse_envelope(body)
        items += [payload.decode() for _, payload in pairs]
    return "\n".join(items)


def run_analysis(deal: Any) -> Analysis:
    analysis = analysis_request(user=deal.owner, deal_id=deal.pk)
    analysis_run(analysis_id=analysis.pk)
    analysis.refresh_from_db()
    return analysis


def invalid_key(key: str) -> fake.Behaviour:
    """401 as OpenAI answers a wrong key: the key itself in the message."""
    message = f"Incorrect API key provided: {key}. You can find your API key at your account."
    error = {"message": message, "type": "invalid_request_error", "param": None}
    return fake.status(401, {"error": {**error, "code": "invalid_api_key"}})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "script",
    [
        pytest.param("invalid_key", id="401-naming-the-key"),
        pytest.param([fake.status(500)] * 3, id="three-500s"),
        pytest.param([fake.reset_connection()] * 3, id="connection-resets"),
    ],
)
def test_a_provider_failure_the_fallback_recovers_from_sends_no_event(
    sentry: FakeSentry, ai_settings: Any, primary: Any, fallback: Any, deal: Any, script: Any
) -> None:
    primary.script(
        *([invalid_key(ai_settings.AI_PRIMARY_API_KEY)] if script == "invalid_key" else script)
    )
    analysis = run_analysis(deal)
    assert (analysis.status, analysis.provider) == ("succeeded", "fallback")
    assert primary.hits >= 1
    sentry_sdk.capture_message("after the analysis")
    sentry_sdk.flush()
    [event] = sentry.wait_for_events(1)
    assert event["message"] == "after the analysis"  # the only event: the one sent on purpose
    assert ai_settings.AI_PRIMARY_API_KEY not in event_payloads(sentry)
    # Nor does Sentry add its trace headers (with the DSN's key in baggage) to provider calls.
    for headers in primary.headers + fallback.headers:
        assert not {"baggage", "sentry-trace"} & {name.lower() for name in headers}


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_an_unhandled_error_arrives_with_every_configured_secret_redacted(
    configured: FakeSentry,
) -> None:
    response = APIClient(raise_request_exception=False).get(
        "/api/v1/test/leak",
        {"dsn": configured.dsn, "next": f"https://x.example/?key={FALLBACK_KEY}"},
        HTTP_X_UPSTREAM=f"{METRICS_TOKEN} {quote(FALLBACK_KEY, safe='')}",
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    [event] = configured.wait_for_events(1)
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"].startswith(f"Incorrect API key provided: {REDACTED}; broker")
    assert event["extra"]["connection"]["nested"] == {"value": REDACTED}
    assert [crumb["message"] for crumb in event["breadcrumbs"]["values"]].count(
        f"asked the provider with key {REDACTED}, alerts to {REDACTED}"
    ) == 1
    payload = event_payloads(configured)
    leaked = [shape for shape in every_shape() if shape in payload]
    assert leaked == []
    assert configured.dsn not in payload


def test_a_log_line_carries_no_configured_secret(configured: FakeSentry, json_logs: Any) -> None:
    logger.error(
        "provider %s refused key %s; database %s",
        "primary",
        PRIMARY_KEY,
        f"postgres://deals:{quote(DATABASE_PASSWORD, safe='')}@db/deals",
        extra={
            "upstream": {"headers": {"x-upstream": METRICS_TOKEN}, "alerts": SLACK_URL},
            "settings": [SECRET_KEY, f"redis://:{REDIS_PASSWORD}@redis/0", configured.dsn],
            "fallback": f"key={FALLBACK_KEY}",
        },
    )
    [line] = json_logs.lines()
    assert (
        line["message"]
        == f"provider primary refused key {REDACTED}; database postgres://deals:{REDACTED}@db/deals"
    )
    assert line["upstream"] == {"headers": {"x-upstream": REDACTED}, "alerts": REDACTED}
    assert line["fallback"] == f"key={REDACTED}"
    leaked = [shape for shape in every_shape() if shape in json_logs.text]
    assert leaked == []


def test_the_secrets_follow_the_settings_as_they_change(settings: Any) -> None:
    settings.METRICS_TOKEN = "first-metrics-token"
    assert "first-metrics-token" in configured_secrets()
    settings.METRICS_TOKEN = "second-metrics-token"
    secrets = configured_secrets()
    assert "second-metrics-token" in secrets
    assert "first-metrics-token" not in secrets


def test_short_and_empty_values_are_not_taken_for_secrets(settings: Any) -> None:
    settings.METRICS_TOKEN = "short"
    settings.SLACK_WEBHOOK_URL = ""
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"  # no password: nothing in it is secret
    secrets = configured_secrets()
    assert not {"short", "", "redis://127.0.0.1:6379/0", "127.0.0.1"} & secrets
    assert all(len(secret) >= MIN_SECRET_LENGTH for secret in secrets)
    assert redact_text("a short note, short and sweet") == "a short note, short and sweet"
