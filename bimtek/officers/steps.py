"""Home-page steps and menu links for officers, elections and the audit trail."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.officers.models import Role
from bimtek.scope import Level, Scope


@provides_menu
def officer_menu(scope: Scope):
    yield MenuItem(_("Beranda"), url_for("home.index"), 0)
    if scope.level is not Level.SELF:
        yield MenuItem(_("Petugas"), url_for("officers.index"), 40)
    if scope.has_role(Role.OPERATOR_KPU):
        yield MenuItem(_("Audit"), url_for("audit.index"), 80)
    if scope.is_admin:
        yield MenuItem(_("Pemilihan"), url_for("elections.index"), 90)
    yield MenuItem(_("Akun"), url_for("officers.me"), 95)


@provides_steps
def officer_steps(scope: Scope):
    if scope.is_admin:
        yield Step(_("Kelola pemilihan"), _("Buat pemilihan, atur tanggal tahapan dan tandai pemilihan yang aktif."),
                   url_for("elections.index"), _("Buka daftar pemilihan"), 10)
    if scope.has_role(Role.OPERATOR_KPU):
        yield Step(_("Impor daftar petugas"),
                   _("Unggah CSV/XLSX berisi PPK, PPS, sekretariat PPS dan Pantarlih. Kata sandi sekali pakai dicetak sekali."),
                   url_for("officers.import_list"), _("Impor petugas"), 20)
        if not scope.is_admin:
            yield Step(_("Sesuaikan jadwal tahapan"), _("Atur tanggal bimtek dan coklit untuk kabupaten/kota Anda."),
                       url_for("elections.schedule"), _("Ubah jadwal"), 60)
    if scope.role in (Role.PPK, Role.PPS):
        yield Step(_("Petugas yang Anda latih"),
                   _("Lihat daftar petugas di wilayah Anda dan buatkan kata sandi baru bagi yang lupa."),
                   url_for("officers.index"), _("Lihat petugas"), 40)
