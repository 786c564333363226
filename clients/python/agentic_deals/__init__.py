"""Agentic Deals' Python client: `Client` over the generated API (agentic_deals_api), and one
exception class per error code (agentic_deals.errors)."""

from agentic_deals import errors
from agentic_deals.client import Client, error_for
from agentic_deals.errors import ApiError

__all__ = ["ApiError", "Client", "error_for", "errors"]
