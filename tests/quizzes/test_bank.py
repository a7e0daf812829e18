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
    second = _write(tmp_path, "::satu::Ulang {T}\n\nTanpa nama {T}\n\n::rusak::Blok tanpa tutup {=A ~B\n", "b.gift")
    errors = check_bank_files("uji", [first, second])
    assert errors == [
        f"{second}:5: blok jawaban tidak ditutup",
        f"{second}:1: nama soal ganda 'satu' (sudah dipakai di {first}:3)",
        f"{second}:3: {UNNAMED}",
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
    preview = preview_upload(course, UPLOAD, "../../pelatih.gift")
    assert preview.filename == "pelatih.gift"
    assert [(item.line, item.kind, item.name, item.derived) for item in preview.items] == [
        (4, "truefalse", derive_name("Pantarlih bertemu pemilih secara langsung."), True)
    ]
    assert preview.errors == ["pelatih.gift:6: nama soal 'satu' sudah dipakai soal dari course_content"]
    assert not preview.ok
    broken = preview_upload(course, "::x::Esai {}\n", "esai.gift")
    assert broken.errors == ["esai.gift:1: pertanyaan esai tidak didukung"]


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
