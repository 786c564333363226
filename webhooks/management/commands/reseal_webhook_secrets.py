"""Seal every webhook secret again under today's SECRET_KEY, so that older keys can leave
SECRET_KEY_FALLBACKS."""

from typing import Any

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from webhooks.models import WebhookEndpoint
from webhooks.secrets import secret_reseal


class Command(BaseCommand):
    help = (
        "Seal every webhook endpoint's secrets again under SECRET_KEY (run after moving the old "
        "key to SECRET_KEY_FALLBACKS; then the old key may go). Non-zero exit if one cannot open."
    )

    def handle(self, *args: object, **options: Any) -> None:
        resealed, unreadable = 0, []
        for pk in WebhookEndpoint.objects.order_by("pk").values_list("pk", flat=True):
            with transaction.atomic():  # a rotation meanwhile waits, and is not undone
                endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=pk).first()
                if endpoint is None:  # deleted meanwhile
                    continue
                try:
                    endpoint.secret = secret_reseal(endpoint.secret)
                    if endpoint.previous_secret:
                        endpoint.previous_secret = secret_reseal(endpoint.previous_secret)
                except InvalidToken:
                    unreadable.append(pk)
                    continue
                endpoint.save(update_fields=["secret", "previous_secret"])
                resealed += 1
        self.stdout.write(f"{resealed} endpoint(s) resealed under SECRET_KEY.")
        if unreadable:
            ids = ", ".join(map(str, unreadable))
            raise CommandError(
                f"{len(unreadable)} endpoint(s) sealed by no listed key (ids {ids}): "
                "add their key to SECRET_KEY_FALLBACKS and run again."
            )
