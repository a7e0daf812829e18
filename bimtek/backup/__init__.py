"""Backups: one file holding a consistent snapshot of the database and the stored files, and its restore."""
