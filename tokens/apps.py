"""App config for the token ledger: its reconciliation is reported on /metrics."""

from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "tokens"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Tokens"

    def ready(self) -> None:
        from monitoring.metrics import register_scrape_collector
        from tokens.metrics import ReconciliationCollector

        register_scrape_collector(ReconciliationCollector())
