"""Reads on bimtek: session lists, candidates and the roster (the kop is in documents.py, the cascade in cascade.py)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.regions.models import Region, RegionLevel, ancestor_at
from bimtek.roles import TRAINEES, TRAINERS
from bimtek.scope import Scope, region_clause
from bimtek.training.models import Attendance, AttendanceStatus, SessionTrainer, TrainingSession
from bimtek.training.access import invitable_roles, organiser_assignments

SESSION_PAGE_SIZE = 30
ROLE_ORDER = {role: order for order, role in enumerate(TRAINEES)}
POSITION_ORDER = {Position.KETUA: 0, Position.ANGGOTA: 1, Position.SEKRETARIS: 2, Position.STAF: 3}


# --- sessions ----------------------------------------------------------------------------------


def load_session(session_id: int) -> TrainingSession | None:
    return db.session.scalar(
        select(TrainingSession).where(TrainingSession.id == session_id).options(
            selectinload(TrainingSession.trainers).selectinload(SessionTrainer.person),
            selectinload(TrainingSession.speakers),
            selectinload(TrainingSession.attendances).selectinload(Attendance.person),
            selectinload(TrainingSession.attendances).selectinload(Attendance.assignment).selectinload(Assignment.region),
        )
    )


def sessions_in_scope(scope: Scope, *, limit: int = SESSION_PAGE_SIZE) -> list[TrainingSession]:
    """Return the latest sessions held in the user's area (or that they train at)."""
    if scope.election_id is None:
        return []
    mine = select(SessionTrainer.session_id).where(SessionTrainer.person_id == scope.person_id)
    query = select(TrainingSession).where(
        TrainingSession.election_id == scope.election_id,
        or_(scope.region_filter(TrainingSession.region_code), TrainingSession.id.in_(mine)),
    )
    query = query.options(selectinload(TrainingSession.region))
    return list(db.session.scalars(query.order_by(TrainingSession.starts_at.desc()).limit(limit)))


def sessions_invited(scope: Scope) -> list[tuple[TrainingSession, Attendance]]:
    """Return the sessions the user is on the roster of, soonest last."""
    if scope.election_id is None:
        return []
    return [tuple(row) for row in db.session.execute(
        select(TrainingSession, Attendance)
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(TrainingSession.election_id == scope.election_id, Attendance.person_id == scope.person_id)
        .options(selectinload(TrainingSession.region))
        .order_by(TrainingSession.starts_at.desc())
    )]


def region_choices(scope: Scope) -> list[Region]:
    """Return the regions the user may schedule for (their area and the level below, not every desa)."""
    regions: dict[str, Region] = {}
    for assignment in organiser_assignments(scope):
        regions[assignment.region_code] = assignment.region
        if assignment.role in (Role.OPERATOR_KPU, Role.PPK):
            for region in db.session.scalars(select(Region).where(Region.parent_code == assignment.region_code).order_by(Region.code)):
                regions[region.code] = region
    return list(regions.values())


def trainer_candidates(scope: Scope, election_id: int) -> list[tuple[Person, Assignment]]:
    """Return the PPK and PPS members the user may pick as trainers."""
    clauses = []
    for assignment in organiser_assignments(scope):
        code = assignment.region_code
        if assignment.role is Role.OPERATOR_KPU:
            clauses.append((Assignment.role == Role.PPK) & region_clause(Assignment.region_code, code))
        elif assignment.role is Role.PPK:
            clauses.append(region_clause(Assignment.region_code, code))
        else:
            kecamatan = ancestor_at(code, RegionLevel.KECAMATAN)
            clauses.append(((Assignment.role == Role.PPK) & (Assignment.region_code == kecamatan))
                           | (Assignment.region_code == code))
    if scope.is_admin:
        clauses = [Assignment.role == Role.PPK]
    if not clauses:
        return []
    rows = db.session.execute(
        select(Person, Assignment).join(Assignment, Assignment.person_id == Person.id)
        .where(Assignment.election_id == election_id, Assignment.ended_at.is_(None),
               Assignment.role.in_(TRAINERS), or_(*clauses))
        .order_by(Assignment.role, Assignment.region_code, Assignment.position, Person.full_name)
        .limit(300)
    )
    return [tuple(row) for row in rows]


def participant_candidates(scope: Scope, session: TrainingSession, q: str = "", *, limit: int = 30) -> list[Assignment]:
    """Return officers of the session's area the user may still invite, optionally by name."""
    roles = invitable_roles(scope, session.region_code)
    if not roles:
        return []
    on_roster = select(Attendance.person_id).where(Attendance.session_id == session.id, Attendance.person_id.is_not(None))
    query = (
        select(Assignment).join(Person, Person.id == Assignment.person_id)
        .where(Assignment.election_id == session.election_id, Assignment.ended_at.is_(None),
               Assignment.role.in_(roles), region_clause(Assignment.region_code, session.region_code),
               Assignment.person_id.not_in(on_roster))
        .order_by(Assignment.region_code, Assignment.role, Assignment.tps, Person.full_name)
        .limit(limit)
    )
    if q:
        query = query.where(func.lower(Person.full_name).contains(q.lower(), autoescape=True))
    return list(db.session.scalars(query))


def match_candidates(session: TrainingSession, q: str = "", *, limit: int = 30) -> list[Assignment]:
    """Return officers of the session's area a walk-in could be."""
    query = (
        select(Assignment).join(Person, Person.id == Assignment.person_id)
        .where(Assignment.election_id == session.election_id, Assignment.ended_at.is_(None),
               Assignment.role.in_(TRAINEES),
               region_clause(Assignment.region_code, session.region_code))
        .order_by(Person.full_name)
        .limit(limit)
    )
    if q:
        query = query.where(func.lower(Person.full_name).contains(q.lower(), autoescape=True))
    return list(db.session.scalars(query))


def course_choices() -> list[tuple[str, str]]:
    """Return (slug, title) of the live courses, when the courses feature is there."""
    try:
        from bimtek.courses.models import Course
    except ImportError:  # pragma: no cover - the courses feature lands separately
        return []
    return [tuple(row) for row in db.session.execute(
        select(Course.slug, Course.title).where(Course.is_retired.is_(False)).order_by(Course.title))]


def roster(session: TrainingSession) -> list[Attendance]:
    """Return the roster in paperwork order: by desa, role, TPS, name; walk-ins last."""
    def key(a: Attendance):
        if a.assignment is None:
            return (1, "", 9, 9, 0, a.name.lower())
        assignment = a.assignment
        return (0, assignment.region_code, ROLE_ORDER.get(assignment.role, 9), POSITION_ORDER[assignment.position],
                assignment.tps or 0, a.name.lower())
    return sorted(session.attendances, key=key)


def status_counts(session: TrainingSession) -> dict[AttendanceStatus | None, int]:
    counts: dict[AttendanceStatus | None, int] = defaultdict(int)
    for attendance in session.attendances:
        counts[attendance.status] += 1
    return counts
