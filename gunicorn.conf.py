"""Gunicorn reads this file from the directory it starts in (the repository root)."""

# Answers gunicorn's own refusals (a request line or headers too large, a malformed request) in
# the error envelope. Another worker class would bring back gunicorn's HTML pages for those.
# GUNICORN_THREADS above 1 picks the threaded worker (gunicorn's own --threads flag does not
# switch a named worker class).
import os

threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = (
    "errors.server.EnvelopeThreadWorker" if threads > 1 else "errors.server.EnvelopeSyncWorker"
)
