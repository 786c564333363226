"""The Django admin as the support desk: its site, its group, and actions guarded by permission."""
