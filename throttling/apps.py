"""App config for rate limiting: its rates are checked when the project starts."""

from django.apps import AppConfig
from django.core import checks


class ThrottlingConfig(AppConfig):
    name = "throttling"

    def ready(self) -> None:
        from throttling.checks import check_rates

        checks.register(check_rates)
