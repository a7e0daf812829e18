"""A hand-built kecamatan for the report tests: who did what is written out here, the expected counts in the tests.

Kecamatan Kerkap (17.03.06) of the `world` fixture, with the shipped courses:
- Talang Jambu (DESA): PPS Bambang (Hadir only), Sekretariat Agus, Pantarlih Sri (TPS 1: every
  Prosedur Coklit lesson, 2 of 5 Sidalih lessons, Prosedur Coklit quiz failed) and Pantarlih
  Rina (TPS 2: everything done: lessons, both quizzes, Hadir, both certificates). TPS list:
  001 300 voters, 002 450 voters (2 Pantarlih in a Pilkada), 003 200 voters.
- Tebat Pacur (OTHER_DESA): PPS Dewi and Pantarlih Paiman, nothing done.
- Every other desa of Kerkap: nobody registered.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bimtek.certificates.models import Certificate
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.extensions import db
from bimtek.officers.models import Person, Position, Role
from bimtek.quizzes.models import Attempt, AttemptStatus
from bimtek.reports.models import Tps
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession
from tests.courses.conftest import sync_shipped_content
from tests.factories import DESA, World, assign, make_person

_codes = itertools.count(1)
MOMENT = datetime(2024, 6, 20, 3, 0, tzinfo=UTC)  # Kamis, 20 Juni 2024 10.00 WIB


def lessons_of(slug: str) -> list[Lesson]:
    return list(db.session.scalars(
        select(Lesson).join(Course).where(Course.slug == slug, Lesson.is_retired.is_(False)).order_by(Lesson.order)
    ))


def course(slug: str) -> Course:
    return db.session.scalar(select(Course).where(Course.slug == slug))


def read_lessons(person: Person, election, slug: str, count: int | None = None, at: datetime = MOMENT) -> None:
    for lesson in lessons_of(slug)[:count]:
        db.session.add(LessonProgress(person_id=person.id, election_id=election.id, lesson_id=lesson.id, completed_at=at))


def take_quiz(person: Person, election, slug: str, passed: bool, number: int = 1, at: datetime = MOMENT) -> None:
    db.session.add(Attempt(person_id=person.id, election_id=election.id, course_id=course(slug).id, number=number,
                           status=AttemptStatus.FINISHED, question_count=10, started_at=at - timedelta(minutes=20),
                           finished_at=at, score=85.0 if passed else 40.0, passed=passed, rules={}, questions=[]))


def mark_hadir(person: Person, election, region: str, at: datetime = MOMENT) -> None:
    session = TrainingSession(election_id=election.id, region_code=region, title="Bimtek Pantarlih", starts_at=at,
                              ends_at=at + timedelta(hours=3), place="Balai Desa", course_slugs=[])
    db.session.add(session)
    db.session.flush()
    db.session.add(Attendance(session_id=session.id, person_id=person.id, status=AttendanceStatus.HADIR,
                              method="daftar", marked_at=at))


def certify(person: Person, election, slug: str, role: Role, region: str, at: datetime = MOMENT) -> Certificate:
    certificate = Certificate(code=f"UJI{next(_codes):08d}", number="1/BIMTEK", person_id=person.id,
                              election_id=election.id, course_id=course(slug).id, full_name=person.full_name,
                              role=role.value, region_code=region, issued_at=at)
    db.session.add(certificate)
    return certificate


@dataclass
class Kerkap:
    world: World
    rina: Person


@pytest.fixture
def kerkap(world: World) -> Kerkap:
    sync_shipped_content()
    election = world.election
    rina = make_person("Rina Lestari", username="rina", phone="+6281234500002")
    assign(rina, election, Role.PANTARLIH, DESA, position=Position.ANGGOTA, tps=2)
    world.pantarlih.phone = "+6281234500001"
    # Sri: all of Prosedur Coklit, 2 of 5 Sidalih lessons, the Prosedur Coklit quiz failed.
    read_lessons(world.pantarlih, election, "prosedur-coklit")
    read_lessons(world.pantarlih, election, "sidalih-ecoklit", 2)
    take_quiz(world.pantarlih, election, "prosedur-coklit", passed=False)
    # Rina: everything, finished on Jumat, 21 Juni 2024.
    finished = MOMENT + timedelta(days=1)
    for slug in ("prosedur-coklit", "sidalih-ecoklit"):
        read_lessons(rina, election, slug)
        take_quiz(rina, election, slug, passed=True)
        certify(rina, election, slug, Role.PANTARLIH, DESA, at=finished)
    mark_hadir(rina, election, DESA)
    # Bambang (PPS): Hadir only.
    mark_hadir(world.pps, election, DESA)
    for number, voters in ((1, 300), (2, 450), (3, 200)):
        db.session.add(Tps(election_id=election.id, region_code=DESA, number=number, voters=voters))
    db.session.commit()
    return Kerkap(world, rina)
