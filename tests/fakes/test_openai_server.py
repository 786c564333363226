"""The fake OpenAI server, exercised with the real openai client over real sockets."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import openai
import pytest

from tests.fakes.openai_server import (
    VALID_VERDICT,
    FakeOpenAI,
    garbage_body,
    hang,
    non_json_content,
    ok,
    quota_exhausted,
    rate_limited,
    reset_connection,
    status,
    wrong_schema,
)

MESSAGES = [{"role": "user", "content": "Is this deal any good?"}]


@pytest.fixture
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI("self-test") as server:
        yield server


def make_client(fake: FakeOpenAI, timeout: float = 2.0) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="sk-test", max_retries=0, timeout=timeout)


@pytest.fixture
def client(fake: FakeOpenAI) -> Iterator[openai.OpenAI]:
    with make_client(fake) as sdk_client:
        yield sdk_client


def ask(client: openai.OpenAI) -> str | None:
    completion = client.chat.completions.create(model="gpt-4o-mini", messages=MESSAGES)
    return completion.choices[0].message.content


def wait_until(condition: Callable[[], bool], within: float = 2.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def test_ok_answers_the_verdict_with_usage_and_request_id(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    fake.script(ok(usage=(100, 20), request_id="req_chosen"), ok())

    raw = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES)
    completion = raw.parse()
    generated = client.chat.completions.with_raw_response.create(model="gpt-4o", messages=MESSAGES)

    assert raw.headers["x-request-id"] == "req_chosen"
    assert generated.headers["x-request-id"] == "req_2"
    assert completion.model == "gpt-4o"
    assert completion.choices[0].finish_reason == "stop"
    assert json.loads(completion.choices[0].message.content or "") == VALID_VERDICT
    assert completion.usage is not None
    assert (completion.usage.prompt_tokens, completion.usage.completion_tokens) == (100, 20)
    assert completion.usage.total_tokens == 120


def test_records_bodies_and_headers_of_each_request(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    ask(client)

    assert fake.requests[0]["model"] == "gpt-4o-mini"
    assert fake.requests[0]["messages"] == MESSAGES
    assert fake.headers[0]["authorization"] == "Bearer sk-test"
    fake.requests.clear()
    assert len(fake.requests) == 1


def test_status_500_is_an_internal_server_error(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script(status(500))

    with pytest.raises(openai.InternalServerError) as caught:
        ask(client)

    assert caught.value.status_code == 500
    assert caught.value.request_id == "req_1"


def test_status_carries_custom_body_and_headers(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    body = {"error": {"message": "bad model", "type": "invalid_request_error", "code": "nope"}}
    fake.script(status(400, body, {"x-extra": "yes"}))

    with pytest.raises(openai.BadRequestError) as caught:
        ask(client)

    assert caught.value.code == "nope"
    assert caught.value.response.headers["x-extra"] == "yes"


def test_rate_limited_carries_retry_after(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script(rate_limited("2"), rate_limited(None, retry_after_ms="1500"))

    with pytest.raises(openai.RateLimitError) as seconds:
        ask(client)
    with pytest.raises(openai.RateLimitError) as milliseconds:
        ask(client)

    assert seconds.value.response.headers["retry-after"] == "2"
    assert seconds.value.code == "rate_limit_exceeded"
    assert "retry-after" not in milliseconds.value.response.headers
    assert milliseconds.value.response.headers["retry-after-ms"] == "1500"


def test_quota_exhausted_is_a_rate_limit_error_with_its_own_code(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    fake.script(quota_exhausted())

    with pytest.raises(openai.RateLimitError) as caught:
        ask(client)

    assert caught.value.code == "insufficient_quota"
    assert caught.value.type == "insufficient_quota"


def test_hang_makes_the_client_time_out(fake: FakeOpenAI) -> None:
    fake.script(hang(5))

    with make_client(fake, timeout=0.5) as impatient, pytest.raises(openai.APITimeoutError):
        ask(impatient)

    assert fake.hits == 1


def test_reset_connection_is_a_connection_error(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.script(reset_connection())

    with pytest.raises(openai.APIConnectionError) as caught:
        ask(client)

    assert type(caught.value) is openai.APIConnectionError
    assert fake.hits == 1


def test_garbage_body_escapes_the_sdk_as_a_json_decode_error(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    fake.script(garbage_body())

    with pytest.raises(json.JSONDecodeError):
        ask(client)


def test_non_json_content_and_wrong_schema_are_well_formed_completions(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    fake.script(non_json_content(), wrong_schema(), wrong_schema({"score": "high"}))

    prose = ask(client) or ""
    with pytest.raises(json.JSONDecodeError):
        json.loads(prose)
    assert json.loads(ask(client) or "") == {"rating": "great", "verdict": "maybe"}
    assert json.loads(ask(client) or "") == {"score": "high"}


def test_script_is_consumed_in_order_then_the_default_applies(
    fake: FakeOpenAI, client: openai.OpenAI
) -> None:
    fake.script(status(503), ok("first"))
    fake.script(rate_limited())
    fake.set_default(ok("default"))

    with pytest.raises(openai.InternalServerError):
        ask(client)
    assert ask(client) == "first"
    with pytest.raises(openai.RateLimitError):
        ask(client)
    assert ask(client) == "default"
    assert ask(client) == "default"

    assert fake.hits == 5


def test_reset_forgets_script_history_and_default(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    fake.set_default(status(500))
    fake.script(status(502))
    with pytest.raises(openai.InternalServerError):
        ask(client)

    fake.reset()

    assert (fake.hits, fake.requests, fake.headers) == (0, [], [])
    assert json.loads(ask(client) or "") == VALID_VERDICT


def test_unknown_paths_are_404_and_not_counted(fake: FakeOpenAI, client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError):
        client.models.list()

    assert fake.hits == 0


def test_serves_concurrent_requests_while_one_hangs(fake: FakeOpenAI) -> None:
    fake.script(hang(30))
    # Each answer takes 0.3 s against a 1.5 s client timeout: ten served one after another
    # would time out, so all ten succeeding means they were served side by side.
    fake.set_default(ok("quick", delay=0.3))
    hung: list[BaseException] = []

    def wait_forever() -> None:
        with make_client(fake, timeout=30) as patient:
            try:
                ask(patient)
            except openai.APIError as exc:
                hung.append(exc)

    hanging = threading.Thread(target=wait_forever)
    hanging.start()
    wait_until(lambda: fake.hits == 1)

    with make_client(fake, timeout=1.5) as shared, ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda _: ask(shared), range(10)))

    assert answers == ["quick"] * 10
    assert fake.hits == 11
    fake.stop()
    hanging.join(timeout=2)
    assert not hanging.is_alive()
    assert [type(exc) for exc in hung] == [openai.APIConnectionError]


def test_stop_returns_promptly_and_releases_a_hanging_request(fake: FakeOpenAI) -> None:
    fake.script(hang(30))
    outcome: list[BaseException] = []

    def wait_forever() -> None:
        with make_client(fake, timeout=30) as patient:
            try:
                ask(patient)
            except openai.APIError as exc:
                outcome.append(exc)

    hanging = threading.Thread(target=wait_forever)
    hanging.start()
    wait_until(lambda: fake.hits == 1)

    started = time.monotonic()
    fake.stop()
    hanging.join(timeout=2)

    assert time.monotonic() - started < 2
    assert not hanging.is_alive()
    assert len(outcome) == 1
