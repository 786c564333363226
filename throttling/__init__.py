"""Rate limits with atomic shared counters, DRF throttles on top, and honest 429s."""
