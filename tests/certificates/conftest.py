"""Certificate fixtures: the shipped courses synced, and learners who earn a course through the real paths."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.courses.models import Course, Lesson
from bimtek.courses.operations import complete_lesson, sync_content
from bimtek.config import PROJECT_ROOT
from bimtek.extensions import db
from bimtek.officers.models import Person
from bimtek.demo.quizzes import take_quiz
from tests.factories import World


def earn(person: Person, election_id: int, course: Course, *, lessons: bool = True, quiz: bool = True) -> None:
    """Finish every lesson and pass the quiz the way a learner does (through the operations and signals)."""
    if lessons:
        for lesson in db.session.scalars(select(Lesson).where(Lesson.course_id == course.id,
                                                              Lesson.is_retired.is_(False)).order_by(Lesson.order)):
            complete_lesson(person.id, election_id, lesson)
    if quiz:
        attempt = take_quiz(course, person.id, election_id, 1.0, random.Random(7))
        db.session.refresh(attempt)
        assert attempt.passed
    db.session.commit()


def certificate_of(person: Person, course: Course) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(
        Certificate.person_id == person.id, Certificate.course_id == course.id,
        Certificate.status != CertificateStatus.REPLACED))


@pytest.fixture
def courses(app) -> dict[str, Course]:
    sync_content(PROJECT_ROOT / "course_content")
    db.session.commit()
    return {course.slug: course for course in db.session.scalars(select(Course))}


@pytest.fixture
def coklit(courses) -> Course:
    return courses["prosedur-coklit"]


@pytest.fixture
def issued(world: World, coklit: Course) -> Certificate:
    """Sri Wahyuni (Pantarlih TPS 001, Talang Jambu) has earned Prosedur Coklit."""
    earn(world.pantarlih, world.election.id, coklit)
    certificate = certificate_of(world.pantarlih, coklit)
    assert certificate is not None
    return certificate


def decode_qr(pdf: bytes, tmp_path: Path) -> list[str]:
    """Rasterise the PDF's first page with Ghostscript and decode its QR codes with zbarimg (Debian packages)."""
    for tool in ("gs", "zbarimg"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            pytest.fail(f"{tool} is missing: run `make test` as root (installs ghostscript and zbar-tools)")
    source, image = tmp_path / "qr.pdf", tmp_path / "qr.png"
    source.write_bytes(pdf)
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r150", "-dFirstPage=1",
                    "-dLastPage=1", f"-sOutputFile={image}", str(source)], check=True, timeout=60)
    result = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, timeout=60)
    return [line for line in result.stdout.splitlines() if line]


def grant(person: Person, election_id: int, course: Course) -> Certificate:
    """Record the completion and issue the certificate directly (for tests about printing, not earning)."""
    from bimtek.certificates.operations import _new_certificate, certificate_assignment, record_completion

    completion = record_completion(person.id, election_id, course)
    certificate = _new_certificate(person, certificate_assignment(person.id, election_id, course), course,
                                   completion.id, election_id)
    db.session.commit()
    return certificate
