"""Course banks: checking and syncing the GIFT files, the shipped banks, and admin uploads kept apart."""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bimtek.extensions import db
from bimtek.quizzes.bank import UNNAMED, BankError, check_bank_files, preview_upload, sync_bank
from bimtek.quizzes.gift import derive_name, parse_gift
from bimtek.quizzes.models import BankQuestion, QuestionSource
from tests.factories import World
from tests.quizzes.conftest import CONTENT, SHIPPED_CONTENT, load_course

SHIPPED = {"prosedur-coklit": 20, "sidalih-ecoklit": 15, "bimtek-supervisi-pantarlih": 10}

BANK = """$CATEGORY: Dasar

::satu::Pantarlih dibentuk oleh {=PPS ~PPK ####Keputusan PPS.}

::dua::Coklit dilakukan dari rumah ke rumah. {T ####Door to door.}
"""


def _write(tmp_path: Path, text: str, name: str = "bank.gift") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(course_id: int, source=QuestionSource.FILE) -> dict[str, BankQuestion]:
    return {
        row.name: row
        for row in db.session.scalars(
            select(BankQuestion).where(BankQuestion.course_id == course_id, BankQuestion.source == source)
        )
    }


@pytest.mark.parametrize(("slug", "minimum"), sorted(SHIPPED.items()))
def test_shipped_banks_are_clean_and_big_enough(slug, minimum):
    path = SHIPPED_CONTENT / slug / "bank.gift"
    assert check_bank_files(slug, [path]) == []
    result = parse_gift(path.read_text(encoding="utf-8"), str(path))
    assert len(result.questions) >= minimum
    assert all(question.explanation for question in result.questions)
    rules = yaml.safe_load((SHIPPED_CONTENT / slug / "course.yaml").read_text(encoding="utf-8"))["quiz"]
    per_category = Counter(question.category for question in result.questions)
    for category, count in rules.get("per_category", {}).items():
        assert per_category[category] >= count, category
    assert sum(rules.get("per_category", {}).values()) in (0, rules["questions"])


def test_check_reports_unnamed_duplicate_and_broken_questions(tmp_path):
    first = _write(tmp_path, BANK, "a.gift")
    second = _write(
        tmp_path,
        "$CATEGORY: Dasar\n\n::satu::Ulang {T}\n\nTanpa nama {T}\n\n::rusak::Blok tanpa tutup {=A ~B\n\n"
        "Esai {}\n\n$CATEGORY: Lanjutan\n\n::satu::Nama sama, kategori lain {F}\n",
        "b.gift",
    )
    errors = check_bank_files("uji", [first, second])
    assert errors == [
        f"{second}:7: blok jawaban tidak ditutup",
        f'{second}:9: skipped essay question "Esai": bank soal course_content hanya boleh berisi soal yang dinilai',
        f"{second}:3: nama soal ganda 'satu' di kategori 'Dasar' (sudah dipakai di {first}:3)",
        f"{second}:5: {UNNAMED}",
    ]


def test_sync_inserts_updates_in_place_and_retires(app, world: World, tmp_path):
    course = load_course("prosedur-coklit", bank=False)
    path = _write(tmp_path, BANK)
    summary = sync_bank(course, [path])
    assert "2 soal dari berkas (2 baru, 0 diubah, 0 dinonaktifkan)" in summary
    before = _rows(course.id)
    # Edit one, remove the other, add a third.
    _write(tmp_path, "$CATEGORY: Dasar\n\n::satu::Pantarlih dibentuk dengan keputusan {=PPS ~KPU}\n\n::tiga::Kode U {=U}\n")
    summary = sync_bank(course, [path])
    assert "2 soal dari berkas (1 baru, 1 diubah, 1 dinonaktifkan)" in summary
    after = _rows(course.id)
    assert after["satu"].id == before["satu"].id and "KPU" in str(after["satu"].data)
    assert after["dua"].is_retired and not after["tiga"].is_retired
    # Putting it back restores the same row.
    _write(tmp_path, BANK)
    sync_bank(course, [path])
    assert not _rows(course.id)["dua"].is_retired and _rows(course.id)["dua"].id == before["dua"].id
    # An unchanged sync changes nothing.
    assert "(0 baru, 0 diubah, 0 dinonaktifkan)" in sync_bank(course, [path])


def test_sync_refuses_a_broken_bank(app, world: World, tmp_path):
    course = load_course("prosedur-coklit", bank=False)
    with pytest.raises(BankError) as error:
        sync_bank(course, [_write(tmp_path, "Tanpa nama {T}\n")])
    assert error.value.errors == [f"{tmp_path / 'bank.gift'}:1: {UNNAMED}"]
    assert _rows(course.id) == {}


UPLOAD = """// dari pelatih KPU
$CATEGORY: Tambahan

Pantarlih bertemu pemilih secara langsung. {T ####Coklit dari rumah ke rumah.}

::satu::Nama yang sama dengan soal berkas tetap terpisah? {=Ya ~Tidak}
"""


def test_upload_preview_names_unnamed_questions_and_flags_clashes(app, world: World, tmp_path):
    course = load_course("prosedur-coklit", bank=False)
    sync_bank(course, [_write(tmp_path, BANK)])
    preview = preview_upload(course, UPLOAD.replace("Tambahan", "Dasar"), "../../pelatih.gift")
    assert preview.filename == "pelatih.gift"
    assert [(item.line, item.kind, item.name, item.derived) for item in preview.items] == [
        (4, "truefalse", derive_name("Pantarlih bertemu pemilih secara langsung."), True)
    ]
    assert preview.errors == [
        "pelatih.gift:6: nama soal 'satu' di kategori 'Dasar' sudah dipakai soal dari course_content"
    ]
    assert not preview.ok
    # The same name in another category is another question.
    elsewhere = preview_upload(course, UPLOAD, "pelatih.gift")
    assert (elsewhere.errors, [item.name for item in elsewhere.items][1:]) == ([], ["satu"])
    essay_only = preview_upload(course, "::x::Esai {}\n", "esai.gift")
    assert essay_only.warnings == ['esai.gift:1: skipped essay question "x"']
    assert essay_only.errors == ["esai.gift:1: berkas tidak berisi soal"]


def _admin(app, world):
    client = app.test_client()
    client.post("/login", data={"username": world.admin.username, "password": "rahasia-123"})
    return client


def _upload(client, text: str, name: str = "pelatih.gift"):
    return client.post(
        "/bank-soal/prosedur-coklit/unggah",
        data={"file": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def test_admin_uploads_previews_then_confirms_and_sync_leaves_uploads_alone(app, world: World, tmp_path):
    course = load_course("prosedur-coklit", bank=False)
    path = _write(tmp_path, BANK)
    sync_bank(course, [path])
    db.session.commit()
    client = _admin(app, world)
    text = UPLOAD.replace("::satu::", "::tambahan-satu::")
    preview = _upload(client, text)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "pelatih.gift:4" in page and "pelatih.gift:6" in page and "nama dibuat otomatis" in page
    assert _rows(course.id, QuestionSource.UPLOAD) == {}  # nothing saved before confirming
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{64})"', page)[1]
    saved = client.post("/bank-soal/prosedur-coklit/unggah/simpan", data={"token": token, "filename": "pelatih.gift"})
    assert saved.status_code == 302
    assert "2 soal unggahan disimpan" in client.get(saved.headers["Location"]).get_data(as_text=True)
    uploaded = _rows(course.id, QuestionSource.UPLOAD)
    derived = derive_name("Pantarlih bertemu pemilih secara langsung.")
    assert set(uploaded) == {derived, "tambahan-satu"}
    # The content sync, even with an emptied file bank, neither overwrites nor retires uploads.
    _write(tmp_path, "::satu::Pantarlih dibentuk oleh {=PPS ~PPK}\n")
    summary = sync_bank(course, [path])
    assert "2 soal unggahan tidak disentuh" in summary
    after = _rows(course.id, QuestionSource.UPLOAD)
    assert {name: (row.id, row.content_hash, row.is_retired) for name, row in after.items()} == {
        name: (row.id, row.content_hash, False) for name, row in uploaded.items()
    }
    # Uploading the same file again updates in place, by the same derived names.
    token = re.search(r'value="([0-9a-f]{64})"', _upload(client, text).get_data(as_text=True))[1]
    client.post("/bank-soal/prosedur-coklit/unggah/simpan", data={"token": token, "filename": "pelatih.gift"})
    assert {row.id for row in _rows(course.id, QuestionSource.UPLOAD).values()} == {r.id for r in uploaded.values()}


def test_upload_with_errors_cannot_be_confirmed(app, world: World):
    load_course("prosedur-coklit")
    client = _admin(app, world)
    page = _upload(client, "::a::Rusak {=A ~B\n\n::b::Baik {T}\n").get_data(as_text=True)
    assert "pelatih.gift:1: blok jawaban tidak ditutup" in page
    assert "Simpan" not in page.split("</table>")[1]
    token = re.search(r'value="([0-9a-f]{64})"', page)
    assert token is None
    bad = _upload(client, "bukan teks \xff".encode("latin-1").decode("latin-1"), "x.exe")
    assert bad.status_code == 400


def test_export_round_trips(app, world: World):
    course = load_course("prosedur-coklit")
    client = _admin(app, world)
    exported = client.get("/bank-soal/prosedur-coklit/ekspor")
    assert exported.headers["Content-Disposition"].endswith('filename="prosedur-coklit.gift"')
    again = parse_gift(exported.get_data(as_text=True))
    original = parse_gift((CONTENT / "prosedur-coklit" / "bank.gift").read_text(encoding="utf-8"))
    assert again.errors == []
    strip = lambda qs: [{**q.to_dict(), "line": 0} for q in qs]  # noqa: E731
    assert strip(again.questions) == strip(original.questions)
    assert course.slug == "prosedur-coklit"


TWO_CATEGORIES = """$CATEGORY: Dasar

::sama::Pantarlih dibentuk oleh PPS. {T}

::pindah::Coklit dari rumah ke rumah. {T}

$CATEGORY: Lanjutan

::sama::Pantarlih melapor ke PPS. {T}
"""


def _by_key(course_id: int, source=QuestionSource.FILE) -> dict[tuple[str, str], BankQuestion]:
    rows = db.session.scalars(
        select(BankQuestion).where(BankQuestion.course_id == course_id, BankQuestion.source == source)
    )
    return {(row.category, row.name): row for row in rows}


def test_sync_keeps_one_name_in_two_categories_apart(app, world: World, tmp_path):
    course = load_course("prosedur-coklit", bank=False)
    path = _write(tmp_path, TWO_CATEGORIES)
    assert "3 soal dari berkas (3 baru" in sync_bank(course, [path])
    db.session.commit()
    before = _by_key(course.id)
    assert sorted(before) == [("Dasar", "pindah"), ("Dasar", "sama"), ("Lanjutan", "sama")]
    assert before[("Lanjutan", "sama")].data["text"] == "Pantarlih melapor ke PPS."
    ids = {key: row.id for key, row in before.items()}

    # Edit the second 'sama', and move 'pindah' to the other category: both keep their rows.
    _write(tmp_path, TWO_CATEGORIES.replace("melapor ke PPS", "melapor ke PPS setiap hari").replace(
        "::pindah::Coklit dari rumah ke rumah. {T}\n\n$CATEGORY: Lanjutan\n",
        "$CATEGORY: Lanjutan\n\n::pindah::Coklit dari rumah ke rumah. {T}\n",
    ))
    summary = sync_bank(course, [path])
    assert "3 soal dari berkas (0 baru, 2 diubah, 0 dinonaktifkan)" in summary
    db.session.commit()
    after = _by_key(course.id)
    assert {key: row.id for key, row in after.items()} == {
        ("Dasar", "sama"): ids[("Dasar", "sama")],
        ("Lanjutan", "pindah"): ids[("Dasar", "pindah")],
        ("Lanjutan", "sama"): ids[("Lanjutan", "sama")],
    }
    assert after[("Lanjutan", "sama")].data["text"] == "Pantarlih melapor ke PPS setiap hari."
    assert after[("Dasar", "sama")].data["text"] == "Pantarlih dibentuk oleh PPS."

    # Back to the first category only: 'pindah' moves back, the second 'sama' alone is retired.
    _write(tmp_path, TWO_CATEGORIES.split("$CATEGORY: Lanjutan")[0])
    sync_bank(course, [path])
    db.session.commit()
    rows = _by_key(course.id)
    assert {key: (row.id, row.is_retired) for key, row in rows.items()} == {
        ("Dasar", "sama"): (ids[("Dasar", "sama")], False),
        ("Dasar", "pindah"): (ids[("Dasar", "pindah")], False),
        ("Lanjutan", "sama"): (ids[("Lanjutan", "sama")], True),
    }


def test_upload_numbers_a_name_repeated_in_one_category_and_updates_in_place(app, world: World):
    course = load_course("prosedur-coklit", bank=False)
    db.session.commit()
    client = _admin(app, world)
    text = TWO_CATEGORIES + "\n::sama::Pantarlih melapor ke PPS lagi. {F}\n\n::sama::Dan lagi. {T}\n\nEsai? {}\n"
    page = _upload(client, text, "moodle.txt").get_data(as_text=True)
    assert "moodle.txt:11: nama soal &#39;sama&#39; di kategori &#39;Lanjutan&#39; sudah dipakai di moodle.txt:9, " \
           "jadi soal ini disimpan sebagai &#39;sama (2)&#39;" in page
    assert "moodle.txt:13: nama soal &#39;sama&#39; di kategori &#39;Lanjutan&#39; sudah dipakai di moodle.txt:9, " \
           "jadi soal ini disimpan sebagai &#39;sama (3)&#39;" in page
    assert "moodle.txt:15: skipped essay question &#34;Esai?&#34;" in page
    assert "Simpan 5 soal ke bank" in page
    for attempt in (1, 2):
        token = re.search(r'value="([0-9a-f]{64})"', _upload(client, text, "moodle.txt").get_data(as_text=True))[1]
        saved = client.post("/bank-soal/prosedur-coklit/unggah/simpan", data={"token": token, "filename": "moodle.txt"})
        assert saved.status_code == 302
        rows = _by_key(course.id, QuestionSource.UPLOAD)
        if attempt == 1:
            first_ids = {key: row.id for key, row in rows.items()}
    assert {key: row.id for key, row in rows.items()} == first_ids
    assert sorted(first_ids) == [
        ("Dasar", "pindah"), ("Dasar", "sama"), ("Lanjutan", "sama"), ("Lanjutan", "sama (2)"), ("Lanjutan", "sama (3)")
    ]
    assert rows[("Lanjutan", "sama (2)")].data["text"] == "Pantarlih melapor ke PPS lagi."
