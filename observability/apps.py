"""App config: connects the Celery signals that carry request ids into tasks."""

from django.apps import AppConfig


class ObservabilityConfig(AppConfig):
    name = "observability"

    def ready(self) -> None:
        from observability import task_context

        task_context.connect_signals()
