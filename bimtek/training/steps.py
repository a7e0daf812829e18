"""Home-page steps and menu links for bimtek sessions and the cascade view."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from bimtek import clock
from bimtek.extensions import db
from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.officers.models import Role
from bimtek.scope import Scope
from bimtek.training.models import Attendance, TrainingSession
from bimtek.training.access import can_schedule, can_view_cascade


@provides_menu
def training_menu(scope: Scope):
    if scope.election_id is None:
        return
    yield MenuItem(_("Bimtek"), url_for("training.index"), 30)
    if can_view_cascade(scope):
        yield MenuItem(_("Bimtek berjenjang"), url_for("training.cascade"), 35)


@provides_steps
def training_steps(scope: Scope):
    if scope.election_id is None:
        return
    upcoming = db.session.execute(
        select(TrainingSession, Attendance.status).join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(TrainingSession.election_id == scope.election_id, Attendance.person_id == scope.person_id,
               TrainingSession.ends_at >= clock.now())
        .order_by(TrainingSession.starts_at).limit(1)
    ).first()
    if upcoming:
        session, _status = upcoming
        yield Step(_("Bimtek Anda"), _("%(title)s, %(when)s di %(place)s.", title=session.title,
                                         when=clock.format_moment(session.starts_at, session.zone), place=session.place),
                   url_for("training.show", session_id=session.id), _("Lihat bimtek"), 15)
    if can_schedule(scope):
        yield Step(_("Jadwalkan bimtek"),
                   _("Catat bimtek untuk petugas di wilayah Anda, cetak daftar hadir kosong, lalu catat kehadirannya."),
                   url_for("training.new"), _("Jadwalkan bimtek"), 30)
    if scope.is_admin or scope.role in (Role.OPERATOR_KPU, Role.PPK):
        yield Step(_("Pantau bimtek berjenjang"),
                   _("Lihat wilayah mana yang petugasnya belum semua hadir bimtek dan siapa melatih siapa."),
                   url_for("training.cascade"), _("Buka bimtek berjenjang"), 35)
