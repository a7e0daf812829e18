"""Log-in, log-out, passwords and one-time passwords."""
