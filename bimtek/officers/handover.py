"""Handing log-ins over: one-time-password slips with their WhatsApp message, the slip PDF, and the
"lupa kata sandi" requests trainers answer.

A one-time-password sheet (after an import or a reset) is shown as one slip per person: the
log-in address, the username, the password on one line, and a wa.me link that opens WhatsApp
on the person's number with the message ready to send. The same slips print as a PDF, several
to an A4 page with cut lines; a sheet of more than `PDF_IN_REQUEST_LIMIT` people is printed by
a background job instead (see `render_slips_job`).

The passwords live where they always did: in the sheet's row (`PasswordSheet.entries`), shown
only to the one who made it, for at most `PASSWORD_SHEET_LIFETIME`, and emptied when they close it.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from urllib.parse import quote

import pikepdf
from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import func, select

from bimtek import clock, jobs
from bimtek.auth.forgot import pending_clause
from bimtek.auth.models import PasswordHelpRequest
from bimtek.directory.identity import display_phone, whatsapp_number
from bimtek.extensions import db
from bimtek.jobs import storage as job_storage
from bimtek.navigation import Step, provides_steps
from bimtek.officers.models import Assignment, PasswordSheet, Person
from bimtek.officers.operations import PASSWORD_SHEET_LIFETIME
from bimtek.officers.panels import provides_person_panel
from bimtek.officers.queries import managing_assignment
from bimtek.pdf import render_pdf
from bimtek.roles import MANAGES
from bimtek.scope import Level, Scope
from bimtek.transaction import Refusal

# Slips on one page of the sheet: about 1.3 KB of HTML each (the wa.me link carries the whole
# message), so 25 keep the page well under 60 KB on a phone.
SLIPS_PER_PAGE = 25
# Up to this many people the PDF is rendered inside the request. WeasyPrint needs about 0.18 s of
# CPU per A4 page of ten slips here, so 200 people (20 pages) cost under 4 s: inside gunicorn's
# 30 s timeout even when the server's cores are shared several ways. It covers every PPS and PPK
# (a kecamatan's PPS and secretariat are about 120 people); a kabupaten's import (thousands of
# Pantarlih) goes to a background job.
PDF_IN_REQUEST_LIMIT = 200
# Slips per rendering chunk of the job: 50 A4 pages, about 9 s of CPU and under 100 MB of memory each
# (measured), so 20,000 people print in 40 resumable steps, each well inside BIMTEK_JOB_STALE_SECONDS.
JOB_CHUNK = 500


# --- The slips -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slip:
    """What one person receives: where to log in, with what, and the link that sends it on WhatsApp."""

    name: str
    title: str
    region: str
    username: str
    password: str
    login_url: str
    phone: str  # as officers read it, 0812-3456-7890; '' when none is recorded
    whatsapp_url: str | None


def public_base_url() -> str:
    """Return the address log-in links start with: BIMTEK_PUBLIC_URL, else the address of this request."""
    return current_app.config.get("BIMTEK_PUBLIC_URL") or request.url_root


def login_url() -> str:
    """Return the absolute address of the log-in page, as people should type or tap it."""
    path = url_for("auth.login")[len(request.script_root):]
    return f"{public_base_url().rstrip('/')}{path}"


def ready_message(entry: dict, address: str) -> str:
    """Return the WhatsApp message that hands a person their log-in, in Bahasa Indonesia."""
    return _(
        "Halo Bapak/Ibu %(name)s,\n"
        "berikut akun Bimtek Anda sebagai %(title)s, %(region)s.\n"
        "Alamat masuk: %(url)s\n"
        "Nama pengguna: %(username)s\n"
        "Kata sandi sekali pakai: %(password)s\n"
        "Saat pertama kali masuk, ganti kata sandi ini dengan kata sandi Anda sendiri. "
        "Jangan berikan kata sandi kepada siapa pun.",
        name=entry["name"], title=entry["title"], region=entry["region"], url=address,
        username=entry["username"], password=entry["password"],
    )


def whatsapp_url(phone: str | None, message: str) -> str | None:
    """Return the wa.me link opening a chat with the number and the message typed in, or None without a number."""
    number = whatsapp_number(phone or "")
    if number is None:
        return None
    return f"https://wa.me/{number}?text={quote(message, safe='')}"


def slip(entry: dict, address: str) -> Slip:
    """Return the slip of one sheet entry."""
    phone = entry.get("phone")  # sheets made before slips carried phones have none
    number = whatsapp_number(phone or "")
    return Slip(
        name=entry["name"], title=entry["title"], region=entry["region"], username=entry["username"],
        password=entry["password"], login_url=address,
        phone=display_phone("+" + number) if number else "",
        whatsapp_url=whatsapp_url(phone, ready_message(entry, address)),
    )


@dataclass(frozen=True)
class SheetPage:
    slips: list[Slip]
    total: int
    without_phone: int
    page: int
    pages: int
    pdf_by_job: bool
    pdf_job: jobs.Job | None  # the job printing this sheet, once asked for


def sheet_page(sheet: PasswordSheet, page: int) -> SheetPage:
    """Return one page of a sheet's slips (a sheet of thousands is read a page at a time on a phone)."""
    entries = sheet.entries
    pages = max(1, -(-len(entries) // SLIPS_PER_PAGE))
    page = min(max(1, page), pages)
    address = login_url()
    chunk = entries[(page - 1) * SLIPS_PER_PAGE : page * SLIPS_PER_PAGE]
    return SheetPage(
        slips=[slip(entry, address) for entry in chunk],
        total=len(entries),
        without_phone=sum(1 for entry in entries if whatsapp_number(entry.get("phone") or "") is None),
        page=page,
        pages=pages,
        pdf_by_job=pdf_by_job(sheet),
        pdf_job=_pdf_job_of(sheet),
    )


def pdf_by_job(sheet: PasswordSheet) -> bool:
    """Say whether the sheet is too big to print inside a request."""
    return len(sheet.entries) > PDF_IN_REQUEST_LIMIT


def slips_pdf(entries: list[dict], address: str) -> bytes:
    """Render slips to an A4 PDF, ten to a page with cut lines."""
    return render_pdf("officers/pdf/sheet.html", slips=[slip(entry, address) for entry in entries])


# --- The PDF of a long sheet, printed by a job -----------------------------------------------------
#
# Where the passwords are while the job runs: the job reads them from the sheet's own row, the one
# place they already are (as they always were for the sheet page, until the operator closes the
# sheet or PASSWORD_SHEET_LIFETIME ends). Nothing is copied into the job: its payload names the
# sheet, there is no input file, and an RQ message carries only the job's id. The rendered parts
# and the finished PDF do hold the passwords, in the job's folder of the storage directory; that
# folder is removed when the sheet is closed or expires (officers.operations.clear_password_sheet),
# and a job finding its sheet closed stops and removes its parts.

PDF_TASK = "officers.passwords"
PDF_NAME = "kata-sandi-sekali-pakai.pdf"


def _pdf_job_of(sheet: PasswordSheet) -> jobs.Job | None:
    if not sheet.pdf_job_token:
        return None
    return db.session.scalar(select(jobs.Job).where(jobs.Job.token == sheet.pdf_job_token))


def pdf_job(sheet: PasswordSheet, *, owner_id: int, address: str) -> jobs.Job:
    """Start the job printing the sheet's slips, or return the one already printing or printed (a second click)."""
    if not sheet.entries:
        raise Refusal(_("Daftar ini kosong."))
    job = _pdf_job_of(sheet)
    if job is not None and job.status is not jobs.JobStatus.FAILED:
        return job
    job = jobs.submit(
        PDF_TASK, owner_id=owner_id, label=_("PDF kata sandi sekali pakai (%(count)d orang)", count=len(sheet.entries)),
        payload={"sheet_id": sheet.id, "login_url": address},
    )
    sheet.pdf_job_token = job.token
    return job


def _part(number: int) -> str:
    return f"part-{number:04d}.pdf"


def _check_open(run: jobs.Run) -> None:
    """Stop the job, removing what it printed, if its sheet was closed, expired or handed to another job."""
    still_open = db.session.scalar(select(func.count()).select_from(PasswordSheet).where(
        PasswordSheet.id == run.payload["sheet_id"], PasswordSheet.created_by_id == run.owner_id,
        PasswordSheet.pdf_job_token == run.token, PasswordSheet.cleared_at.is_(None),
        PasswordSheet.created_at >= clock.now() - PASSWORD_SHEET_LIFETIME,
    ))
    if not still_open:
        for part in job_storage.job_dir(run.token).glob("part-*.pdf"):
            part.unlink(missing_ok=True)
        raise jobs.JobFailed(_("Daftar kata sandi ini sudah ditutup atau kedaluwarsa, jadi PDF-nya tidak dibuat."))


@jobs.task(PDF_TASK, label=_l("PDF kata sandi sekali pakai"))
def render_slips_job(run: jobs.Run) -> None:
    """Print a long sheet's slips in chunks of JOB_CHUNK people, then join the chunks into one PDF.

    Each chunk's PDF is written to the job's folder before `advance()` commits its checkpoint, so a
    retry after a crash starts at the first chunk not yet recorded (rewriting a chunk is harmless).
    """
    _check_open(run)
    entries = db.session.get(PasswordSheet, run.payload["sheet_id"]).entries
    chunks = -(-len(entries) // JOB_CHUNK)
    start = run.checkpoint.get("chunk", 0)
    run.set_total(len(entries), done=min(start * JOB_CHUNK, len(entries)))
    for number in range(start, chunks):
        _check_open(run)  # closed meanwhile: stop, and print no more passwords
        part = slips_pdf(entries[number * JOB_CHUNK : (number + 1) * JOB_CHUNK], run.payload["login_url"])
        job_storage.write(run.token, _part(number), part)
        run.advance(min(JOB_CHUNK, len(entries) - number * JOB_CHUNK), checkpoint={"chunk": number + 1})
    _check_open(run)
    run.save_file(_joined(job_storage.path(run.token, _part(number)) for number in range(chunks)),
                  PDF_NAME, "application/pdf")
    for number in range(chunks):
        job_storage.remove(run.token, _part(number))
    run.finish(summary=_("PDF siap: %(count)d slip kata sandi sekali pakai.", count=len(entries)))


def _joined(paths) -> bytes:
    # The parts stay open until the whole is saved: pikepdf copies their pages' content then.
    with ExitStack() as stack:
        joined = stack.enter_context(pikepdf.Pdf.new())
        for path in paths:
            joined.pages.extend(stack.enter_context(pikepdf.open(path)).pages)
        out = BytesIO()
        joined.save(out)
    return out.getvalue()


# --- The "lupa kata sandi" requests a reset answers (officers.operations.reset_password) --------


@dataclass(frozen=True)
class HelpRequest:
    person: Person
    assignment: Assignment  # the one the trainer manages them through (title and region for the list)
    asked_at: datetime


# A trainer's list shows this many waiting requests at most (the oldest first).
REQUESTS_SHOWN = 50


def waiting_requests(scope: Scope) -> list[HelpRequest]:
    """Return the people asking for a new password whom the user may reset: who manages every active role they hold."""
    if scope.level is Level.SELF or not (scope.is_admin or any(a.role in MANAGES for a in scope.assignments)):
        return []
    managed = select(Assignment.person_id).where(Assignment.ended_at.is_(None), scope.managed_filter())
    rows = db.session.execute(
        select(PasswordHelpRequest.person_id, func.min(PasswordHelpRequest.at))
        .where(pending_clause(), PasswordHelpRequest.person_id.in_(managed))
        .group_by(PasswordHelpRequest.person_id)
        .order_by(func.min(PasswordHelpRequest.at), PasswordHelpRequest.person_id)
        .limit(REQUESTS_SHOWN)
    ).all()
    # Managing one of a person's roles is not enough (a PPS and the PPK who is also a Pantarlih in
    # their desa): the one rule resets use decides, for each person.
    found = []
    for person_id, asked_at in rows:
        if (assignment := managing_assignment(scope, person_id)) is not None:
            found.append(HelpRequest(db.session.get(Person, person_id), assignment, asked_at))
    return found


@provides_steps
def help_request_steps(scope: Scope):
    """Put the waiting "lupa kata sandi" requests first on the trainer's home page."""
    if requests := waiting_requests(scope):
        yield Step(
            _("Permintaan kata sandi baru"),
            _("%(count)d petugas meminta kata sandi baru lewat halaman “Lupa kata sandi”.", count=len(requests)),
            url_for("officers.password_requests"), _("Buatkan kata sandi"), 5,
        )


@provides_person_panel
def help_request_panel(scope: Scope, person: Person) -> Markup | None:
    """Tell the person's trainer, on the officer page, that they asked for a new password."""
    asked_at = db.session.scalar(
        select(func.min(PasswordHelpRequest.at)).where(pending_clause(), PasswordHelpRequest.person_id == person.id)
    )
    if asked_at is None or managing_assignment(scope, person.id) is None:
        return None
    return Markup('<p class="flash warning" role="status">{}</p>').format(
        _("Petugas ini meminta kata sandi baru lewat halaman “Lupa kata sandi” (%(moment)s). Pastikan dulu "
          "permintaan itu dari yang bersangkutan.", moment=clock.format_moment(asked_at))
    )
