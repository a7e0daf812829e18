"""Who did what to whom, and when."""
