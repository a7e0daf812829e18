"""The training cascade of a kecamatan or kabupaten: who was trained by whom, and the flags for gaps."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from bimtek import clock
from bimtek.elections.models import Election
from bimtek.elections.queries import stages_for
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Role
from bimtek.regions.models import Region, RegionLevel
from bimtek.roles import TRAINEES
from bimtek.scope import code_covers, region_clause
from bimtek.training.models import Attendance, AttendanceStatus, GuestSpeaker, SessionTrainer, TrainingSession
from bimtek.training.queries import POSITION_ORDER, ROLE_ORDER

@dataclass
class PersonCoverage:
    person_id: int
    name: str
    role: Role
    title: str
    region_code: str
    region_name: str
    is_replacement: bool
    invited: bool = False  # on the roster of any session of the election
    trained_at: datetime | None = None  # the first session they attended (Hadir)
    trained_by: list[str] = field(default_factory=list)
    trained_late: bool = False
    had_makeup: bool = False
    trained_others: bool = False

    @property
    def trained(self) -> bool:
        return self.trained_at is not None


@dataclass
class Flag:
    severity: str  # "broken" or "warning"
    kind: str
    message: str
    region_code: str  # the desa (or kecamatan) the flag is about
    person_ids: list[int]


@dataclass
class AreaCoverage:
    code: str
    name: str
    ppk_total: int = 0
    ppk_trained: int = 0
    pps_total: int = 0
    pps_trained: int = 0
    pantarlih_total: int = 0
    pantarlih_trained: int = 0
    broken: int = 0
    warnings: int = 0
    last_pantarlih_session: datetime | None = None
    last_pantarlih_trainers: list[str] = field(default_factory=list)


@dataclass
class CascadeReport:
    election: Election
    region: Region
    zone: str
    coklit_start: date
    people: list[PersonCoverage]
    flags: list[Flag]
    areas: list[AreaCoverage]  # one per child region: kecamatan of a kabupaten, desa of a kecamatan

    def people_in(self, code: str) -> list[PersonCoverage]:
        return [p for p in self.people if code_covers(code, p.region_code)]

    def flags_in(self, code: str) -> list[Flag]:
        return [f for f in self.flags if code_covers(code, f.region_code)]




def cascade_report(election: Election, region_code: str) -> CascadeReport:
    """Work out who in the area was trained (attended Hadir), by whom and when, and where it broke."""
    region = db.session.get(Region, region_code)
    zone = clock.zone_for_region(region.code)
    coklit_start = stages_for(election, region.code).coklit_start
    regions = {r.code: r for r in db.session.scalars(select(Region).where(region_clause(Region.code, region.code)))}

    rows = db.session.execute(
        select(Assignment, Person.full_name).join(Person, Person.id == Assignment.person_id)
        .where(Assignment.election_id == election.id, Assignment.ended_at.is_(None),
               Assignment.role.in_(TRAINEES), region_clause(Assignment.region_code, region.code))
    ).all()
    people = [
        PersonCoverage(a.person_id, name, a.role, a.title, a.region_code, regions[a.region_code].display_name,
                       a.replaces_id is not None)
        for a, name in sorted(rows, key=lambda row: (row[0].region_code, ROLE_ORDER[row[0].role],
                                                     POSITION_ORDER[row[0].position], row[0].tps or 0, row[1]))
    ]
    person_ids = (
        select(Assignment.person_id)
        .where(Assignment.election_id == election.id, Assignment.ended_at.is_(None),
               region_clause(Assignment.region_code, region.code))
    )

    attended = db.session.execute(
        select(Attendance.person_id, Attendance.status, TrainingSession.id, TrainingSession.starts_at,
               TrainingSession.is_makeup)
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.election_id == election.id, Attendance.person_id.in_(person_ids))
        .order_by(TrainingSession.starts_at)
    ).all()
    session_ids = {row.id for row in attended if row.status is AttendanceStatus.HADIR}
    teachers: dict[int, list[str]] = defaultdict(list)
    if session_ids:
        for session_id, name in db.session.execute(
            select(SessionTrainer.session_id, Person.full_name).join(Person, Person.id == SessionTrainer.person_id)
            .where(SessionTrainer.session_id.in_(session_ids)).order_by(SessionTrainer.id)
        ):
            teachers[session_id].append(name)
        for session_id, name, institution in db.session.execute(
            select(GuestSpeaker.session_id, GuestSpeaker.name, GuestSpeaker.institution)
            .where(GuestSpeaker.session_id.in_(session_ids)).order_by(GuestSpeaker.id)
        ):
            teachers[session_id].append(f"{name} ({institution.label})")
    trainers_here = set(db.session.scalars(
        select(SessionTrainer.person_id).join(TrainingSession, TrainingSession.id == SessionTrainer.session_id)
        .where(TrainingSession.election_id == election.id, SessionTrainer.person_id.in_(person_ids))
    ))

    by_person: dict[int, list] = defaultdict(list)
    for row in attended:
        by_person[row.person_id].append(row)
    for person in people:
        for row in by_person.get(person.person_id, ()):
            person.invited = True
            if row.status is not AttendanceStatus.HADIR:
                continue
            if person.trained_at is None:
                person.trained_at, person.trained_by = row.starts_at, teachers[row.id]
            person.had_makeup = person.had_makeup or row.is_makeup
        # A session on coklit's first day counts as before: that is how Pilkada 2024 ran.
        person.trained_late = person.trained and clock.local(person.trained_at, zone).date() > coklit_start
        person.trained_others = person.person_id in trainers_here

    # Ended assignments count here: a desa whose first Pantarlih were trained did hold a bimtek.
    desa_with_sessions = set(db.session.scalars(
        select(Assignment.region_code).distinct()
        .join(Attendance, Attendance.assignment_id == Assignment.id)
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.election_id == election.id, Assignment.role == Role.PANTARLIH,
               region_clause(Assignment.region_code, region.code))
    ))
    flags = _flags(people, regions, zone, desa_with_sessions)
    return CascadeReport(election, region, zone, coklit_start, people, flags, _areas(region, regions, people, flags))


def _flags(people: list[PersonCoverage], regions: dict[str, Region], zone: str,
           desa_with_sessions: set[str]) -> list[Flag]:
    broken: list[Flag] = []
    warnings: list[Flag] = []
    pantarlih_by_desa: dict[str, list[PersonCoverage]] = defaultdict(list)
    for person in people:
        if person.role is Role.PANTARLIH:
            pantarlih_by_desa[person.region_code].append(person)
    for code, pantarlih in pantarlih_by_desa.items():
        desa = regions[code].display_name
        if code not in desa_with_sessions and not any(p.invited for p in pantarlih):
            broken.append(Flag("broken", "desa_tanpa_bimtek",
                               _("%(desa)s: Pantarlih belum pernah mendapat bimtek sama sekali (%(count)d orang)",
                                 desa=desa, count=len(pantarlih)),
                               code, [p.person_id for p in pantarlih]))
            continue
        for person in pantarlih:
            if not person.trained:
                broken.append(Flag("broken", "belum_dilatih",
                                   _("%(desa)s: %(name)s (%(title)s) belum pernah mengikuti bimtek (hadir)",
                                     desa=desa, name=person.name, title=person.title),
                                   code, [person.person_id]))
    for person in people:
        desa = person.region_name
        if person.role is Role.PANTARLIH and person.trained_late:
            warnings.append(Flag("warning", "dilatih_setelah_coklit",
                                 _("%(desa)s: %(name)s (%(title)s) baru dilatih setelah coklit dimulai (%(day)s)",
                                   desa=desa, name=person.name, title=person.title,
                                   day=clock.format_day(clock.local(person.trained_at, zone).date())),
                                 person.region_code, [person.person_id]))
        if person.role is Role.PANTARLIH and person.is_replacement and not person.had_makeup:
            warnings.append(Flag("warning", "pengganti_tanpa_susulan",
                                 _("%(desa)s: %(name)s (%(title)s) adalah Pantarlih pengganti "
                                   "tetapi belum mengikuti bimtek susulan", desa=desa, name=person.name, title=person.title),
                                 person.region_code, [person.person_id]))
        if person.role is Role.PPS and person.trained_others and not person.trained:
            warnings.append(Flag("warning", "pelatih_belum_dilatih",
                                 _("%(desa)s: %(name)s (%(title)s) melatih Pantarlih "
                                   "tetapi belum pernah mengikuti bimtek sendiri", desa=desa, name=person.name, title=person.title),
                                 person.region_code, [person.person_id]))
    return broken + warnings


def _areas(region: Region, regions: dict[str, Region], people: list[PersonCoverage], flags: list[Flag]) -> list[AreaCoverage]:
    if region.level not in (RegionLevel.KABUPATEN, RegionLevel.KECAMATAN):
        return []
    children = sorted((r for r in regions.values() if r.parent_code == region.code), key=lambda r: r.code)
    areas = {r.code: AreaCoverage(r.code, r.display_name) for r in children}

    def child_of(code: str) -> str | None:
        parts = code.split(".")
        depth = region.code.count(".") + 2
        return ".".join(parts[:depth]) if len(parts) >= depth else None

    for person in people:
        area = areas.get(child_of(person.region_code) or "")
        if area is None:
            continue
        if person.role is Role.PPK:
            area.ppk_total += 1
            area.ppk_trained += person.trained
        elif person.role is Role.PPS:
            area.pps_total += 1
            area.pps_trained += person.trained
        elif person.role is Role.PANTARLIH:
            area.pantarlih_total += 1
            area.pantarlih_trained += person.trained
            if person.trained and (area.last_pantarlih_session is None or person.trained_at > area.last_pantarlih_session):
                area.last_pantarlih_session, area.last_pantarlih_trainers = person.trained_at, person.trained_by
    for flag in flags:
        area = areas.get(child_of(flag.region_code) or "")
        if area is not None:
            if flag.severity == "broken":
                area.broken += 1
            else:
                area.warnings += 1
    return list(areas.values())
