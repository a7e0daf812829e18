"""Certificates: completions recorded when a course's rules are met, PDFs, public verification."""
