"""Every cell we write to CSV or XLSX is neutralised against formula injection."""

import csv
import io

from openpyxl import load_workbook

from bimtek.spreadsheet import csv_text, neutralise, xlsx_bytes

HOSTILE = ["=1+1", "+62812", "-5", "@SUM(A1)", "\tx", "\rx"]


def test_neutralise_prefixes_each_formula_start_and_leaves_plain_values():
    assert [neutralise(value) for value in HOSTILE] == ["'=1+1", "'+62812", "'-5", "'@SUM(A1)", "'\tx", "'\rx"]
    assert neutralise("Siti Aminah") == "Siti Aminah"
    assert neutralise(12) == 12
    assert neutralise(None) is None


def test_csv_and_xlsx_write_neutralised_cells():
    rows = [["=HYPERLINK(\"x\")", 3], ["Budi", None]]
    parsed = list(csv.reader(io.StringIO(csv_text(["nama", "jumlah"], rows))))
    assert parsed == [["nama", "jumlah"], ["'=HYPERLINK(\"x\")", "3"], ["Budi", ""]]

    sheet = load_workbook(io.BytesIO(xlsx_bytes(["nama", "jumlah"], rows))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values == [["nama", "jumlah"], ["'=HYPERLINK(\"x\")", 3], ["Budi", None]]
