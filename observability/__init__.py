"""Observability: the request context (request id, user, client address), JSON log lines with
secrets redacted, the access line of every request, and request ids carried into tasks."""
