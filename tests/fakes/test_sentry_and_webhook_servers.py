"""The fake Sentry and webhook servers, exercised with real clients over real sockets."""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import sentry_sdk

from tests.fakes.sentry_server import FakeSentry, parse_envelope
from tests.fakes.webhook_server import FakeWebhook

# No proxy from the environment may stand between the clients and the fakes on loopback.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def post(url: str, body: bytes, headers: dict[str, str], timeout: float = 2.0) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


# --- Sentry ---------------------------------------------------------------------------------


@pytest.fixture
def fake_sentry() -> Iterator[FakeSentry]:
    with FakeSentry() as server:
        yield server


@pytest.fixture
def sentry(fake_sentry: FakeSentry) -> Iterator[FakeSentry]:
    sentry_sdk.init(
        dsn=fake_sentry.dsn,
        default_integrations=False,
        http_proxy="",
        traces_sample_rate=1.0,
    )
    try:
        yield fake_sentry
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()


def envelope_url(fake: FakeSentry, kind: str = "envelope") -> str:
    # http://publickey@127.0.0.1:<port>/42 -> http://127.0.0.1:<port>/api/42/<kind>/
    host = fake.dsn.split("@", 1)[1].rsplit("/", 1)[0]
    return f"http://{host}/api/42/{kind}/"


def test_dsn_names_a_public_key_loopback_and_project() -> None:
    with FakeSentry() as fake:
        assert fake.dsn.startswith("http://publickey@127.0.0.1:")
        assert fake.dsn.endswith("/42")
    with pytest.raises(RuntimeError):
        _ = fake.dsn


def test_real_sdk_delivers_an_exception_and_a_message(sentry: FakeSentry) -> None:
    try:
        raise ValueError("the widget is on fire")
    except ValueError as error:
        sentry_sdk.capture_exception(error)
    sentry_sdk.capture_message("all widgets accounted for", level="warning")
    sentry_sdk.flush(timeout=5)

    events = sentry.wait_for_events(2, timeout=5)

    assert len(events) == 2
    assert sentry.events == events
    exception, message = events
    (value,) = exception["exception"]["values"]
    assert value["type"] == "ValueError"
    assert value["value"] == "the widget is on fire"
    assert value["stacktrace"]["frames"][-1]["function"] == (
        "test_real_sdk_delivers_an_exception_and_a_message"
    )
    assert message["message"] == "all widgets accounted for"
    assert message["level"] == "warning"
    assert "exception" not in message
    assert sentry.transactions == []
    assert sentry.rejections == []
    # The SDK compresses its envelopes; raw_bodies holds them decompressed and readable.
    assert any(b"the widget is on fire" in body for body in sentry.raw_bodies)


def test_real_sdk_transactions_are_kept_apart_from_events(sentry: FakeSentry) -> None:
    with sentry_sdk.start_transaction(name="nightly-sweep", op="task"):
        pass
    sentry_sdk.flush(timeout=5)

    deadline = time.monotonic() + 5
    while not sentry.transactions and time.monotonic() < deadline:
        time.sleep(0.01)

    assert [t["transaction"] for t in sentry.transactions] == ["nightly-sweep"]
    assert sentry.events == []


def test_wait_for_events_times_out_with_an_assertion(fake_sentry: FakeSentry) -> None:
    started = time.monotonic()
    with pytest.raises(AssertionError, match="expected at least 1 Sentry events"):
        fake_sentry.wait_for_events(1, timeout=0.2)
    assert time.monotonic() - started < 2


def test_envelope_with_and_without_lengths_gzip_and_other_items(fake_sentry: FakeSentry) -> None:
    event = json.dumps({"event_id": "a" * 32, "message": "first"}).encode()
    session = b'{"sid":"s1","status":"ok"}'
    attachment = b"binary\nwith newline"
    transaction = json.dumps({"type": "transaction", "transaction": "t"}).encode()
    body = b"\n".join(
        [
            b'{"event_id":"' + b"a" * 32 + b'","dsn":"' + fake_sentry.dsn.encode() + b'"}',
            json.dumps({"type": "event", "length": len(event)}).encode(),
            event,
            b'{"type":"session"}',
            session,
            json.dumps({"type": "attachment", "length": len(attachment)}).encode(),
            attachment,
            b'{"type":"transaction"}',
            transaction,
            b'{"type":"event"}',
            b'{"message":"last, no newline at the end"}',
        ]
    )

    status, answer = post(
        envelope_url(fake_sentry),
        gzip.compress(body),
        {"Content-Type": "application/x-sentry-envelope", "Content-Encoding": "gzip"},
    )

    assert (status, json.loads(answer)) == (200, {})
    assert [e["message"] for e in fake_sentry.events] == ["first", "last, no newline at the end"]
    assert fake_sentry.transactions == [{"type": "transaction", "transaction": "t"}]
    assert fake_sentry.raw_bodies == [body]


def test_legacy_store_endpoint_records_the_event(fake_sentry: FakeSentry) -> None:
    status, answer = post(
        envelope_url(fake_sentry, "store"),
        json.dumps({"message": "stored"}).encode(),
        {"Content-Type": "application/json"},
    )

    assert (status, json.loads(answer)) == (200, {})
    assert fake_sentry.wait_for_events(1) == [{"message": "stored"}]


def test_unsupported_encoding_is_refused_and_explained(fake_sentry: FakeSentry) -> None:
    status, _ = post(envelope_url(fake_sentry), b"\x8b\x00", {"Content-Encoding": "br"})

    assert status == 415
    assert fake_sentry.events == []
    with pytest.raises(AssertionError, match="transport_compression_algo"):
        fake_sentry.wait_for_events(1, timeout=0.1)


def test_malformed_envelope_is_a_400(fake_sentry: FakeSentry) -> None:
    status, _ = post(envelope_url(fake_sentry), b'{}\n{"type":"event","length":99}\n{}', {})

    assert status == 400
    assert fake_sentry.events == []
    assert len(fake_sentry.rejections) == 1


def test_parse_envelope_keeps_payload_bytes_exactly() -> None:
    sized = b'{"type":"x","length":3}\n\n\n\n'
    header, items = parse_envelope(b'{"a":1}\n' + sized + b'\n{"type":"y"}\nzz\n' + sized)

    assert header == {"a": 1}
    assert items == [
        ({"type": "x", "length": 3}, b"\n\n\n"),
        ({"type": "y"}, b"zz"),
        ({"type": "x", "length": 3}, b"\n\n\n"),
    ]
    # The newline after a sized payload may be left out.
    _, items = parse_envelope(b'{}\n{"type":"x","length":2}\nab{"type":"y","length":1}\nc')
    assert items == [({"type": "x", "length": 2}, b"ab"), ({"type": "y", "length": 1}, b"c")]


def test_reset_forgets_everything(fake_sentry: FakeSentry) -> None:
    post(envelope_url(fake_sentry, "store"), b'{"message":"x"}', {})
    fake_sentry.wait_for_events(1)

    fake_sentry.reset()

    assert fake_sentry.events == []
    assert fake_sentry.raw_bodies == []
    assert fake_sentry.transactions == []


# --- Webhook --------------------------------------------------------------------------------


@pytest.fixture
def webhook() -> Iterator[FakeWebhook]:
    with FakeWebhook() as server:
        yield server


def post_json(url: str, payload: object, timeout: float = 2.0) -> tuple[int, bytes]:
    return post(url, json.dumps(payload).encode(), {"Content-Type": "application/json"}, timeout)


def test_webhook_url_is_the_alerts_hook_on_loopback(webhook: FakeWebhook) -> None:
    assert webhook.url.startswith("http://127.0.0.1:")
    assert webhook.url.endswith("/hooks/alerts")


def test_webhook_records_posts_and_answers_ok(webhook: FakeWebhook) -> None:
    assert post_json(webhook.url, {"text": "first alert"}) == (200, b"ok")
    assert post_json(webhook.url, {"text": "second alert"}) == (200, b"ok")

    assert webhook.wait_for_posts(2) == [{"text": "first alert"}, {"text": "second alert"}]
    assert webhook.posts == [{"text": "first alert"}, {"text": "second alert"}]


def test_webhook_failure_still_records(webhook: FakeWebhook) -> None:
    webhook.fail_with(500)

    status, _ = post_json(webhook.url, {"text": "down"})

    assert status == 500
    assert webhook.posts == [{"text": "down"}]

    webhook.fail_with(None)
    assert post_json(webhook.url, {"text": "up"}) == (200, b"ok")


def test_webhook_hang_times_out_the_client(webhook: FakeWebhook) -> None:
    webhook.hang_for(2)

    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)) as raised:
        post_json(webhook.url, {"text": "slow"}, timeout=0.3)
    elapsed = time.monotonic() - started

    if isinstance(raised.value, urllib.error.URLError):
        assert isinstance(raised.value.reason, TimeoutError)
    assert elapsed < 1.5
    assert webhook.wait_for_posts(1, timeout=1) == [{"text": "slow"}]


def test_webhook_stop_wakes_a_hanging_answer() -> None:
    fake = FakeWebhook().start()
    fake.hang_for(30)
    outcome: list[BaseException | tuple[int, bytes]] = []

    def client() -> None:
        try:
            outcome.append(post_json(fake.url, {"text": "x"}, timeout=10))
        except (ConnectionError, urllib.error.URLError) as error:
            outcome.append(error)

    thread = threading.Thread(target=client, daemon=True)
    thread.start()
    fake.wait_for_posts(1, timeout=2)
    started = time.monotonic()
    fake.stop()
    thread.join(timeout=5)

    assert time.monotonic() - started < 2
    assert len(outcome) == 1
    assert isinstance(outcome[0], BaseException), "a stopped hang must not answer"


def test_webhook_rejects_non_json_and_other_paths(webhook: FakeWebhook) -> None:
    assert post(webhook.url, b"not json", {"Content-Type": "application/json"}) == (
        400,
        b"invalid_payload",
    )
    other = webhook.url.replace("/hooks/alerts", "/hooks/other")
    assert post_json(other, {"text": "x"}) == (404, b"no_service")
    assert webhook.posts == []


def test_webhook_wait_and_reset(webhook: FakeWebhook) -> None:
    with pytest.raises(AssertionError, match="expected at least 1 webhook posts"):
        webhook.wait_for_posts(1, timeout=0.1)
    webhook.fail_with(503)
    webhook.hang_for(5)

    webhook.reset()

    assert webhook.posts == []
    assert post_json(webhook.url, {"text": "after reset"}) == (200, b"ok")
