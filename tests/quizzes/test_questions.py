"""Question data, the question-type registry, reading responses and grading."""

from __future__ import annotations

import json
import random

import pytest
from werkzeug.datastructures import MultiDict

from bimtek.quizzes.questions import (
    QUESTION_TYPES,
    Answer,
    InvalidAnswer,
    MatchPair,
    MatchRow,
    NumericAnswer,
    Option,
    Question,
    Score,
    get_type,
    grade,
    parse_number,
)

SINGLE = Question(
    "pelantik-kpps",
    "single",
    "Siapa yang melantik KPPS?",
    answers=(
        Answer("PPS", 1.0, "Benar."),
        Answer("PPK", 0.0, "PPK melantik PPS."),
        Answer("Camat", 0.25, "Hampir."),
        Answer("KPU RI", -0.5),
    ),
)
MULTI = Question(
    "dokumen",
    "multi",
    "Dokumen yang boleh dibawa pemilih?",
    answers=(
        Answer("Formulir C pemberitahuan", 0.5, "Ya."),
        Answer("KTP elektronik", 0.5),
        Answer("Kartu keluarga", -1.0, "Bukan."),
        Answer("Paspor", 0.0),
    ),
)
TRUEFALSE = Question(
    "tps-tutup",
    "truefalse",
    "TPS ditutup pukul 13.00.",
    truth=True,
    true_feedback="Tepat.",
    false_feedback="Keliru, pukul 13.00.",
)
SHORT = Question(
    "singkatan",
    "short",
    "Singkatan Komisi Pemilihan Umum?",
    answers=(
        Answer("KPU", 1.0, "Tepat."),
        Answer("K P U", 0.5, "Tanpa spasi."),
        Answer("Komisi  Pemilihan Umum", 0.75),
    ),
)
MATCHING = Question(
    "tingkat",
    "matching",
    "Jodohkan.",
    pairs=(
        MatchPair("PPK", "kecamatan"),
        MatchPair("PPS", "desa"),
        MatchPair("KPPS", "TPS"),
        MatchPair("Pantarlih", "desa"),
    ),
)
NUMERICAL = Question(
    "jam",
    "numerical",
    "Pukul berapa TPS ditutup?",
    numeric=(
        NumericAnswer(13.0, 0.0, feedback="Tepat."),
        NumericAnswer(13.0, 0.5, fraction=0.5, feedback="Hampir."),
        NumericAnswer(14.0, 1.0, low=10.0, high=12.0, fraction=0.25),
    ),
)
ALL = [SINGLE, MULTI, TRUEFALSE, SHORT, MATCHING, NUMERICAL]


# --- registry --------------------------------------------------------------------------------


def test_registry_has_exactly_the_six_kinds() -> None:
    assert set(QUESTION_TYPES) == {"single", "multi", "truefalse", "short", "matching", "numerical"}
    for kind, question_type in QUESTION_TYPES.items():
        assert question_type.kind == kind
        assert get_type(kind) is question_type


def test_labels_are_indonesian() -> None:
    labels = {kind: question_type.label for kind, question_type in QUESTION_TYPES.items()}
    assert labels["single"] == "Pilihan ganda"
    assert labels["truefalse"] == "Benar/Salah"
    assert len(set(labels.values())) == len(labels)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="essay"):
        get_type("essay")
    with pytest.raises(ValueError, match="essay"):
        Question("x", "essay", "Ceritakan.")


def test_fraction_outside_range_is_refused() -> None:
    with pytest.raises(ValueError):
        Answer("a", 1.5)
    with pytest.raises(ValueError):
        NumericAnswer(1.0, fraction=-2.0)


def test_blank_question_needs_the_marker() -> None:
    with pytest.raises(ValueError):
        Question("x", "short", "Tanpa penanda", answers=(Answer("a", 1.0),), blank=True)


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
def test_to_dict_is_json_safe_and_reversible(question: Question) -> None:
    data = json.loads(json.dumps(question.to_dict()))
    assert Question.from_dict(data) == question


# --- what the page shows -------------------------------------------------------------------


@pytest.mark.parametrize("question", [SINGLE, MULTI], ids=lambda q: q.kind)
def test_choice_options_without_an_order_keep_the_file_order_under_letter_keys(question: Question) -> None:
    options = get_type(question.kind).options(question)
    assert [(option.key, option.text) for option in options] == [
        ("a", question.answers[0].text),
        ("b", question.answers[1].text),
        ("c", question.answers[2].text),
        ("d", question.answers[3].text),
    ]


def test_choice_options_follow_the_attempts_order() -> None:
    options = get_type("single").options(SINGLE, [2, 0, 3, 1])
    assert options == [Option("a", "Camat"), Option("b", "PPS"), Option("c", "KPU RI"), Option("d", "PPK")]


def test_choice_draw_is_shuffled_with_rng_and_reproducible() -> None:
    single = get_type("single")
    assert single.draw(SINGLE, random.Random(5), False) == [0, 1, 2, 3]
    drawn = [single.draw(SINGLE, random.Random(seed), True) for seed in range(20)]
    assert drawn[0] == single.draw(SINGLE, random.Random(0), True)
    assert {tuple(order) for order in drawn} != {(0, 1, 2, 3)}
    assert all(sorted(order) == [0, 1, 2, 3] for order in drawn)


def test_options_never_carry_the_answer_key() -> None:
    for question in ALL:
        qtype = get_type(question.kind)
        for shown in qtype.options(question, qtype.draw(question, random.Random(1), True) or None):
            rendered = repr(shown)
            assert "fraction" not in rendered and "1.0" not in rendered


def test_truefalse_options() -> None:
    assert get_type("truefalse").options(TRUEFALSE) == [
        Option("true", "Benar"),
        Option("false", "Salah"),
    ]


@pytest.mark.parametrize("question", [SHORT, NUMERICAL], ids=lambda q: q.kind)
def test_typed_answers_have_no_options(question: Question) -> None:
    assert get_type(question.kind).options(question) == []
    assert get_type(question.kind).draw(question, random.Random(1), True) == []


def test_matching_options_list_lefts_in_order_and_each_right_once() -> None:
    rows = get_type("matching").options(MATCHING)
    assert [row.field for row in rows] == ["match-0", "match-1", "match-2", "match-3"]
    assert [row.left for row in rows] == ["PPK", "PPS", "KPPS", "Pantarlih"]
    # Without an order the rights are sorted, so their order never mirrors the pairs.
    assert [choice.text for choice in rows[0].choices] == ["desa", "kecamatan", "TPS"]
    assert all(row.choices == rows[0].choices for row in rows)
    assert isinstance(rows[0], MatchRow)


def test_matching_draw_shuffles_rights_with_rng() -> None:
    matching = get_type("matching")
    assert matching.draw(MATCHING, random.Random(1), False) == ["desa", "kecamatan", "TPS"]
    orders = {tuple(matching.draw(MATCHING, random.Random(seed), True)) for seed in range(20)}
    assert len(orders) > 1
    assert all(sorted(order) == sorted(["desa", "kecamatan", "TPS"]) for order in orders)
    rows = matching.options(MATCHING, ["TPS", "desa", "kecamatan"])
    assert [choice.key for choice in rows[0].choices] == ["TPS", "desa", "kecamatan"]


# --- reading responses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "form", "response"),
    [
        (SINGLE, {"answer": "c"}, "2"),
        (SINGLE, {}, None),
        (
            MULTI,
            MultiDict([("answer", "b"), ("answer", "a"), ("answer", "b")]),
            ["0", "1"],
        ),
        (MULTI, {"answer": ["d"]}, ["3"]),
        (MULTI, {"answer": "c"}, ["2"]),
        (MULTI, {}, []),
        (TRUEFALSE, {"answer": "true"}, True),
        (TRUEFALSE, {"answer": "false"}, False),
        (TRUEFALSE, {}, None),
        (SHORT, {"answer": "  kpu "}, "kpu"),
        (SHORT, {"answer": "Komisi  Pemilihan"}, "Komisi  Pemilihan"),
        (SHORT, {}, ""),
        (SHORT, {"answer": 42}, ""),
        (NUMERICAL, {"answer": " 12,75 "}, "12,75"),
        (NUMERICAL, {"answer": "tiga belas"}, "tiga belas"),
        (NUMERICAL, {}, ""),
        (
            MATCHING,
            {"match-0": "kecamatan", "match-1": "TPS", "match-2": ""},
            {"0": "kecamatan", "1": "TPS"},
        ),
        (MATCHING, MultiDict([("match-3", "desa")]), {"3": "desa"}),
        (MATCHING, {}, {}),
    ],
)
def test_parse_response(question: Question, form: dict, response: object) -> None:
    assert get_type(question.kind).parse_response(question, form) == response


def test_parse_response_reads_keys_in_the_attempts_order() -> None:
    order = [3, 1, 0, 2]
    assert get_type("single").parse_response(SINGLE, {"answer": "c"}, order) == "0"
    assert get_type("multi").parse_response(MULTI, {"answer": ["a", "d"]}, order) == ["2", "3"]


@pytest.mark.parametrize(
    ("question", "form"),
    [
        (SINGLE, {"answer": "2"}),
        (SINGLE, {"answer": "PPS"}),
        (SINGLE, MultiDict([("answer", "a"), ("answer", "b")])),
        (MULTI, {"answer": ["a", "x"]}),
        (TRUEFALSE, {"answer": "ya"}),
        (MATCHING, {"match-0": "kecamatan", "match-2": "bukan pilihan"}),
    ],
)
def test_parse_response_refuses_unknown_options(question: Question, form: dict) -> None:
    with pytest.raises(InvalidAnswer):
        get_type(question.kind).parse_response(question, form)


@pytest.mark.parametrize(
    ("question", "response", "shown"),
    [
        (SINGLE, "0", "b"),
        (SINGLE, None, None),
        (MULTI, ["0", "3"], {"a", "b"}),
        (TRUEFALSE, False, "false"),
        (SHORT, "kpu", "kpu"),
        (MATCHING, {"1": "desa"}, {"match-1": "desa"}),
    ],
)
def test_form_value_shows_a_stored_response_in_the_attempts_order(question, response, shown) -> None:
    order = {"single": [1, 0, 2, 3], "multi": [3, 0, 1, 2]}.get(question.kind)
    assert get_type(question.kind).form_value(question, response, order) == shown


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2,5", 2.5),
        ("2.5", 2.5),
        (" -3 ", -3.0),
        ("1.000,5", 1000.5),
        ("1e3", 1000.0),
        ("", None),
        ("2,5,1", None),
        ("nan", None),
        ("inf", None),
        ("12a", None),
    ],
)
def test_parse_number(typed: str, number: float | None) -> None:
    assert parse_number(typed) == number


# --- grading -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "response", "score"),
    [
        (SINGLE, "0", Score(1.0, True, ("Benar.",))),
        (SINGLE, "1", Score(0.0, False, ("PPK melantik PPS.",))),
        (SINGLE, "2", Score(0.25, False, ("Hampir.",))),
        (SINGLE, "3", Score(0.0, False, ())),
        (SINGLE, None, Score(0.0, False, ())),
        (SINGLE, ["0"], Score(0.0, False, ())),
        (MULTI, ["0", "1"], Score(1.0, True, ("Ya.",))),
        (MULTI, ["0"], Score(0.5, False, ("Ya.",))),
        (MULTI, ["0", "1", "3"], Score(1.0, True, ("Ya.",))),
        (MULTI, ["0", "2"], Score(0.0, False, ("Ya.", "Bukan."))),
        (MULTI, ["0", "1", "2"], Score(0.0, False, ("Ya.", "Bukan."))),
        (MULTI, ["0", "0", "0"], Score(0.5, False, ("Ya.",))),
        (MULTI, [], Score(0.0, False, ())),
        (MULTI, None, Score(0.0, False, ())),
        (TRUEFALSE, True, Score(1.0, True, ("Tepat.",))),
        (TRUEFALSE, False, Score(0.0, False, ("Keliru, pukul 13.00.",))),
        (TRUEFALSE, None, Score(0.0, False, ())),
        (TRUEFALSE, "true", Score(0.0, False, ())),
        (SHORT, "kpu", Score(1.0, True, ("Tepat.",))),
        (SHORT, "  k P u ", Score(0.5, False, ("Tanpa spasi.",))),
        # Moodle keeps inner spaces significant: only the ends are trimmed.
        (SHORT, "K  P U", Score(0.0, False, ())),
        (SHORT, "komisi  PEMILIHAN umum", Score(0.75, False, ())),
        (SHORT, "komisi pemilihan umum", Score(0.0, False, ())),
        (SHORT, "Bawaslu", Score(0.0, False, ())),
        (SHORT, "", Score(0.0, False, ())),
        (SHORT, None, Score(0.0, False, ())),
        (MATCHING, {"0": "kecamatan", "1": "desa", "2": "TPS", "3": "desa"}, Score(1.0, True, ())),
        (MATCHING, {"0": "kecamatan", "1": "TPS", "3": "desa"}, Score(0.5, False, ())),
        (MATCHING, {}, Score(0.0, False, ())),
        (MATCHING, "kecamatan", Score(0.0, False, ())),
        (NUMERICAL, 13.0, Score(1.0, True, ("Tepat.",))),
        (NUMERICAL, 13.4, Score(0.5, False, ("Hampir.",))),
        (NUMERICAL, 12.5, Score(0.5, False, ("Hampir.",))),
        (NUMERICAL, 11.0, Score(0.25, False, ())),
        (NUMERICAL, 14.0, Score(0.0, False, ())),
        (NUMERICAL, "13,0", Score(1.0, True, ("Tepat.",))),
        (NUMERICAL, "tiga belas", Score(0.0, False, ())),
        (NUMERICAL, None, Score(0.0, False, ())),
        (NUMERICAL, True, Score(0.0, False, ())),
    ],
)
def test_grade(question: Question, response: object, score: Score) -> None:
    result = grade(question, response)
    assert result.points == pytest.approx(score.points)
    assert (result.correct, result.feedback) == (score.correct, score.feedback)


def test_multi_weights_that_sum_to_a_hair_under_one_still_count_as_correct() -> None:
    thirds = Question(
        "tiga",
        "multi",
        "Pilih tiga.",
        answers=(
            Answer("a", 0.3333333),
            Answer("b", 0.3333333),
            Answer("c", 0.3333333),
            Answer("d", -1.0),
        ),
    )
    assert grade(thirds, ["0", "1", "2"]).correct
    assert not grade(thirds, ["0", "1"]).correct


def test_numeric_range_bounds_are_inclusive() -> None:
    ranged = Question(
        "r", "numerical", "1 sampai 5?", numeric=(NumericAnswer(3.0, 2.0, low=1.0, high=5.0),)
    )
    assert [grade(ranged, number).points for number in (0.99, 1.0, 5.0, 5.01)] == [
        0.0,
        1.0,
        1.0,
        0.0,
    ]


@pytest.mark.parametrize("question", [SHORT, NUMERICAL], ids=lambda q: q.kind)
def test_grading_a_typed_garbage_form_gives_zero(question: Question) -> None:
    question_type = get_type(question.kind)
    garbage = {"answer": ["<script>", "99"]}
    assert question_type.grade(question, question_type.parse_response(question, garbage)) == Score(
        0.0, False, ()
    )


@pytest.mark.parametrize("question", ALL, ids=lambda q: q.kind)
@pytest.mark.parametrize("stored", ["<script>", ["x", 7], {"0": 5}, 3.5, None])
def test_grading_a_stored_value_of_the_wrong_shape_gives_zero(question: Question, stored: object) -> None:
    assert get_type(question.kind).grade(question, stored) == Score(0.0, False, ())


# --- grading as Moodle does ------------------------------------------------------------------

STARS = Question(
    "hewan",
    "short",
    "Hewan terbaik?",
    answers=(
        Answer("Frog", 1.0, "Good!"),
        Answer("F*g", 0.25, "Hampir."),
        Answer("Ca*t", 0.5, "Cats?"),
        Answer("a\\*b", 0.75, "Bintang."),
        Answer("*", 0.0, "Completely wrong"),
    ),
)


@pytest.mark.parametrize(
    ("typed", "points", "feedback"),
    [
        ("frog", 1.0, "Good!"),
        # The first matching answer counts, even when a later one would give more.
        ("Fog", 0.25, "Hampir."),
        ("Cat", 0.5, "Cats?"),
        ("Carrot", 0.5, "Cats?"),
        ("a*b", 0.75, "Bintang."),
        ("axb", 0.0, "Completely wrong"),
        ("F r o g", 0.25, "Hampir."),
        ("  Frog  ", 1.0, "Good!"),
        ("Fr og", 0.25, "Hampir."),
        ("Dog", 0.0, "Completely wrong"),
        ("", 0.0, None),
    ],
)
def test_short_answer_wildcards_and_first_match(typed: str, points: float, feedback: str | None) -> None:
    score = grade(STARS, typed)
    assert score.points == pytest.approx(points)
    assert score.feedback == ((feedback,) if feedback else ())


def test_short_answer_inner_spaces_count() -> None:
    question = Question("s", "short", "Nama?", answers=(Answer("Komisi Pemilihan Umum", 1.0),))
    assert grade(question, "komisi pemilihan umum").correct
    assert not grade(question, "Komisi  Pemilihan Umum").correct
    assert not grade(question, "KomisiPemilihanUmum").correct


def test_short_answer_compares_composed_and_decomposed_letters() -> None:
    question = Question("s", "short", "Minuman?", answers=(Answer("Caf\u00e9", 1.0),))
    assert grade(question, "cafe\u0301").correct


NUMBERS = Question(
    "angka",
    "numerical",
    "Berapa?",
    numeric=(
        NumericAnswer(3.0, 0.1, feedback="Tepat."),
        NumericAnswer(3.0, 1.0, fraction=0.5, feedback="Dekat."),
        NumericAnswer(0.3, 0.0, fraction=0.75, feedback="Sepersepuluh."),
        NumericAnswer(0.0, fraction=0.0, feedback="Jauh.", wildcard=True),
    ),
)


@pytest.mark.parametrize(
    ("typed", "points", "feedback"),
    [
        ("3", 1.0, "Tepat."),
        # 3.1 - 3 is 0.10000000000000009 in binary; Moodle's tiny margin still counts it.
        ("3,1", 1.0, "Tepat."),
        ("2.9", 1.0, "Tepat."),
        ("3.1000001", 0.5, "Dekat."),
        ("4", 0.5, "Dekat."),
        ("0.30000000000000004", 0.75, "Sepersepuluh."),
        ("4.01", 0.0, "Jauh."),
        ("-1000", 0.0, "Jauh."),
        ("tiga", 0.0, None),
        ("", 0.0, None),
    ],
)
def test_numerical_tolerance_edges_first_match_and_catch_all(
    typed: str, points: float, feedback: str | None
) -> None:
    score = grade(NUMBERS, typed)
    assert score.points == pytest.approx(points)
    assert score.feedback == ((feedback,) if feedback else ())


def test_numeric_range_edges_have_the_same_margin() -> None:
    ranged = Question("r", "numerical", "?", numeric=(NumericAnswer(0.2, 0.1, low=0.1, high=0.3),))
    assert grade(ranged, "0.30000000000000004").correct
    assert grade(ranged, "0.1").correct
    assert not grade(ranged, "0.3000001").correct


DISTRACTED = Question(
    "aktivitas",
    "matching",
    "Jodohkan.",
    pairs=(
        MatchPair("Diskusi", "Forum"),
        MatchPair("Halaman bersama", "Wiki"),
        MatchPair("", "Chat"),
    ),
)


def test_matching_distractor_is_a_choice_but_not_a_row() -> None:
    rows = get_type("matching").options(DISTRACTED)
    assert [row.left for row in rows] == ["Diskusi", "Halaman bersama"]
    assert [choice.text for choice in rows[0].choices] == ["Chat", "Forum", "Wiki"]
    assert get_type("matching").parse_response(DISTRACTED, {"match-0": "Chat", "match-1": "Wiki"}) == {
        "0": "Chat",
        "1": "Wiki",
    }
    with pytest.raises(InvalidAnswer):
        get_type("matching").parse_response(DISTRACTED, {"match-2": "Chat", "match-0": "Blog"})


@pytest.mark.parametrize(
    ("response", "points"),
    [
        ({"0": "Forum", "1": "Wiki"}, 1.0),
        ({"0": "Chat", "1": "Wiki"}, 0.5),
        ({"0": "Chat", "1": "Chat"}, 0.0),
        ({"0": "Forum", "1": "Wiki", "2": "Chat"}, 1.0),
    ],
)
def test_matching_distractor_grading(response: dict, points: float) -> None:
    assert grade(DISTRACTED, response).points == pytest.approx(points)


def test_matching_texts_leave_the_distractor_out() -> None:
    matching = get_type("matching")
    assert matching.key_text(DISTRACTED) == "Diskusi → Forum; Halaman bersama → Wiki"
    assert matching.answer_text(DISTRACTED, {"0": "Chat"}) == "Diskusi → Chat; Halaman bersama → —"


# --- formats -------------------------------------------------------------------------------

FORMATTED = Question(
    "warna",
    "single",
    "Warna <i>antara</i> jingga dan hijau?<script>alert(1)</script>",
    text_format="html",
    answers=(
        Answer("<b onclick=\"x()\">kuning</b><img src=\"http://contoh.test/a.png\">", 1.0,
               "**benar**", feedback_format="markdown"),
        Answer("<merah>", 0.0, "salah, <b>kuning</b>", text_format="plain"),
    ),
    explanation="<a href=\"javascript:alert(1)\">spektrum</a> & <u>cahaya</u>",
)


def test_html_answers_and_feedback_are_sanitised_and_plain_ones_escaped() -> None:
    first, second = get_type("single").options(FORMATTED)
    assert first.html == "<b>kuning</b>"
    assert second.html == "&lt;merah&gt;"
    assert grade(FORMATTED, "0").feedback == ("<strong>benar</strong>",)
    assert grade(FORMATTED, "1").feedback == ("salah, <b>kuning</b>",)
    assert get_type("single").key_text(FORMATTED) == "<b>kuning</b>"
    assert get_type("single").answer_text(FORMATTED, "1") == "&lt;merah&gt;"
    assert FORMATTED.rich(FORMATTED.explanation) == (
        '<a rel="noopener noreferrer nofollow">spektrum</a> &amp; <u>cahaya</u>'
    )


def test_short_answer_key_is_written_as_text() -> None:
    question = Question("s", "short", "?", text_format="html", answers=(Answer("<b>KPU</b>", 1.0),))
    assert get_type("short").key_text(question) == "&lt;b&gt;KPU&lt;/b&gt;"


@pytest.mark.parametrize(
    ("question", "form", "shown"),
    [
        (SINGLE, {"answer": "zz"}, "zz"),
        (MULTI, MultiDict([("answer", "a"), ("answer", "c")]), {"a", "c"}),
        (SHORT, {"answer": " kpu "}, " kpu "),
        (MATCHING, {"match-0": "desa", "match-2": "", "match-9": "TPS"}, {"match-0": "desa"}),
    ],
)
def test_posted_value_keeps_what_was_sent_for_a_refused_post(question, form, shown) -> None:
    assert get_type(question.kind).posted_value(question, form) == shown
