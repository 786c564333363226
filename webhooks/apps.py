"""App config for webhooks: events pushed to the endpoints users register, signed, retried."""

from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from monitoring.metrics import register_scrape_collector
        from webhooks.events import on_delivery_due
        from webhooks.metrics import DeliveryBacklogCollector
        from webhooks.tasks import send_soon

        on_delivery_due(send_soon)
        register_scrape_collector(DeliveryBacklogCollector())
