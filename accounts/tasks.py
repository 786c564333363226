"""Periodic pruning of sign-in sessions that ended long ago."""

from celery import shared_task

from accounts.sessions import sign_in_sessions_prune


@shared_task(name="accounts.prune_sign_in_sessions")
def prune_sign_in_sessions() -> int:
    return sign_in_sessions_prune()
