"""App config: connects the signal receivers of the error-handling core."""

from django.apps import AppConfig


class ErrorsConfig(AppConfig):
    name = "errors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from errors import handlers, tasks

        handlers.connect_signals()
        tasks.connect_signals()
