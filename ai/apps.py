"""App config for AI analysis: what it tells lower layers, registered here since they may not
import it (a deal's deletion releases its analyses' holds; a list of deals shows each one's latest
verdict; the queue's state goes to /metrics)."""

from django.apps import AppConfig
from django.core import checks


class AiConfig(AppConfig):
    name = "ai"
    verbose_name = "AI analysis"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ai.checks import check_visibility_timeout
        from ai.metrics import AnalysisQueueCollector
        from ai.services import analyses_release, with_latest_verdict
        from deals.services import on_deal_delete, on_deal_list
        from monitoring.metrics import register_scrape_collector

        checks.register(check_visibility_timeout)
        register_scrape_collector(AnalysisQueueCollector())
        on_deal_delete(lambda deal: analyses_release(deal=deal))
        on_deal_list(with_latest_verdict)
