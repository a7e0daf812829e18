"""The decisions a Pantarlih makes at the door, the rules behind them, and grading one decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

# Everything below is grounded in shared/domain.md (PKPU 7/2022 as amended by PKPU 7/2023, Pasal 19).

DECISIONS = {
    "sesuai": _l("Sesuai (centang ✓)"),
    "ubah": _l("Ubah (kode U)"),
    "tersaring": _l("Tersaring (TMS)"),
    "ditandai": _l("Ditandai, laporkan ke PPS"),
    "potensial": _l("Catat di Daftar Potensial Pemilih"),
    "tidak_dicatat": _l("Tidak dicatat di TPS ini"),
    "datang_lagi": _l("Datang lagi"),
}
# A row of formulir Model A-Daftar Pemilih, and a person met who is not on it, get different choices.
ROW_DECISIONS = ("sesuai", "ubah", "tersaring", "ditandai", "datang_lagi")
PERSON_DECISIONS = ("potensial", "tidak_dicatat", "datang_lagi")

TERSARING_REASONS = {
    "meninggal": _l("Meninggal dunia"),
    "ganda": _l("Ganda (terdaftar lebih dari sekali)"),
    "tni_polri": _l("Menjadi anggota TNI/Polri"),
    "belum_17": _l("Belum 17 tahun dan belum pernah kawin"),
    "salah_tps": _l("Salah penempatan TPS"),
}
DITANDAI_REASONS = {
    "pindah": _l("Pindah domisili"),
    "luar_tps": _l("Alamat KTP-el/KK di luar wilayah TPS ini"),
}
REASONS = {**TERSARING_REASONS, **DITANDAI_REASONS}

FIELDS = {
    "name": _l("Nama"),
    "born": _l("Tanggal lahir"),
    "sex": _l("Jenis kelamin"),
    "marital": _l("Status perkawinan"),
    "address": _l("Alamat"),
    "disability": _l("Jenis disabilitas"),
    "ktp_el": _l("Status KTP-el"),
}

EVIDENCE = {
    "ktp_kk": _l("KTP-el dan/atau KK (atau biodata penduduk, IKD)"),
    "video_call": _l("Dokumen ditunjukkan keluarga, lalu panggilan video dengan pemilih"),
    "surat_kematian": _l("Surat keterangan kematian"),
    "surat_desa": _l("Surat keterangan dari desa/kelurahan"),
    "kta": _l("Kartu Tanda Anggota (KTA) TNI/Polri"),
    "sk_pemberhentian": _l("SK pemberhentian (pensiun) dari TNI/Polri"),
    "keterangan_keluarga": _l("Keterangan keluarga atau tetangga"),
    "tanpa_bukti": _l("Tidak ada bukti yang dapat diperiksa"),
}

DISABILITY = {
    0: "-",
    1: _l("1 Fisik"),
    2: _l("2 Intelektual"),
    3: _l("3 Mental"),
    4: _l("4 Sensorik wicara"),
    5: _l("5 Sensorik rungu"),
    6: _l("6 Sensorik netra"),
}
SEX = {"L": _l("Laki-laki"), "P": _l("Perempuan")}
MARITAL = {"belum kawin": _l("Belum kawin"), "kawin": _l("Kawin"), "pernah kawin": _l("Pernah kawin")}
KTP_EL = {"S": _l("S (sudah punya)"), "B": _l("B (belum punya)")}

ELIGIBILITY = _l("Syarat pemilih: WNI, genap 17 tahun paling lambat pada hari pemungutan suara (yang berulang tahun "
                 "ke-17 tepat pada hari itu sudah boleh memilih) atau sudah/pernah kawin, bukan anggota TNI/Polri "
                 "aktif, dan terdaftar hanya satu kali.")
RULES = {
    "sesuai": _l("Data cocok dengan KTP-el/KK: beri tanda centang (✓) di kolom keterangan formulir Model A-Daftar "
                 "Pemilih; di e-Coklit pilih Sesuai."),
    "ubah": _l("Data yang salah dicoret, nilai yang benar ditulis di baris kosong di bawahnya, dan kolom keterangan "
               "diberi kode U (ubah); di e-Coklit pilih Ubah."),
    "tersaring.meninggal": _l("PKPU 7/2022 s.t.d.d. PKPU 7/2023 Pasal 19 ayat (3): pemilih yang meninggal dicoret "
                              "dengan bukti surat keterangan kematian atau dokumen lain, misalnya surat keterangan "
                              "dari desa/kelurahan."),
    "tersaring.ganda": _l("Pasal 19 ayat (3): pemilih ganda dicoret; satu orang hanya boleh terdaftar satu kali."),
    "tersaring.tni_polri": _l("Pasal 19 ayat (3): pemilih yang menjadi anggota TNI/Polri dicoret dengan bukti KTA."),
    "tersaring.belum_17": _l("Pasal 19 ayat (3): yang belum genap 17 tahun pada hari pemungutan suara dan belum "
                             "pernah kawin dicoret."),
    "tersaring.salah_tps": _l("Salah penempatan TPS: di e-Coklit pilih Tersaring dengan alasan salah penempatan TPS, "
                              "tetapi pemilih tidak kehilangan hak pilih; ia dipindahkan ke TPS yang benar. Jangan "
                              "memakai alasan meninggal atau pindah domisili untuknya."),
    "ditandai.pindah": _l("Pasal 19 ayat (3): pemilih yang pindah domisili tidak dicoret, melainkan ditandai dan "
                          "dilaporkan kepada PPS."),
    "ditandai.luar_tps": _l("Pasal 19 ayat (3): pemilih yang alamat KTP-el/KK-nya bukan di wilayah TPS ini ditandai "
                            "dan dilaporkan kepada PPS."),
    "potensial": _l("Warga yang memenuhi syarat tetapi belum ada di daftar dicatat pada formulir Model A-Daftar "
                    "Potensial Pemilih (pemilih baru); yang belum punya KTP-el dicatat dengan keterangan itu."),
    "tidak_dicatat": _l("Yang belum genap 17 tahun pada hari pemungutan suara dan belum pernah kawin, atau anggota "
                        "TNI/Polri aktif, bukan pemilih; warga yang menurut KTP-el/KK berdomisili di daerah lain "
                        "bukan pemilih di TPS ini. Mereka tidak dicatat."),
    "datang_lagi": _l("Coklit dilakukan dengan menemui pemilih. Rumah yang kosong atau pemilih yang belum dapat "
                      "dicocokkan didatangi lagi; tidak ada yang dicoret karena tidak ditemui."),
}
FIELD_RULES = {
    "disability": _l("Kode disabilitas: 1 fisik, 2 intelektual, 3 mental, 4 sensorik wicara, 5 sensorik rungu, 6 "
                     "sensorik netra. Penyandang disabilitas, termasuk disabilitas mental, tetap memiliki hak pilih."),
    "ktp_el": _l("Status KTP-el: S = sudah memiliki KTP-el, B = belum."),
}
EVIDENCE_RULES = {
    "video_call": _l("Jika pemilih tidak dapat ditemui, anggota keluarga boleh menunjukkan dokumennya dan Pantarlih "
                     "berbicara dengan pemilih melalui panggilan video."),
    "sk_pemberhentian": _l("Purnawirawan TNI/Polri dicatat kembali dengan SK pemberhentian."),
}

_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %m %Y")
_MARITAL_WORDS = {
    "b": "belum kawin", "belum": "belum kawin", "belum kawin": "belum kawin", "belum menikah": "belum kawin",
    "s": "kawin", "k": "kawin", "kawin": "kawin", "sudah kawin": "kawin", "menikah": "kawin",
    "sudah menikah": "kawin",
    "p": "pernah kawin", "pernah kawin": "pernah kawin", "pernah menikah": "pernah kawin", "cerai": "pernah kawin",
    "cerai hidup": "pernah kawin", "cerai mati": "pernah kawin", "janda": "pernah kawin", "duda": "pernah kawin",
}
_SEX_WORDS = {"l": "L", "laki-laki": "L", "laki laki": "L", "lk": "L", "pria": "L",
              "p": "P", "perempuan": "P", "pr": "P", "wanita": "P"}
_KTP_WORDS = {"s": "S", "sudah": "S", "ada": "S", "sudah punya": "S", "b": "B", "belum": "B", "belum punya": "B",
              "tidak ada": "B"}
_DISABILITY_WORDS = {"fisik": 1, "intelektual": 2, "mental": 3, "wicara": 4, "sensorik wicara": 4, "rungu": 5,
                     "sensorik rungu": 5, "tuli": 5, "netra": 6, "sensorik netra": 6, "tunanetra": 6,
                     "tidak ada": 0, "-": 0, "tidak": 0}


def parse_date(value: Any) -> date | None:
    """Read a date written as 2008-11-27 (or 27-11-2008, 27/11/2008); None when it cannot be read."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = re.sub(r"\s+", " ", str(value or "").strip())
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def normalise(field: str, value: Any) -> str | None:
    """Bring a value to one spelling, so a learner's '12/4/1975' matches 1975-04-12; None when unreadable."""
    text = re.sub(r"\s+", " ", str(value if value is not None else "").strip()).strip(".").casefold()
    if field == "born":
        parsed = parse_date(text)
        return parsed.isoformat() if parsed else None
    if field == "sex":
        return _SEX_WORDS.get(text)
    if field == "marital":
        return _MARITAL_WORDS.get(text)
    if field == "ktp_el":
        return _KTP_WORDS.get(text)
    if field == "disability":
        if text.isdigit() and int(text) in DISABILITY:
            return str(int(text))
        words = text.removeprefix("kode ").split(" ", 1)
        if words[0].isdigit() and int(words[0]) in DISABILITY:
            return words[0]
        code = _DISABILITY_WORDS.get(text.removeprefix("disabilitas ").strip())
        return None if code is None else str(code)
    if field == "address":
        # "Dusun I, RT 002/RW 001." and "dusun i rt 002 rw 001" are the same address.
        text = re.sub(r"\s+", " ", re.sub(r"[,./]", " ", text)).strip()
    return text or None


def shown_value(field: str, value: Any) -> str:
    """Return a field's value as the form and card show it."""
    if value is None or value == "":
        return "-"
    if field == "born":
        parsed = parse_date(value)
        return parsed.strftime("%d-%m-%Y") if parsed else str(value)
    if field == "sex":
        return str(SEX.get(str(value), value))
    if field == "marital":
        return str(MARITAL.get(str(value), value))
    if field == "disability":
        return str(DISABILITY.get(int(value), value)) if str(value).isdigit() else str(value)
    if field == "ktp_el":
        return str(KTP_EL.get(str(value), value))
    return str(value)


@dataclass(frozen=True)
class Given:
    """What a learner chose for one row or person."""

    decision: str = ""
    reason: str = ""
    field: str = ""
    value: str = ""
    evidence: str = ""
    choice: str = ""  # for a case question: the index of the chosen option

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Given:
        data = data or {}
        return cls(**{key: str(data.get(key) or "") for key in cls.__dataclass_fields__})

    def to_dict(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in self.__dataclass_fields__ if getattr(self, key)}


@dataclass(frozen=True)
class Verdict:
    """How one decision was graded: right or not, and what was wrong."""

    correct: bool
    mistakes: tuple[str, ...] = ()


def _match(answer: dict[str, Any], given: Given) -> tuple[str, ...]:
    """Return what differs between an accepted answer and the learner's choice (empty when it matches)."""
    if given.decision != answer["decision"]:
        return ("keputusan",)
    mistakes: list[str] = []
    if answer["decision"] in ("tersaring", "ditandai") and given.reason != answer.get("reason"):
        mistakes.append("alasan")
    if answer["decision"] == "ubah":
        if given.field != answer.get("field"):
            mistakes.append("bagian yang diubah")
        else:
            wanted = {normalise(answer["field"], value) for value in answer.get("values", ())}
            if normalise(given.field, given.value) not in wanted:
                mistakes.append("nilai baru")
    accepted = answer.get("evidence")
    if accepted and given.evidence not in accepted:
        mistakes.append("bukti")
    return tuple(mistakes)


def grade_subject(subject: dict[str, Any], given: Given) -> Verdict:
    """Grade one row, person or question of a case against its accepted answers."""
    if subject["kind"] == "question":
        return Verdict(given.choice == str(subject["correct"]), () if given.choice == str(subject["correct"])
                       else ("jawaban",))
    best: tuple[str, ...] | None = None
    for answer in subject["answers"]:
        mistakes = _match(answer, given)
        if not mistakes:
            return Verdict(True)
        if best is None or (best == ("keputusan",) and mistakes != ("keputusan",)):
            best = mistakes
    return Verdict(False, best or ("keputusan",))


def keyed_given(subject: dict[str, Any]) -> Given:
    """Return a subject's first accepted answer as a learner would post it (demo data, page checks)."""
    if subject["kind"] == "question":
        return Given(choice=str(subject["correct"]))
    answer = subject["answers"][0]
    return Given(decision=answer["decision"], reason=answer.get("reason") or "", field=answer.get("field") or "",
                 value=(answer.get("values") or [""])[0], evidence=(answer.get("evidence") or [""])[0])


def rule_for(answer: dict[str, Any]) -> list[str]:
    """Return the rules an accepted answer rests on, to show beside the trainer's explanation."""
    decision = answer["decision"]
    rules = [str(RULES.get(f"{decision}.{answer.get('reason')}") or RULES[decision])]
    if decision == "ubah" and answer.get("field") in FIELD_RULES:
        rules.append(str(FIELD_RULES[answer["field"]]))
    if decision in ("potensial", "tidak_dicatat"):
        rules.append(str(ELIGIBILITY))
    for key in answer.get("evidence") or ():
        if key in EVIDENCE_RULES:
            rules.append(str(EVIDENCE_RULES[key]))
    return rules


def describe_answer(answer: dict[str, Any]) -> str:
    """Say an accepted answer in words, e.g. 'Ubah: Tanggal lahir menjadi 12-04-1975; bukti: KTP-el ...'."""
    text = str(DECISIONS[answer["decision"]])
    if answer.get("reason"):
        text += f": {REASONS[answer['reason']]}"
    if answer["decision"] == "ubah":
        values = answer.get("values") or ()
        text += f": {FIELDS[answer['field']]} menjadi {shown_value(answer['field'], values[0]) if values else '-'}"
    if answer.get("evidence"):
        text += "; bukti: " + " atau ".join(str(EVIDENCE[key]) for key in answer["evidence"])
    return text


def describe_given(given: Given, subject: dict[str, Any]) -> str:
    """Say a learner's choice in words."""
    if subject["kind"] == "question":
        choices = subject["choices"]
        return choices[int(given.choice)] if given.choice.isdigit() and int(given.choice) < len(choices) else "-"
    if not given.decision:
        return "Belum dipilih"
    text = str(DECISIONS.get(given.decision, given.decision))
    if given.decision in ("tersaring", "ditandai"):
        text += f": {REASONS.get(given.reason, '(alasan belum dipilih)')}"
    if given.decision == "ubah":
        text += f": {FIELDS.get(given.field, '(bagian belum dipilih)')} menjadi {given.value or '-'}"
    if given.evidence:
        text += f"; bukti: {EVIDENCE.get(given.evidence, given.evidence)}"
    return text
