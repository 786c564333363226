"""Sentry events, /metrics, and the support desk's recorded errors (alerts reach Slack through
Alertmanager: tests/monitoring/test_alert_rules.py)."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
import sentry_sdk
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from monitoring.models import ErrorEvent
from monitoring.services import error_events_prune

SECRETS = ("s3cr3t-value", "Bearer sekrit-token-1234", "hunter2-password", "idem-key-secret-77")


def crash(client: APIClient | None = None, **headers: str):
    client = client or APIClient(raise_request_exception=False)
    return client.get("/api/v1/test/raise/unhandled", **headers)


@pytest.mark.django_db
@pytest.mark.urls("tests.errors.urls")
def test_an_unhandled_error_sends_exactly_one_event_tagged_and_scrubbed(sentry) -> None:
    response = crash(
        HTTP_AUTHORIZATION="Bearer sekrit-token-1234",
        HTTP_COOKIE="sessionid=hunter2-password",
        HTTP_IDEMPOTENCY_KEY="idem-key-secret-77",
        HTTP_X_REQUEST_ID="sentry-req-0001",
    )
    assert response.status_code == 500
    sentry_sdk.flush()
    [event] = sentry.wait_for_events(1)
    assert event["tags"]["request_id"] == "sentry-req-0001"
    assert event["tags"]["error_code"] == "SYSTEM_UNHANDLED_ERROR"
    assert event["tags"]["error_id"] == response.json()["details"]["error_id"]
    payload = b"".join(sentry.raw_bodies).decode(errors="replace")
    for secret in SECRETS[1:]:
        assert secret not in payload
    sentry_sdk.flush()
    assert len(sentry.events) == 1


@pytest.mark.django_db
@pytest.mark.urls("tests.errors.urls")
def test_an_error_in_middleware_is_reported_once(sentry, settings) -> None:
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.errors.raising.ExplodingMiddleware"]
    response = APIClient(raise_request_exception=False).get("/api/v1/health", HTTP_X_EXPLODE="1")
    assert response.status_code == 500
    sentry_sdk.flush()
    sentry.wait_for_events(1)
    sentry_sdk.flush()
    assert len(sentry.events) == 1


@pytest.mark.django_db
def test_expected_client_errors_send_nothing(sentry, auth_client) -> None:
    assert APIClient().get("/api/v1/no-such-thing").status_code == 404
    assert (
        auth_client.post("/api/v1/tokens/deduct", {"amount": 5}, format="json").status_code == 402
    )
    assert (
        APIClient()
        .post(
            "/api/v1/auth/token",
            {"email": "x@example.com", "password": "hunter2-password"},
            format="json",
        )
        .status_code
        == 401
    )
    sentry_sdk.flush()
    assert sentry.events == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_celery_task_sends_one_event(sentry) -> None:
    from celery.contrib.testing.worker import start_worker

    from config.celery import app as celery_app

    @celery_app.task(name="tests.monitoring.boom")
    def boom() -> None:
        raise RuntimeError("task blew up")

    if celery_app.conf.task_always_eager:
        pytest.skip("needs a broker: make test provides Redis")
    celery_app.control.purge()
    with start_worker(celery_app, pool="solo", perform_ping_check=False):
        boom.delay()
        sentry_sdk.flush()
        [event] = sentry.wait_for_events(1, timeout=20)
    assert event["exception"]["values"][-1]["value"] == "task blew up"


@pytest.mark.django_db
@pytest.mark.urls("tests.errors.urls")
def test_a_500_is_recorded_and_found_by_the_request_id_of_the_response(user) -> None:
    client = APIClient(raise_request_exception=False)
    response = crash(client)
    event = ErrorEvent.objects.get(request_id=response["X-Request-ID"])
    assert (event.code, event.status, event.method) == ("SYSTEM_UNHANDLED_ERROR", 500, "GET")
    assert event.error_id == response.json()["details"]["error_id"]
    assert event.path == "/api/v1/test/raise/unhandled"
    assert "s3cr3t" not in event.summary
    staff = Client()
    user.is_staff = user.is_superuser = True
    user.save()
    staff.force_login(user)
    event_link = f"/admin/monitoring/errorevent/{event.pk}/change/"
    for query in (response["X-Request-ID"], event.error_id):
        found = staff.get("/admin/monitoring/errorevent/", {"q": query}).content.decode()
        assert event_link in found
    assert event.error_id in staff.get(event_link).content.decode()
    assert (
        "Recorded errors (0)"
        in staff.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    )


@pytest.mark.django_db
def test_an_anonymous_client_error_is_not_recorded() -> None:
    APIClient().get("/api/v1/no-such-thing")
    assert not ErrorEvent.objects.exists()


@pytest.mark.django_db
def test_recorded_errors_are_pruned_after_the_retention(settings) -> None:
    ErrorEvent.objects.create(
        request_id="old-0001", code="SYSTEM_UNHANDLED_ERROR", category="system", status=500
    )
    settings.ERROR_EVENT_RETENTION_DAYS = 30
    assert error_events_prune() == 0
    assert error_events_prune(now=timezone.now() + timedelta(days=31)) == 1


def metric_value(text: str, name: str, **labels: str) -> float:
    for line in text.splitlines():
        if not line.startswith(name + "{"):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.django_db
def test_metrics_count_a_scripted_run_exactly(settings, auth_client) -> None:
    settings.METRICS_TOKEN = "metrics-token-123"
    metrics_client = Client(HTTP_AUTHORIZATION="Bearer metrics-token-123")
    before = metrics_client.get("/metrics").content.decode()
    anonymous = APIClient()
    for _ in range(7):
        anonymous.get("/api/v1/no-such-thing")
    for _ in range(3):
        anonymous.post("/api/v1/auth/register", "[]", content_type="application/json")
    for _ in range(2):
        auth_client.post("/api/v1/tokens/deduct", {"amount": 1}, format="json")
    after = metrics_client.get("/metrics").content.decode()

    def delta(name: str, **labels: str) -> float:
        return metric_value(after, name, **labels) - metric_value(before, name, **labels)

    assert (
        delta("http_errors_total", code="RESOURCE_NOT_FOUND", category="resource", status="404")
        == 7
    )
    assert delta("http_errors_total", code="VALIDATION_MALFORMED_BODY", status="400") == 3
    assert delta("http_errors_total", code="TOKEN_INSUFFICIENT_BALANCE", status="402") == 2
    assert delta("token_operations_total", type="deduct", outcome="insufficient") == 2
    assert "http_request_duration_seconds_bucket" in after


@pytest.mark.django_db
def test_metrics_refuse_an_anonymous_caller(settings) -> None:
    settings.METRICS_TOKEN = "metrics-token-123"
    settings.METRICS_ALLOWED_IPS = []
    response = Client().get("/metrics")
    assert response.status_code == 403
    assert json.loads(response.content)["code"] == "FORBIDDEN_PERMISSION_DENIED"
    assert Client(HTTP_AUTHORIZATION="Bearer wrong").get("/metrics").status_code == 403
    assert Client(HTTP_AUTHORIZATION="Bearer metrics-token-123").get("/metrics").status_code == 200


@pytest.mark.django_db
def test_behind_a_trusted_proxy_metrics_allow_by_the_clients_address_not_the_proxys(
    settings,
) -> None:
    from rest_framework.settings import api_settings

    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api_settings.reload()
    try:
        # The proxy runs on the same host, so every request arrives from 127.0.0.1.
        outside = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
        inside = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
        assert outside.get("/metrics").status_code == 403
        assert inside.get("/metrics").status_code == 200
    finally:
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
        api_settings.reload()


@pytest.mark.django_db(transaction=True)
def test_a_forwarded_for_header_without_a_trusted_proxy_is_warned_of_once(settings) -> None:
    import urllib.request

    from tests.support.server import Service, start_gunicorn

    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    service: Service
    service, base_url = start_gunicorn({"DATABASE_URL": url, "TRUSTED_PROXY_COUNT": "0"})
    try:
        for index in range(3):
            request = urllib.request.Request(  # noqa: S310 - loopback test server
                f"{base_url}/api/v1/errors", headers={"X-Forwarded-For": f"198.51.100.{index}"}
            )
            with urllib.request.urlopen(request, timeout=20):  # noqa: S310
                pass
        warnings = [
            json.loads(line)
            for line in service.output().splitlines()
            if "TRUSTED_PROXY_COUNT=0" in line
        ]
    finally:
        service.stop()
    assert len(warnings) == 1
    assert warnings[0]["level"] == "WARNING"


@pytest.mark.django_db(transaction=True)
def test_counters_are_summed_across_gunicorn_workers(settings, tmp_path) -> None:
    """Two workers in multiprocess mode: /metrics counts every 404, whichever served it."""
    import urllib.error
    import urllib.request

    from tests.support.server import gunicorn_server
    from tests.support.threads import race

    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = {
        "DATABASE_URL": url,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "RATE_LIMIT_ANON": "100000/minute",
    }
    with gunicorn_server(env, workers=2) as base_url:

        def miss(_: int) -> int:
            try:
                urllib.request.urlopen(f"{base_url}/api/v1/nothing-here", timeout=20)  # noqa: S310
            except urllib.error.HTTPError as error:
                return error.code
            return 200

        sent = 0
        # One worker may serve a whole burst; keep going until both have counted something.
        for _ in range(20):
            assert set(race(miss, threads=20)) == {404}
            sent += 20
            if len(list(tmp_path.glob("counter_*.db"))) >= 2:
                break
        with urllib.request.urlopen(f"{base_url}/metrics", timeout=20) as response:  # noqa: S310
            text = response.read().decode()
    assert len(list(tmp_path.glob("counter_*.db"))) >= 2, "one worker served every request"
    assert metric_value(text, "http_errors_total", code="RESOURCE_NOT_FOUND", status="404") == sent


@pytest.mark.django_db
def test_unknown_methods_share_one_metric_label(settings) -> None:
    settings.METRICS_TOKEN = "metrics-token-123"
    client = Client()
    for index in range(5):
        client.generic(f"BREW{index}", "/api/v1/health")
    text = Client(HTTP_AUTHORIZATION="Bearer metrics-token-123").get("/metrics").content.decode()
    assert "BREW" not in text
    assert 'method="other"' in text


@pytest.mark.django_db
def test_a_broken_metrics_store_never_fails_a_request(monkeypatch, auth_client, json_logs) -> None:
    from monitoring import metrics

    def broken(*args, **kwargs):
        raise OSError("metrics directory is gone")

    monkeypatch.setattr(metrics.http_request_duration_seconds, "labels", broken)
    response = auth_client.get("/api/v1/tokens/balance")
    assert response.status_code == 200
    assert response["X-Request-ID"]
    messages = [line["message"] for line in json_logs.lines()]
    assert "monitoring failed for a response" in messages  # the broken store was reached


def gauge(text: str, name: str) -> float | None:
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


@pytest.mark.django_db
def test_metrics_show_the_queue_its_oldest_analysis_and_those_in_flight(
    settings, make_user
) -> None:
    import redis

    from ai.models import Analysis, AnalysisStatus
    from deals.models import Deal

    settings.METRICS_TOKEN = "metrics-token-123"
    owner = make_user(email="fleet@example.com")
    deals = [
        Deal.objects.create(owner=owner, title=f"Deal {index}", price="10.00") for index in range(3)
    ]
    statuses = (AnalysisStatus.QUEUED, AnalysisStatus.QUEUED, AnalysisStatus.RUNNING)
    for deal, state in zip(deals, statuses, strict=True):
        Analysis.objects.create(deal=deal, user=owner, cost=5, status=state)
    Analysis.objects.filter(deal=deals[0]).update(created_at=timezone.now() - timedelta(minutes=7))
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    broker.rpush("celery", "a", "b", "c", "d")
    try:
        text = (
            Client(HTTP_AUTHORIZATION="Bearer metrics-token-123").get("/metrics").content.decode()
        )
    finally:
        broker.delete("celery")
    assert gauge(text, "analysis_queue_depth") == 4
    assert 7 * 60 <= gauge(text, "analysis_oldest_queued_age_seconds") < 8 * 60
    assert gauge(text, "analyses_in_flight") == 1


@pytest.mark.django_db
def test_metrics_leave_out_the_queue_when_the_broker_cannot_be_reached(settings) -> None:
    settings.METRICS_TOKEN = "metrics-token-123"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    text = Client(HTTP_AUTHORIZATION="Bearer metrics-token-123").get("/metrics").content.decode()
    assert gauge(text, "analysis_queue_depth") is None
    assert gauge(text, "analyses_in_flight") == 0
    assert gauge(text, "analysis_oldest_queued_age_seconds") == 0
