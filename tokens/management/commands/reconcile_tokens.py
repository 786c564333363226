"""Check token balances against their ledger; exit non-zero on any drift."""

import time
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.dateparse import parse_datetime

from tokens.models import TokenAccount
from tokens.selectors import RECONCILIATION_KEY, accounts_changed_since, ledger_drift


class Command(BaseCommand):
    help = (
        "Reconcile token accounts with their ledger and open holds (all of them, one, or those "
        "changed since a time); non-zero exit on drift."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--account", type=int, help="only this token account's id")
        parser.add_argument(
            "--since", help="only accounts changed since this ISO 8601 time, e.g. 2026-12-01T00:00Z"
        )

    def handle(self, *args: object, **options: Any) -> None:
        ids = self._selected(options)
        drifts = ledger_drift(ids)
        if ids is None:  # a whole reconciliation is what /metrics reports
            cache.set(RECONCILIATION_KEY, {"drifted": len(drifts), "checked_at": time.time()}, None)
        for drift in drifts:
            self.stderr.write(str(drift))
        if drifts:
            raise CommandError(f"{len(drifts)} drift(s) found.")
        checked = TokenAccount.objects.count() if ids is None else len(ids)
        self.stdout.write(f"{checked} account(s) reconciled, no drift.")

    def _selected(self, options: dict[str, Any]) -> list[int] | None:
        if options.get("account") is not None:
            if not TokenAccount.objects.filter(pk=options["account"]).exists():
                raise CommandError(f"No token account {options['account']}.")
            return [options["account"]]
        if options.get("since"):
            since = parse_datetime(options["since"].replace("Z", "+00:00"))
            if since is None or since.tzinfo is None:
                raise CommandError("--since takes an ISO 8601 time with its zone, e.g. ...Z.")
            return accounts_changed_since(since)
        return None
