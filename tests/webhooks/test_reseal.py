"""Changing SECRET_KEY: the old key goes to SECRET_KEY_FALLBACKS, `reseal_webhook_secrets` seals
every secret again, and then the old key can leave while receivers keep verifying."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.fakes.webhook_receiver import FakeReceiver
from tests.webhooks.conftest import send_due, verified
from webhooks import services
from webhooks.models import WebhookEndpoint

pytestmark = pytest.mark.django_db

OLD_KEY = "an-older-key-" + "o" * 40
NEW_KEY = "the-newer-key-" + "n" * 40


def test_after_a_reseal_the_old_key_can_leave_and_both_secrets_still_sign(
    make_user, endpoint_for, receiver: FakeReceiver, settings: Any, capsys: Any
) -> None:
    settings.SECRET_KEY = OLD_KEY
    endpoint, first = endpoint_for(make_user(), receiver.url)
    endpoint, second = services.secret_rotate(endpoint=endpoint)  # both sign for 24 h

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, [OLD_KEY]
    call_command("reseal_webhook_secrets")
    assert "1 endpoint(s) resealed" in capsys.readouterr().out

    settings.SECRET_KEY_FALLBACKS = []
    services.endpoint_test(endpoint=WebhookEndpoint.objects.get())
    assert send_due() == ["succeeded"]
    (ping,) = receiver.received
    assert verified(ping, first)["type"] == verified(ping, second)["type"] == "ping"


def test_a_secret_no_listed_key_opens_is_named_and_left_as_it_was(
    make_user, endpoint_for, settings: Any
) -> None:
    settings.SECRET_KEY = OLD_KEY
    endpoint, _ = endpoint_for(make_user(), "http://127.0.0.1:9/hooks")
    sealed = WebhookEndpoint.objects.get().secret

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW_KEY, []
    with pytest.raises(
        CommandError, match=rf"1 endpoint\(s\) sealed by no listed key \(ids {endpoint.pk}\)"
    ):
        call_command("reseal_webhook_secrets")
    assert WebhookEndpoint.objects.get().secret == sealed
