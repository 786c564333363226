"""Operability: Prometheus metrics, recorded errors for support, Slack alerts, Sentry."""
