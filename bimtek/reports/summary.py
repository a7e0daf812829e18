"""Keeping the dashboards' summary current: report_officer_progress (one row per officer) and its
roll-up report_region_progress (one row per region code and role), so a province sums a few
thousand rows instead of joining every officer's facts.

What changes an officer's progress is collected during the transaction — the ORM objects
flushed (lesson progress, attempts, attendance, certificates, completions, assignments) and the
signals lower features send (lesson_completed, quiz_finished, attendance_changed) — and the
people touched are recomputed with reports.queries.officer_flags just before the commit, in
the same transaction (nothing commits here). Editing course content (a Course or Lesson row)
rebuilds every built election's summary in that commit. An election whose summary was never
built, or was built against other course requirements, is read live until rebuilt by batch work
(`flask reports refresh`, `flask content sync`, the demo seed, or any command that touches one of
its officers); web requests only refresh the people they touched in a summary already built.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

from flask import has_request_context
from sqlalchemy import Integer, delete, event, func, insert, literal, select, text
from sqlalchemy.orm import Session

from bimtek import clock, signals
from bimtek.certificates.models import Certificate, CourseCompletion
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.officers.models import Assignment
from bimtek.quizzes.models import Attempt
from bimtek.reports.models import OfficerProgress, RegionProgress, SummaryState, Tps
from bimtek.reports.queries import Needs, course_needs, expected_pantarlih, needs_signature, officer_flags
from bimtek.training.models import Attendance

DIRTY_KEY = "report_dirty_people"
CONTENT_KEY = "report_content_changed"
TPS_KEY = "report_dirty_tps"
TRACKED = (LessonProgress, Attempt, Attendance, Certificate, CourseCompletion, Assignment)
CHUNK = 500
SUMMARY_COLUMNS = ["assignment_id", "person_id", "role", "region_code", "tps", "lessons_ok", "quiz_ok", "trained",
                   "certified", "finished", "hadir"]


def _insert_flags(election_id: int, needs: Needs, extra=()) -> None:
    flags = officer_flags(election_id, "", needs, extra=extra).subquery("fresh")
    columns = [flags.c[name] for name in SUMMARY_COLUMNS]
    db.session.execute(
        insert(OfficerProgress).from_select(
            ["election_id", *SUMMARY_COLUMNS], select(literal(election_id, Integer), *columns)
        )
    )


def refresh_regions(election_id: int, codes: Iterable[str] | None = None) -> None:
    """Recompute the roll-up rows of some region codes (all with None) from the officer rows and the TPS lists."""
    election = db.session.get(Election, election_id)
    code_list = None if codes is None else sorted(set(codes))
    chunks = [None] if code_list is None else [code_list[i:i + CHUNK] for i in range(0, len(code_list), CHUNK)]
    for chunk in chunks:
        if chunk == []:
            continue
        officer_filter = [OfficerProgress.election_id == election_id]
        tps_filter = [Tps.election_id == election_id]
        region_filter = [RegionProgress.election_id == election_id]
        if chunk is not None:
            officer_filter.append(OfficerProgress.region_code.in_(chunk))
            tps_filter.append(Tps.region_code.in_(chunk))
            region_filter.append(RegionProgress.region_code.in_(chunk))
        db.session.execute(delete(RegionProgress).where(*region_filter))
        rows: dict[tuple[str, str], dict] = {}
        for code, role, registered, learners, lessons, quiz, trained, certified, finished in db.session.execute(
            select(OfficerProgress.region_code, OfficerProgress.role, func.count(), func.count(OfficerProgress.finished),
                   *[func.coalesce(func.sum(column), 0) for column in (
                       OfficerProgress.lessons_ok, OfficerProgress.quiz_ok, OfficerProgress.trained,
                       OfficerProgress.certified, OfficerProgress.finished)])
            .where(*officer_filter).group_by(OfficerProgress.region_code, OfficerProgress.role)
        ):
            rows[(code, role)] = {
                "election_id": election_id, "region_code": code, "role": role, "registered": registered,
                "learners": learners, "lessons": int(lessons), "quiz": int(quiz), "trained": int(trained),
                "certified": int(certified), "finished": int(finished), "tps": 0, "pantarlih_expected": 0,
            }
        for code, count, expected in db.session.execute(
            select(Tps.region_code, func.count(Tps.id), func.sum(expected_pantarlih(election)))
            .where(*tps_filter).group_by(Tps.region_code)
        ):
            row = rows.setdefault((code, "pantarlih"), {
                "election_id": election_id, "region_code": code, "role": "pantarlih", "registered": 0, "learners": 0,
                "lessons": 0, "quiz": 0, "trained": 0, "certified": 0, "finished": 0,
            })
            row["tps"], row["pantarlih_expected"] = count, int(expected)
        if rows:
            db.session.execute(insert(RegionProgress), list(rows.values()))


def rebuild_summary(election_id: int, needs: Needs | None = None) -> None:
    """Recompute the whole summary of an election (officer rows by INSERT ... SELECT, then the roll-up)."""
    needs = needs or course_needs()
    db.session.execute(delete(OfficerProgress).where(OfficerProgress.election_id == election_id))
    _insert_flags(election_id, needs)
    refresh_regions(election_id)
    state = db.session.get(SummaryState, election_id)
    if state is None:
        db.session.add(SummaryState(election_id=election_id, signature=needs_signature(needs)))
    else:
        state.signature, state.built_at = needs_signature(needs), clock.now()
    db.session.flush()


def refresh_people(election_id: int, person_ids: Iterable[int], needs: Needs) -> None:
    """Recompute the summary rows of some people in an election, and the roll-up of their regions (old and new)."""
    ids = sorted(set(person_ids))
    codes: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        mine = (OfficerProgress.election_id == election_id, OfficerProgress.person_id.in_(chunk))
        codes.update(db.session.scalars(select(OfficerProgress.region_code).where(*mine)))
        db.session.execute(delete(OfficerProgress).where(*mine))
        _insert_flags(election_id, needs, extra=(Assignment.person_id.in_(chunk),))
        codes.update(db.session.scalars(select(OfficerProgress.region_code).where(*mine)))
    if codes:
        refresh_regions(election_id, codes)


def is_built(election_id: int) -> bool:
    return db.session.get(SummaryState, election_id) is not None


def mark_people(person_ids: Iterable[int | None]) -> None:
    """Note people whose progress changed in this transaction (refreshed before the commit)."""
    dirty = db.session.info.setdefault(DIRTY_KEY, set())
    dirty.update(person_id for person_id in person_ids if person_id is not None)


def _on_person_signal(_sender=None, **kwargs) -> None:
    mark_people([kwargs.get("person_id")])


def _on_attendance_signal(_sender=None, **kwargs) -> None:
    mark_people(kwargs.get("person_ids") or ())


signals.lesson_completed.connect(_on_person_signal, weak=False)
signals.quiz_finished.connect(_on_person_signal, weak=False)
signals.case_finished.connect(_on_person_signal, weak=False)
signals.attendance_changed.connect(_on_attendance_signal, weak=False)
signals.assignments_written.connect(_on_attendance_signal, weak=False)


@event.listens_for(Session, "after_flush")
def _collect(session: Session, _flush_context) -> None:
    dirty = session.info.setdefault(DIRTY_KEY, set())
    for instance in chain(session.new, session.dirty, session.deleted):
        if isinstance(instance, TRACKED):
            person_id = instance.__dict__.get("person_id")
            if person_id is not None:
                dirty.add(person_id)
        elif isinstance(instance, (Course, Lesson)):
            session.info[CONTENT_KEY] = True
        elif isinstance(instance, Tps):
            session.info.setdefault(TPS_KEY, set()).add((instance.election_id, instance.region_code))


@event.listens_for(Session, "before_commit")
def _refresh_before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # before_commit runs before the commit's own flush: collect what it would write
    if not (session.info.get(DIRTY_KEY) or session.info.get(CONTENT_KEY) or session.info.get(TPS_KEY)):
        return
    if session is not db.session() or session.in_nested_transaction():
        return  # a savepoint's release is not the commit: the outer commit refreshes
    _lock_summary(session)
    for _round in range(3):  # the refresh flushes nothing tracked, but be sure it settles
        session.flush()
        dirty = session.info.pop(DIRTY_KEY, set())
        content_changed = session.info.pop(CONTENT_KEY, False)
        tps = session.info.pop(TPS_KEY, set())
        if not dirty and not content_changed and not tps:
            break
        needs = course_needs()
        signature = needs_signature(needs)
        built = dict(session.execute(select(SummaryState.election_id, SummaryState.signature)).all())
        touched = set()
        if dirty:
            ids = sorted(dirty)
            for start in range(0, len(ids), CHUNK):
                touched.update(session.scalars(
                    select(Assignment.election_id).where(Assignment.person_id.in_(ids[start:start + CHUNK])).distinct()
                ))
        for election_id in sorted(set(built) | touched):
            if built.get(election_id) != signature:
                # A whole election's rebuild is batch work (content sync, `flask reports refresh`,
                # the demo seed): a learner's request must not carry it, nor serialise on it.
                if not has_request_context():
                    rebuild_summary(election_id, needs)
                continue
            if dirty:
                refresh_people(election_id, dirty, needs)
            codes = {code for tps_election, code in tps if tps_election == election_id}
            if codes:
                refresh_regions(election_id, codes)
    for key in (DIRTY_KEY, CONTENT_KEY, TPS_KEY):
        session.info.pop(key, None)


# Any 64-bit number of our own: the advisory lock that serialises summary refreshes on PostgreSQL.
_SUMMARY_LOCK = 0x42494D54454B  # "BIMTEK"


def _lock_summary(session: Session) -> None:
    """Serialise the summary refresh of concurrent transactions until they commit.

    Two requests refreshing the same officer (one learner on two devices) or the same region's
    roll-up would otherwise both delete and re-insert its row, and one would fail on the primary
    key or write counts that miss the other's change. The lock is taken only by transactions that
    changed someone's progress, held for the few statements of the refresh and the commit, and
    released by the commit (SQLite already lets one writer commit at a time).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _SUMMARY_LOCK})


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    for key in (DIRTY_KEY, CONTENT_KEY, TPS_KEY):
        session.info.pop(key, None)
