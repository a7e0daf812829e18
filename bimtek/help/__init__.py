"""Bantuan: a short guide per role (what to do in what order, how to read each screen) and whom to ask."""
