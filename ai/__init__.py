"""AI deal analysis: providers, the LLM chain (retries, fallback, breaker, validation), jobs."""
