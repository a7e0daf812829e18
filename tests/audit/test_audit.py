"""The audit trail: recorded with the change, read by the operators of the area in sentences, filtered, paged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.audit.operations import action_label, record
from bimtek.audit.sentences import describe
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.training.models import TrainingSession
from tests.factories import KABUPATEN, KECAMATAN, OTHER_KAB_DESA, World, make_person


def _events(world: World, count: int, region: str = KABUPATEN + ".06.2001", *, distinct: bool = False) -> None:
    for number in range(count):
        subject = make_person(f"Petugas {number}") if distinct else world.pantarlih
        record("officers.update", actor_id=world.operator.id, election_id=world.election.id,
               subject_id=subject.id, region_code=region, fields=["full_name", "phone"], marker=f"nama-{number}")
    db.session.commit()


def _session(world: World, title: str = "Coklit Desa Sukamaju") -> TrainingSession:
    start = datetime(2029, 6, 20, 1, 0, tzinfo=UTC)
    session = TrainingSession(election_id=world.election.id, region_code=KECAMATAN, title=title, starts_at=start,
                              ends_at=start + timedelta(hours=6), place="Aula Kecamatan Kerkap")
    db.session.add(session)
    db.session.flush()
    return session


def _sentences() -> list[str]:
    events = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)).all()
    return [entry.sentence for entry in describe(events)]


def test_actions_read_as_sentences_in_bahasa_indonesia(app, world: World):
    session = _session(world)
    db.session.add(Course(slug="coklit-pantarlih", title="Coklit untuk Pantarlih"))
    e = world.election.id
    record("officers.import", actor_id=world.operator.id, election_id=e, region_code=KABUPATEN,
           created=2, updated=1, unchanged=0)
    record("training.file", actor_id=world.ppk.id, election_id=e, region_code=KECAMATAN, session_id=session.id,
           kind="daftar_hadir", name="hadir.pdf")
    record("training.attendance", actor_id=world.ppk.id, election_id=e, subject_id=world.pps.id,
           region_code=KECAMATAN, session_id=session.id, name="Bambang Sutrisno", before="hadir", after="izin")
    record("officers.update", actor_id=world.operator.id, election_id=e, subject_id=world.pantarlih.id,
           region_code=KECAMATAN + ".2001", fields=["full_name", "phone"])
    record("auth.password_reset", actor_id=world.pps.id, election_id=e, subject_id=world.pantarlih.id,
           region_code=KECAMATAN + ".2001")
    record("certificates.issue", actor_id=None, election_id=e, subject_id=world.pantarlih.id,
           region_code=KECAMATAN + ".2001", code="BU-0001", course="coklit-pantarlih")
    record("elections.schedule", actor_id=world.operator.id, election_id=e, region_code=KABUPATEN,
           bimtek_start="2029-06-10", coklit_start="2029-06-24")
    record("training.letterhead", actor_id=world.admin.id, election_id=e, region_code=KABUPATEN)
    db.session.commit()
    assert _sentences() == [
        "Operator KPU Rahmat Operator mengimpor daftar petugas untuk Kabupaten Bengkulu Utara: 2 baru, "
        "1 diperbarui, 0 tidak berubah",
        "PPK Suryani Ketua mengunggah pindaian daftar hadir 'hadir.pdf' ke bimtek 'Coklit Desa Sukamaju'",
        "PPK Suryani Ketua mengubah kehadiran Bambang Sutrisno pada bimtek 'Coklit Desa Sukamaju' dari Hadir "
        "menjadi Izin",
        "Operator KPU Rahmat Operator memperbaiki data Sri Wahyuni: nama, nomor HP",
        "PPS Bambang Sutrisno membuat kata sandi sekali pakai baru untuk Sri Wahyuni",
        "Sistem menerbitkan sertifikat BU-0001 kursus 'Coklit untuk Pantarlih' untuk Sri Wahyuni",
        "Operator KPU Rahmat Operator mengubah jadwal tahapan Kabupaten Bengkulu Utara pada Pilkada Uji pilkada-uji: "
        "bimtek mulai Minggu, 10 Juni 2029, coklit mulai Minggu, 24 Juni 2029",
        "Admin Sistem mengubah kop surat Kabupaten Bengkulu Utara",
    ]


def test_unknown_details_fall_back_to_indonesian_labels_never_raw_keys(app, world: World):
    session = _session(world)
    record("training.roster", actor_id=world.ppk.id, election_id=world.election.id, subject_id=None,
           region_code=KECAMATAN, session_id=session.id, change="hapus", name="Tamu Desa")
    record("tidak.dikenal", actor_id=world.ppk.id, election_id=world.election.id, region_code=KECAMATAN,
           created=2, session_id=session.id, jumlah_baris=5)
    db.session.delete(session)
    record("training.notes", actor_id=world.ppk.id, election_id=world.election.id, region_code=KECAMATAN,
           session_id=987654)
    db.session.commit()
    roster, unknown, notes = describe(db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id)))
    # The roster sentence names a subject; without one it lists its details instead.
    assert roster.sentence == "PPK Suryani Ketua: Ubah peserta bimtek"
    assert roster.details == [("Bimtek", "bimtek yang sudah dihapus"), ("Perubahan", "dihapus"), ("Nama", "Tamu Desa")]
    assert unknown.sentence == "PPK Suryani Ketua: tidak.dikenal"
    assert unknown.details == [("Baru", "2"), ("Bimtek", "bimtek yang sudah dihapus"), ("Jumlah baris", "5")]
    assert notes.sentence == "PPK Suryani Ketua mengubah notulen bimtek 'bimtek yang sudah dihapus'"


def test_a_detail_named_like_the_actor_does_not_replace_the_actor(app, world: World):
    record("officers.import", actor_id=world.operator.id, election_id=world.election.id, region_code=KABUPATEN,
           created=1, updated=0, unchanged=0, actor="palsu", region="palsu")
    db.session.commit()
    (entry,) = describe(db.session.scalars(db.select(AuditEvent)))
    assert entry.sentence.startswith("Operator KPU Rahmat Operator mengimpor daftar petugas untuk Kabupaten Bengkulu")


def test_the_page_shows_sentences_not_codes(client, auth, world: World):
    session = _session(world, "Bimtek PPS Kerkap")
    record("training.schedule", actor_id=world.ppk.id, election_id=world.election.id, region_code=KECAMATAN,
           session_id=session.id, title=session.title, participants=12)
    db.session.commit()
    auth.login_as(world.operator)
    page = client.get("/audit/").get_data(as_text=True)
    assert "PPK Suryani Ketua menjadwalkan bimtek &#39;Bimtek PPS Kerkap&#39; untuk Kecamatan Kerkap dengan 12 " \
           "peserta undangan" in page
    assert "session_id" not in page and "participants" not in page


def test_operator_reads_the_trail_of_their_kabupaten_only(client, auth, world: World):
    _events(world, 1)
    record("officers.update", actor_id=world.other_operator.id, election_id=world.election.id,
           subject_id=world.far_pantarlih.id, region_code=OTHER_KAB_DESA, fields=["nik"])
    db.session.commit()
    auth.login_as(world.operator)
    page = client.get("/audit/").get_data(as_text=True)
    assert "Operator KPU Rahmat Operator memperbaiki data Sri Wahyuni: nama, nomor HP" in page
    assert world.far_pantarlih.full_name not in page and "NIK" not in page


def test_admin_reads_every_area(client, auth, world: World):
    record("officers.update", actor_id=world.other_operator.id, election_id=world.election.id,
           subject_id=world.far_pantarlih.id, region_code=OTHER_KAB_DESA, fields=["nik"])
    db.session.commit()
    auth.login_as(world.admin)
    assert "Operator KPU Nurhayati memperbaiki data Juminten: NIK" in client.get("/audit/").get_data(as_text=True)


def test_fifty_rows_cost_no_more_queries_than_one(client, auth, world: World, max_queries):
    session = _session(world)
    db.session.commit()
    auth.login_as(world.operator)
    _events(world, 1)
    with max_queries(14) as one:
        assert client.get("/audit/").status_code == 200
    _events(world, 30, distinct=True)  # a different officer on every row
    for number in range(30):
        record("training.notes", actor_id=make_person(f"PPK {number}").id, election_id=world.election.id,
               region_code=KECAMATAN, session_id=session.id)
    db.session.commit()
    with max_queries(len(one) + 1) as fifty:  # + the one query naming the sessions
        page = client.get("/audit/").get_data(as_text=True)
    assert page.count("mengubah notulen bimtek 'Coklit Desa Sukamaju'".replace("'", "&#39;")) == 30
    assert page.count("memperbaiki data Petugas") == 20
    assert len(fifty) <= len(one) + 1


def test_pages_of_fifty_newest_first(client, auth, world: World):
    _events(world, 51)
    auth.login_as(world.operator)
    first = client.get("/audit/").get_data(as_text=True)
    second = client.get("/audit/?halaman=2").get_data(as_text=True)
    assert first.count("memperbaiki data Sri Wahyuni") == 50 and "Halaman 1 dari 2" in first
    assert second.count("memperbaiki data Sri Wahyuni") == 1 and "Halaman 2 dari 2" in second
    # A page beyond the last shows the last, not an empty list.
    assert client.get("/audit/?halaman=99").get_data(as_text=True).count("memperbaiki data Sri Wahyuni") == 1


def _mixed_trail(world: World) -> None:
    e = world.election.id
    with clock.frozen_at(datetime(2029, 6, 1, 3, 0, tzinfo=UTC)):  # 1 June, 10.00 WIB
        record("officers.import", actor_id=world.operator.id, election_id=e, region_code=KABUPATEN,
               created=3, updated=0, unchanged=0)
        db.session.flush()
    with clock.frozen_at(datetime(2029, 6, 5, 3, 0, tzinfo=UTC)):
        record("auth.password_reset", actor_id=world.pps.id, election_id=e, subject_id=world.pantarlih.id,
               region_code=KECAMATAN + ".2001")
        db.session.flush()
    with clock.frozen_at(datetime(2029, 6, 9, 18, 0, tzinfo=UTC)):  # 10 June, 01.00 WIB
        record("auth.password_reset", actor_id=world.ppk.id, election_id=e, subject_id=world.other_ppk.id,
               region_code="17.03.01")
        db.session.flush()
    db.session.commit()


def test_filters_by_actor_role_action_days_and_region(client, auth, world: World):
    _mixed_trail(world)
    auth.login_as(world.operator)

    def shown(query: str) -> list[str]:
        page = client.get("/audit/?" + query).get_data(as_text=True)
        return [name for name in ("mengimpor", "untuk Sri Wahyuni", "untuk Yusuf Enggano") if name in page]

    assert shown("") == ["mengimpor", "untuk Sri Wahyuni", "untuk Yusuf Enggano"]
    assert shown("peran=pps") == ["untuk Sri Wahyuni"]
    assert shown("peran=operator_kpu") == ["mengimpor"]
    assert shown("pelaku=suryani") == ["untuk Yusuf Enggano"]
    assert shown("tindakan=auth.password_reset") == ["untuk Sri Wahyuni", "untuk Yusuf Enggano"]
    assert shown("dari=2029-06-02&sampai=2029-06-09") == ["untuk Sri Wahyuni"]
    assert shown("dari=2029-06-10") == ["untuk Yusuf Enggano"]  # 01.00 WIB on the 10th counts as the 10th
    assert shown("wilayah=17.03.06") == ["untuk Sri Wahyuni"]
    assert shown("wilayah=talang+jambu") == ["untuk Sri Wahyuni"]
    assert shown("wilayah=Kecamatan+Enggano") == ["untuk Yusuf Enggano"]
    # Forged or malformed filters narrow nothing and break nothing.
    assert shown("peran=raja&tindakan=hapus.semua&dari=kemarin") == ["mengimpor", "untuk Sri Wahyuni",
                                                                      "untuk Yusuf Enggano"]
    page = client.get("/audit/?dari=kemarin").get_data(as_text=True)
    assert "Tanggal tidak valid." in page
    # On a phone the filters fold away until they are used.
    assert '<details class="card" open>' in page
    assert '<details class="card">' in client.get("/audit/?halaman=1").get_data(as_text=True)


def test_a_region_outside_the_area_or_unknown_is_said_so(client, auth, world: World):
    _mixed_trail(world)
    auth.login_as(world.operator)
    page = client.get("/audit/?wilayah=Indragiri").get_data(as_text=True)
    assert "Tidak ada wilayah di area Anda yang cocok dengan \"Indragiri\"." in page
    page = client.get("/audit/?wilayah=14.04").get_data(as_text=True)
    assert "Tidak ada wilayah di area Anda yang cocok" in page
    page = client.get("/audit/?wilayah=tebat").get_data(as_text=True)
    assert "Desa Tebat Pacur" in page or "Beberapa wilayah cocok" in page


def test_filters_keep_across_pages(client, auth, world: World):
    _events(world, 51)
    auth.login_as(world.operator)
    page = client.get("/audit/?tindakan=officers.update").get_data(as_text=True)
    assert "halaman=2" in page and "tindakan=officers.update" in page.split("halaman=2")[0].rsplit("href", 1)[1]


def test_labels_come_from_the_features(app):
    assert action_label("training.schedule") == "Jadwalkan bimtek"  # registered by training's access module
    assert action_label("officers.import") == "Impor petugas"  # by officers' access module
    assert action_label("tidak.dikenal") == "tidak.dikenal"


def test_an_event_is_written_with_the_change_or_not_at_all(world: World):
    record("officers.update", actor_id=world.operator.id, election_id=world.election.id)
    db.session.rollback()
    assert db.session.query(AuditEvent).count() == 0
