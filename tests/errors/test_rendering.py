"""The error body: values as Django's encoder writes them, a timestamp that follows the clock."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import time_machine
from django.core.serializers.json import DjangoJSONEncoder
from django.test import RequestFactory
from django.utils.translation import gettext_lazy

from errors import exceptions as app_errors
from errors.rendering import render


def rendered_body(details: dict) -> dict:
    request = RequestFactory().get("/api/v1/anything")
    return json.loads(render(request, app_errors.ValidationError(details=details)).content)


def test_the_body_encodes_values_as_djangos_encoder_does() -> None:
    details = {
        "when": datetime(2026, 3, 1, 12, 30, 45, 123_456, tzinfo=UTC),
        "day": date(2026, 3, 1),
        "amount": Decimal("12.50"),
        "label": gettext_lazy("Not found."),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "nested": {"items": [1, 2.5, None, True, "ünïcode"], "big": 2**70},
    }
    body = rendered_body(details)
    assert body["details"] == json.loads(json.dumps(details, cls=DjangoJSONEncoder))
    assert body["details"]["when"] == "2026-03-01T12:30:45.123Z"


def test_the_envelope_timestamp_follows_the_clock_across_seconds() -> None:
    moments = [
        datetime(2026, 3, 1, 23, 59, 59, 900_000, tzinfo=UTC),
        datetime(2026, 3, 2, 0, 0, 0, 100_000, tzinfo=UTC),
        datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC),
    ]
    stamps = []
    for moment in moments:
        with time_machine.travel(moment, tick=False):
            stamps.append(rendered_body({})["timestamp"])
    assert stamps == ["2026-03-01T23:59:59Z", "2026-03-02T00:00:00Z", "2025-12-31T23:59:59Z"]
