"""App config for rate limiting."""

from django.apps import AppConfig


class ThrottlingConfig(AppConfig):
    name = "throttling"
