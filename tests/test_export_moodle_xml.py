"""Moodle XML is well-formed and complete for every question type."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from conftest import bank_of
from r2p_kit.quiz.export.gift import MOODLE_GRADES
from r2p_kit.quiz.export.moodle_xml import MOODLE_TYPE, export_moodle_xml
from r2p_kit.quiz.generate import Selection, generate_quiz

COURSE = Path(__file__).parent / "fixtures" / "bank" / "course"
REPO = Path(__file__).resolve().parents[1]

# What each Moodle type must contain to import and grade.
REQUIRED = {
    "multichoice": ["single", "shuffleanswers", "answernumbering", "answer"],
    "truefalse": ["answer"],
    "shortanswer": ["usecase", "answer"],
    "numerical": ["answer/tolerance"],
    "matching": ["shuffleanswers", "subquestion/answer/text"],
    "cloze": [],
    "essay": ["responseformat", "responsefieldlines", "graderinfo/text"],
}
COMMON = ["name/text", "questiontext/text", "generalfeedback", "penalty", "hidden"]


def documents(root: Path, variants: int = 3) -> list[tuple[object, etree._Element]]:
    quiz = generate_quiz(bank_of(root), Selection(), seed="moodle", variants=variants)
    return [
        (v, etree.fromstring(export_moodle_xml(quiz, v).encode("utf-8"))) for v in quiz.variants
    ]


def check(root: Path) -> None:
    for variant, document in documents(root):
        assert document.tag == "quiz"
        questions = [q for q in document.findall("question") if q.get("type") != "category"]
        assert [q.findtext("name/text") for q in questions] == sorted(
            (i.question.id for i in variant.items),
            key=[q.findtext("name/text") for q in questions].index,
        )
        by_id = {q.findtext("name/text"): q for q in questions}
        for item in variant.items:
            element = by_id[item.question.id]
            moodle_type = MOODLE_TYPE[item.question.type]
            assert element.get("type") == moodle_type
            for path in COMMON + REQUIRED[moodle_type]:
                assert element.find(path) is not None, (item.question.id, path)
            for answer in element.findall("answer"):
                assert answer.get("fraction").lstrip("-") in MOODLE_GRADES
            if moodle_type == "multichoice":
                assert max(float(a.get("fraction")) for a in element.findall("answer")) > 0
            if moodle_type == "cloze":
                text = element.findtext("questiontext/text")
                assert text.count("{1:SHORTANSWER:") == len(item.question.body.blanks)
            if moodle_type != "cloze":
                assert float(element.findtext("defaultgrade")) == item.question.points


def test_fixture_course_is_complete_moodle_xml() -> None:
    check(COURSE)


def test_real_bank_is_complete_moodle_xml() -> None:
    check(REPO)


def test_html_from_input_is_escaped_and_cloze_syntax_is_protected() -> None:
    _, document = documents(COURSE, variants=1)[0]
    special = next(
        q
        for q in document.iter("question")
        if q.findtext("name/text") == "origins/special-characters"
    )
    texts = [a.findtext("text") for a in special.findall("answer")]
    assert "plain &lt;b&gt;words&lt;/b&gt; &amp; more" in texts
    cloze = next(
        q for q in document.iter("question") if q.findtext("name/text") == "pillars/para-138"
    )
    text = cloze.findtext("questiontext/text")
    assert "{1:SHORTANSWER:=war crimes~%0%aggression#Not one of the four crimes.}" in text
