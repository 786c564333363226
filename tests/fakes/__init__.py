"""Real in-process servers that stand in for third-party services in tests."""
