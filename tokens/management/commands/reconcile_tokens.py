"""Check every token balance against its ledger; exit non-zero on any drift."""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from tokens.models import TokenAccount
from tokens.selectors import RECONCILIATION_KEY, ledger_drift


class Command(BaseCommand):
    help = "Reconcile every token account with its ledger and open holds; non-zero exit on drift."

    def handle(self, *args: object, **options: object) -> None:
        drifts = ledger_drift()
        cache.set(RECONCILIATION_KEY, {"drifted": len(drifts), "checked_at": time.time()}, None)
        for drift in drifts:
            self.stderr.write(str(drift))
        if drifts:
            raise CommandError(f"{len(drifts)} drift(s) found.")
        self.stdout.write(f"{TokenAccount.objects.count()} account(s) reconciled, no drift.")
