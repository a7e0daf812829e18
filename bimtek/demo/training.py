"""Demo bimtek: a complete cascade in Kecamatan Concong and a broken one in Kecamatan Enggano.

Kerkap (ppk.demo, pps.demo, pantarlih.demo) is left without sessions, so the five demo
log-ins start clean and the browser test can hold the first bimtek of Talang Jambu.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from bimtek import clock
from bimtek.demo.operations import CONCONG, SECOND_KECAMATAN, DemoContext
from bimtek.extensions import db
from bimtek.scope import region_clause
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.training.models import (
    Attendance,
    AttendanceStatus,
    GuestSpeaker,
    Institution,
    SessionTrainer,
    TrainingSession,
)

HADIR = AttendanceStatus.HADIR
TOPICS = "Tugas dan tata kerja Pantarlih\nProsedur coklit dan formulir Model A-Daftar Pemilih\nPraktik e-Coklit\nNetralitas dan atribut petugas"
PPS_TOPICS = "Tugas dan tata kerja PPS\nPemutakhiran data pemilih dan Sidalih\nPembentukan dan bimtek Pantarlih\nSupervisi coklit"


def seed(context: DemoContext) -> None:
    """Add the demo sessions unless they exist already."""
    if not _has_sessions(context, CONCONG):
        _complete_cascade(context)
    if not _has_sessions(context, SECOND_KECAMATAN):
        _broken_cascade(context)
    db.session.flush()


def _has_sessions(context: DemoContext, area: str) -> bool:
    return db.session.scalar(select(TrainingSession.id).where(
        TrainingSession.election_id == context.election.id,
        region_clause(TrainingSession.region_code, area)).limit(1)) is not None


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=clock.ZONES["WIB"])


def _session(context: DemoContext, region: str, title: str, day: date, *, trainers: list[int],
             participants: list[Assignment], statuses: dict[int, AttendanceStatus] | None = None,
             speakers: list[tuple[str, Institution]] = (), topics: str = TOPICS, created_by: int | None = None,
             makeup: bool = False, place: str = "") -> TrainingSession:
    statuses = statuses or {}
    session = TrainingSession(
        election_id=context.election.id, region_code=region, title=title, starts_at=_at(day, 8), ends_at=_at(day, 13),
        place=place or "Aula kantor", topics=topics, course_slugs=[], is_makeup=makeup, created_by_id=created_by,
        notes="Bimtek berjalan lancar. Peserta mempraktikkan e-Coklit dengan data latihan.",
    )
    session.trainers = [SessionTrainer(person_id=pid) for pid in trainers]
    session.speakers = [GuestSpeaker(name=name, institution=inst) for name, inst in speakers]
    for assignment in participants:
        status = statuses.get(assignment.person_id, HADIR)
        session.attendances.append(Attendance(
            person_id=assignment.person_id, assignment_id=assignment.id, status=status, method="daftar",
            marked_at=session.starts_at + timedelta(minutes=20), marked_by_id=created_by,
        ))
    db.session.add(session)
    return session


def _ketua(assignments: list[Assignment], role: Role, region: str) -> Assignment:
    return next(a for a in assignments if a.role is role and a.region_code == region and a.position is Position.KETUA)


def _complete_cascade(context: DemoContext) -> None:
    today = clock.today("WIB")
    operator = context.people["kpu.indragirihilir"].id
    ppk = context.officers(Role.PPK, CONCONG)
    pps = context.officers(Role.PPS, CONCONG)
    secretariat = context.officers(Role.SEKRETARIAT_PPS, CONCONG)
    pantarlih = context.officers(Role.PANTARLIH, CONCONG)
    ketua_ppk = _ketua(ppk, Role.PPK, CONCONG)
    _session(context, "14.04", "Bimtek PPK se-Kabupaten Indragiri Hilir: pemutakhiran data pemilih", today - timedelta(days=3),
             trainers=[], participants=ppk, created_by=operator, place="Aula KPU Kabupaten Indragiri Hilir, Tembilahan",
             speakers=[("Syahrul Anwar", Institution.KPU), ("Dedi Saputra", Institution.DUKCAPIL)],
             topics="Pemutakhiran data pemilih\nSidalih\nPembentukan PPS dan Pantarlih")
    trainer_ppk = [a for a in ppk if a.position is Position.ANGGOTA][:1]
    _session(context, CONCONG, "Bimtek PPS dan Sekretariat PPS Kecamatan Concong", today - timedelta(days=2),
             trainers=[ketua_ppk.person_id] + [a.person_id for a in trainer_ppk], participants=pps + secretariat,
             statuses={secretariat[0].person_id: AttendanceStatus.SAKIT} if secretariat else None,
             created_by=ketua_ppk.person_id, place="Kantor Camat Concong", topics=PPS_TOPICS,
             speakers=[("Hendra Siregar", Institution.PANWASCAM)])
    for desa in sorted({a.region_code for a in pantarlih}):
        ketua = _ketua(pps, Role.PPS, desa)
        _session(context, desa, f"Bimtek Pantarlih {_region_name(desa)}", today - timedelta(days=1),
                 trainers=[ketua.person_id], participants=[a for a in pantarlih if a.region_code == desa],
                 created_by=ketua.person_id, place=f"Kantor {_region_name(desa)}",
                 speakers=[("Nur Hidayat", Institution.PKD)])


def _region_name(code: str) -> str:
    from bimtek.regions.models import Region

    return db.session.get(Region, code).display_name


def _broken_cascade(context: DemoContext) -> None:
    """Enggano: PPS trained, but the cascade to the Pantarlih broke in several ways."""
    today = clock.today("WIB")
    area = SECOND_KECAMATAN
    ppk = context.officers(Role.PPK, area)
    pps = context.officers(Role.PPS, area)
    secretariat = context.officers(Role.SEKRETARIAT_PPS, area)
    pantarlih = context.officers(Role.PANTARLIH, area)
    desas = sorted({a.region_code for a in pantarlih})
    if len(desas) < 5:
        return
    ketua_ppk = _ketua(ppk, Role.PPK, area)
    untrained_trainer = _ketua(pps, Role.PPS, desas[1])
    _session(context, area, "Bimtek PPS dan Sekretariat PPS Kecamatan Enggano", today - timedelta(days=2),
             trainers=[ketua_ppk.person_id], participants=pps + secretariat, created_by=ketua_ppk.person_id,
             statuses={untrained_trainer.person_id: AttendanceStatus.IZIN}, place="Kantor Camat Enggano",
             topics=PPS_TOPICS)
    _replacement(context, [a for a in pantarlih if a.region_code == desas[4]][0])
    coklit_start = context.election.coklit_start
    for index, desa in enumerate(desas):
        if index == 3:
            continue  # no bimtek at all for this desa's Pantarlih
        ketua = _ketua(pps, Role.PPS, desa)
        members = [a for a in pantarlih if a.region_code == desa and a.ended_at is None]
        statuses = {members[-1].person_id: AttendanceStatus.TANPA_KETERANGAN} if index == 1 else None
        # Desa 2 held its bimtek only after coklit had begun.
        day = coklit_start + timedelta(days=2) if index == 2 else today - timedelta(days=1)
        _session(context, desa, f"Bimtek Pantarlih {_region_name(desa)}", day, trainers=[ketua.person_id],
                 participants=members, statuses=statuses, created_by=ketua.person_id,
                 place=f"Balai {_region_name(desa)}")


def _replacement(context: DemoContext, replaced: Assignment) -> Assignment:
    """Replace a Pantarlih mid-term (after the desa's bimtek, with no make-up session yet)."""
    username = f"pantarlih.{replaced.region_code.replace('.', '')}.{replaced.tps}b"
    person = db.session.scalar(select(Person).where(Person.username == username))
    if person is None:
        person = Person(username=username, full_name="Rudi Harahap",
                        password_hash=context.people["admin"].password_hash)
        db.session.add(person)
        db.session.flush()
    assignment = db.session.scalar(select(Assignment).where(Assignment.person_id == person.id,
                                                            Assignment.election_id == context.election.id))
    if assignment is None:
        replaced.ended_at = clock.now()
        assignment = Assignment(person_id=person.id, election_id=context.election.id, role=Role.PANTARLIH,
                                position=Position.ANGGOTA, region_code=replaced.region_code, tps=replaced.tps,
                                replaces_id=replaced.id)
        db.session.add(assignment)
        db.session.flush()
    return assignment
