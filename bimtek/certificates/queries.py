"""Reads on certificates: by code, a learner's own, a region's, a session's, and the values to print them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bimtek.certificates.models import Certificate, CertificateSettings, CertificateStatus
from bimtek.certificates.printing import Issuer, issuer_for, print_values, stored_path
from bimtek.courses.models import Course
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.regions.models import Region, RegionLevel, ancestor_at, parent_of
from bimtek.scope import region_clause
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession


def by_code(code: str) -> Certificate | None:
    """Return the certificate with this (normalised) code."""
    return db.session.scalar(
        select(Certificate).options(selectinload(Certificate.course)).where(Certificate.code == code)
    )


def certificates_of(person_id: int, election_id: int) -> list[Certificate]:
    """Return the learner's certificates in force (valid or revoked) in the election, by course title."""
    return list(db.session.scalars(
        select(Certificate).join(Course, Course.id == Certificate.course_id)
        .options(selectinload(Certificate.course))
        .where(Certificate.person_id == person_id, Certificate.election_id == election_id,
               Certificate.status != CertificateStatus.REPLACED)
        .order_by(Course.title)
    ))


def certificates_in_region(election_id: int, code: str, *, valid_only: bool = False) -> list[Certificate]:
    """Return the certificates of a region (and below) in the election, by region, name and course."""
    query = (
        select(Certificate).join(Course, Course.id == Certificate.course_id)
        .options(selectinload(Certificate.course))
        .where(Certificate.election_id == election_id, region_clause(Certificate.region_code, code))
        .order_by(Certificate.region_code, Certificate.full_name, Course.title, Certificate.id)
    )
    if valid_only:
        query = query.where(Certificate.status == CertificateStatus.VALID)
    return list(db.session.scalars(query))


def certificates_of_session(session: TrainingSession) -> list[Certificate]:
    """Return the valid certificates of the people marked Hadir at a session (for its courses, if it names any)."""
    people = select(Attendance.person_id).where(
        Attendance.session_id == session.id, Attendance.status == AttendanceStatus.HADIR,
        Attendance.person_id.is_not(None))
    query = (
        select(Certificate).join(Course, Course.id == Certificate.course_id)
        .options(selectinload(Certificate.course))
        .where(Certificate.election_id == session.election_id, Certificate.status == CertificateStatus.VALID,
               Certificate.person_id.in_(people))
        .order_by(Certificate.region_code, Certificate.full_name, Course.title, Certificate.id)
    )
    if session.course_slugs:
        query = query.where(Course.slug.in_(session.course_slugs))
    return list(db.session.scalars(query))


def replacement_of(certificate: Certificate) -> Certificate | None:
    """Return the certificate in force that replaced this one (following a chain of reissues)."""
    current = certificate
    seen = set()
    while current.replaced_by_id is not None and current.id not in seen:
        seen.add(current.id)
        current = db.session.get(Certificate, current.replaced_by_id)
    return current if current is not certificate else None


class PrintValues:
    """Builds the print values of many certificates, loading each region, issuer and election once."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.regions: dict[str, Region | None] = {}
        self.issuers: dict[str, Issuer] = {}
        self.elections: dict[int, str] = {}

    def _region(self, code: str | None) -> Region | None:
        if code is None:
            return None
        if code not in self.regions:
            self.regions[code] = db.session.get(Region, code)
        return self.regions[code]

    def area(self, code: str) -> str:
        """Return 'Desa X, Kecamatan Y' (or the kecamatan / kabupaten alone) for a region code."""
        region = self._region(code)
        if region is None:
            return ""
        if region.level is RegionLevel.DESA:
            kecamatan = self._region(parent_of(code))
            return f"{region.display_name}, {kecamatan.display_name}" if kecamatan else region.display_name
        return region.display_name

    def issuer(self, code: str) -> Issuer:
        kabupaten = ancestor_at(code, RegionLevel.KABUPATEN)
        if kabupaten not in self.issuers:
            self.issuers[kabupaten] = issuer_for(self._region(kabupaten), db.session.get(CertificateSettings, kabupaten))
        return self.issuers[kabupaten]

    def election(self, election_id: int) -> str:
        if election_id not in self.elections:
            self.elections[election_id] = db.session.get(Election, election_id).name
        return self.elections[election_id]

    def __call__(self, certificate: Certificate) -> tuple[Path, dict]:
        """Return where the certificate's PDF is stored and the values printed on it."""
        values = print_values(
            certificate, issuer=self.issuer(certificate.region_code), area=self.area(certificate.region_code),
            course_title=certificate.course.title, election_name=self.election(certificate.election_id),
            base_url=self.base_url,
        )
        return stored_path(certificate.code, values), values


def regions_with_certificates(scope_filter, election_id: int) -> tuple[list[Region], list[Region]]:
    """Return the desa and the kecamatan (within a region filter) that hold valid certificates."""
    codes = list(db.session.scalars(
        select(Certificate.region_code).where(Certificate.election_id == election_id,
                                              Certificate.status == CertificateStatus.VALID,
                                              scope_filter(Certificate.region_code)).distinct()
    ))
    desa_codes = {code for code in codes if code.count(".") == 3}
    kecamatan_codes = {ancestor_at(code, RegionLevel.KECAMATAN) for code in codes if code.count(".") >= 2}
    regions = {r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(desa_codes | kecamatan_codes)))}
    return ([regions[c] for c in sorted(desa_codes) if c in regions],
            [regions[c] for c in sorted(kecamatan_codes) if c in regions])
