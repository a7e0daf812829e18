"""Small factories and the login helper shared by every test module."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from werkzeug.security import generate_password_hash

from bimtek import clock
from bimtek.elections.models import Election, ElectionKind
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Position, Role

PASSWORD = "rahasia-123"
_serial = itertools.count(1)
_HASH: dict[str, str] = {}

DESA = "17.03.06.2001"  # Talang Jambu, Kecamatan Kerkap, Kabupaten Bengkulu Utara
OTHER_DESA = "17.03.06.2002"  # Tebat Pacur, same kecamatan
KECAMATAN = "17.03.06"
OTHER_KECAMATAN = "17.03.01"  # Enggano
KABUPATEN = "17.03"
OTHER_KABUPATEN = "14.04"  # Indragiri Hilir
OTHER_KAB_DESA = "14.04.18.2002"


def make_nik(serial: int) -> str:
    """Return a valid-looking, unique NIK."""
    return f"170306{(serial % 28) + 1:02d}0190{serial:04d}"


def make_election(slug: str = "pilkada-uji", *, current: bool = True, today: date | None = None) -> Election:
    today = today or clock.today()
    election = Election(
        slug=slug, name=f"Pilkada Uji {slug}", kind=ElectionKind.PILKADA,
        bimtek_start=today - timedelta(days=3), bimtek_end=today + timedelta(days=10),
        coklit_start=today + timedelta(days=14), coklit_end=today + timedelta(days=44),
        voting_day=today + timedelta(days=120), is_current=current,
    )
    db.session.add(election)
    db.session.flush()
    return election


def make_person(name: str = "Siti Aminah", *, username: str | None = None, password: str = PASSWORD,
                admin: bool = False, phone: str | None = None, nik: str | None = None,
                must_change_password: bool = False) -> Person:
    serial = next(_serial)
    if password not in _HASH:
        _HASH[password] = generate_password_hash(password, method="pbkdf2:sha256:1000")
    person = Person(
        full_name=name, username=username or f"user{serial}", password_hash=_HASH[password], is_admin=admin,
        nik=None if admin else (nik or make_nik(serial)), phone=phone, must_change_password=must_change_password,
    )
    db.session.add(person)
    db.session.flush()
    return person


def assign(person: Person, election: Election, role: Role, region: str, *, position: Position | None = None,
           tps: int | None = None) -> Assignment:
    default_position = {
        Role.OPERATOR_KPU: Position.STAF, Role.SEKRETARIAT_PPS: Position.STAF,
    }.get(role, Position.ANGGOTA)
    assignment = Assignment(person_id=person.id, election_id=election.id, role=role,
                            position=position or default_position, region_code=region, tps=tps)
    db.session.add(assignment)
    db.session.flush()
    return assignment


@dataclass
class World:
    """A small cascade: one kabupaten with a PPK, two desa, their PPS and Pantarlih, and a neighbour kabupaten."""

    election: Election
    admin: Person
    operator: Person
    other_operator: Person
    ppk: Person
    other_ppk: Person
    pps: Person
    other_pps: Person
    sekretariat: Person
    pantarlih: Person
    other_pantarlih: Person
    far_pantarlih: Person


@pytest.fixture
def world(app) -> World:
    election = make_election()
    people = {}
    for key, name, role, region, position, tps in [
        ("operator", "Rahmat Operator", Role.OPERATOR_KPU, KABUPATEN, Position.STAF, None),
        ("other_operator", "Nurhayati", Role.OPERATOR_KPU, OTHER_KABUPATEN, Position.STAF, None),
        ("ppk", "Suryani Ketua", Role.PPK, KECAMATAN, Position.KETUA, None),
        ("other_ppk", "Yusuf Enggano", Role.PPK, OTHER_KECAMATAN, Position.KETUA, None),
        ("pps", "Bambang Sutrisno", Role.PPS, DESA, Position.KETUA, None),
        ("other_pps", "Dewi Pacur", Role.PPS, OTHER_DESA, Position.KETUA, None),
        ("sekretariat", "Agus Sekretaris", Role.SEKRETARIAT_PPS, DESA, Position.SEKRETARIS, None),
        ("pantarlih", "Sri Wahyuni", Role.PANTARLIH, DESA, Position.ANGGOTA, 1),
        ("other_pantarlih", "Paiman", Role.PANTARLIH, OTHER_DESA, Position.ANGGOTA, 1),
        ("far_pantarlih", "Juminten", Role.PANTARLIH, OTHER_KAB_DESA, Position.ANGGOTA, 1),
    ]:
        person = make_person(name, username=key.replace("_", "."))
        assign(person, election, role, region, position=position, tps=tps)
        people[key] = person
    admin = make_person("Admin Sistem", username="admin", admin=True)
    db.session.commit()
    return World(election=election, admin=admin, **people)


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = PASSWORD, follow: bool = False):
        return self.client.post("/login", data={"username": username, "password": password},
                                follow_redirects=follow)

    def login_as(self, person: Person):
        response = self.login(person.username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client) -> Auth:
    return Auth(client)
