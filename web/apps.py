"""App config for the web pages: the support address they show is checked at start."""

from django.apps import AppConfig
from django.core import checks


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Web pages"

    def ready(self) -> None:
        from web.checks import check_support_email

        checks.register(check_support_email)
