"""The Celery application: the broker and pool from Django settings (CELERY_ namespace), and how
tasks are delivered and scheduled, which no environment changes."""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    # A message is acknowledged when its task ends: one whose worker died is delivered again.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    beat_schedule={
        "sweep-stuck-analyses": {"task": "ai.sweep_stuck_analyses", "schedule": 60.0},
        "write-pending-error-events": {
            "task": "monitoring.write_pending_error_events",
            "schedule": 60.0,
        },
        "purge-idempotency-records": {"task": "idempotency.purge_expired", "schedule": 3600.0},
        "prune-error-events": {"task": "monitoring.prune_error_events", "schedule": 3600.0},
        "prune-sign-in-sessions": {"task": "accounts.prune_sign_in_sessions", "schedule": 3600.0},
        "reconcile-ledger": {"task": "tokens.reconcile", "schedule": 3600.0},
        "prune-llm-attempts": {"task": "ai.prune_llm_attempts", "schedule": 3600.0},
        "send-due-webhooks": {"task": "webhooks.send_due", "schedule": 5.0},
        "prune-webhook-events": {"task": "webhooks.prune_events", "schedule": 3600.0},
    },
)
app.autodiscover_tasks()


@setup_logging.connect
def keep_django_logging(**kwargs: Any) -> None:
    """Workers log exactly as the web does: Django's LOGGING (JSON lines, redaction) stays."""


@worker_init.connect
def patient_database_pool(**kwargs: Any) -> None:
    """A worker's threads (CELERY_WORKER_CONCURRENCY) share DATABASE_POOL_MAX_SIZE connections:
    when a burst of answers arrives together, they queue for one, and a run that gave up would
    be taken over by the sweep minutes later. So a worker waits up to
    WORKER_DATABASE_POOL_TIMEOUT_SECONDS, where a web request gives up after
    DATABASE_POOL_TIMEOUT_SECONDS and answers 503. Set before the pool first opens: nothing in a
    worker queries the database before it starts."""
    from django.conf import settings

    pool = settings.DATABASES["default"].get("OPTIONS", {}).get("pool")
    if isinstance(pool, dict):
        pool["timeout"] = settings.WORKER_DATABASE_POOL_TIMEOUT_SECONDS
