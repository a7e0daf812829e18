"""Class 8: a long unbroken name wraps inside its column on every print template."""

from __future__ import annotations

import io

from pypdf import PdfReader

from bimtek.extensions import db
from bimtek.officers.models import Role
from tests.factories import DESA, World, assign, make_person
from tests.training.conftest import schedule

LONG_NAME = "Muhammadsyaifulrahmanhidayatullahxy"  # 35 letters, no break opportunity
assert len(LONG_NAME) == 35


def _fragments(pdf: bytes) -> list[tuple[str, float, float]]:
    """Return (text, x, y) in points for every piece of text on the first page."""
    pieces = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            pieces.append((text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return pieces


def _signature_numbers(pieces) -> dict[str, float]:
    """Return the x of each numbered box in the zig-zag signature column ('1.', '2.', ...)."""
    return {t: x for t, x, _y in pieces if t.endswith(".") and t[:-1].isdigit()}


def test_a_35_character_name_stays_inside_the_nama_column_of_the_daftar_hadir(client, auth, world: World):
    long_person = make_person(LONG_NAME)
    assign(long_person, world.election, Role.PANTARLIH, DESA, tps=9)
    db.session.commit()
    session = schedule(world, world.pps, DESA)
    auth.login_as(world.pps)
    url = f"/bimtek/{session.id}/daftar-hadir.pdf"
    response = client.get(url)
    assert response.status_code == 200
    pieces = _fragments(response.data)
    # The name is broken over several lines, every piece starting at the left of the Nama column ...
    name_pieces = [(t, x, y) for t, x, y in pieces if len(t) >= 3 and t in LONG_NAME]
    assert "".join(t for t, _x, _y in name_pieces) == LONG_NAME
    assert len({round(y) for _t, _x, y in name_pieces}) >= 2
    assert len({round(x) for _t, x, _y in name_pieces}) == 1
    # ... left of the row's Jabatan ...
    jabatan_x = next(x for t, x, _y in pieces if t.startswith("Pantarlih TPS") and "001" not in t)
    assert name_pieces[0][1] < jabatan_x
    # ... and nothing to its right moved: the signature boxes sit where they do with a short name.
    long_numbers = _signature_numbers(pieces)
    long_person.full_name = "Budi"
    db.session.commit()
    short_numbers = _signature_numbers(_fragments(client.get(url).data))
    assert long_numbers and long_numbers == short_numbers
    width = float(PdfReader(io.BytesIO(response.data)).pages[0].mediabox.width)
    assert max(long_numbers.values()) < width - 15 * 72 / 25.4


def test_every_print_template_uses_fixed_tables_and_wraps_anywhere():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    for path in ["training/pdf/_base.html", "officers/pdf/sheet.html", "courses/pdf/course.html",
                 "courses/pdf/pocket_cards.html"]:
        css = (root / path).read_text(encoding="utf-8")
        assert "table-layout: fixed" in css, path
        assert "overflow-wrap: anywhere" in css, path
