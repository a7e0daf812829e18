"""The training cascade: bimtek sessions, attendance, their paperwork and who trained whom."""
