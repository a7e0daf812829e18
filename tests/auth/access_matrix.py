"""Auth pages public on purpose: the "lupa kata sandi" form answers everyone alike (tests/auth/test_forgot.py)."""

PUBLIC_ENDPOINTS = {"auth.forgot_password"}
