"""Grading shipped cases against decisions written here by hand, as a trainer would mark them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bimtek.cases.models import CaseDecision, CaseResult
from bimtek.cases.rules import normalise
from bimtek.extensions import db
from tests.cases.conftest import case_by_key, case_url, form

SESUAI = {"decision": "sesuai", "evidence": "ktp_kk"}

# Each shipped case with the decisions a KPU trainer marks right, worked out from domain.md, not from the files.
RIGHT = {
    "01-menikah-usia-16": form(
        suparman=SESUAI, sumiati=SESUAI,
        wulan={"decision": "potensial", "evidence": "ktp_kk"},  # married at 16: eligible
        dimas={"decision": "potensial", "evidence": "ktp_kk"},
        rizki={"decision": "tidak_dicatat", "evidence": "ktp_kk"},
    ),
    "02-ulang-tahun-ke-17-hari-pemungutan": form(
        marlina=SESUAI,
        fajar={"decision": "potensial", "evidence": "ktp_kk"},  # 17 on voting day itself
        nanda={"decision": "tidak_dicatat", "evidence": "ktp_kk"},  # 17 the day after
    ),
    "04-meninggal-surat-desa": form(
        sarno=SESUAI, tiyah={"decision": "tersaring", "reason": "meninggal", "evidence": "surat_desa"},
    ),
    "05-anggota-polri-baru": form(ruslan=SESUAI, arif={"decision": "tersaring", "reason": "tni_polri", "evidence": "kta"}),
    "06-purnawirawan-tni": form(yati=SESUAI, bambang={"decision": "potensial", "evidence": "sk_pemberhentian"}),
    "09-pindah-atau-salah-tps": form(
        joko=SESUAI,
        slamet={"decision": "ditandai", "reason": "pindah", "evidence": "keterangan_keluarga"},
        sainem={"decision": "tersaring", "reason": "salah_tps", "evidence": "ktp_kk"},
    ),
    "11-belum-punya-ktp-el": form(
        karto=SESUAI, sumi={"decision": "ubah", "field": "ktp_el", "value": "b", "evidence": "ktp_kk"},
        bayu={"decision": "potensial", "evidence": "ktp_kk"},
    ),
    "14-disabilitas-intelektual-dan-mental": form(
        edi=SESUAI, rian={"decision": "ubah", "field": "disability", "value": "2"},
        yanti={"decision": "ubah", "field": "disability", "value": "mental"},  # keeps the vote
    ),
    "15-tidak-ada-orang": form(
        sukri={"decision": "datang_lagi"}, yuli={"decision": "datang_lagi"}, stiker_rumah_kosong={"choice": "1"},
    ),
    "16-keluarga-dan-panggilan-video": form(agus={"decision": "sesuai", "evidence": "video_call"}, sri=SESUAI),
    "17-menolak-stiker": form(umar=SESUAI, aisyah=SESUAI, stiker={"choice": "2"}, tanda_bukti={"choice": "0"}),
    "18-pemilih-ganda": form(siti=SESUAI, siti_dua={"decision": "tersaring", "reason": "ganda", "evidence": "ktp_kk"}),
    "22-salah-tanggal-lahir": form(
        wartini={"decision": "ubah", "field": "born", "value": "12/04/1975", "evidence": "ktp_kk"},
    ),
    "24-di-bawah-umur-di-daftar": form(
        wawan=SESUAI, galih={"decision": "tersaring", "reason": "belum_17", "evidence": "ktp_kk"},
    ),
}


@pytest.mark.parametrize("key", sorted(RIGHT))
def test_trainers_decisions_pass(client, auth, world, synced, key):
    auth.login_as(world.pantarlih)
    response = client.post(case_url(key), data=RIGHT[key])
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    result = db.session.scalar(select(CaseResult).where(CaseResult.case_id == case_by_key(key).id))
    assert (result.passed, result.score) == (True, result.total)


# (case, subject, what the learner chose instead, the part the result page names)
WRONG = [
    ("01-menikah-usia-16", "wulan", {"decision": "tidak_dicatat", "evidence": "ktp_kk"}, "keputusan"),
    ("02-ulang-tahun-ke-17-hari-pemungutan", "fajar", {"decision": "tidak_dicatat", "evidence": "ktp_kk"}, "keputusan"),
    ("04-meninggal-surat-desa", "tiyah", {"decision": "datang_lagi"}, "keputusan"),
    ("05-anggota-polri-baru", "arif", {"decision": "tersaring", "reason": "tni_polri", "evidence": "ktp_kk"}, "bukti"),
    ("09-pindah-atau-salah-tps", "slamet", {"decision": "tersaring", "reason": "salah_tps", "evidence": "ktp_kk"},
     "keputusan"),
    ("09-pindah-atau-salah-tps", "sainem", {"decision": "tersaring", "reason": "meninggal", "evidence": "ktp_kk"},
     "alasan"),
    ("11-belum-punya-ktp-el", "sumi", {"decision": "ubah", "field": "ktp_el", "value": "S", "evidence": "ktp_kk"},
     "nilai baru"),
    ("14-disabilitas-intelektual-dan-mental", "yanti", {"decision": "ubah", "field": "disability", "value": "2"},
     "nilai baru"),
    ("15-tidak-ada-orang", "sukri", {"decision": "tersaring", "reason": "meninggal"}, "keputusan"),
    ("16-keluarga-dan-panggilan-video", "agus", {"decision": "sesuai", "evidence": "ktp_kk"}, "bukti"),
    ("22-salah-tanggal-lahir", "wartini", {"decision": "ubah", "field": "name", "value": "WARTINI"},
     "bagian yang diubah"),
]


@pytest.mark.parametrize("key,subject,chosen,part", WRONG)
def test_one_wrong_decision_fails_the_case_and_says_why(client, auth, world, synced, key, subject, chosen, part):
    auth.login_as(world.pantarlih)
    data = {name: value for name, value in RIGHT[key].items() if not name.startswith(f"{subject}-")}
    data.update(form(**{subject: chosen}))
    client.post(case_url(key), data=data)
    result = db.session.scalar(select(CaseResult).where(CaseResult.case_id == case_by_key(key).id))
    assert (result.passed, result.score, result.total) == (False, result.total - 1, result.total)
    wrong = db.session.scalars(select(CaseDecision.subject).where(
        CaseDecision.result_id == result.id, CaseDecision.last_correct.is_(False))).all()
    assert wrong == [subject.replace("_", "-")]
    page = client.get(case_url(key, "/hasil")).get_data(as_text=True)
    assert f"Yang kurang tepat: {part}" in page


def test_wrong_tps_teaches_that_the_voter_keeps_the_vote(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    data = dict(RIGHT["09-pindah-atau-salah-tps"])
    data.update(form(sainem={"decision": "ditandai", "reason": "pindah", "evidence": "ktp_kk"}))
    client.post(case_url("09-pindah-atau-salah-tps"), data=data)
    page = client.get(case_url("09-pindah-atau-salah-tps", "/hasil")).get_data(as_text=True)
    assert "Tersaring (TMS): Salah penempatan TPS" in page
    assert "tidak kehilangan hak pilih" in page
    assert "Pasal 19 ayat (3)" in page  # the rule is cited beside the explanation


def test_wrong_tps_also_accepts_marking_for_pps(client, auth, world, synced):
    auth.login_as(world.pantarlih)
    data = dict(RIGHT["09-pindah-atau-salah-tps"])
    data.update(form(sainem={"decision": "ditandai", "reason": "luar_tps", "evidence": "ktp_kk"}))
    client.post(case_url("09-pindah-atau-salah-tps"), data=data)
    result = db.session.scalar(select(CaseResult))
    assert result.passed is True


@pytest.mark.parametrize("field,written,expected", [
    ("born", "12-04-1975", "1975-04-12"), ("born", "12/4/1975", "1975-04-12"), ("born", "1975-04-12", "1975-04-12"),
    ("born", "31-02-1975", None), ("sex", "Perempuan", "P"), ("sex", "l", "L"), ("marital", "cerai mati", "pernah kawin"),
    ("marital", "S", "kawin"), ("disability", "6", "6"), ("disability", "Sensorik netra", "6"),
    ("disability", "kode 3", "3"), ("disability", "7", None), ("ktp_el", "belum", "B"),
    ("address", "Dusun I, RT 002/RW 001.", "dusun i rt 002 rw 001"), ("name", "  sutrisno ", "sutrisno"),
])
def test_values_are_read_the_way_officers_write_them(field, written, expected):
    assert normalise(field, written) == expected
