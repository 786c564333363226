"""App config: connects the Celery signals that carry request ids into tasks."""

from django.apps import AppConfig


class ErrorsConfig(AppConfig):
    name = "errors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from errors import tasks

        tasks.connect_signals()
