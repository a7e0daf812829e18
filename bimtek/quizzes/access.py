"""What the quizzes plug into the layers below them at app start-up."""

from __future__ import annotations

from bimtek.quizzes import course_part


def register() -> None:
    """Register the quiz part of courses."""
    course_part.register()
