"""Periodic release of holds past their time to live."""

from celery import shared_task

from tokens.services import tokens_expire_holds


@shared_task(name="tokens.release_expired_holds")
def release_expired_holds() -> int:
    return tokens_expire_holds()
