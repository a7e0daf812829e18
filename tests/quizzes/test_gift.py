"""GIFT parsing, error reporting and export."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from bimtek.quizzes.gift import GiftError, derive_name, export_gift, parse_gift
from bimtek.quizzes.questions import Answer, MatchPair, NumericAnswer, Question


def gift(text: str) -> str:
    """Dedent a GIFT snippet written inline in a test."""
    return textwrap.dedent(text).lstrip("\n")


def only_question(text: str) -> Question:
    """Parse a snippet that must hold exactly one valid question."""
    result = parse_gift(gift(text), "soal.gift")
    assert [str(error) for error in result.errors] == []
    assert len(result.questions) == 1
    return result.questions[0]


def errors_of(text: str) -> list[str]:
    """Parse a snippet and return its errors as path:line: message strings."""
    return [str(error) for error in parse_gift(text, "soal.gift").errors]


def without_lines(questions: list[Question]) -> list[Question]:
    """Forget where each question was read, for comparing re-read questions."""
    return [dataclasses.replace(question, line=0) for question in questions]


# --- question types -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("block", "truth"),
    [("{T}", True), ("{TRUE}", True), ("{F}", False), ("{FALSE}", False), ("{ true }", True)],
)
def test_truefalse_blocks(block: str, truth: bool) -> None:
    question = only_question(f"KPPS dibentuk oleh PPS. {block}")
    assert question.kind == "truefalse"
    assert question.truth is truth
    assert question.text == "KPPS dibentuk oleh PPS."
    assert (question.true_feedback, question.false_feedback) == ("", "")


@pytest.mark.parametrize(
    ("block", "true_feedback", "false_feedback"),
    [
        # Moodle: the first feedback is for a wrong response, the second for a right one.
        ("{T#Keliru.#Tepat.}", "Tepat.", "Keliru."),
        ("{F#Keliru.#Tepat.}", "Keliru.", "Tepat."),
        ("{TRUE#Hanya saat salah}", "", "Hanya saat salah"),
        ("{FALSE#Hanya saat salah}", "Hanya saat salah", ""),
    ],
)
def test_truefalse_feedback_follows_moodle(
    block: str, true_feedback: str, false_feedback: str
) -> None:
    question = only_question(f"Pernyataan. {block}")
    assert (question.true_feedback, question.false_feedback) == (true_feedback, false_feedback)


def test_single_choice_with_feedback() -> None:
    question = only_question(
        "Siapa yang melantik KPPS? {=PPS #Benar, PPS. ~PPK #Bukan, PPK melantik PPS. ~KPU RI}"
    )
    assert question.kind == "single"
    assert question.answers == (
        Answer("PPS", 1.0, "Benar, PPS."),
        Answer("PPK", 0.0, "Bukan, PPK melantik PPS."),
        Answer("KPU RI", 0.0, ""),
    )


def test_single_choice_keeps_partial_weights() -> None:
    question = only_question("Pilih: {=tepat ~%50%setengah ~%-25%keliru ~salah}")
    assert question.kind == "single"
    assert [answer.fraction for answer in question.answers] == [1.0, 0.5, -0.25, 0.0]


def test_weighted_tildes_make_multiple_response() -> None:
    question = only_question(
        """
        Dokumen yang wajib dibawa pemilih? {
            ~%50%Formulir C pemberitahuan #Ya
            ~%50%KTP elektronik
            ~%-100%Kartu keluarga #Tidak wajib
        }
        """
    )
    assert question.kind == "multi"
    assert question.answers == (
        Answer("Formulir C pemberitahuan", 0.5, "Ya"),
        Answer("KTP elektronik", 0.5, ""),
        Answer("Kartu keluarga", -1.0, "Tidak wajib"),
    )


def test_decimal_weights() -> None:
    question = only_question("Tiga benar: {~%33.33333%a ~%33.33333%b ~%33.33333%c ~%-50%d}")
    assert question.kind == "multi"
    assert [answer.fraction for answer in question.answers] == pytest.approx(
        [0.3333333, 0.3333333, 0.3333333, -0.5]
    )


def test_short_answer() -> None:
    question = only_question("Singkatan dari Komisi Pemilihan Umum? {=KPU =%50%K P U #Hampir}")
    assert question.kind == "short"
    assert question.answers == (Answer("KPU", 1.0, ""), Answer("K P U", 0.5, "Hampir"))


def test_matching() -> None:
    question = only_question(
        """
        Jodohkan badan dengan tingkatnya. {
            =PPK -> kecamatan
            =PPS -> desa/kelurahan
            =KPPS -> TPS
        }
        """
    )
    assert question.kind == "matching"
    assert question.pairs == (
        MatchPair("PPK", "kecamatan"),
        MatchPair("PPS", "desa/kelurahan"),
        MatchPair("KPPS", "TPS"),
    )


def test_matching_accepts_two_pairs() -> None:
    question = only_question("Jodohkan. {=a -> 1 =b -> 2}")
    assert question.pairs == (MatchPair("a", "1"), MatchPair("b", "2"))


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("{#3:0.5}", NumericAnswer(3.0, 0.5)),
        ("{#7}", NumericAnswer(7.0, 0.0)),
        ("{#-2.5:0.25}", NumericAnswer(-2.5, 0.25)),
        ("{#1..5}", NumericAnswer(3.0, 2.0, low=1.0, high=5.0)),
        ("{#1822:5 #Tahun kelahiran}", NumericAnswer(1822.0, 5.0, feedback="Tahun kelahiran")),
    ],
)
def test_numerical_single_answer(block: str, expected: NumericAnswer) -> None:
    question = only_question(f"Berapa? {block}")
    assert question.kind == "numerical"
    assert question.numeric == (expected,)


def test_numerical_several_weighted_answers() -> None:
    question = only_question(
        """
        Tahun pemilu serentak berikutnya? {#
            =2029:0 #Tepat
            =%50%2029:1 #Hampir
            =%25%2025..2035
        }
        """
    )
    assert question.numeric == (
        NumericAnswer(2029.0, 0.0, fraction=1.0, feedback="Tepat"),
        NumericAnswer(2029.0, 1.0, fraction=0.5, feedback="Hampir"),
        NumericAnswer(2030.0, 5.0, low=2025.0, high=2035.0, fraction=0.25),
    )


def test_numerical_inline_several_answers() -> None:
    question = only_question("Tahun? {#=2030:0 =%50%2029:1}")
    assert question.numeric == (
        NumericAnswer(2030.0, 0.0),
        NumericAnswer(2029.0, 1.0, fraction=0.5),
    )


# --- names, formats, comments, categories, lines -------------------------------------------


def test_name_and_missing_name() -> None:
    named, unnamed = parse_gift(
        "::Pelantikan KPPS:: Siapa? {=PPS ~PPK}\n\nSiapa? {=PPS ~PPK}"
    ).questions
    assert named.name == "Pelantikan KPPS"
    assert named.text == "Siapa?"
    assert unnamed.name == ""


@pytest.mark.parametrize(
    ("prefix", "text_format"),
    [
        ("", "plain"),
        ("[plain]", "plain"),
        ("[moodle]", "plain"),
        ("[markdown]", "markdown"),
        ("[html]", "html"),
    ],
)
def test_text_formats(prefix: str, text_format: str) -> None:
    question = only_question(f"::q::{prefix}**Tebal** <b>x</b> {{T}}")
    assert question.text_format == text_format
    assert question.text == "**Tebal** <b>x</b>"


def test_format_without_name() -> None:
    question = only_question("[markdown]Apa *itu* DPT? {=daftar pemilih tetap}")
    assert (question.text_format, question.text) == ("markdown", "Apa *itu* DPT?")


def test_comments_are_ignored_anywhere_in_an_item() -> None:
    result = parse_gift(
        gift(
            """
            // Bab 1: penyelenggara
            // oleh tim bimtek
            ::q1:: Siapa melantik KPPS? {
            // jawaban benar dulu
                =PPS
                ~PPK
            }
            // catatan penutup untuk q1

            // item yang hanya berisi komentar

            Rujukan di http://kpu.go.id benar. {T}
            """
        )
    )
    assert result.errors == []
    first, second = result.questions
    assert first.answers == (Answer("PPS", 1.0), Answer("PPK", 0.0))
    assert first.line == 3
    assert second.text == "Rujukan di http://kpu.go.id benar."


def test_categories_apply_to_following_questions() -> None:
    result = parse_gift(
        gift(
            """
            Tanpa kategori {T}

            $CATEGORY: pemilu/penyelenggara

            Satu {T}

            Dua {F}

            // kategori diikuti langsung oleh pertanyaan
            $CATEGORY: pemilu/pemungutan
            Tiga {T}
            """
        )
    )
    assert result.errors == []
    assert [(q.text, q.category) for q in result.questions] == [
        ("Tanpa kategori", ""),
        ("Satu", "pemilu/penyelenggara"),
        ("Dua", "pemilu/penyelenggara"),
        ("Tiga", "pemilu/pemungutan"),
    ]
    assert result.questions[-1].line == 11


def test_line_is_first_line_of_question() -> None:
    result = parse_gift("\n\n// komentar\n::a:: Satu {T}\n\n\n\nDua\n{F}\n")
    assert [q.line for q in result.questions] == [4, 8]


def test_multi_line_question_keeps_its_lines() -> None:
    question = only_question(
        """
        ::panjang::[markdown]
        Perhatikan situasi berikut.
        Pemilih datang pukul 13.05.
        {
            ~Boleh memilih
            =Tidak boleh memilih #TPS ditutup pukul 13.00
        }
        """
    )
    assert question.text == "Perhatikan situasi berikut.\nPemilih datang pukul 13.05."
    assert question.answers[1] == Answer("Tidak boleh memilih", 1.0, "TPS ditutup pukul 13.00")


# --- escapes, feedback ---------------------------------------------------------------------


@pytest.mark.parametrize("char", ["=", "~", "#", "{", "}", ":"])
def test_escapes_in_every_part(char: str) -> None:
    escaped = f"\\{char}"
    question = only_question(
        f"::nama {escaped}:: teks {escaped} "
        f"{{=benar {escaped} #umpan {escaped} ~salah {escaped} ####umum {escaped}}}"
    )
    assert question.name == f"nama {char}"
    assert question.text == f"teks {char}"
    assert question.answers == (
        Answer(f"benar {char}", 1.0, f"umpan {char}"),
        Answer(f"salah {char}", 0.0),
    )
    assert question.explanation == f"umum {char}"


def test_escaped_newline_and_backslash() -> None:
    question = only_question(r"Baris satu\nbaris dua \\ miring {=a\nb #c\nd}")
    assert question.text == "Baris satu\nbaris dua \\ miring"
    assert question.answers == (Answer("a\nb", 1.0, "c\nd"),)


def test_unknown_backslash_sequences_stay_literal() -> None:
    assert only_question(r"Folder C:\data\x {T}").text == r"Folder C:\data\x"


@pytest.mark.parametrize(
    "block",
    [
        "{=a ~b ####Karena a.}",
        "{T ####Karena a.}",
        "{#3 ####Karena a.}",
        "{=a -> 1 =b -> 2 ####Karena a.}",
        "{=a\n####Karena a.\n}",
    ],
)
def test_general_feedback(block: str) -> None:
    assert only_question(f"Soal {block}").explanation == "Karena a."


def test_truefalse_with_answer_feedback_and_general_feedback() -> None:
    question = only_question("Soal {F#Salah, ini keliru.#Betul.####Pasal 1.}")
    assert (
        question.truth,
        question.true_feedback,
        question.false_feedback,
        question.explanation,
    ) == (
        False,
        "Salah, ini keliru.",
        "Betul.",
        "Pasal 1.",
    )


# --- missing word --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text", "blank"),
    [
        (
            "Grant is {~buried =entombed ~living} in Grant's tomb.",
            "Grant is _____ in Grant's tomb.",
            True,
        ),
        ("TPS ditutup pukul {#13}.", "TPS ditutup pukul _____.", True),
        ("{=KPPS ~PPS} bertugas di TPS.", "_____ bertugas di TPS.", True),
        (
            "Hari pemungutan suara adalah hari {\n  =libur\n  ~kerja\n} nasional.",
            "Hari pemungutan suara adalah hari _____ nasional.",
            True,
        ),
        ("Answer follows {=a ~b}   ", "Answer follows", False),
        ("Answer follows {=a ~b}\n// komentar setelahnya", "Answer follows", False),
    ],
)
def test_answer_block_mid_sentence_leaves_a_blank(source: str, text: str, blank: bool) -> None:
    question = only_question(source)
    assert (question.text, question.blank) == (text, blank)


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("Soal\nlanjutan {=a\n~b", "soal.gift:2: blok jawaban tidak ditutup"),
        ("Soal {=a {~b}", "soal.gift:1: blok jawaban tidak ditutup"),
        ("Soal =a ~b}", "soal.gift:1: tanda } tanpa pasangan {"),
        ("Soal {=a ~b} lalu }", "soal.gift:1: tanda } tanpa pasangan {"),
        ("Pilih {~a ~b ~c}", "soal.gift:1: pertanyaan tanpa jawaban benar"),
        ("Pilih {=%50%a ~b}", "soal.gift:1: pertanyaan tanpa jawaban benar"),
        ("Isi {=%50%a}", "soal.gift:1: pertanyaan tanpa jawaban benar"),
        ("Angka {#=%50%3}", "soal.gift:1: pertanyaan tanpa jawaban benar"),
        ("Pilih {~%50%a ~%20%b ~c}", "soal.gift:1: bobot jawaban benar berjumlah kurang dari 100%"),
        ("Pilih {~%100%a}", "soal.gift:1: pilihan ganda memerlukan minimal 2 jawaban"),
        ("Apa? {hanya teks}", "soal.gift:1: jenis pertanyaan tidak dikenal"),
        ("Apa? {\nteks lepas\n=b}", "soal.gift:2: jenis pertanyaan tidak dikenal"),
        ("Soal {\n=a\n~%150%b\n}", "soal.gift:3: bobot 150% di luar rentang -100..100"),
        ("Soal {\n=a\n~%-101%b\n}", "soal.gift:3: bobot -101% di luar rentang -100..100"),
        ("Soal {=a ~%lima%b}", "soal.gift:1: bobot tidak valid"),
        ("Angka {#tiga}", "soal.gift:1: jawaban numerik bukan angka: tiga"),
        ("Angka {#3:x}", "soal.gift:1: jawaban numerik bukan angka: x"),
        ("Angka {#\n=3\n=%50%1..dua\n}", "soal.gift:3: jawaban numerik bukan angka: dua"),
        ("Angka {#5..1}", "soal.gift:1: rentang angka terbalik: 5..1"),
        ("Angka {#3:-1}", "soal.gift:1: toleransi tidak boleh negatif: 3:-1"),
        ("Angka {#~#hanya umpan balik}", "soal.gift:1: jawaban numerik bukan angka: (kosong)"),
        ("Jodohkan {=a -> 1}", "soal.gift:1: soal menjodohkan memerlukan minimal 2 pasangan"),
        (
            "Jodohkan {\n=a -> 1\n=b\n}",
            "soal.gift:3: setiap jawaban soal menjodohkan harus berbentuk =kiri -> kanan",
        ),
        (
            "Jodohkan {=a -> 1 ~b -> 2}",
            "soal.gift:1: setiap jawaban soal menjodohkan harus berbentuk =kiri -> kanan",
        ),
        ("Jodohkan {=a -> 1 =b -> }", "soal.gift:1: pasangan menjodohkan tidak lengkap"),
        ("Jodohkan {= -> 1 = -> 2}", "soal.gift:1: pasangan menjodohkan tidak lengkap"),
        (
            "Jodohkan {=a -> 1 #fb =b -> 2}",
            "soal.gift:1: soal menjodohkan tidak mendukung bobot atau umpan balik",
        ),
        ("Soal {=a ~}", "soal.gift:1: teks jawaban kosong"),
        ("Soal {T#a#b#c}", "soal.gift:1: soal benar/salah hanya menerima dua umpan balik"),
        ("Satu {T}\nDua {F}", "soal.gift:2: lebih dari satu blok jawaban"),
        ("::tanpa penutup Soal {T}", "soal.gift:1: nama pertanyaan tidak ditutup dengan ::"),
        ("::nama:: {T}", "soal.gift:1: teks pertanyaan kosong"),
    ],
)
def test_errors_name_file_and_line(source: str, error: str) -> None:
    assert errors_of(source) == [error]


def test_error_line_is_the_questions_first_line_after_comments() -> None:
    assert errors_of("// judul\n// lagi\nPilih\n{~a ~b}") == [
        "soal.gift:3: pertanyaan tanpa jawaban benar"
    ]


def test_broken_item_does_not_swallow_the_next() -> None:
    result = parse_gift(
        gift(
            """
            ::rusak:: Kurung tidak ditutup {
                =PPS
                ~PPK

            ::utuh:: Soal berikutnya {T}

            Esai {}

            ::akhir:: Soal terakhir {=a ~b}
            """
        ),
        "bab1.gift",
    )
    assert [str(error) for error in result.errors] == ["bab1.gift:1: blok jawaban tidak ditutup"]
    assert [str(warning) for warning in result.warnings] == ['bab1.gift:7: skipped essay question "Esai"']
    assert [question.name for question in result.questions] == ["utuh", "akhir"]


def test_gift_error_string() -> None:
    assert str(GiftError("kursus/bab1.gift", 12, "blok jawaban tidak ditutup")) == (
        "kursus/bab1.gift:12: blok jawaban tidak ditutup"
    )


def test_byte_order_mark_and_windows_line_endings() -> None:
    result = parse_gift("\ufeff::a:: Satu {T}\r\n\r\n::b:: Dua\r\n{F}\r\n")
    assert [(q.name, q.text, q.line) for q in result.questions] == [
        ("a", "Satu", 1),
        ("b", "Dua", 3),
    ]


# --- names derived from text -------------------------------------------------------------


def test_derive_name_is_a_stable_slug_with_hash() -> None:
    name = derive_name("Siapa yang melantik anggota KPPS di tingkat desa?")
    assert name.startswith("siapa-yang-melantik-anggota-kpps-di-")
    assert len(name.rsplit("-", 1)[1]) == 8
    assert derive_name("  siapa yang MELANTIK anggota\nKPPS di tingkat desa? ") == name
    assert derive_name("Siapa yang melantik anggota KPPS di tingkat kecamatan?") != name


def test_derive_name_without_latin_words() -> None:
    name = derive_name("¿¿??")
    assert len(name) == 8 and name.isalnum()


# --- export --------------------------------------------------------------------------------

EVERY_CONSTRUCT = gift(
    r"""
    // Semua konstruksi GIFT yang didukung.
    ::tf benar:: 1+1\=2 {T}

    ::tf umpan balik::[markdown] Pemilu diadakan **lima** tahun sekali.
    {FALSE#Keliru\: lima tahun.#Betul.####UUD 1945 Pasal 22E}

    ::tf satu umpan::Satu umpan {T#Hanya saat salah}

    ::tf hanya benar::Umpan saat benar {F##Tepat sekali}

    $CATEGORY: pemilu/penyelenggara

    ::pilih:: Siapa melantik KPPS? {
        =PPS #Benar, PPS.
        ~PPK #Bukan \{PPK\}
        ~%-50%KPU RI
        ~%25%Sebagian\~benar
        ####Lihat PKPU\#8.
    }

    ::ganda::[html] Dokumen <b>wajib</b>? {
        ~%33.33333%C pemberitahuan
        ~%33.33333%KTP-el
        ~%33.33334%Suket
        ~%-100%KK #Tidak
    }

    ::isian:: Singkatan Komisi Pemilihan Umum? {=KPU =%50%K P U #Hampir ####Singkatan resmi}

    Dua tambah {=dua =2} sama dengan empat.

    $CATEGORY: pemilu/pemungutan

    ::jodoh:: Jodohkan. {
        =PPK -> kecamatan
        =PPS -> desa/kelurahan
        =Baris\nbaru -> TPS \= tempat
    }

    ::angka:: Berapa? {#3:0.5 #Kira-kira}

    ::rentang:: Sebutkan angka 1 sampai 5. {#1..5####Rentang tertutup}

    ::beberapa:: Tahun pemilu? {#
        =2029:0 #Tepat
        =%50%2029:1
        =%-25%1999..2000
    }

    TPS ditutup pukul {#13.5}.

    ::format-literal::[plain][html] bukan format
    {T}

    Baris satu\nBaris dua \\ garis miring, \: titik dua {=a}

    $CATEGORY:

    %Persen di awal {~%0%%50 ~%100%%100}

    ::mulai kosong:: {=KPPS ~PPS} bertugas di TPS.

    $CATEGORY: moodle/ekspor

    ::jodoh pengecoh::[html]Jodohkan <b>badan</b>. {
        =[plain]<PPK> -> kecamatan
        =[markdown]**PPS** -> desa
        =KPPS -> TPS
        = -> kabupaten
    }

    ::angka salah:: Berapa? {#3:2~#Jauh sekali}

    ::angka bintang:: Berapa? {#
        =%100%13:0#[html]<i>Tepat</i>
        =%50%*#Angka apa pun
        ~
    }

    ::format jawaban::[html]Warna <i>antara</i> jingga dan hijau? {
        =kuning #[markdown]**benar**
        ~[plain]<merah> #[html]salah, <b>kuning</b>
        ~[moodle]biru
        ~[html][plain] bukan tag
        ####[plain]Lihat <spektrum>.
    }

    ::tf format:: Benar? {TRUE#[html]<b>salah</b>#[markdown]*betul*}

    ::isian bintang:: Hewan terbaik? {=Katak#Bagus =%50%Ku*ng =%0%*#Salah sama sekali =a\*b}

    ::sama:: Nama yang sama di kategori ini. {T}
    """
)


def test_round_trip_of_every_construct() -> None:
    first = parse_gift(EVERY_CONSTRUCT, "semua.gift")
    assert first.errors == []
    kinds = {question.kind for question in first.questions}
    assert kinds == {"truefalse", "single", "multi", "short", "matching", "numerical"}
    assert any(question.blank for question in first.questions)

    exported = export_gift(first.questions)
    second = parse_gift(exported, "ekspor.gift")
    assert second.errors == []
    assert without_lines(second.questions) == without_lines(first.questions)
    assert export_gift(second.questions) == exported


def test_round_trip_samples_are_what_they_claim() -> None:
    by_name = {q.name: q for q in parse_gift(EVERY_CONSTRUCT).questions}
    assert by_name["format-literal"].text_format == "plain"
    assert by_name["format-literal"].text == "[html] bukan format"
    assert by_name["jodoh"].pairs[2] == MatchPair("Baris\nbaru", "TPS = tempat")
    assert by_name["beberapa"].numeric[2].fraction == -0.25
    unnamed = [q for q in parse_gift(EVERY_CONSTRUCT).questions if not q.name]
    assert unnamed[-1].answers == (Answer("%50", 0.0), Answer("%100", 1.0))
    assert unnamed[-1].category == ""


def test_export_writes_categories_only_when_they_change() -> None:
    questions = [
        Question("a", "truefalse", "Satu", truth=True, category="x"),
        Question("b", "truefalse", "Dua", truth=True, category="x"),
        Question("c", "truefalse", "Tiga", truth=False, category="y"),
    ]
    assert export_gift(questions) == (
        "$CATEGORY: x\n\n::a:: Satu {TRUE}\n\n::b:: Dua {TRUE}\n\n"
        "$CATEGORY: y\n\n::c:: Tiga {FALSE}\n"
    )


def test_export_reconstructs_blank_mid_sentence() -> None:
    question = Question(
        "",
        "short",
        "Dua tambah _____ sama dengan empat.",
        answers=(Answer("dua", 1.0),),
        blank=True,
    )
    assert export_gift([question]) == "Dua tambah {=dua} sama dengan empat.\n"


def test_export_of_nothing_is_empty() -> None:
    assert export_gift([]) == ""


# --- what real Moodle exports hold -----------------------------------------------------------


def test_essay_and_description_questions_are_skipped_with_one_warning_each() -> None:
    result = parse_gift(
        gift(
            """
            // essay
            ::Q8:: How are you? {}

            ::sebelum:: Soal biasa {T}

            Ceritakan pengalaman Anda saat coklit. {####Jawaban bebas}

            ::Pengantar::[html]<p>Bagian berikut membahas <b>coklit</b>.</p>

            Teks penjelas tanpa nama yang panjangnya
            melewati satu baris dan terus berlanjut sampai enam puluh huruf lebih.

            ::sesudah:: Soal lain {F}
            """
        ),
        "ekspor.gift",
    )
    assert result.errors == []
    assert [str(warning) for warning in result.warnings] == [
        'ekspor.gift:2: skipped essay question "Q8"',
        'ekspor.gift:6: skipped essay question "Ceritakan pengalaman Anda saat coklit."',
        'ekspor.gift:8: skipped description question "Pengantar"',
        'ekspor.gift:10: skipped description question '
        '"Teks penjelas tanpa nama yang panjangnya melewati satu…"',
    ]
    assert [question.name for question in result.questions] == ["sebelum", "sesudah"]


def test_matching_with_a_distractor() -> None:
    question = only_question(
        """
        ::Moodle activities::[html]Match the <b>activity</b> to the description.{
            =[html]An activity supporting asynchronous discussions. -> Forum
            =[moodle]A teacher asks a question. -> Choice
            =[plain]A bank of record entries. -> Database
            =[markdown]A collection of *web* pages. -> Wiki
            = -> Chat
        }
        """
    )
    assert (question.kind, question.text, question.text_format) == (
        "matching",
        "Match the <b>activity</b> to the description.",
        "html",
    )
    assert question.pairs == (
        MatchPair("An activity supporting asynchronous discussions.", "Forum", ""),
        MatchPair("A teacher asks a question.", "Choice", "plain"),
        MatchPair("A bank of record entries.", "Database", "plain"),
        MatchPair("A collection of *web* pages.", "Wiki", "markdown"),
        MatchPair("", "Chat"),
    )
    assert [pair.is_distractor for pair in question.pairs] == [False, False, False, False, True]


def test_numerical_with_a_catch_all_wrong_answer() -> None:
    question = only_question('::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}')
    assert question.numeric == (
        NumericAnswer(3.0, 2.0),
        NumericAnswer(0.0, fraction=0.0, feedback="Completely wrong", wildcard=True),
    )


def test_numerical_as_moodle_exports_it() -> None:
    question = only_question(
        """
        ::Tahun:: Tahun UU Pemilu? {#
            =%100%2017:0#Tepat
            =%50%2016..2018#
            ~#[html]<b>Jauh</b>
        }
        """
    )
    assert question.numeric == (
        NumericAnswer(2017.0, 0.0, feedback="Tepat"),
        NumericAnswer(2017.0, 1.0, low=2016.0, high=2018.0, fraction=0.5),
        NumericAnswer(0.0, fraction=0.0, feedback="<b>Jauh</b>", feedback_format="html", wildcard=True),
    )


def test_numerical_star_answer_accepts_any_number() -> None:
    question = only_question("Berapa? {#=13 =%25%*#Setidaknya angka}")
    assert question.numeric[1] == NumericAnswer(0.0, fraction=0.25, feedback="Setidaknya angka", wildcard=True)


def test_format_tags_on_answers_and_feedback_are_stripped_and_kept_as_formats() -> None:
    question = only_question(
        """
        ::Q2:: What's between orange and green in the spectrum?
        {
            =yellow # right; good!
            ~red # [html]wrong, it's <b>yellow</b>
            ~[plain]blue # wrong, it's yellow
            ~%-50%[markdown]**green** #[moodle]no
        }
        """
    )
    assert question.answers == (
        Answer("yellow", 1.0, "right; good!"),
        Answer("red", 0.0, "wrong, it's <b>yellow</b>", feedback_format="html"),
        Answer("blue", 0.0, "wrong, it's yellow"),
        Answer("**green**", -0.5, "no", text_format="markdown"),
    )


def test_answers_inherit_the_questions_format_unless_tagged() -> None:
    question = only_question("::q::[html]Pilih <b>satu</b> {=<i>ya</i> ~[plain]<i>tidak</i> ####[markdown]*umum*}")
    assert question.answers == (Answer("<i>ya</i>", 1.0), Answer("<i>tidak</i>", 0.0, text_format="plain"))
    assert (question.explanation, question.explanation_format) == ("*umum*", "markdown")


def test_truefalse_feedback_formats() -> None:
    question = only_question("Benar? {FALSE#[html]<b>keliru</b>#[plain]tepat}")
    assert (question.true_feedback, question.true_feedback_format) == ("<b>keliru</b>", "html")
    assert (question.false_feedback, question.false_feedback_format) == ("tepat", "")


def test_short_answer_tags_are_stripped_without_a_format() -> None:
    question = only_question("Hewan? {=[html]Frog#[html]<b>Good!</b> =%0%*#Completely wrong}")
    assert question.answers == (
        Answer("Frog", 1.0, "<b>Good!</b>", feedback_format="html"),
        Answer("*", 0.0, "Completely wrong"),
    )


def test_unknown_tag_stays_text() -> None:
    question = only_question("Pilih {=[catatan] ya ~tidak}")
    assert question.answers[0] == Answer("[catatan] ya", 1.0)
