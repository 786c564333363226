"""Periodic release of holds past their time to live."""

from celery import shared_task

from tokens.selectors import reconciliation_record
from tokens.services import tokens_expire_holds


@shared_task(name="tokens.release_expired_holds")
def release_expired_holds() -> int:
    return tokens_expire_holds()


@shared_task(name="tokens.reconcile")
def reconcile() -> int:
    """The ledger against every balance; the result is kept for /metrics (an alert on drift)."""
    return reconciliation_record()
