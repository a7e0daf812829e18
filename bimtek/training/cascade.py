"""The training cascade of a kecamatan or kabupaten: who was trained by whom, and the flags for gaps.

An officer counts as trained once they attended (Hadir) a session that has already started, held for
their own area at their tier of the cascade or above: a PPK at a kabupaten session, PPS and their
secretariat at a kecamatan (or kabupaten) session, Pantarlih at any session covering their desa.
An area is complete ("bimtek berjenjang lengkap") only when it has officers and every one of them is
trained; an area without officers is flagged "belum ada petugas", never shown as complete.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from bimtek import clock
from bimtek.elections.models import Election
from bimtek.elections.queries import stages_for
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Role
from bimtek.regions.models import Region, RegionLevel, ancestor_at
from bimtek.roles import TRAINEES
from bimtek.scope import code_covers, region_clause
from bimtek.training.models import Attendance, AttendanceStatus, GuestSpeaker, SessionTrainer, TrainingSession
from bimtek.training.queries import POSITION_ORDER, ROLE_ORDER

# The deepest region level (dots in the code) of a session that trains each role: the tier above it.
TRAINED_AT_DEPTH = {Role.PPK: 1, Role.PPS: 2, Role.SEKRETARIAT_PPS: 2, Role.PANTARLIH: 3}


class AreaStatus(enum.StrEnum):
    """The three states of an area (the values are the status filter's URL words)."""

    COMPLETE = "lengkap"
    INCOMPLETE = "belum"
    EMPTY = "kosong"


STATUS_LABELS = {
    AreaStatus.COMPLETE: _l("Bimtek berjenjang lengkap"),
    AreaStatus.INCOMPLETE: _l("Belum lengkap"),
    AreaStatus.EMPTY: _l("Belum ada petugas"),
}


def counts_as_training(role: Role, person_region: str, session_region: str) -> bool:
    """Say whether a session held for session_region trains an officer of this role in person_region."""
    return code_covers(session_region, person_region) and session_region.count(".") <= TRAINED_AT_DEPTH[role]


def area_status(people: list[PersonCoverage], roles: tuple[Role, ...] | None = None) -> str:
    """Return whether the officers (of the roles, if given) are all trained, some not, or none registered."""
    chosen = [p for p in people if roles is None or p.role in roles]
    if not chosen:
        return AreaStatus.EMPTY
    return AreaStatus.COMPLETE if all(p.trained for p in chosen) else AreaStatus.INCOMPLETE

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
    people: list[PersonCoverage] = field(default_factory=list)
    broken: int = 0
    warnings: int = 0
    last_pantarlih_session: datetime | None = None
    last_pantarlih_trainers: list[str] = field(default_factory=list)

    def count(self, role: Role) -> tuple[int, int]:
        """Return (trained, total) for the officers of one role in the area."""
        chosen = [p for p in self.people if p.role is role]
        return sum(p.trained for p in chosen), len(chosen)

    def status(self, roles: tuple[Role, ...] | None = None) -> str:
        return area_status(self.people, roles)


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

    def status(self, code: str | None = None, roles: tuple[Role, ...] | None = None) -> str:
        """Return the area status of the report's region (or a region in it), for some roles or all."""
        return area_status(self.people_in(code or self.region.code), roles)




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
               TrainingSession.is_makeup, TrainingSession.region_code)
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.election_id == election.id, Attendance.person_id.in_(person_ids))
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    ).all()
    now = clock.now()
    # A session whose start has not come trains nobody yet, whatever its list says.
    session_ids = {row.id for row in attended if row.status is AttendanceStatus.HADIR and row.starts_at <= now}
    teachers = _teachers(session_ids)
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
            if row.status is not AttendanceStatus.HADIR or row.id not in session_ids or not counts_as_training(
                    person.role, person.region_code, row.region_code):
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
    flags = _empty_flags(region, regions, people) + _flags(people, regions, zone, desa_with_sessions)
    flags.sort(key=lambda f: f.severity != "broken")
    return CascadeReport(election, region, zone, coklit_start, people, flags, _areas(region, regions, people, flags))


def _teachers(session_ids: set[int]) -> dict[int, list[str]]:
    teachers: dict[int, list[str]] = defaultdict(list)
    if not session_ids:
        return teachers
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
    return teachers


def _empty_flags(region: Region, regions: dict[str, Region], people: list[PersonCoverage]) -> list[Flag]:
    """Flag each kecamatan, or desa of a kecamatan with officers, where no officer is registered yet."""
    staffed = {p.region_code for p in people} | {ancestor_at(p.region_code, RegionLevel.KECAMATAN)
                                                 for p in people if p.region_code.count(".") >= 2}
    flags = []
    for code, area in sorted(regions.items()):
        if area.level not in (RegionLevel.KECAMATAN, RegionLevel.DESA) or code in staffed:
            continue
        parent = area.parent_code
        if area.level is RegionLevel.DESA and parent in regions and parent not in staffed:
            continue  # the empty kecamatan is flagged once, not each of its desa
        flags.append(Flag("warning", "belum_ada_petugas",
                          _("%(area)s: belum ada petugas yang terdaftar", area=area.display_name), code, []))
    return flags


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
        if person.role is Role.PANTARLIH or person.trained:
            continue
        if person.role in (Role.PPK, Role.PPS) and person.trained_others:
            trainees = _("PPS") if person.role is Role.PPK else _("Pantarlih")
            warnings.append(Flag("warning", "pelatih_belum_dilatih",
                                 _("%(desa)s: %(name)s (%(title)s) melatih %(trainees)s "
                                   "tetapi belum pernah mengikuti bimtek sendiri", desa=desa, name=person.name,
                                   title=person.title, trainees=trainees),
                                 person.region_code, [person.person_id]))
        else:
            # Every officer counts: a desa with an untrained sekretaris is not complete.
            warnings.append(Flag("warning", "petugas_belum_dilatih",
                                 _("%(desa)s: %(name)s (%(title)s) belum pernah mengikuti bimtek (hadir)",
                                   desa=desa, name=person.name, title=person.title),
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
        area.people.append(person)
        if person.role is Role.PANTARLIH and person.trained and (
                area.last_pantarlih_session is None or person.trained_at > area.last_pantarlih_session):
            area.last_pantarlih_session, area.last_pantarlih_trainers = person.trained_at, person.trained_by
    for flag in flags:
        area = areas.get(child_of(flag.region_code) or "")
        if area is not None:
            if flag.severity == "broken":
                area.broken += 1
            else:
                area.warnings += 1
    return list(areas.values())


# --- the page: filters and pagination over the report -----------------------------------------

PAGE_SIZE = 50
# A kecamatan page lists at most this many notes (broken first); its desa pages list all of theirs.
FLAG_LIMIT = 40
# The roles a page can be filtered by: the officers its rows count (a kecamatan's PPK are listed above its desa).
FILTER_ROLES = {
    RegionLevel.KABUPATEN: (Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH),
    RegionLevel.KECAMATAN: (Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH),
    RegionLevel.DESA: (Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH),
}
# The people of a desa page are trained or not; "kosong" only describes areas.
PERSON_STATUS_LABELS = {AreaStatus.COMPLETE: _l("Sudah terlatih"), AreaStatus.INCOMPLETE: _l("Belum terlatih")}


@dataclass
class CascadePage:
    report: CascadeReport
    role: Role | None
    status: str | None
    rows: list  # AreaCoverage on a kabupaten or kecamatan page, PersonCoverage on a desa page
    total: int
    page: int
    pages: int
    flags: list[Flag]
    leaders: list[PersonCoverage]  # the PPK of a kecamatan page, listed above its desa
    more_flags: int = 0  # notes left off this page (open a desa to read them)

    @property
    def by_area(self) -> bool:
        return self.report.region.level is not RegionLevel.DESA


def status_choices(level: RegionLevel) -> dict[str, str]:
    """Return the status filter's values and words for a page of this level."""
    if level is RegionLevel.DESA:
        return {key: str(label) for key, label in PERSON_STATUS_LABELS.items()}
    return {key: str(label) for key, label in STATUS_LABELS.items()}


def cascade_page(report: CascadeReport, *, role: Role | None, status: str | None, page: int) -> CascadePage:
    """Filter the report's rows by role and status and cut out one page of PAGE_SIZE rows."""
    roles = (role,) if role else None
    leaders: list[PersonCoverage] = []
    if report.region.level is RegionLevel.DESA:
        people = [p for p in report.people if role is None or p.role is role]
        rows: list = [p for p in people if status is None or area_status([p]) == status]
    else:
        rows = [a for a in report.areas if status is None or a.status(roles) == status]
        if report.region.level is RegionLevel.KECAMATAN and role is None:
            leaders = [p for p in report.people
                       if p.role is Role.PPK and (status is None or area_status([p]) == status)]
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    codes = {a.code for a in shown} if report.region.level is not RegionLevel.DESA else {report.region.code}
    role_of = {p.person_id: p.role for p in report.people}
    flags = [
        f for f in report.flags
        if (f.region_code == report.region.code or any(code_covers(code, f.region_code) for code in codes))
        and (role is None or not f.person_ids or any(role_of.get(pid) is role for pid in f.person_ids))
    ]
    if report.region.level is RegionLevel.DESA:
        return CascadePage(report, role, status, shown, len(rows), page, pages, flags, leaders)
    return CascadePage(report, role, status, shown, len(rows), page, pages, flags[:FLAG_LIMIT], leaders,
                       max(0, len(flags) - FLAG_LIMIT))


def region_options(area: str, region: Region) -> list[Region]:
    """List the regions the page's region filter offers: the viewer's area, its kecamatan, the desa of this one."""
    kecamatan = ancestor_at(region.code, RegionLevel.KECAMATAN) if region.code.count(".") >= 2 else None
    query = select(Region).where(region_clause(Region.code, area), Region.level != RegionLevel.PROVINSI)
    if kecamatan:
        query = query.where((Region.level != RegionLevel.DESA) | (Region.parent_code == kecamatan))
    else:
        query = query.where(Region.level != RegionLevel.DESA)
    return list(db.session.scalars(query.order_by(Region.code).limit(500)))
