"""Gunicorn reads this file from the directory it starts in (the repository root)."""

# Answers gunicorn's own refusals (a request line or headers too large, a malformed request) in
# the error envelope. Another worker class would bring back gunicorn's HTML pages for those.
worker_class = "errors.server.EnvelopeSyncWorker"
