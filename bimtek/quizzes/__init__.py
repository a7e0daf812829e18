"""Quizzes: GIFT banks per course, server-graded attempts that survive a weak connection."""
