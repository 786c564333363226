"""The error core: every error code and its class, one translation from any exception, one
renderer, and the hooks where exceptions enter."""
