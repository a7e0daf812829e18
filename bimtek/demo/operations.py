"""Seeding the demo election and officers (idempotent).

The demo sits on top of every feature: each feature's demo activity is a module of this
package (`bimtek/demo/<feature>.py`) with a `seed(context: DemoContext)` function; the seed
calls them in FEATURE_SEEDERS order. Features never import the demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from flask import current_app
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from bimtek import clock
from bimtek.elections.models import Election, ElectionKind
from bimtek.elections.operations import make_current
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.regions.models import Region
from bimtek.scope import region_clause
from bimtek.transaction import Refusal

DEMO_PASSWORD = "bimtek-demo"
DEMO_ELECTION_SLUG = "pilkada-demo"
KABUPATEN = "17.03"  # Kabupaten Bengkulu Utara
DEMO_KECAMATAN = "17.03.06"  # Kerkap: ppk.demo, pps.demo, pantarlih.demo
SECOND_KECAMATAN = "17.03.01"  # Enggano
CONCONG = "14.04.18"  # Kecamatan Concong, Kabupaten Indragiri Hilir
DEMO_DESA = "17.03.06.2001"  # Talang Jambu
FEATURE_SEEDERS = [
    "bimtek.demo.courses", "bimtek.demo.quizzes", "bimtek.demo.training", "bimtek.demo.cases",
    "bimtek.demo.certificates",
]

DEMO_LOGINS = [
    ("admin", "Admin sistem"),
    ("kpu.bengkuluutara", "Operator KPU Kabupaten Bengkulu Utara"),
    ("ppk.demo", "Ketua PPK Kerkap"),
    ("pps.demo", "Ketua PPS Talang Jambu"),
    ("pantarlih.demo", "Pantarlih TPS 001 Talang Jambu"),
]

_FIRST = ["Siti", "Budi", "Dewi", "Agus", "Rina", "Joko", "Sri", "Hendra", "Yuni", "Ahmad", "Nur", "Eko",
          "Wati", "Rudi", "Fitri", "Andi", "Lestari", "Bambang", "Ratna", "Dedi", "Maya", "Iwan", "Ani", "Yusuf"]
_LAST = ["Aminah", "Santoso", "Lestari", "Saputra", "Wahyuni", "Hidayat", "Rahmawati", "Kurniawan", "Susanti",
         "Pratama", "Handayani", "Setiawan", "Marlina", "Siregar", "Nasution", "Harahap", "Yulianti", "Gunawan"]
_SINGLE = ["Sukarni", "Paiman", "Tugiyo", "Juminten", "Sarmini", "Legiman"]


@dataclass
class DemoContext:
    """What feature seeders need: the election and the demo people by username."""

    election: Election
    people: dict[str, Person] = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(2024))

    def officers(self, role: Role, area: str) -> list[Assignment]:
        """Return the demo assignments of a role under a region code."""
        return list(
            db.session.scalars(
                select(Assignment)
                .where(Assignment.election_id == self.election.id, Assignment.role == role,
                       region_clause(Assignment.region_code, area))
                .order_by(Assignment.region_code, Assignment.tps, Assignment.id)
            )
        )


class DemoError(Refusal):
    """The demo cannot be seeded (regions missing)."""


def seed_demo() -> DemoContext:
    """Create the demo election, officers and log-ins, or reuse what exists."""
    for code in (KABUPATEN, DEMO_KECAMATAN, SECOND_KECAMATAN, CONCONG, DEMO_DESA):
        if db.session.get(Region, code) is None:
            raise DemoError(f"wilayah {code} belum dimuat; jalankan 'flask regions import' dulu")
    election = _election()
    context = DemoContext(election)
    password_hash = generate_password_hash(DEMO_PASSWORD, method=current_app.config["BIMTEK_PASSWORD_METHOD"])
    builder = _Builder(context, password_hash)

    builder.person("admin", "Admin Sistem", admin=True)
    builder.assign(builder.person("kpu.bengkuluutara", "Rahmat Hidayat"), Role.OPERATOR_KPU, Position.STAF, KABUPATEN)
    builder.assign(builder.person("kpu.indragirihilir", "Nurhayati"), Role.OPERATOR_KPU, Position.STAF, "14.04")
    builder.assign(builder.person("ppk.demo", "Suryani Putri"), Role.PPK, Position.KETUA, DEMO_KECAMATAN)
    builder.assign(builder.person("pps.demo", "Bambang Sutrisno"), Role.PPS, Position.KETUA, DEMO_DESA)
    builder.assign(builder.person("pantarlih.demo", "Sri Wahyuni"), Role.PANTARLIH, Position.ANGGOTA, DEMO_DESA, tps=1)

    for kecamatan in (DEMO_KECAMATAN, SECOND_KECAMATAN, CONCONG):
        builder.staff_kecamatan(kecamatan)
    db.session.flush()

    for module_name in FEATURE_SEEDERS:
        import_module(module_name).seed(context)
    db.session.flush()
    return context


def _election() -> Election:
    election = db.session.scalar(select(Election).where(Election.slug == DEMO_ELECTION_SLUG))
    if election is None:
        today = clock.today()
        election = Election(
            slug=DEMO_ELECTION_SLUG,
            name=f"Pilkada Demo {today.year}",
            kind=ElectionKind.PILKADA,
            bimtek_start=today - timedelta(days=3),
            bimtek_end=today + timedelta(days=14),
            coklit_start=today + timedelta(days=14),
            coklit_end=today + timedelta(days=44),
            voting_day=today + timedelta(days=120),
        )
        db.session.add(election)
        db.session.flush()
        make_current(election)
    return election


class _Builder:
    def __init__(self, context: DemoContext, password_hash: str):
        self.context = context
        self.password_hash = password_hash
        self.rng = random.Random(17)
        self.serial = 0

    def person(self, username: str, name: str, *, admin: bool = False) -> Person:
        person = db.session.scalar(select(Person).where(Person.username == username))
        if person is None:
            self.serial += 1
            person = Person(
                username=username, full_name=name, is_admin=admin, password_hash=self.password_hash,
                nik=None if admin else self._nik(username), phone=None if admin else self._phone(username),
            )
            db.session.add(person)
            db.session.flush()
        self.context.people[username] = person
        return person

    def assign(self, person: Person, role: Role, position: Position, region: str, tps: int | None = None) -> None:
        exists = db.session.scalar(
            select(Assignment.id).where(Assignment.person_id == person.id,
                                        Assignment.election_id == self.context.election.id, Assignment.role == role)
        )
        if not exists:
            db.session.add(Assignment(person_id=person.id, election_id=self.context.election.id, role=role,
                                      position=position, region_code=region, tps=tps))

    def staff_kecamatan(self, kecamatan: str) -> None:
        """Give a kecamatan 5 PPK, and each desa 3 PPS, 3 secretariat staff and its Pantarlih."""
        slug = kecamatan.replace(".", "")
        for number in range(1, 6):
            username = f"ppk.{slug}.{number}"
            if kecamatan == DEMO_KECAMATAN and number == 1:
                continue  # ppk.demo is the Ketua here
            position = Position.KETUA if number == 1 else Position.ANGGOTA
            self.assign(self.person(username, self._name(username)), Role.PPK, position, kecamatan)
        desa_codes = db.session.scalars(
            select(Region.code).where(Region.parent_code == kecamatan).order_by(Region.code)
        ).all()
        for desa in desa_codes:
            dslug = desa.replace(".", "")
            for number in range(1, 4):
                if desa == DEMO_DESA and number == 1:
                    continue  # pps.demo is the Ketua here
                username = f"pps.{dslug}.{number}"
                self.assign(self.person(username, self._name(username)), Role.PPS,
                            Position.KETUA if number == 1 else Position.ANGGOTA, desa)
            for number in range(1, 4):
                username = f"sekpps.{dslug}.{number}"
                self.assign(self.person(username, self._name(username)), Role.SEKRETARIAT_PPS,
                            Position.SEKRETARIS if number == 1 else Position.STAF, desa)
            for tps in range(1, 4 + int(desa[-1]) % 3):
                if desa == DEMO_DESA and tps == 1:
                    continue  # pantarlih.demo holds TPS 001
                username = f"pantarlih.{dslug}.{tps}"
                self.assign(self.person(username, self._name(username)), Role.PANTARLIH, Position.ANGGOTA, desa, tps)

    def _name(self, username: str) -> str:
        rng = random.Random(username)
        if rng.random() < 0.1:
            return rng.choice(_SINGLE)
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"

    def _nik(self, username: str) -> str:
        rng = random.Random("nik:" + username)
        day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(60, 99)
        return f"1703{rng.randint(1, 25):02d}{day:02d}{month:02d}{year:02d}{rng.randint(1, 9999):04d}"

    def _phone(self, username: str) -> str:
        rng = random.Random("hp:" + username)
        return f"+628{rng.choice([11, 12, 13, 21, 22, 52, 53, 57, 77, 78])}{rng.randint(1000000, 9999999)}"
