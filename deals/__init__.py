"""Deals: products with prices that a user watches and asks the AI about."""
