"""App config for AI analysis."""

from django.apps import AppConfig


class AiConfig(AppConfig):
    name = "ai"
    verbose_name = "AI analysis"
    default_auto_field = "django.db.models.BigAutoField"
