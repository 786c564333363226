"""Periodic reconciliation of every balance with its ledger."""

from celery import shared_task

from tokens.selectors import reconciliation_record


@shared_task(name="tokens.reconcile")
def reconcile() -> int:
    """The ledger against every balance; the result is kept for /metrics (an alert on drift)."""
    return reconciliation_record()
