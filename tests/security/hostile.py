"""Builders of hostile files for the security tests and the bench: tiny files that claim to be huge."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Petugas" sheetId="1" r:id="rId1"/></sheets></workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""


def _column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _row(number: int, cells: list[str]) -> str:
    body = "".join(
        f'<c r="{_column(i)}{number}" t="inlineStr"><is><t>{value}</t></is></c>' for i, value in enumerate(cells, 1)
    )
    return f'<row r="{number}">{body}</row>'


def xlsx(rows: list[list[str]], *, dimension: str | None = None, extra: str = "", padding: int = 0) -> bytes:
    """Return a minimal XLSX of inline strings; `dimension` and `extra` rows let it claim any size."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + "<sheetData>" + "".join(_row(n, cells) for n, cells in enumerate(rows, 1)) + extra
        + " " * padding + "</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def xlsx_claiming_huge_dimensions(rows: list[list[str]]) -> bytes:
    """A 2 KB sheet claiming 20,000 rows x 16,384 columns: one cell at XFD20000."""
    return xlsx(rows, dimension="A1:XFD20000",
                extra='<row r="20000"><c r="XFD20000" t="inlineStr"><is><t>x</t></is></c></row>')


def xlsx_zip_bomb(rows: list[list[str]], unpacked_mb: int = 40) -> bytes:
    """A sheet padded with white space that deflates about a thousandfold."""
    return xlsx(rows, padding=unpacked_mb * 1024 * 1024)


def png_bomb(width: int = 13_000, height: int = 13_000) -> bytes:
    """A 1-bit grey PNG of width x height pixels, all black: about 20 KB for 169 megapixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = zlib.compress(b"\0" * ((width + 7) // 8 + 1) * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def jpeg(width: int, height: int) -> bytes:
    """Return an ordinary camera-sized JPEG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 160, 200)).save(out, "JPEG", quality=85)
    return out.getvalue()
