"""Two requests earning the same certificate at once on PostgreSQL issue it exactly once."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select

from bimtek.certificates import operations
from bimtek.certificates.models import Certificate, CertificateCounter, CourseCompletion
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.courses.operations import sync_content
from bimtek.config import PROJECT_ROOT
from bimtek.extensions import db
from bimtek.officers.models import Role
from tests.factories import DESA, PASSWORD, assign, make_election, make_person
from tests.quizzes.test_finish_race import pg_app  # noqa: F401 - the PostgreSQL app fixture


@pytest.mark.postgres
def test_two_concurrent_requests_issue_one_certificate(pg_app, monkeypatch):  # noqa: F811
    assert db.engine.dialect.name == "postgresql"
    election = make_election()
    learner = make_person("Sri Wahyuni", username="sri")
    assign(learner, election, Role.PANTARLIH, DESA, tps=1)
    db.session.commit()
    sync_content(PROJECT_ROOT / "course_content")
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "prosedur-coklit"))
    lessons = [lesson.key for lesson in db.session.scalars(
        select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.order))]

    checked: list[int] = []

    def slow_has_earned(course, person_id, election_id) -> bool:
        # Both requests pass the rule check before either writes: only the database can keep it to one.
        checked.append(person_id)
        time.sleep(0.4)
        return True

    monkeypatch.setattr(operations, "has_earned", slow_has_earned)
    clients = [pg_app.test_client() for _ in range(2)]
    for client in clients:
        assert client.post("/login", data={"username": "sri", "password": PASSWORD}).status_code == 302

    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def finish(client, key: str) -> None:
        barrier.wait()
        statuses.append(client.post(f"/kursus/prosedur-coklit/{key}/selesai").status_code)

    # Two devices mark two different lessons done at the same moment; each request asks for the certificate.
    threads = [threading.Thread(target=finish, args=(client, key)) for client, key in zip(clients, lessons[:2])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [302, 302]
    assert len(checked) == 2
    db.session.expire_all()
    # Both lessons are kept: the dashboards' summary refresh must not make one request lose its write.
    assert db.session.scalar(select(func.count(LessonProgress.id)).where(LessonProgress.person_id == learner.id)) == 2
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 1
    assert db.session.scalar(select(func.count(Certificate.id))) == 1
    assert db.session.scalar(select(CertificateCounter.last_number)) == 1
    db.session.commit()
