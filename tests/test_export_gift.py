"""GIFT exports parse with gift-pegjs (an independent parser) and use only Moodle's grades."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from _tools import parse_gift
from conftest import bank_of
from r2p_kit.quiz.export.gift import MOODLE_GRADES, escape, export_gift
from r2p_kit.quiz.generate import Selection, generate_quiz

COURSE = Path(__file__).parent / "fixtures" / "bank" / "course"
REPO = Path(__file__).resolve().parents[1]
GIFT_TYPES = {
    "single": "MC", "multiple": "MC", "true-false": "TF", "short": "Short",
    "numeric": "Numerical", "ordering": "Matching", "matching": "Matching", "cloze": "Short",
    "essay": "Essay",
}  # fmt: skip


def quiz_texts(root: Path, variants: int = 3) -> tuple[list[str], list]:  # type: ignore[type-arg]
    quiz = generate_quiz(bank_of(root), Selection(), seed="gift", variants=variants)
    return [export_gift(quiz, v) for v in quiz.variants], list(quiz.variants)


def test_escape() -> None:
    assert escape("a~b=c#d{e}f:g\\h") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h"
    assert escape("line\nbreak") == "line\\nbreak"


def check_parsed(texts: list[str], variants: list) -> None:  # type: ignore[type-arg]
    for parsed, variant in zip(parse_gift(texts), variants, strict=True):
        assert "error" not in parsed, parsed
        questions = [q for q in parsed["questions"] if q["type"] != "Category"]
        categories = [q["title"] for q in parsed["questions"] if q["type"] == "Category"]
        expected_modules = list(dict.fromkeys(i.question.module for i in variant.items))
        assert [c.rsplit("/", 1)[1] for c in categories] == expected_modules
        titles = [q["title"] for q in questions]
        expected = []
        for item in variant.items:
            question = item.question
            blanks = getattr(question.body, "blanks", ())
            if question.type == "cloze" and len(blanks) > 1:
                expected += [f"{question.id} (blank {n})" for n in range(1, len(blanks) + 1)]
            else:
                expected.append(question.id)
        assert sorted(titles) == sorted(expected)
        by_title = {q["title"]: q for q in questions}
        for item in variant.items:
            question = item.question
            key = question.id if question.id in by_title else f"{question.id} (blank 1)"
            assert by_title[key]["type"] == GIFT_TYPES[question.type], question.id


def test_fixture_course_parses_with_gift_pegjs() -> None:
    texts, variants = quiz_texts(COURSE)
    check_parsed(texts, variants)
    parsed = {q["title"]: q for q in parse_gift(texts[:1])[0]["questions"]}
    special = parsed["origins/special-characters"]
    # The parser gives back exactly the texts we escaped: nothing special leaked. Texts are
    # the bank's Markdown as HTML (so "\\?" is Markdown's escaped "?", and HTML is escaped).
    assert special["stem"]["format"] == "html"
    assert special["stem"]["text"].endswith("~ = # { } : or a backslash ?")
    choices = {c["text"]["text"]: c for c in special["choices"]}
    assert set(choices) == {"a ~ tilde", "an = sign and a # hash", "a colon: here",
                            "plain &lt;b&gt;words&lt;/b&gt; &amp; more"}  # fmt: skip
    assert choices["an = sign and a # hash"]["feedback"]["text"] == (
        "Both are special in GIFT: = {braces} too."
    )
    assert choices["a ~ tilde"]["weight"] == 33.33333
    assert choices["plain &lt;b&gt;words&lt;/b&gt; &amp; more"]["weight"] == -100
    tf = parsed["origins/iciss-canada"]
    assert tf["isTrue"] is True
    # Moodle reads {TRUE#wrong#right}: a student answering false sees feedback_false.
    assert tf["trueFeedback"]["text"] == "It was Canada, not the UN."
    assert tf["falseFeedback"]["text"] == "Right: Canada announced it in 2000."
    # 1994 within 1994..1995: the answer itself first (Moodle shows it), then the range.
    decade = [c["text"] for c in parsed["origins/decade"]["choices"]]
    assert decade == [
        {"type": "range", "number": 1994, "range": 0},
        {"type": "high-low", "numberHigh": 1995, "numberLow": 1994},
    ]
    short = parsed["origins/country-name"]["choices"]
    assert [c["text"]["text"] for c in short] == ["Côte d'Ivoire", "Cote d'Ivoire"]
    assert special["tags"] == ["escaping"] and special["id"] == "origins/special-characters"


def test_real_bank_parses_with_gift_pegjs() -> None:
    texts, variants = quiz_texts(REPO, variants=2)
    check_parsed(texts, variants)


def test_only_grades_moodle_accepts() -> None:
    texts, _ = quiz_texts(COURSE, variants=5)
    real, _ = quiz_texts(REPO, variants=1)
    for text in texts + real:
        for grade in re.findall(r"(?<!\\)%(-?[0-9.]+)%", text):
            assert grade.lstrip("-") in MOODLE_GRADES, grade


@pytest.mark.parametrize("count", range(1, 11))
def test_even_shares_are_accepted_grades(count: int) -> None:
    from r2p_kit.quiz.export.gift import SHARE

    assert SHARE[count] in MOODLE_GRADES
    assert abs(float(SHARE[count]) - 100 / count) < 1e-4
