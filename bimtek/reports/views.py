"""Dashboards: coverage per region, follow-up lists, the H-1 readiness board, charts and their downloads."""

from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from bimtek import clock
from bimtek.directory.identity import display_phone
from bimtek.officers.models import Role
from bimtek.pdf import pdf_response, render_pdf
from bimtek.regions.models import Region, RegionLevel
from bimtek.reports import charts, exports, summary  # noqa: F401 - summary keeps the dashboards' table current
from bimtek.reports.queries import (
    PAGE_SIZE,
    SORT_KEYS,
    OfficerStatus,
    coverage,
    coverage_table,
    completion_timeline,
    course_needs,
    kecamatan_readiness,
    not_finished,
    people_in,
    readiness,
    region_trail,
)
from bimtek.scope import Scope, current_scope, require_current_election
from bimtek.spreadsheet import csv_text, xlsx_bytes

bp = Blueprint("reports", __name__, url_prefix="/laporan")
REPORT_ROLES = (Role.OPERATOR_KPU, Role.PPK, Role.PPS)
FORMATS = ("csv", "xlsx")


def _reporter() -> Scope:
    """Return the scope of a trainer who may read reports (admin, KPU operator, PPK, PPS), else 404."""
    scope = current_scope()
    if scope.election_id is None or not (scope.is_admin or scope.role in REPORT_ROLES):
        abort(404)
    return scope


def _region(scope: Scope, code: str) -> Region | None:
    """Return the region the page is about (None: the whole country, admin only), else 404."""
    if code == "":
        if scope.area != "":
            abort(404)
        return None
    return scope.require_region(code)


@bp.context_processor
def _page_links():
    def page_url(number: int) -> str:
        """Return this page's URL with another page number, keeping the sort order."""
        args = {**request.args.to_dict(), "halaman": number}
        return url_for(request.endpoint, **request.view_args, **args)

    def sort_url(key: str) -> str:
        """Return this page sorted by a column (a second click reverses it)."""
        current, descending = request.args.get("urut", "selesai"), request.args.get("arah") == "turun"
        arah = "naik" if key == current and descending else ("turun" if key == current else "naik")
        return url_for(request.endpoint, **request.view_args, urut=key, arah=arah)

    return {"page_url": page_url, "sort_url": sort_url}


def _trail(scope: Scope, code: str) -> list[tuple[Region, bool]]:
    """Return the region's ancestors and itself, each with whether the user may open it."""
    return [(region, scope.covers(region.code)) for region in region_trail(code)]


def _page() -> int:
    return max(1, min(request.args.get("halaman", 1, type=int) or 1, 100_000))


def _download(header: list[str], rows: list[list], name: str, fmt: str):
    if fmt == "csv":
        response = current_app.response_class(csv_text(header, rows), mimetype="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = current_app.response_class(
            xlsx_bytes(header, rows, title=name[:31]),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        abort(404)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _file_name(prefix: str, code: str) -> str:
    return f"{prefix}-{code.replace('.', '') or 'nasional'}"


@bp.get("/")
@login_required
def index():
    scope = _reporter()
    if scope.area == "":
        return redirect(url_for("reports.coverage_national"))
    return redirect(url_for("reports.coverage_page", code=scope.area))


# --- coverage -----------------------------------------------------------------------------------


@bp.get("/cakupan/")
@login_required
def coverage_national():
    return coverage_page("")


@bp.get("/cakupan/<code>")
@login_required
def coverage_page(code: str):
    scope = _reporter()
    region = _region(scope, code)
    election = require_current_election()
    needs = course_needs()
    trail = _trail(scope, code)
    if region is not None and region.level is RegionLevel.DESA:
        page = _page()
        people, more = people_in(election, code, needs, page=page)
        return render_template("reports/people.html", region=region, trail=trail, people=people, page=page,
                               more=more, election=election)
    report = coverage(election, region, needs)
    key = request.args.get("urut", "selesai")
    key = key if key in SORT_KEYS else "selesai"
    descending = request.args.get("arah") == "turun"
    rows = report.sorted_rows(key, descending)
    page = _page()
    shown = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    return render_template(
        "reports/coverage.html", report=report, region=region, trail=trail, rows=shown, key=key,
        descending=descending, page=page, more=len(rows) > page * PAGE_SIZE, code=code,
        chart=charts.bars(shown) if region is not None and region.level is not RegionLevel.PROVINSI else None,
    )


@bp.get("/cakupan/unduh.<fmt>")
@login_required
def coverage_national_download(fmt: str):
    return coverage_download("", fmt)


@bp.get("/cakupan/<code>/unduh.<fmt>")
@login_required
def coverage_download(code: str, fmt: str):
    scope = _reporter()
    region = _region(scope, code)
    if fmt not in FORMATS:
        abort(404)
    election = require_current_election()
    needs = course_needs()
    if region is not None and region.level is RegionLevel.DESA:
        people, _more = _all_people(election, code, needs)
        return _download(exports.PEOPLE_HEADER, exports.people_rows(people), _file_name("petugas", code), fmt)
    report = coverage(election, region, needs)
    header, rows = coverage_table(report, report.sorted_rows())
    return _download(header, rows, _file_name("cakupan", code), fmt)


def _all_people(election, code: str, needs) -> tuple[list[OfficerStatus], bool]:
    """Return every officer of a desa (a desa has a few dozen at most)."""
    people, page, more = [], 1, True
    while more:
        chunk, more = people_in(election, code, needs, page=page)
        people.extend(chunk)
        page += 1
    return people, False


# --- follow-up lists ----------------------------------------------------------------------------


def _first_missing_url(person: OfficerStatus) -> str:
    """Return the link to the first thing the person still has to do."""
    for progress in person.courses:
        if progress.missing_lessons:
            key = progress.missing_lessons[0][0]
            return url_for("courses.lesson", slug=progress.course.slug, lesson_key=key, _external=True)
    for progress in person.courses:
        if progress.course.quiz and not progress.quiz_passed:
            return url_for("quizzes.start", slug=progress.course.slug, _external=True)
    if not person.trained:
        return url_for("training.index", _external=True)
    return url_for("home.index", _external=True)


def whatsapp_message(person: OfficerStatus, election_name: str, sender: str) -> str:
    """Write the ready WhatsApp message naming what is missing and the link to it."""
    missing = "; ".join(person.missing_short())
    return (f"Halo {person.name}, ini {sender}. Untuk {election_name} Anda belum menyelesaikan: {missing}. "
            f"Lanjutkan di {_first_missing_url(person)} Terima kasih.")


def _contacts(scope: Scope, people: list[OfficerStatus]) -> dict[int, dict[str, str]]:
    """Return tel: and WhatsApp links per assignment, for trainers only (the people are already in scope)."""
    if not (scope.is_admin or scope.role in REPORT_ROLES):
        return {}
    election = require_current_election()
    contacts = {}
    for person in people:
        if not person.phone or person.person_id == scope.person_id:
            continue
        contacts[person.assignment_id] = {
            "tel": f"tel:{person.phone}",
            "display": display_phone(person.phone),
            "wa": f"https://wa.me/{person.phone.lstrip('+')}?text="
                  + quote(whatsapp_message(person, election.name, current_user.full_name), safe=""),
        }
    return contacts


@bp.get("/tindak-lanjut/<code>")
@login_required
def follow_up(code: str):
    scope = _reporter()
    region = _region(scope, code)
    election = require_current_election()
    needs = course_needs()
    page = _page()
    people, more = not_finished(election, code, needs, page=page)
    return render_template("reports/follow_up.html", region=region, trail=_trail(scope, code), people=people,
                           page=page, more=more, contact=_contacts(scope, people), election=election)


@bp.get("/tindak-lanjut/<code>/unduh.<fmt>")
@login_required
def follow_up_download(code: str, fmt: str):
    return _list_download("tindak-lanjut", code, fmt)


@bp.get("/petugas/<code>/unduh.<fmt>")
@login_required
def officers_download(code: str, fmt: str):
    return _list_download("petugas", code, fmt)


def _list_download(list_name: str, code: str, fmt: str):
    """Send a short list at once; queue a long one as a job and show its progress page."""
    scope = _reporter()
    region = _region(scope, code)
    if fmt not in FORMATS:
        abort(404)
    election = require_current_election()
    if exports.size(list_name, election, code) > exports.INLINE_ROWS:
        job = exports.submit(list_name, election, region, fmt, owner_id=current_user.id)
        return redirect(url_for("jobs.show", token=job.token))
    rows = exports.build(list_name, election, code)
    return _download(exports.PEOPLE_HEADER, rows, exports.file_name(list_name, code), fmt)


# --- the H-1 readiness board --------------------------------------------------------------------


def _readiness_region(scope: Scope, code: str) -> Region:
    region = _region(scope, code)
    if region is None or region.level not in (RegionLevel.DESA, RegionLevel.KECAMATAN):
        abort(404)
    return region


@bp.get("/kesiapan/<code>")
@login_required
def readiness_page(code: str):
    scope = _reporter()
    region = _readiness_region(scope, code)
    election = require_current_election()
    needs = course_needs()
    if region.level is RegionLevel.DESA:
        board = readiness(election, code, needs)
        return render_template("reports/readiness.html", region=region, trail=_trail(scope, code), board=board,
                               election=election)
    desa = kecamatan_readiness(election, code, needs)
    return render_template("reports/readiness_kecamatan.html", region=region, trail=_trail(scope, code), desa=desa,
                           election=election)


READINESS_HEADER = ["TPS", "Pemilih", "Pantarlih dibutuhkan", "Pantarlih", "Ditunjuk", "Hadir bimtek",
                    "Materi selesai", "Lulus kuis", "Bersertifikat", "Siap"]
KECAMATAN_READINESS_HEADER = ["Kode", "Desa/Kelurahan", "TPS", "Pantarlih dibutuhkan", "Pantarlih ditunjuk",
                              "Hadir bimtek", "Materi selesai", "Lulus kuis", "Bersertifikat", "TPS siap"]


@bp.get("/kesiapan/<code>/unduh.<fmt>")
@login_required
def readiness_download(code: str, fmt: str):
    scope = _reporter()
    region = _readiness_region(scope, code)
    if fmt not in FORMATS:
        abort(404)
    election = require_current_election()
    needs = course_needs()
    if region.level is RegionLevel.DESA:
        rows = []
        for tps in readiness(election, code, needs):
            names = ", ".join(p.name for p in tps.pantarlih)
            rows.append([
                f"{tps.number:03d}" if tps.number else "tanpa nomor", tps.voters if tps.voters is not None else "",
                tps.expected, names or "belum ditunjuk", tps.appointed,
                sum(p.trained for p in tps.pantarlih), sum(p.lessons_ok for p in tps.pantarlih),
                sum(p.quiz_ok for p in tps.pantarlih), sum(p.certified for p in tps.pantarlih),
                "ya" if tps.ready else "belum",
            ])
        return _download(READINESS_HEADER, rows, _file_name("kesiapan", code), fmt)
    rows = [[d.code, d.name, d.tps, d.expected, d.appointed, d.trained, d.lessons, d.quiz, d.certified, d.ready_tps]
            for d in kecamatan_readiness(election, code, needs)]
    return _download(KECAMATAN_READINESS_HEADER, rows, _file_name("kesiapan", code), fmt)


# --- charts and the printable summary -----------------------------------------------------------


@bp.get("/grafik/<code>")
@login_required
def charts_page(code: str):
    scope = _reporter()
    region = _region(scope, code)
    if region is None or region.level is RegionLevel.PROVINSI:
        abort(404)
    election = require_current_election()
    needs = course_needs()
    zone = clock.zone_for_region(code)
    bars = None
    if region.level is RegionLevel.DESA:
        base = None
    else:
        report = coverage(election, region, needs)
        base = report.total.base
        bars = charts.bars(report.sorted_rows("selesai"))
    if base is None:
        people, _more = _all_people(election, code, needs)
        base = sum(1 for p in people if p.is_learner)
    timeline = completion_timeline(election, code, needs, zone, base)
    return render_template("reports/charts.html", region=region, trail=_trail(scope, code),
                           line=charts.line(timeline), bars=bars, election=election)


@bp.get("/ringkasan/<code>.pdf")
@login_required
def summary_pdf(code: str):
    scope = _reporter()
    region = _region(scope, code)
    if region is None or region.level is not RegionLevel.KECAMATAN:
        abort(404)
    election = require_current_election()
    needs = course_needs()
    report = coverage(election, region, needs)
    rows = report.sorted_rows("kode")
    timeline = completion_timeline(election, code, needs, clock.zone_for_region(code), report.total.base)
    data = render_pdf(
        "reports/pdf/summary.html", report=report, rows=rows, region=region, trail=_trail(scope, code),
        readiness=kecamatan_readiness(election, code, needs), bars=charts.bars(rows), line=charts.line(timeline),
        printed=clock.format_moment(clock.now(), clock.zone_for_region(code)), election=election,
    )
    return pdf_response(data, f"ringkasan-{code.replace('.', '')}.pdf")
