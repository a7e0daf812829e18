"""Reads behind the dashboards: each officer's progress flags, coverage per region, follow-up and readiness.

One statement (officer_flags) gives every officer of a region their flags from the fact tables;
it is the source of truth. Region tables aggregate the summary table it fills
(report_officer_progress, kept current on commit by reports.summary) when that summary is
fresh, else officer_flags itself; either way grouped by child region in the database, so the
number of statements per page is fixed, whatever the row count.

"Finished" (selesai) for an officer whose role has courses (PPS, Pantarlih with the shipped
content): every current lesson of each of their role's courses done, each of those courses'
quiz passed (where the course requires one), Hadir at one bimtek session of the election, and
a valid certificate for each of those courses. Roles without a course (PPK, Sekretariat PPS)
are counted on the roster but not as learners.
"""

from __future__ import annotations

import hashlib

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Integer, Select, and_, case, cast, func, literal, null, select

from bimtek import clock
from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.elections.models import Election, ElectionKind
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Role
from bimtek.quizzes.models import Attempt, AttemptStatus
from bimtek.regions.models import Region, RegionLevel
from bimtek.reports.models import SECOND_PANTARLIH_ABOVE, OfficerProgress, RegionProgress, SummaryState, Tps
from bimtek.scope import region_clause
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession

OFFICER_ROLES = (Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH)
PAGE_SIZE = 50
# A follow-up card carries the missing lessons and a WhatsApp link: fewer per page keeps it under 60 KB.
FOLLOW_UP_PAGE_SIZE = 25
# Length of a code at each depth: "17", "17.03", "17.03.06", "17.03.06.2001".
CODE_LENGTH = {RegionLevel.PROVINSI: 2, RegionLevel.KABUPATEN: 5, RegionLevel.KECAMATAN: 8, RegionLevel.DESA: 13}
CHILD_LEVEL = {
    None: RegionLevel.PROVINSI,
    RegionLevel.PROVINSI: RegionLevel.KABUPATEN,
    RegionLevel.KABUPATEN: RegionLevel.KECAMATAN,
    RegionLevel.KECAMATAN: RegionLevel.DESA,
}


# --- what each role has to do --------------------------------------------------------------------


@dataclass(frozen=True)
class CourseNeed:
    """A course as the reports need it: its current lessons and whether a quiz is required."""

    id: int
    slug: str
    title: str
    lessons: tuple[tuple[int, str, str], ...]  # (lesson id, key, title) in order
    quiz: bool

    @property
    def lesson_ids(self) -> list[int]:
        return [lesson_id for lesson_id, _key, _title in self.lessons]


@dataclass(frozen=True)
class Needs:
    """The active courses and which roles must take which."""

    courses: tuple[CourseNeed, ...]
    by_role: dict[Role, tuple[CourseNeed, ...]]

    def for_role(self, role: Role) -> tuple[CourseNeed, ...]:
        return self.by_role.get(role, ())

    @property
    def learner_roles(self) -> list[Role]:
        return [role for role in OFFICER_ROLES if self.by_role.get(role)]


def course_needs() -> Needs:
    """Read the active courses and their current lessons (two statements)."""
    courses = db.session.execute(
        select(Course.id, Course.slug, Course.title, Course.audience, Course.completion)
        .where(Course.is_retired.is_(False)).order_by(Course.title)
    ).all()
    lessons: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for lesson_id, course_id, key, title in db.session.execute(
        select(Lesson.id, Lesson.course_id, Lesson.key, Lesson.title)
        .where(Lesson.is_retired.is_(False)).order_by(Lesson.course_id, Lesson.order, Lesson.key)
    ):
        lessons[course_id].append((lesson_id, key, title))
    needs = [
        CourseNeed(cid, slug, title, tuple(lessons[cid]), bool((completion or {}).get("quiz")))
        for cid, slug, title, _audience, completion in courses
    ]
    audiences = {cid: set(audience or ()) for cid, _slug, _title, audience, _completion in courses}
    by_role = {role: tuple(n for n in needs if role.value in audiences[n.id]) for role in OFFICER_ROLES}
    return Needs(tuple(needs), by_role)


# --- every officer's flags in one statement ------------------------------------------------------


def _all_of(conditions: list) -> object:
    return case((and_(*conditions), 1), else_=0) if conditions else literal(1, Integer)


def officer_flags(election_id: int, code: str, needs: Needs, *, roles=OFFICER_ROLES, extra=()) -> Select:
    """Select one row per active assignment in the region with its progress flags (1/0; null for non-learners)."""
    officers = (
        select(Assignment.id.label("assignment_id"), Assignment.person_id, Assignment.role,
               Assignment.region_code, Assignment.tps)
        .where(Assignment.election_id == election_id, Assignment.ended_at.is_(None), Assignment.role.in_(roles),
               region_clause(Assignment.region_code, code), *extra)
        .cte("officers")
    )
    people = select(officers.c.person_id)
    courses = needs.courses
    lessons = (
        select(
            LessonProgress.person_id,
            *[func.sum(case((LessonProgress.lesson_id.in_(c.lesson_ids or [-1]), 1), else_=0)).label(f"l{c.id}")
              for c in courses],
            func.max(LessonProgress.completed_at).label("last_lesson"),
        )
        .where(LessonProgress.election_id == election_id, LessonProgress.person_id.in_(people))
        .group_by(LessonProgress.person_id)
        .subquery("lessons")
    )
    passed = Attempt.passed.is_(True)
    quizzes = (
        select(
            Attempt.person_id,
            *[func.max(case((and_(Attempt.course_id == c.id, passed), 1), else_=0)).label(f"q{c.id}") for c in courses],
            *[func.max(case((Attempt.course_id == c.id, 1), else_=0)).label(f"t{c.id}") for c in courses],
            func.max(case((passed, Attempt.finished_at))).label("last_pass"),
        )
        .where(Attempt.election_id == election_id, Attempt.status == AttemptStatus.FINISHED,
               Attempt.person_id.in_(people))
        .group_by(Attempt.person_id)
        .subquery("quizzes")
    )
    hadir = (
        select(Attendance.person_id, func.min(TrainingSession.starts_at).label("first_hadir"))
        .join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.election_id == election_id, Attendance.status == AttendanceStatus.HADIR,
               Attendance.person_id.in_(people))
        .group_by(Attendance.person_id)
        .subquery("hadir")
    )
    certificates = (
        select(
            Certificate.person_id,
            *[func.max(case((Certificate.course_id == c.id, 1), else_=0)).label(f"c{c.id}") for c in courses],
            func.max(Certificate.issued_at).label("last_certificate"),
        )
        .where(Certificate.election_id == election_id, Certificate.status == CertificateStatus.VALID,
               Certificate.person_id.in_(people))
        .group_by(Certificate.person_id)
        .subquery("certificates")
    )

    def per_role(condition_for) -> object:
        whens = [
            (officers.c.role == role, _all_of([condition_for(c) for c in needs.for_role(role)]))
            for role in needs.learner_roles
        ]
        # Typed, so PostgreSQL takes the column as an integer when no course asks anything of the role.
        return case(*whens, else_=null()) if whens else cast(null(), Integer)

    lessons_ok = per_role(lambda c: func.coalesce(lessons.c[f"l{c.id}"], 0) >= len(c.lessons))
    quiz_ok = per_role(lambda c: func.coalesce(quizzes.c[f"q{c.id}"], 0) == 1 if c.quiz else literal(True))
    certified = per_role(lambda c: func.coalesce(certificates.c[f"c{c.id}"], 0) == 1)
    is_learner = officers.c.role.in_(needs.learner_roles) if needs.learner_roles else literal(False)
    trained_flag = case((hadir.c.person_id.is_not(None), 1), else_=0)
    trained = case((is_learner, trained_flag), else_=null())
    finished = case(
        (is_learner, case((and_(lessons_ok == 1, quiz_ok == 1, trained_flag == 1, certified == 1), 1), else_=0)),
        else_=null(),
    )
    return (
        select(
            officers.c.assignment_id, officers.c.person_id, officers.c.role, officers.c.region_code, officers.c.tps,
            # Cast: PostgreSQL types a CASE whose branches are all NULL or bound literals as text.
            cast(lessons_ok, Integer).label("lessons_ok"), cast(quiz_ok, Integer).label("quiz_ok"),
            cast(trained, Integer).label("trained"), cast(certified, Integer).label("certified"),
            cast(finished, Integer).label("finished"), cast(trained_flag, Integer).label("hadir"),
            *[lessons.c[f"l{c.id}"] for c in courses], *[quizzes.c[f"q{c.id}"] for c in courses],
            *[quizzes.c[f"t{c.id}"] for c in courses], *[certificates.c[f"c{c.id}"] for c in courses],
            lessons.c.last_lesson, quizzes.c.last_pass, hadir.c.first_hadir, certificates.c.last_certificate,
        )
        .select_from(officers)
        .outerjoin(lessons, lessons.c.person_id == officers.c.person_id)
        .outerjoin(quizzes, quizzes.c.person_id == officers.c.person_id)
        .outerjoin(hadir, hadir.c.person_id == officers.c.person_id)
        .outerjoin(certificates, certificates.c.person_id == officers.c.person_id)
    )


# --- the summary table ----------------------------------------------------------------------------


def needs_signature(needs: Needs) -> str:
    """Return a digest of what each role must do (courses, their current lessons, quizzes)."""
    parts = [
        f"{role.value}:" + ";".join(f"{c.id}/{int(c.quiz)}/{','.join(map(str, c.lesson_ids))}" for c in courses)
        for role, courses in sorted(needs.by_role.items())
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def summary_is_fresh(election_id: int, needs: Needs) -> bool:
    """Say whether the election's summary was built against today's course requirements (one statement)."""
    signature = db.session.scalar(select(SummaryState.signature).where(SummaryState.election_id == election_id))
    return signature == needs_signature(needs)


def summary_select(election_id: int, code: str) -> Select:
    """Select the summary rows of a region (the main columns of officer_flags)."""
    return select(
        OfficerProgress.assignment_id, OfficerProgress.person_id, OfficerProgress.role, OfficerProgress.region_code,
        OfficerProgress.tps, OfficerProgress.lessons_ok, OfficerProgress.quiz_ok, OfficerProgress.trained,
        OfficerProgress.certified, OfficerProgress.finished, OfficerProgress.hadir,
    ).where(OfficerProgress.election_id == election_id, region_clause(OfficerProgress.region_code, code))


def region_flags(election_id: int, code: str, needs: Needs) -> Select:
    """Select every officer's flags in a region: from the summary when fresh, else computed live."""
    if summary_is_fresh(election_id, needs):
        return summary_select(election_id, code)
    return officer_flags(election_id, code, needs)


# --- coverage per child region -------------------------------------------------------------------


@dataclass
class CoverageRow:
    """One region's row: who is on the roster and how far the learners are."""

    code: str
    name: str
    ppk: int = 0
    pps: int = 0
    sekretariat: int = 0
    pantarlih: int = 0
    tps: int = 0  # TPS in the imported list (0: no list)
    pantarlih_expected: int = 0  # from the TPS list
    learners: int = 0
    lessons: int = 0
    quiz: int = 0
    trained: int = 0
    certified: int = 0
    finished: int = 0
    # For a total row: the sum of its rows' missing Pantarlih (not recomputed from the summed counts).
    missing_total: int | None = None

    COUNTS = ("ppk", "pps", "sekretariat", "pantarlih", "tps", "pantarlih_expected", "learners", "lessons", "quiz",
              "trained", "certified", "finished")

    @property
    def registered(self) -> int:
        return self.ppk + self.pps + self.sekretariat + self.pantarlih

    @property
    def is_empty(self) -> bool:
        """Nobody registered: shown as "belum ada petugas", never as 0/0."""
        return self.registered == 0

    @property
    def missing_pantarlih(self) -> int:
        if self.missing_total is not None:
            return self.missing_total
        return max(0, self.pantarlih_expected - self.pantarlih) if self.tps else 0

    @property
    def base(self) -> int:
        """The learners expected: those registered plus the Pantarlih the TPS list says are still missing."""
        return self.learners + self.missing_pantarlih

    def percent(self, count: int) -> int | None:
        """Return count as a whole percentage of the base, halves rounded up; None without a base."""
        return (200 * count + self.base) // (2 * self.base) if self.base else None

    @property
    def finished_percent(self) -> int | None:
        return self.percent(self.finished)

    def add(self, other: CoverageRow) -> None:
        for name in self.COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))


SORT_KEYS = {
    "kode": lambda r: r.code,
    "nama": lambda r: r.name.lower(),
    "terdaftar": lambda r: r.registered,
    "materi": lambda r: (r.percent(r.lessons) or 0),
    "kuis": lambda r: (r.percent(r.quiz) or 0),
    "hadir": lambda r: (r.percent(r.trained) or 0),
    "sertifikat": lambda r: (r.percent(r.certified) or 0),
    "selesai": lambda r: (r.finished_percent or 0),
}


@dataclass
class Coverage:
    """The coverage table of a region: one row per child region and the total."""

    election: Election
    region: Region | None  # None: the whole country
    child_level: RegionLevel
    rows: list[CoverageRow]
    total: CoverageRow
    own_level: CoverageRow  # officers registered at the region itself (e.g. the PPK of a kecamatan)

    def sorted_rows(self, key: str = "selesai", descending: bool = False) -> list[CoverageRow]:
        """Return the rows sorted; by default the worst first, regions with nobody registered at the top."""
        sort = SORT_KEYS.get(key, SORT_KEYS["selesai"])
        rows = sorted(self.rows, key=lambda r: r.code)
        rows.sort(key=sort, reverse=descending)
        if key == "selesai" and not descending:
            rows.sort(key=lambda r: not r.is_empty)
        return rows


def children_of(code: str) -> list[Region]:
    """Return the regions one level below a code ('' = the provinsi)."""
    query = select(Region).order_by(Region.code)
    query = query.where(Region.level == RegionLevel.PROVINSI) if code == "" else query.where(Region.parent_code == code)
    return list(db.session.scalars(query))


def coverage(election: Election, region: Region | None, needs: Needs | None = None) -> Coverage:
    """Count the roster and progress of every child region of a region (a fixed handful of statements)."""
    code = region.code if region else ""
    if region is not None and region.level is RegionLevel.DESA:
        raise ValueError("a desa has no child regions")
    needs = needs or course_needs()
    child_level = CHILD_LEVEL[region.level if region else None]
    length = CODE_LENGTH[child_level]
    fresh = summary_is_fresh(election.id, needs)
    if fresh:
        child = func.substr(RegionProgress.region_code, 1, length).label("child")
        rows = db.session.execute(
            select(child, RegionProgress.role,
                   *[func.sum(column) for column in (
                       RegionProgress.registered, RegionProgress.learners, RegionProgress.lessons, RegionProgress.quiz,
                       RegionProgress.trained, RegionProgress.certified, RegionProgress.finished,
                       RegionProgress.tps, RegionProgress.pantarlih_expected)])
            .where(RegionProgress.election_id == election.id, region_clause(RegionProgress.region_code, code))
            .group_by(child, RegionProgress.role)
        ).all()
        tps = [(row[0], int(row[9] or 0), int(row[10] or 0)) for row in rows if row[9]]
        rows = [row[:9] for row in rows]
    else:
        flags = officer_flags(election.id, code, needs).subquery("flags")
        child = func.substr(flags.c.region_code, 1, length).label("child")
        rows = db.session.execute(
            select(
                child, flags.c.role, func.count(),
                func.count(flags.c.finished),
                func.coalesce(func.sum(flags.c.lessons_ok), 0), func.coalesce(func.sum(flags.c.quiz_ok), 0),
                func.coalesce(func.sum(flags.c.trained), 0), func.coalesce(func.sum(flags.c.certified), 0),
                func.coalesce(func.sum(flags.c.finished), 0),
            ).group_by(child, flags.c.role)
        ).all()
    by_code = {r.code: CoverageRow(r.code, r.name) for r in children_of(code)}
    own = CoverageRow(code, region.name if region else "")
    for child_code, role, registered, learners, lessons, quiz, trained, certified, finished in rows:
        row = by_code.get(child_code) if len(child_code) == length else None
        target = row if row is not None else own
        attribute = {Role.PPK: "ppk", Role.PPS: "pps", Role.SEKRETARIAT_PPS: "sekretariat",
                     Role.PANTARLIH: "pantarlih"}[Role(role)]
        setattr(target, attribute, getattr(target, attribute) + int(registered or 0))
        target.learners += int(learners or 0)
        target.lessons += int(lessons or 0)
        target.quiz += int(quiz or 0)
        target.trained += int(trained or 0)
        target.certified += int(certified or 0)
        target.finished += int(finished or 0)
    if not fresh:
        tps = tps_counts(election, code, length)
    for child_code, tps_count, expected in tps:
        if child_code in by_code:
            by_code[child_code].tps += tps_count
            by_code[child_code].pantarlih_expected += int(expected)
    total = CoverageRow("", "Jumlah", missing_total=0)
    for row in by_code.values():
        total.add(row)
        total.missing_total += row.missing_pantarlih
    return Coverage(election, region, child_level, list(by_code.values()), total, own)


def expected_pantarlih(election: Election):
    """Return the SQL expression of Pantarlih expected at a TPS: 2 above 400 voters in a Pilkada, else 1."""
    if election.kind is ElectionKind.PILKADA:
        return case((Tps.voters > SECOND_PANTARLIH_ABOVE, 2), else_=1)
    return literal(1)


def tps_counts(election: Election, code: str, length: int) -> list[tuple[str, int, int]]:
    """Count the imported TPS and the Pantarlih they call for, per region code prefix."""
    child = func.substr(Tps.region_code, 1, length).label("child")
    return [tuple(row) for row in db.session.execute(
        select(child, func.count(Tps.id), func.sum(expected_pantarlih(election)))
        .where(Tps.election_id == election.id, region_clause(Tps.region_code, code))
        .group_by(child)
    )]


COVERAGE_HEADER = [
    "Kode", "Nama", "PPK", "PPS", "Sekretariat PPS", "Pantarlih", "TPS", "Target Pantarlih", "Peserta kursus",
    "Materi selesai", "Lulus kuis", "Hadir bimtek", "Bersertifikat", "Selesai", "% selesai",
]


def coverage_table(report: Coverage, rows: list[CoverageRow] | None = None) -> tuple[list[str], list[list]]:
    """Return the coverage as a header and plain rows (children, then the total row 'Jumlah')."""
    body = []
    for row in [*(rows if rows is not None else report.rows), report.total]:
        percent = row.finished_percent
        first = (row.code, row.name) if row is not report.total else ("Jumlah", "")
        body.append([
            *first, row.ppk, row.pps, row.sekretariat, row.pantarlih, row.tps, row.pantarlih_expected,
            row.learners, row.lessons, row.quiz, row.trained, row.certified, row.finished,
            "belum ada petugas" if row.is_empty else ("" if percent is None else percent),
        ])
    return COVERAGE_HEADER, body


# --- people: the desa list, follow-up, readiness, one officer ------------------------------------


@dataclass
class CourseProgress:
    """Where one officer stands with one course."""

    course: CourseNeed
    lessons_done: int
    missing_lessons: list[tuple[str, str]]  # (key, title) of the current lessons not done
    quiz_taken: bool
    quiz_passed: bool
    certified: bool

    @property
    def quiz_state(self) -> str:
        if not self.course.quiz:
            return "tidak ada"
        if self.quiz_passed:
            return "lulus"
        return "belum lulus" if self.quiz_taken else "belum dikerjakan"


@dataclass
class OfficerStatus:
    """One officer (one assignment) with their flags and, per course, what is done and what is missing."""

    assignment_id: int
    person_id: int
    name: str
    phone: str | None
    role: Role
    region_code: str
    region_name: str
    tps: int | None
    is_learner: bool
    lessons_ok: bool
    quiz_ok: bool
    trained: bool
    certified: bool
    finished: bool
    courses: list[CourseProgress] = field(default_factory=list)
    finished_at: datetime | None = None

    @property
    def title(self) -> str:
        if self.role is Role.PANTARLIH and self.tps:
            return f"Pantarlih TPS {self.tps:03d}"
        return self.role.label

    def missing_short(self) -> list[str]:
        """Return what is still missing in few words (for a WhatsApp message)."""
        items = [f"{len(p.missing_lessons)} pelajaran {p.course.title}" for p in self.courses if p.missing_lessons]
        items += [f"kuis {p.course.title}" for p in self.courses if p.course.quiz and not p.quiz_passed]
        if not self.trained:
            items.append("hadir di bimtek")
        if any(not p.certified for p in self.courses):
            items.append("sertifikat")
        return items

    def missing(self) -> list[str]:
        """Return what is still missing, in Indonesian, one item each."""
        items = []
        for progress in self.courses:
            if progress.missing_lessons:
                items.append(f"pelajaran {progress.course.title}: "
                             + ", ".join(title for _key, title in progress.missing_lessons))
        for progress in self.courses:
            if progress.course.quiz and not progress.quiz_passed:
                state = "gagal, ulangi" if progress.quiz_taken else "belum dikerjakan"
                items.append(f"kuis {progress.course.title} ({state})")
        if not self.trained:
            items.append("belum hadir di bimtek")
        missing_certificates = [p.course.title for p in self.courses if not p.certified]
        if missing_certificates:
            items.append("belum bersertifikat: " + ", ".join(missing_certificates))
        return items


def _progress_rows(flag_query: Select, needs: Needs, election_id: int, *, order=True, limit: int | None = None,
                   offset: int = 0) -> list[OfficerStatus]:
    """Run an officer_flags select joined to people and regions and shape the rows (one statement)."""
    flags = flag_query.subquery("flags")
    query = (
        select(flags, Person.full_name, Person.phone, Region.name.label("region_name"))
        .join(Person, Person.id == flags.c.person_id)
        .join(Region, Region.code == flags.c.region_code)
    )
    if order:
        query = query.order_by(flags.c.region_code, flags.c.role, flags.c.tps, Person.full_name, flags.c.assignment_id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    result = []
    for row in db.session.execute(query).mappings():
        role = Role(row["role"])
        courses = []
        for course in needs.for_role(role):
            done = row[f"l{course.id}"] or 0
            courses.append(CourseProgress(
                course=course, lessons_done=done, missing_lessons=[],
                quiz_taken=bool(row[f"t{course.id}"]), quiz_passed=bool(row[f"q{course.id}"]),
                certified=bool(row[f"c{course.id}"]),
            ))
        dates = [row["last_lesson"], row["last_pass"], row["first_hadir"], row["last_certificate"]]
        finished = bool(row["finished"])
        result.append(OfficerStatus(
            assignment_id=row["assignment_id"], person_id=row["person_id"], name=row["full_name"],
            phone=row["phone"], role=role, region_code=row["region_code"], region_name=row["region_name"],
            tps=row["tps"], is_learner=row["finished"] is not None, lessons_ok=bool(row["lessons_ok"]),
            quiz_ok=bool(row["quiz_ok"]), trained=bool(row["hadir"]), certified=bool(row["certified"]),
            finished=finished, courses=courses,
            finished_at=max(d for d in dates if d is not None) if finished and any(dates) else None,
        ))
    _fill_missing_lessons(result, election_id)
    return result


def _fill_missing_lessons(people: list[OfficerStatus], election_id: int) -> None:
    """Name the lessons each officer has not done (one statement for all of them)."""
    incomplete = {p.person_id for p in people for c in p.courses if c.lessons_done < len(c.course.lessons)}
    if not incomplete:
        return
    done: dict[int, set[int]] = defaultdict(set)
    for person_id, lesson_id in db.session.execute(
        select(LessonProgress.person_id, LessonProgress.lesson_id)
        .where(LessonProgress.person_id.in_(incomplete), LessonProgress.election_id == election_id)
    ):
        done[person_id].add(lesson_id)
    for person in people:
        for progress in person.courses:
            progress.missing_lessons = [
                (key, title) for lesson_id, key, title in progress.course.lessons if lesson_id not in done[person.person_id]
            ]


def people_in(election: Election, code: str, needs: Needs, *, page: int = 1) -> tuple[list[OfficerStatus], bool]:
    """Return a page of the officers of a region with their progress, and whether another page follows."""
    rows = _progress_rows(officer_flags(election.id, code, needs), needs, election.id, limit=PAGE_SIZE + 1,
                          offset=(page - 1) * PAGE_SIZE)
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def unfinished_ids(election: Election, code: str, needs: Needs, *, page: int | None = None) -> list[int]:
    """Return the assignments of the region's learners who have not finished (a page of them, or all)."""
    flags = region_flags(election.id, code, needs).subquery("unfinished")
    chosen = (
        select(flags.c.assignment_id).where(flags.c.finished == 0)
        .order_by(flags.c.region_code, flags.c.role, flags.c.tps, flags.c.assignment_id)
    )
    if page is not None:
        chosen = chosen.limit(FOLLOW_UP_PAGE_SIZE + 1).offset((page - 1) * FOLLOW_UP_PAGE_SIZE)
    return list(db.session.scalars(chosen))


def statuses_of(election: Election, code: str, needs: Needs, assignment_ids: list[int]) -> list[OfficerStatus]:
    """Return the progress of these assignments of the region (at most 1000 per statement)."""
    rows: list[OfficerStatus] = []
    for start in range(0, len(assignment_ids), 1000):
        query = officer_flags(election.id, code, needs, extra=(Assignment.id.in_(assignment_ids[start:start + 1000]),))
        rows.extend(_progress_rows(query, needs, election.id))
    return rows


def not_finished(election: Election, code: str, needs: Needs, *, page: int | None = 1) -> tuple[list[OfficerStatus], bool]:
    """Return a page (or all, page=None) of the learners of a region who have not finished, and whether more follow."""
    ids = unfinished_ids(election, code, needs, page=page)
    more = page is not None and len(ids) > FOLLOW_UP_PAGE_SIZE
    ids = ids[:FOLLOW_UP_PAGE_SIZE] if page is not None else ids
    return statuses_of(election, code, needs, ids), more


def officer_count(election: Election, code: str, needs: Needs) -> int:
    """Count the officers (assignments) of a region."""
    flags = officer_flags(election.id, code, needs).subquery("flags")
    return db.session.scalar(select(func.count()).select_from(flags)) or 0


def officers_chunk(election: Election, code: str, needs: Needs, *, offset: int, limit: int) -> list[OfficerStatus]:
    """Return a slice of the region's officers with their progress, in the lists' order."""
    return _progress_rows(officer_flags(election.id, code, needs), needs, election.id, limit=limit, offset=offset)


def person_progress(election_id: int, person_id: int, needs: Needs) -> list[OfficerStatus]:
    """Return one person's progress, one entry per active assignment."""
    query = officer_flags(election_id, "", needs, extra=(Assignment.person_id == person_id,))
    return _progress_rows(query, needs, election_id)


# --- the H-1 readiness board --------------------------------------------------------------------


@dataclass
class TpsReadiness:
    """One TPS of a desa: its Pantarlih and how ready they are."""

    number: int | None
    voters: int | None
    expected: int
    pantarlih: list[OfficerStatus]

    @property
    def appointed(self) -> int:
        return len(self.pantarlih)

    @property
    def ready(self) -> bool:
        return self.appointed >= self.expected and all(p.finished for p in self.pantarlih)


def readiness(election: Election, desa_code: str, needs: Needs) -> list[TpsReadiness]:
    """Return the TPS of a desa with their Pantarlih (listed TPS and TPS named only on the roster)."""
    tps_rows = db.session.execute(
        select(Tps.number, Tps.voters).where(Tps.election_id == election.id, Tps.region_code == desa_code)
        .order_by(Tps.number)
    ).all()
    pantarlih = _progress_rows(officer_flags(election.id, desa_code, needs, roles=(Role.PANTARLIH,)), needs, election.id)
    by_tps: dict[int | None, list[OfficerStatus]] = defaultdict(list)
    for officer in pantarlih:
        if officer.region_code == desa_code:
            by_tps[officer.tps].append(officer)
    pilkada = election.kind is ElectionKind.PILKADA
    board = {
        number: TpsReadiness(number, voters, 2 if pilkada and voters > SECOND_PANTARLIH_ABOVE else 1, by_tps.pop(number, []))
        for number, voters in tps_rows
    }
    for number, officers in by_tps.items():
        board[number] = TpsReadiness(number, None, 1, officers)
    return sorted(board.values(), key=lambda t: (t.number is None, t.number or 0))


@dataclass
class DesaReadiness:
    code: str
    name: str
    tps: int
    expected: int
    appointed: int
    trained: int
    lessons: int
    quiz: int
    certified: int
    ready_tps: int


def kecamatan_readiness(election: Election, kecamatan_code: str, needs: Needs) -> list[DesaReadiness]:
    """Summarise the readiness board of every desa of a kecamatan (a fixed handful of statements)."""
    pantarlih = _progress_rows(officer_flags(election.id, kecamatan_code, needs, roles=(Role.PANTARLIH,)), needs, election.id)
    tps_rows = db.session.execute(
        select(Tps.region_code, Tps.number, Tps.voters)
        .where(Tps.election_id == election.id, region_clause(Tps.region_code, kecamatan_code))
    ).all()
    pilkada = election.kind is ElectionKind.PILKADA
    result = []
    officers_by_desa: dict[str, list[OfficerStatus]] = defaultdict(list)
    for officer in pantarlih:
        officers_by_desa[officer.region_code].append(officer)
    tps_by_desa: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for code, number, voters in tps_rows:
        tps_by_desa[code].append((number, voters))
    for desa in children_of(kecamatan_code):
        officers = officers_by_desa.get(desa.code, [])
        listed = tps_by_desa.get(desa.code, [])
        expected = {number: (2 if pilkada and voters > SECOND_PANTARLIH_ABOVE else 1) for number, voters in listed}
        per_tps: dict[int | None, list[OfficerStatus]] = defaultdict(list)
        for officer in officers:
            per_tps[officer.tps].append(officer)
        numbers = set(expected) | set(per_tps)
        ready = sum(
            1 for n in numbers
            if len(per_tps.get(n, [])) >= expected.get(n, 1) and all(o.finished for o in per_tps.get(n, []))
        )
        result.append(DesaReadiness(
            code=desa.code, name=desa.name, tps=len(listed), expected=sum(expected.values()),
            appointed=len(officers), trained=sum(o.trained for o in officers),
            lessons=sum(o.lessons_ok for o in officers), quiz=sum(o.quiz_ok for o in officers),
            certified=sum(o.certified for o in officers), ready_tps=ready,
        ))
    return result


# --- charts -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """Officers finished by the end of each day, from the first progress to today."""

    days: list[date]
    finished: list[int]  # cumulative
    base: int


def completion_timeline(election: Election, code: str, needs: Needs, zone: str, base: int) -> Timeline:
    """Count, per day, how many learners of the region had finished (cumulative)."""
    flags = officer_flags(election.id, code, needs).subquery("flags")
    rows = db.session.execute(
        select(flags.c.finished, flags.c.last_lesson, flags.c.last_pass, flags.c.first_hadir, flags.c.last_certificate)
        .where(flags.c.finished.is_not(None))
    ).all()
    first_progress: date | None = None
    finished_days: list[date] = []
    for finished, *dates in rows:
        known = [d for d in dates if d is not None]
        if known:
            start = clock.local(min(known), zone).date()
            first_progress = start if first_progress is None else min(first_progress, start)
        if finished and known:
            finished_days.append(clock.local(max(known), zone).date())
    today = clock.today(zone)
    if first_progress is None:
        return Timeline([], [], base)
    first_progress = min(first_progress, today)
    span = (today - first_progress).days
    days = [date.fromordinal(first_progress.toordinal() + i) for i in range(span + 1)]
    per_day: dict[date, int] = defaultdict(int)
    for day in finished_days:
        per_day[max(day, first_progress)] += 1
    cumulative, running = [], 0
    for day in days:
        running += per_day.get(day, 0)
        cumulative.append(running)
    return Timeline(days, cumulative, base)


def region_trail(code: str) -> list[Region]:
    """Return the region and its ancestors, top first (one statement)."""
    if not code:
        return []
    parts = code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    found = {r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(codes)))}
    return [found[c] for c in codes if c in found]
