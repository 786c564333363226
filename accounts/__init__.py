"""Users, registration and JWT authentication."""
