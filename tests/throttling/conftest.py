"""Shared by the rate-limit tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone


@pytest.fixture(autouse=True)
def frozen_clock() -> Any:
    """Fixed windows: a burst that straddled a window boundary would be counted in two."""
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(minutes=5, seconds=1)
    with time_machine.travel(start, tick=False) as clock:
        yield clock
