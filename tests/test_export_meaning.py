"""Every export, read back independently, means what the bank says (not what the bytes are).

For the real bank and a set of edge cases (GIFT and cloze special characters, negative and
fractional numbers, asymmetric ranges, 2-item ordering, 6-pair matching with distractors),
each format is read by a reader that is not its exporter: lxml for Moodle XML and QTI
(QTI by the rules of Canvas's importer), gift-pegjs for GIFT. tests/lms/ runs Moodle's
own importers on the same exports.
"""

from __future__ import annotations

import functools

import pytest

from _tools import parse_gift
from conftest import real_bank
from export_meaning import LMSES, edge_bank, expected, from_gift, from_moodle_xml, from_qti
from r2p_kit.bank.model import Bank
from r2p_kit.quiz.export.gift import export_gift
from r2p_kit.quiz.export.moodle_xml import export_moodle_xml
from r2p_kit.quiz.export.qti import export_qti
from r2p_kit.quiz.generate import Quiz, Selection, generate_quiz


@functools.cache  # made once: a Quiz is frozen, and every test only reads it
def quizzes() -> tuple[tuple[str, Quiz], ...]:
    return (
        ("real", generate_quiz(real_bank(), Selection(), seed="meaning", variants=2)),
        ("edge", generate_quiz(edge_bank(), Selection(), seed="meaning", variants=3)),
    )


def read(quiz: Quiz, lms: str) -> list[dict[str, dict]]:  # type: ignore[type-arg]
    if lms == "gift":
        parsed = parse_gift([export_gift(quiz, v) for v in quiz.variants])
        assert all("error" not in p for p in parsed), parsed
        return [
            {q["title"]: from_gift(q) for q in p["questions"] if q["type"] != "Category"}
            for p in parsed
        ]
    if lms == "canvas":
        return [from_qti(export_qti(quiz, v)) for v in quiz.variants]
    version = (4, 5) if lms == "moodle45" else (4, 1)
    return [from_moodle_xml(export_moodle_xml(quiz, v, version)) for v in quiz.variants]


@pytest.mark.parametrize("lms", LMSES)
@pytest.mark.parametrize("which", ["real", "edge"])
def test_every_question_means_what_the_bank_says(lms: str, which: str) -> None:
    quiz = dict(quizzes())[which]
    for variant, found in zip(quiz.variants, read(quiz, lms), strict=True):
        wanted = [m for item in variant.items for m in expected(item, lms)]
        assert sorted(found) == sorted(m["id"] for m in wanted)
        for meaning in wanted:
            assert found[meaning["id"]] == meaning, meaning["id"]


def test_ordering_is_never_shown_in_the_correct_order() -> None:
    bank: Bank = edge_bank()
    quiz = generate_quiz(bank, Selection(types=("ordering",)), seed="order", variants=40)
    for variant in quiz.variants:
        for lms in ("moodle41", "gift", "canvas"):
            (meaning,) = expected(variant.items[0], lms)
            positions = [right for _, right in meaning["pairs"]]
            assert positions != sorted(positions), (lms, variant.label)
        found = from_qti(export_qti(quiz, variant))["edge/two-items"]
        assert [right for _, right in found["pairs"]] == ["2", "1"]


def test_canvas_never_scores_a_wrong_answer() -> None:
    quiz = dict(quizzes())["edge"]
    found = from_qti(export_qti(quiz, quiz.variants[0]))["edge/special-short"]
    accepted = [text for text, _, _ in found["answers"]]
    assert "wrong ~ # }" not in accepted and "*" not in accepted
    assert found["incorrect_feedback"] == [
        'Feedback with ~ # { } \\ / " * & < too.',
        "A lone star is not a wildcard here.",
    ]


def test_reading_is_not_vacuous() -> None:
    """A wrong fraction, a lost distractor or a moved range is seen by the comparison."""
    quiz = dict(quizzes())["edge"]
    variant = quiz.variants[0]
    found = from_moodle_xml(export_moodle_xml(quiz, variant))
    by_id = {i.question.id: i for i in variant.items}
    for qid in ("edge/asymmetric", "edge/six-pairs", "edge/special-short"):
        (meaning,) = expected(by_id[qid], "moodle41")
        assert found[qid] == meaning
    from lxml import etree

    document = etree.fromstring(export_moodle_xml(quiz, variant).encode("utf-8"))
    (six,) = [q for q in document.iter("question") if q.findtext("name/text") == "edge/six-pairs"]
    six.findall("subquestion")[-1].find("text").text = "now a left item"
    broken = from_moodle_xml(etree.tostring(document, encoding="unicode"))
    (meaning,) = expected(by_id["edge/six-pairs"], "moodle41")
    assert broken["edge/six-pairs"] != meaning
