"""The token ledger: balances, holds and an append-only record of every change."""
