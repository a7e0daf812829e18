"""Bulk printing: a desa's, kecamatan's or bimtek session's certificates as one PDF or a ZIP of single files.

A bulk print is a job (`bimtek.jobs`): an RQ worker, or the app's worker thread, renders what is
missing in many-page batches on every core, then joins the stored PDFs without re-rendering them.
Each certificate's PDF is stored once it is rendered, so a job retried after a crash renders only
what is still missing.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from bimtek import jobs
from bimtek.certificates.models import Certificate
from bimtek.certificates.operations import CertificateError
from bimtek.certificates.printing import join, render_many
from bimtek.certificates.queries import PrintValues, certificates_in_region, certificates_of_session
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.regions.models import RegionLevel
from bimtek.scope import Scope
from bimtek.training.models import TrainingSession
from bimtek.training.access import can_view_session

log = logging.getLogger(__name__)
KINDS = ("desa", "kecamatan", "bimtek")
OUTPUTS = ("pdf", "zip")
PRINTER_ROLES = (Role.OPERATOR_KPU, Role.PPK)
TASK = "certificates.bulk"


def can_print(scope: Scope) -> bool:
    """Say whether the user prints certificates in bulk (KPU operators, PPK, the admin)."""
    return scope.election_id is not None and (scope.is_admin or scope.role in PRINTER_ROLES)


def target_certificates(kind: str, target: str, election_id: int) -> list[Certificate]:
    """Return the valid certificates a job prints."""
    if kind == "bimtek":
        session = db.session.get(TrainingSession, int(target))
        return certificates_of_session(session) if session else []
    return certificates_in_region(election_id, target, valid_only=True)


def check_target(scope: Scope, kind: str, target: str) -> str:
    """Return a label for what the user asked to print, or refuse (out of scope, wrong level, unknown)."""
    if kind not in KINDS:
        raise CertificateError(_("Pilih desa, kecamatan atau bimtek yang akan dicetak."))
    if kind == "bimtek":
        session = db.session.get(TrainingSession, int(target)) if target.isdigit() else None
        if session is None or session.election_id != scope.election_id or not can_view_session(scope, session):
            raise CertificateError(_("Bimtek itu tidak ditemukan di wilayah Anda."))
        return _("Bimtek %(title)s", title=session.title)
    from bimtek.regions.models import Region

    region = db.session.get(Region, target)
    wanted = RegionLevel.DESA if kind == "desa" else RegionLevel.KECAMATAN
    if region is None or not scope.covers(region.code) or region.level is not wanted:
        raise CertificateError(_("Wilayah itu tidak ditemukan di wilayah Anda."))
    return region.display_name


def create_job(scope: Scope, kind: str, target: str, output: str, *, actor_id: int, base_url: str) -> jobs.Job:
    """Queue a bulk print after checking the target is in the user's scope and has certificates."""
    if output not in OUTPUTS:
        raise CertificateError(_("Pilih bentuk unduhan: satu PDF atau ZIP."))
    label = check_target(scope, kind, target)
    count = len(target_certificates(kind, target, scope.election_id))
    if count == 0:
        raise CertificateError(_("Belum ada sertifikat yang berlaku untuk %(label)s.", label=label))
    return jobs.submit(TASK, owner_id=actor_id, election_id=scope.election_id,
                       label=_("Sertifikat %(label)s (%(output)s)", label=label, output=output.upper()),
                       payload={"kind": kind, "target": target, "output": output, "base_url": base_url,
                                "name": safe_file_name(label, 60)})


@jobs.task(TASK, label=_l("Cetak sertifikat"))
def print_certificates(run: jobs.Run) -> None:
    """Render the certificates still missing, then join all of them into the job's PDF or ZIP."""
    payload = run.payload
    certificates = target_certificates(payload["kind"], payload["target"], run.election_id)
    values = PrintValues(payload["base_url"])
    items = [values(certificate) for certificate in certificates]
    missing = [item for item in items if not item[0].is_file()]
    run.set_total(len(items), done=len(items) - len(missing))
    render_many(missing, progress=run.advance)
    paths = [path for path, _values in items]
    output = payload["output"]
    data = join(paths) if output == "pdf" else _zip(certificates, paths)
    mimetype = "application/pdf" if output == "pdf" else "application/zip"
    run.save_file(data, f"sertifikat-{payload['name']}.{output}", mimetype)
    run.finish(summary=_("Berkas siap: %(count)d sertifikat.", count=len(items)))


def safe_file_name(text: str, limit: int = 40) -> str:
    """Return text as a plain file-name part: ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    return (cleaned[:limit].strip("-") or "sertifikat")


def _zip(certificates: list[Certificate], paths: list[Path]) -> bytes:
    out = io.BytesIO()
    # PDFs are compressed already: storing them is as small and much faster.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, (certificate, path) in enumerate(zip(certificates, paths, strict=True), start=1):
            name = f"{index:04d}-{safe_file_name(certificate.full_name)}-{certificate.code}.pdf"
            archive.write(path, name)
    return out.getvalue()
