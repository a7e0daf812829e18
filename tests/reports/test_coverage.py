"""Coverage numbers against the hand-built Kerkap fixture, the CLI table, scope rules, sorting and page size."""

from __future__ import annotations

import csv
import io
import re

from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.reports.queries import coverage, course_needs, officer_flags
from bimtek.regions.models import Region
from tests.factories import DESA, KABUPATEN, KECAMATAN, OTHER_DESA, OTHER_KECAMATAN, assign, make_person
from tests.reports.conftest import Kerkap

HEADER = ["Kode", "Nama", "PPK", "PPS", "Sekretariat PPS", "Pantarlih", "TPS", "Target Pantarlih", "Peserta kursus",
          "Materi selesai", "Lulus kuis", "Hadir bimtek", "Bersertifikat", "Selesai", "% selesai"]


def _csv(runner, *args) -> list[list[str]]:
    result = runner.invoke(args=["reports", "coverage", *args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.output)))


def test_kecamatan_counts_match_the_hand_count(runner, kerkap: Kerkap):
    rows = _csv(runner, KECAMATAN)
    assert rows[0] == HEADER
    by_code = {row[0]: row for row in rows[1:]}
    # Talang Jambu: PPS Bambang, Sekretariat Agus, Pantarlih Sri and Rina; 3 TPS calling for 4 Pantarlih;
    # 3 learners, only Rina finished; base 3 + 2 missing Pantarlih = 5 -> 20 %.
    assert by_code[DESA] == [DESA, "Talang Jambu", "0", "1", "1", "2", "3", "4", "3", "1", "1", "2", "1", "1", "20"]
    assert by_code[OTHER_DESA] == [OTHER_DESA, "Tebat Pacur", "0", "1", "0", "1", "0", "0", "2", "0", "0", "0", "0",
                                   "0", "0"]
    empty = [row for code, row in by_code.items() if code not in (DESA, OTHER_DESA, "Jumlah")]
    assert len(empty) == 16 and all(row[-1] == "belum ada petugas" for row in empty)
    total = rows[-1]
    assert total[:2] == ["Jumlah", ""]
    assert total[-1] == "14"  # 1 finished of 5 learners + 2 Pantarlih missing in Talang Jambu
    assert total[2:-1] == ["0", "2", "1", "3", "3", "4", "5", "1", "1", "2", "1", "1"]
    for column in range(2, len(HEADER) - 1):
        assert int(total[column]) == sum(int(row[column]) for row in rows[1:-1]), HEADER[column]


def test_kabupaten_rows_count_the_ppk_of_each_kecamatan(runner, kerkap: Kerkap):
    rows = _csv(runner, KABUPATEN)
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code[KECAMATAN][2:-1] == ["1", "2", "1", "3", "3", "4", "5", "1", "1", "2", "1", "1"]
    # Enggano has its PPK and nobody else: registered, so not "belum ada petugas", but no learner to count.
    assert by_code[OTHER_KECAMATAN][2] == "1" and by_code[OTHER_KECAMATAN][-1] == ""
    assert by_code["17.03.07"][-1] == "belum ada petugas"
    assert rows[-1][0] == "Jumlah"


def test_cli_text_format_and_refusals(runner, kerkap: Kerkap):
    result = runner.invoke(args=["reports", "coverage", KECAMATAN])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["Kode", "Nama"]
    assert re.match(r"^17\.03\.06\.2001\s+Talang Jambu\s+0\s+1\s+1\s+2\s+3\s+4\s+3\s+1\s+1\s+2\s+1\s+1\s+20$",
                    next(line for line in lines if line.startswith(DESA)))
    assert lines[-1].startswith("Jumlah ")
    unknown = runner.invoke(args=["reports", "coverage", "99.99"])
    assert unknown.exit_code != 0 and "tidak ditemukan" in unknown.output
    desa = runner.invoke(args=["reports", "coverage", DESA])
    assert desa.exit_code != 0 and "kecamatan" in desa.output
    other = runner.invoke(args=["reports", "coverage", KECAMATAN, "--election", "tidak-ada"])
    assert other.exit_code != 0 and "tidak-ada" in other.output


def test_summary_and_live_computation_agree(app, kerkap: Kerkap):
    import bimtek.reports.queries as queries

    election = kerkap.world.election
    region = db.session.get(Region, KECAMATAN)
    needs = course_needs()
    assert queries.summary_is_fresh(election.id, needs)
    from_summary = queries.coverage_table(coverage(election, region, needs))
    original = queries.summary_is_fresh
    queries.summary_is_fresh = lambda *args: False
    try:
        live = queries.coverage_table(coverage(election, region, needs))
    finally:
        queries.summary_is_fresh = original
    assert from_summary == live


def test_dashboard_is_worst_first_and_says_who_is_missing(auth, client, kerkap: Kerkap):
    auth.login_as(kerkap.world.ppk)
    page = client.get(f"/laporan/cakupan/{KECAMATAN}").get_data(as_text=True)
    assert "belum ada petugas" in page
    # Empty desa first, then Tebat Pacur (0 %), then Talang Jambu (20 %).
    assert page.index("belum ada petugas") < page.index("Tebat Pacur") < page.index("Talang Jambu")
    assert "20%" in page and "Jumlah" in page
    by_name = client.get(f"/laporan/cakupan/{KECAMATAN}?urut=nama&arah=naik").get_data(as_text=True)
    assert by_name.index("Talang Jambu") < by_name.index("Tebat Pacur")
    best_first = client.get(f"/laporan/cakupan/{KECAMATAN}?urut=selesai&arah=turun").get_data(as_text=True)
    assert best_first.index("Talang Jambu") < best_first.index("Tebat Pacur")


def test_ppk_sees_only_their_kecamatan(auth, client, kerkap: Kerkap):
    auth.login_as(kerkap.world.ppk)
    assert client.get("/laporan/").headers["Location"].endswith(f"/laporan/cakupan/{KECAMATAN}")
    for url in (f"/laporan/cakupan/{OTHER_KECAMATAN}", f"/laporan/cakupan/{KABUPATEN}", "/laporan/cakupan/",
                f"/laporan/cakupan/{OTHER_KECAMATAN}.2001", f"/laporan/tindak-lanjut/{OTHER_KECAMATAN}",
                f"/laporan/cakupan/{KABUPATEN}/unduh.csv", f"/laporan/kesiapan/{OTHER_KECAMATAN}",
                f"/laporan/grafik/{OTHER_KECAMATAN}", f"/laporan/ringkasan/{OTHER_KECAMATAN}.pdf"):
        assert client.get(url).status_code == 404, url
    for url in (f"/laporan/cakupan/{KECAMATAN}", f"/laporan/cakupan/{DESA}", f"/laporan/tindak-lanjut/{KECAMATAN}",
                f"/laporan/cakupan/{KECAMATAN}/unduh.csv"):
        assert client.get(url).status_code == 200, url


def test_pps_sees_their_desa_only_and_learners_see_no_reports(app, kerkap: Kerkap):
    world = kerkap.world
    for person, allowed, refused in (
        (world.pps, f"/laporan/tindak-lanjut/{DESA}", f"/laporan/tindak-lanjut/{OTHER_DESA}"),
        (world.operator, f"/laporan/cakupan/{KABUPATEN}", "/laporan/cakupan/14.04"),
        (world.admin, "/laporan/cakupan/", "/laporan/cakupan/99"),
    ):
        client = app.test_client()
        client.post("/login", data={"username": person.username, "password": "rahasia-123"})
        assert client.get(allowed).status_code == 200, (person.username, allowed)
        assert client.get(refused).status_code == 404, (person.username, refused)
    for person in (world.pantarlih, world.sekretariat):
        client = app.test_client()
        client.post("/login", data={"username": person.username, "password": "rahasia-123"})
        assert client.get("/laporan/").status_code == 404
        assert client.get(f"/laporan/cakupan/{DESA}").status_code == 404
        assert client.get(f"/laporan/tindak-lanjut/{DESA}").status_code == 404


def test_wrong_urls_are_404(auth, client, kerkap: Kerkap):
    auth.login_as(kerkap.world.operator)
    for url in ("/laporan/cakupan/17.03.99", f"/laporan/cakupan/{KECAMATAN}/unduh.pdf",
                f"/laporan/kesiapan/{KABUPATEN}", f"/laporan/ringkasan/{DESA}.pdf", "/laporan/grafik/17"):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/laporan/cakupan/{KECAMATAN}?halaman=abc&urut=x").status_code == 200


def _count_statements(app, client, url: str) -> int:
    from sqlalchemy import event

    statements = []

    def count(*_args, **_kwargs):
        statements.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def test_queries_per_page_do_not_grow_with_rows(app, auth, client, kerkap: Kerkap):
    world = kerkap.world
    auth.login_as(world.operator)
    urls = [f"/laporan/cakupan/{KABUPATEN}", f"/laporan/cakupan/{KECAMATAN}", f"/laporan/cakupan/{DESA}",
            f"/laporan/tindak-lanjut/{KECAMATAN}", f"/laporan/kesiapan/{DESA}", f"/laporan/kesiapan/{KECAMATAN}",
            f"/laporan/grafik/{KECAMATAN}", f"/laporan/cakupan/{KECAMATAN}/unduh.csv"]
    before = {url: _count_statements(app, client, url) for url in urls}
    for number in range(30):
        person = make_person(f"Pantarlih Tambahan {number}")
        assign(person, world.election, Role.PANTARLIH, f"17.03.06.200{(number % 8) + 1}", tps=10 + number)
    db.session.commit()
    after = {url: _count_statements(app, client, url) for url in urls}
    assert after == before


def test_every_dashboard_page_stays_under_60_kb(auth, client, kerkap: Kerkap):
    world = kerkap.world
    for number in range(120):
        person = make_person(f"Pantarlih Banyak Nama Panjang {number}", phone=f"+62812{number:08d}")
        assign(person, world.election, Role.PANTARLIH, DESA, tps=100 + number)
    db.session.commit()
    auth.login_as(world.operator)
    for url in (f"/laporan/cakupan/{KABUPATEN}", f"/laporan/cakupan/{KECAMATAN}", f"/laporan/cakupan/{DESA}",
                f"/laporan/tindak-lanjut/{DESA}", f"/laporan/tindak-lanjut/{KECAMATAN}", f"/laporan/kesiapan/{DESA}",
                f"/laporan/grafik/{KECAMATAN}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert len(response.data) < 60_000, (url, len(response.data))
    second = client.get(f"/laporan/tindak-lanjut/{DESA}?halaman=2").get_data(as_text=True)
    assert "Halaman 2" in second


def test_region_filter_uses_the_election_region_index(app, kerkap: Kerkap):
    from bimtek.reports.queries import summary_select

    election = kerkap.world.election
    needs = course_needs()
    statements = {
        "ix_report_officer_progress_election_region": summary_select(election.id, KECAMATAN),
        "ix_assignment_election": officer_flags(election.id, KECAMATAN, needs),
    }
    engine = db.engine
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            # The planner's statistics of a real kabupaten (tens of thousands of officers over hundreds of desa),
            # so the few test rows are planned as production data would be.
            connection.exec_driver_sql("ANALYZE")
            connection.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE tbl IN ('report_officer_progress', 'assignment')")
            connection.exec_driver_sql(
                "INSERT INTO sqlite_stat1 VALUES "
                "('report_officer_progress', 'ix_report_officer_progress_election_region', '100000 50000 20'), "
                "('report_officer_progress', 'ix_report_officer_progress_person_id', '100000 1'), "
                "('assignment', 'ix_assignment_election_region', '100000 50000 20'), "
                "('assignment', 'ix_assignment_election_role_region', '100000 50000 20000 20'), "
                "('assignment', 'ix_assignment_person_id', '100000 1')"
            )
            connection.exec_driver_sql("ANALYZE sqlite_schema")
        for index, statement in statements.items():
            sql = str(statement.compile(engine, compile_kwargs={"literal_binds": True}))
            if engine.dialect.name == "sqlite":
                plan = " ".join(str(row[-1]) for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
                assert f"USING INDEX {index}" in plan or f"USING COVERING INDEX {index}" in plan, plan
                assert "region_code>? AND region_code<?" in plan, plan
                assert "SCAN report_officer_progress" not in plan and "SCAN assignment" not in plan, plan
            else:
                connection.exec_driver_sql("SET enable_seqscan = off")
                plan = " ".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + sql))
                assert index in plan, plan
                assert "region_code >=" in plan and "region_code <" in plan, plan
                connection.exec_driver_sql("RESET enable_seqscan")
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("DELETE FROM sqlite_stat1")
            connection.exec_driver_sql("ANALYZE sqlite_schema")
        connection.commit()


def test_national_table_is_for_the_admin_only(app, kerkap: Kerkap):
    world = kerkap.world
    admin = app.test_client()
    admin.post("/login", data={"username": world.admin.username, "password": "rahasia-123"})
    assert admin.get("/laporan/").headers["Location"].endswith("/laporan/cakupan/")
    rows = list(csv.reader(io.StringIO(admin.get("/laporan/cakupan/unduh.csv").get_data(as_text=True))))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["17"][2:6] == ["2", "2", "1", "3"]  # PPK Kerkap and Enggano; the far Pantarlih is in Riau (14)
    assert by_code["14"][5] == "1" and by_code["51"][-1] == "belum ada petugas"
    assert rows[-1][0] == "Jumlah"
    operator = app.test_client()
    operator.post("/login", data={"username": world.operator.username, "password": "rahasia-123"})
    assert operator.get("/laporan/cakupan/unduh.csv").status_code == 404
    assert operator.get("/laporan/cakupan/").status_code == 404
