"""Completion is recorded when a course's rules are met, and the certificate is issued then, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.certificates import codes
from bimtek.certificates.models import Certificate, CertificateSettings, CourseCompletion
from bimtek.certificates.operations import evaluate
from bimtek.courses.models import Lesson
from bimtek.extensions import db
from bimtek.training.models import AttendanceStatus
from bimtek.training.operations import mark_attendance
from tests.certificates.conftest import certificate_of, earn
from tests.factories import World
from tests.training.conftest import schedule


def test_certificate_is_issued_the_moment_the_quiz_is_passed(world: World, coklit):
    earn(world.pantarlih, world.election.id, coklit, quiz=False)
    assert certificate_of(world.pantarlih, coklit) is None
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 0
    earn(world.pantarlih, world.election.id, coklit, lessons=False)
    certificate = certificate_of(world.pantarlih, coklit)
    assert certificate is not None
    assert certificate.full_name == "Sri Wahyuni"
    assert certificate.role == "Pantarlih TPS 001"
    assert certificate.region_code == "17.03.06.2001"
    assert certificate.status.value == "valid"
    assert codes.shape(certificate.code) is codes.CodeShape.WELL_FORMED
    assert certificate.number == f"0001/PP.04-SD/1703/{clock.today().year}"
    completion = db.session.get(CourseCompletion, certificate.completion_id)
    assert completion.content_hash == coklit.content_hash and len(completion.content_hash) == 64
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "certificates.issue"))
    assert event.subject_id == world.pantarlih.id and event.details["code"] == certificate.code


def test_quiz_alone_or_lessons_alone_earn_nothing(world: World, coklit):
    earn(world.pantarlih, world.election.id, coklit, lessons=False)
    earn(world.other_pantarlih, world.election.id, coklit, quiz=False)
    assert db.session.scalar(select(func.count(Certificate.id))) == 0


def test_never_twice_and_numbers_follow_on(world: World, coklit):
    earn(world.pantarlih, world.election.id, coklit)
    first = certificate_of(world.pantarlih, coklit)
    assert evaluate(world.pantarlih.id, world.election.id, coklit) is None
    earn(world.other_pantarlih, world.election.id, coklit)
    second = certificate_of(world.other_pantarlih, coklit)
    assert db.session.scalar(select(func.count(Certificate.id))) == 2
    year = clock.today().year
    assert (first.number, second.number) == (f"0001/PP.04-SD/1703/{year}", f"0002/PP.04-SD/1703/{year}")


def test_recorded_completion_survives_a_content_edit(world: World, coklit, runner):
    earn(world.pantarlih, world.election.id, coklit)
    # The course gains a lesson in place: the learner's recorded completion stands.
    coklit.lessons.append(Lesson(key="07-baru.md", title="Baru", order=7, body_markdown="x", body_html="<p>x</p>"))
    coklit.content_hash = "f" * 64
    db.session.commit()
    result = runner.invoke(args=["certificates", "issue-due"])
    assert result.exit_code == 0, result.output
    assert "0 sertifikat diterbitkan" in result.output
    assert db.session.scalar(select(func.count(Certificate.id))) == 1
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 1


def test_issue_due_issues_what_is_earned_but_missing_once(world: World, coklit, runner):
    from bimtek.certificates import receivers  # noqa: F401 - the receivers are connected at app start
    from bimtek import signals

    # Progress recorded while the receiver was not listening (e.g. before certificates existed).
    receivers_before = list(signals.quiz_finished.receivers)
    signals.quiz_finished.disconnect(receivers.on_quiz_finished)
    signals.lesson_completed.disconnect(receivers.on_lesson_completed)
    try:
        earn(world.pantarlih, world.election.id, coklit)
    finally:
        signals.quiz_finished.connect(receivers.on_quiz_finished)
        signals.lesson_completed.connect(receivers.on_lesson_completed)
    assert len(signals.quiz_finished.receivers) == len(receivers_before)
    assert certificate_of(world.pantarlih, coklit) is None
    first = runner.invoke(args=["certificates", "issue-due"])
    assert "1 sertifikat diterbitkan" in first.output
    again = runner.invoke(args=["certificates", "issue-due"])
    assert "0 sertifikat diterbitkan" in again.output
    assert db.session.scalar(select(func.count(Certificate.id))) == 1


def test_attendance_rule_issues_when_hadir_is_recorded_or_corrected(world: World, coklit):
    coklit.completion = {"lessons": "all", "quiz": True, "attendance": True}
    db.session.commit()
    session = schedule(world, world.pps, "17.03.06.2001")
    session.course_slugs = ["prosedur-coklit"]
    db.session.commit()
    earn(world.pantarlih, world.election.id, coklit)
    assert certificate_of(world.pantarlih, coklit) is None
    row = next(a for a in session.attendances if a.person_id == world.pantarlih.id)
    mark_attendance(session, row, AttendanceStatus.TANPA_KETERANGAN, actor_id=world.pps.id)
    db.session.commit()
    assert certificate_of(world.pantarlih, coklit) is None
    # The operator corrects the daftar hadir later: the certificate follows at once.
    mark_attendance(session, row, AttendanceStatus.HADIR, actor_id=world.pps.id)
    db.session.commit()
    assert certificate_of(world.pantarlih, coklit) is not None


def test_attendance_at_a_session_for_another_course_does_not_count(world: World, coklit):
    coklit.completion = {"lessons": "all", "quiz": True, "attendance": True}
    db.session.commit()
    session = schedule(world, world.pps, "17.03.06.2001")
    session.course_slugs = ["sidalih-ecoklit"]
    db.session.commit()
    earn(world.pantarlih, world.election.id, coklit)
    row = next(a for a in session.attendances if a.person_id == world.pantarlih.id)
    mark_attendance(session, row, AttendanceStatus.HADIR, actor_id=world.pps.id)
    db.session.commit()
    assert certificate_of(world.pantarlih, coklit) is None


def test_number_follows_the_kabupaten_letter_style(world: World, coklit, frozen_clock):
    db.session.add(CertificateSettings(region_code="17.03", number_format="{nomor}/SERT/{kode_wilayah}/{bulan}/{tahun}",
                                       signatory_name="", signatory_title=""))
    db.session.commit()
    earn(world.pantarlih, world.election.id, coklit)
    assert certificate_of(world.pantarlih, coklit).number == "0001/SERT/1703/VI/2024"


def test_unknown_completion_rule_never_completes(world: World, coklit):
    coklit.completion = {"lessons": "all", "quiz": True, "wawancara": 2}
    db.session.commit()
    earn(world.pantarlih, world.election.id, coklit)
    assert certificate_of(world.pantarlih, coklit) is None


def test_cli_lists_a_regions_certificates(world: World, coklit, runner):
    earn(world.pantarlih, world.election.id, coklit)
    earn(world.far_pantarlih, world.election.id, coklit)
    mine = certificate_of(world.pantarlih, coklit)
    result = runner.invoke(args=["certificates", "list", "17.03"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"{codes.display(mine.code)} valid | Sri Wahyuni | Prosedur Coklit"]
    assert len(codes.display(mine.code)) == 14 and codes.display(mine.code).count("-") == 2
    other = runner.invoke(args=["certificates", "list", "14.04.18", "--election", world.election.slug])
    assert other.output.count(" valid | Juminten | Prosedur Coklit") == 1
    unknown = runner.invoke(args=["certificates", "list", "17.03", "--election", "tidak-ada"])
    assert unknown.exit_code != 0 and "tidak ditemukan" in unknown.output


def test_learner_without_assignment_gets_completion_but_no_certificate(world: World, coklit):
    for assignment in world.pantarlih.assignments:
        assignment.ended_at = clock.now() - timedelta(days=1)
    db.session.commit()
    earn(world.pantarlih, world.election.id, coklit)
    assert certificate_of(world.pantarlih, coklit) is None
    assert db.session.scalar(select(func.count(CourseCompletion.id))) == 1
