"""The home page per role, and the health check."""
