"""Idempotency-Key support for unsafe endpoints: a repeat replays, it never acts twice."""
