"""Moodle XML: Moodle's full question-bank format, with every question type of the bank.

Texts are inline Markdown rendered to HTML (input HTML is escaped). Cloze becomes
Moodle's embedded-answers (multianswer) type; ordering becomes matching (item ->
position), which every Moodle version has; essays carry their rubric as grader info.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import assert_never

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
)
from r2p_kit.quiz.export.common import (
    ORDERING_NOTE,
    accepted_texts,
    cloze_html,
    inline_html,
    number,
    prompt_with_unit,
)
from r2p_kit.quiz.export.gift import SHARE, category
from r2p_kit.quiz.export.options import OLDEST_MOODLE, MoodleVersion
from r2p_kit.quiz.export.xmlout import to_xml
from r2p_kit.quiz.generate import Quiz, QuizItem, Variant

MOODLE_TYPE = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true-false": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "ordering": "matching",
    "matching": "matching",
    "cloze": "cloze",
    "essay": "essay",
}
CLOZE_SPECIAL = '\\}#~/"'


def export_moodle_xml(quiz: Quiz, variant: Variant, version: MoodleVersion = OLDEST_MOODLE) -> str:
    """One variant as a Moodle XML ``<quiz>``, one category per module."""
    comment = html.escape(f"{quiz.title}: variant {variant.label} ({variant.code})")
    parts = [f"<!-- {comment.replace('--', '- -')} -->"]
    modules = list(dict.fromkeys(item.question.module for item in variant.items))
    for module in modules:
        parts.append(_category_xml(category(quiz, variant, module)))
        parts += [_question_xml(i, version) for i in variant.items if i.question.module == module]
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  ' + "\n  ".join(parts) + "\n</quiz>\n"


def moodle_warnings(quiz: Quiz) -> list[str]:
    """What Moodle XML cannot carry from this quiz."""
    return []


def _category_xml(path: str) -> str:
    element = ET.Element("question", type="category")
    _text(ET.SubElement(element, "category"), path)
    return to_xml(element, "  ", 1)


@lru_cache(maxsize=8192)
def _question_xml(item: QuizItem, version: MoodleVersion) -> str:
    """Cached per shown question: variants repeat the same questions in few option orders."""
    return to_xml(moodle_question(item, version), "  ", 1)


def moodle_question(item: QuizItem, version: MoodleVersion = OLDEST_MOODLE) -> ET.Element:
    question = item.question
    element = ET.Element("question", type=MOODLE_TYPE[question.type])
    _text(ET.SubElement(element, "name"), question.id)
    body = question.body
    if isinstance(body, Cloze):
        blank = lambda n: _cloze_blank(body.blanks[n - 1])  # noqa: E731
        text = inline_html(question.prompt) + "<br>" + cloze_html(body, blank)
    else:
        prompt = prompt_with_unit(question)
        if isinstance(body, Ordering):
            prompt += " " + ORDERING_NOTE
        text = inline_html(prompt)
    _html(element, "questiontext", text)
    _html(element, "generalfeedback", inline_html(question.explanation))
    if not isinstance(body, Cloze):
        ET.SubElement(element, "defaultgrade").text = number(question.points)
    ET.SubElement(element, "penalty").text = "0.3333333"
    ET.SubElement(element, "hidden").text = "0"
    ET.SubElement(element, "idnumber").text = question.id
    match body:
        case Choice():
            _choice(element, question, body)
        case TrueFalse():
            _true_false(element, body)
        case ShortAnswer():
            _text_answers(element, body.expected)
        case Numeric():
            _numeric(element, body)
        case Ordering() | Matching():
            _matching(element, body)
        case Cloze():
            pass  # everything is in the question text
        case Essay():
            _essay(element, body)
        case _:
            assert_never(body)
    for hint in question.hints:
        _html(element, "hint", inline_html(hint))
    if question.tags:
        tags = ET.SubElement(element, "tags")
        for tag in question.tags:
            _text(ET.SubElement(tags, "tag"), tag)
    return element


def _choice(element: ET.Element, question: Question, body: Choice) -> None:
    correct = len(body.correct_indices)
    wrong = len(body.options) - correct
    ET.SubElement(element, "single").text = "false" if body.multiple else "true"
    ET.SubElement(element, "shuffleanswers").text = "true" if question.shuffle else "false"
    ET.SubElement(element, "answernumbering").text = "abc"
    for option in body.options:
        if option.correct:
            fraction = SHARE[correct] if body.multiple else "100"
        else:
            fraction = f"-{SHARE[wrong]}" if body.multiple else "0"
        _answer(element, fraction, inline_html(option.text), inline_html(option.feedback), "html")


def _true_false(element: ET.Element, body: TrueFalse) -> None:
    for value, feedback in ((True, body.feedback_true), (False, body.feedback_false)):
        fraction = "100" if value == body.answer else "0"
        _answer(
            element,
            fraction,
            "true" if value else "false",
            inline_html(feedback),
            "moodle_auto_format",
        )


def _text_answers(element: ET.Element, expected: TextAnswer) -> None:
    ET.SubElement(element, "usecase").text = "0"
    for text in accepted_texts(expected):
        _answer(element, "100", text, "", "moodle_auto_format")
    for wrong in expected.wrong_answers:
        _answer(element, "0", wrong.text, inline_html(wrong.feedback), "moodle_auto_format")


def _numeric(element: ET.Element, body: Numeric) -> None:
    low, high = body.bounds
    answer = _answer(element, "100", number((low + high) / 2), "", "moodle_auto_format")
    ET.SubElement(answer, "tolerance").text = number((high - low) / 2)
    ET.SubElement(element, "unitgradingtype").text = "0"
    ET.SubElement(element, "unitpenalty").text = "0.1000000"
    ET.SubElement(element, "showunits").text = "3"
    ET.SubElement(element, "unitsleft").text = "0"


def _matching(element: ET.Element, body: Ordering | Matching) -> None:
    if isinstance(body, Ordering):
        pairs = [(item, str(n)) for n, item in enumerate(body.items, start=1)]
        extras: tuple[str, ...] = ()
    else:
        pairs = [(p.left, p.right) for p in body.pairs]
        extras = body.extra_right
    ET.SubElement(element, "shuffleanswers").text = "true"
    for left, right in [*pairs, *(("", extra) for extra in extras)]:
        sub = ET.SubElement(element, "subquestion", format="html")
        _text(sub, inline_html(left) if left else "")
        _text(ET.SubElement(sub, "answer"), right)


def _essay(element: ET.Element, body: Essay) -> None:
    ET.SubElement(element, "responseformat").text = "editor"
    ET.SubElement(element, "responserequired").text = "1"
    ET.SubElement(element, "responsefieldlines").text = "15"
    ET.SubElement(element, "attachments").text = "0"
    ET.SubElement(element, "attachmentsrequired").text = "0"
    items = "".join(
        f"<li>{inline_html(p.point)}"
        + (f" <em>({', '.join(inline_html(k) for k in p.keywords)})</em>" if p.keywords else "")
        + "</li>"
        for p in body.rubric
    )
    _html(element, "graderinfo", f"<p>Rubric (never a final score):</p><ul>{items}</ul>")
    _html(element, "responsetemplate", "")


def _cloze_blank(expected: TextAnswer) -> str:
    """One embedded short-answer blank: ``{1:SHORTANSWER:=a~=b~%0%wrong#why}``."""
    parts = [f"={_cloze_escape(text)}" for text in accepted_texts(expected)]
    parts += [
        f"%0%{_cloze_escape(w.text)}" + (f"#{_cloze_escape(w.feedback)}" if w.feedback else "")
        for w in expected.wrong_answers
    ]
    return "{1:SHORTANSWER:" + "~".join(parts) + "}"


def _cloze_escape(text: str) -> str:
    """HTML-escape (the blank sits inside HTML), then escape the embedded-answer syntax."""
    return "".join("\\" + c if c in CLOZE_SPECIAL else c for c in html.escape(text, quote=False))


def _answer(element: ET.Element, fraction: str, text: str, feedback: str, fmt: str) -> ET.Element:
    answer = ET.SubElement(element, "answer", fraction=fraction, format=fmt)
    _text(answer, text)
    _html(answer, "feedback", feedback)
    return answer


def _html(parent: ET.Element, tag: str, markup: str) -> ET.Element:
    element = ET.SubElement(parent, tag, format="html")
    _text(element, markup)
    return element


def _text(parent: ET.Element, text: str) -> None:
    ET.SubElement(parent, "text").text = text
