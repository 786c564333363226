"""Periodic purge of idempotency records past their 24-hour retention."""

from celery import shared_task

from idempotency.services import idempotency_records_purge


@shared_task(name="idempotency.purge_expired")
def purge_expired_idempotency_records() -> int:
    return idempotency_records_purge()
