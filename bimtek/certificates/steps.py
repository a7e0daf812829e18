"""Home-page cards, course-page cards and menu links for certificates."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from bimtek.certificates import codes
from bimtek.certificates.bulk import can_print
from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.certificates.queries import certificates_of
from bimtek.courses.models import Course
from bimtek.courses.steps import provides_course_cards
from bimtek.extensions import db
from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.scope import Scope


@provides_menu
def certificate_menu(scope: Scope):
    if scope.election_id is not None and (scope.assignments or scope.is_admin):
        yield MenuItem(_("Sertifikat"), url_for("certificates.index"), 40)


@provides_steps
def certificate_steps(scope: Scope):
    if scope.election_id is None:
        return
    for certificate in certificates_of(scope.person_id, scope.election_id):
        if certificate.status is CertificateStatus.VALID:
            yield Step(_("Sertifikat %(course)s", course=certificate.course.title),
                       _("Selamat, Anda lulus. Sertifikat Anda bernomor %(number)s, kode %(code)s.",
                         number=certificate.number, code=codes.display(certificate.code)),
                       url_for("certificates.download", code=codes.display(certificate.code)),
                       _("Unduh sertifikat"), 10)
    if can_print(scope) and not scope.is_admin:
        yield Step(_("Cetak sertifikat petugas"),
                   _("Unduh sertifikat satu desa, kecamatan atau bimtek sekaligus, siap dicetak."),
                   url_for("certificates.bulk_new"), _("Cetak sertifikat"), 50)


@provides_course_cards
def certificate_card(course: Course, scope: Scope):
    if scope.election_id is None:
        return
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.person_id == scope.person_id, Certificate.election_id == scope.election_id,
        Certificate.course_id == course.id, Certificate.status == CertificateStatus.VALID))
    if certificate is not None:
        yield Step(_("Sertifikat Anda sudah terbit"),
                   _("Kode verifikasi %(code)s. Tunjukkan atau bagikan; siapa pun dapat memeriksa keasliannya.",
                     code=codes.display(certificate.code)),
                   url_for("certificates.download", code=codes.display(certificate.code)), _("Unduh sertifikat"))
