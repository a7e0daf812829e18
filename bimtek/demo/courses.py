"""Demo activity for courses: some officers outside the five demo log-ins have read a few lessons."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from bimtek import clock
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.demo.operations import CONCONG, DEMO_LOGINS, KABUPATEN, DemoContext
from bimtek.extensions import db
from bimtek.officers.models import Role


def seed(context: DemoContext) -> None:
    """Give half of Concong's Pantarlih and a few PPS in Bengkulu Utara progress (idempotent)."""
    courses = {c.slug: c for c in db.session.scalars(select(Course).where(Course.is_retired.is_(False)))}
    if not courses:
        return
    lessons = {
        slug: list(db.session.scalars(
            select(Lesson).where(Lesson.course_id == course.id, Lesson.is_retired.is_(False)).order_by(Lesson.order)
        ))
        for slug, course in courses.items()
    }
    demo_people = {context.people[username].id for username, _ in DEMO_LOGINS if username in context.people}
    existing = {
        (person_id, lesson_id) for person_id, lesson_id in db.session.execute(
            select(LessonProgress.person_id, LessonProgress.lesson_id)
            .where(LessonProgress.election_id == context.election.id)
        )
    }
    now = clock.now()

    def finish(person_id: int, slug: str, most: int) -> None:
        # Seeded per person and course, so a second run draws the same and adds nothing.
        rng = random.Random(f"{person_id}:{slug}")
        count = rng.randint(1, most)
        for lesson in lessons.get(slug, [])[:count]:
            hours = rng.randint(1, 72)
            if person_id in demo_people or (person_id, lesson.id) in existing:
                continue
            existing.add((person_id, lesson.id))
            db.session.add(LessonProgress(person_id=person_id, election_id=context.election.id, lesson_id=lesson.id,
                                          completed_at=now - timedelta(hours=hours)))

    for index, assignment in enumerate(context.officers(Role.PANTARLIH, CONCONG)):
        if index % 2:
            continue
        finish(assignment.person_id, "prosedur-coklit", 6)
        if index % 4 == 0:
            finish(assignment.person_id, "sidalih-ecoklit", 3)
    for index, assignment in enumerate(context.officers(Role.PPS, KABUPATEN)):
        if index % 5 == 0:
            finish(assignment.person_id, "bimtek-supervisi-pantarlih", 4)
    db.session.flush()
