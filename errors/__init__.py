"""The error-handling core: error classes and catalogue, handlers, request ids and JSON logs."""
