"""Demo certificates: Pantarlih of Kecamatan Concong hold Prosedur Coklit certificates, one revoked, one replaced."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bimtek import clock
from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.certificates.operations import (
    _new_certificate,
    current_certificate,
    record_completion,
    reissue,
    revoke,
)
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.demo.operations import CONCONG, DEMO_LOGINS, DemoContext
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.scope import region_clause

HOLDERS = 8  # Concong Pantarlih who finished Prosedur Coklit
DEMO_USERNAMES = {username for username, _label in DEMO_LOGINS}


def seed(context: DemoContext) -> None:
    """Give Concong's first Pantarlih finished lessons, a completion and a certificate; revoke one, reissue one."""
    course = db.session.scalar(select(Course).where(Course.slug == "prosedur-coklit", Course.is_retired.is_(False)))
    if course is None:
        return
    election_id = context.election.id
    done_before = db.session.scalar(select(Certificate.id).where(
        Certificate.election_id == election_id, region_clause(Certificate.region_code, CONCONG),
        Certificate.status == CertificateStatus.REPLACED).limit(1))
    if done_before is not None:
        return
    lessons = list(db.session.scalars(select(Lesson).where(Lesson.course_id == course.id, Lesson.is_retired.is_(False))))
    holders = [a for a in context.officers(Role.PANTARLIH, CONCONG) if a.person.username not in DEMO_USERNAMES][:HOLDERS]
    issued: list[Certificate] = []
    for index, assignment in enumerate(holders):
        person = assignment.person
        finished = set(db.session.scalars(select(LessonProgress.lesson_id).where(
            LessonProgress.person_id == person.id, LessonProgress.election_id == election_id)))
        for lesson in lessons:
            if lesson.id not in finished:
                db.session.add(LessonProgress(person_id=person.id, election_id=election_id, lesson_id=lesson.id,
                                              completed_at=clock.now() - timedelta(days=2, hours=index)))
        db.session.flush()
        completion = record_completion(person.id, election_id, course)
        certificate = current_certificate(person.id, election_id, course.id) or _new_certificate(
            person, assignment, course, completion.id, election_id)
        issued.append(certificate)
    if len(issued) >= 3:
        revoke(issued[1], "Data ganda: petugas yang sama terdaftar dua kali (contoh data demo).", actor_id=None)
        # A name corrected after issuing: the certificate is reissued under a new code.
        person = issued[2].person
        person.full_name = f"{person.full_name} Saputri"[:200]  # the full name as on the KTP-el
        reissue(issued[2], actor_id=None)
    db.session.flush()
