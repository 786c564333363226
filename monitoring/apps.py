"""App config for monitoring: Sentry starts with the app registry, in web and worker alike."""

from django.apps import AppConfig
from django.conf import settings


class MonitoringConfig(AppConfig):
    name = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Before a Celery worker imports its consumer, whose tracer Sentry's integration wraps.
        if settings.SENTRY_DSN:
            from monitoring.sentry import init_sentry

            init_sentry(settings.SENTRY_DSN, environment=settings.SENTRY_ENVIRONMENT)
