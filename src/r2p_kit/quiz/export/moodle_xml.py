"""Moodle XML: Moodle's full question-bank format, with every question type of the bank.

Written for what Moodle's own importer (``question/format/xml/format.php``) reads back:

- every text is CDATA, as Moodle's exporter writes it (its xmlize drops the space
  between two entities, so ``*A* *B*`` escaped would show as "AB");
- a cloze becomes Moodle's embedded answers (multianswer), whose mark is the sum of its
  blanks' whole-number weights; Moodle ignores ``<defaultgrade>`` there (see
  :func:`cloze_weight`);
- ordering is Moodle's ``ordering`` type from Moodle 4.5 (core there), and matching
  (item -> position, items in the variant's scrambled order) before;
- ``*`` in a text answer is Moodle's wildcard and is escaped; true/false has penalty 1.
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
from r2p_kit.bank.rubric import rubric_html
from r2p_kit.quiz.export.common import (
    ORDERING_NOTE,
    accepted_texts,
    bank_html,
    cloze_html,
    number,
    plain,
    prompt_with_unit,
)
from r2p_kit.quiz.export.gift import category, moodle_share
from r2p_kit.quiz.export.options import MOODLE_ORDERING_SINCE, OLDEST_MOODLE, MoodleVersion
from r2p_kit.quiz.export.xmlout import CData, Raw, to_xml
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
# Inside {1:SHORTANSWER:...} Moodle html-decodes an answer and unescapes only \} and \#;
# an answer ends at an unescaped ~ # } not preceded by \ or &, feedback at ~ or }. Writing
# these characters as numeric entities is the one spelling that always survives.
_CLOZE_ANSWER = str.maketrans({c: f"&#{ord(c)};" for c in '&<>\\~#{}"'})
_WILDCARD = str.maketrans({"*": "\\*"})


def moodle_type(question: Question, version: MoodleVersion = OLDEST_MOODLE) -> str:
    """The Moodle question type this question is exported as, for ``version``."""
    if question.type == "ordering" and version >= MOODLE_ORDERING_SINCE:
        return "ordering"
    return MOODLE_TYPE[question.type]


def cloze_weight(question: Question) -> int:
    """The weight of each blank: Moodle's mark for a cloze is the sum of whole-number weights.

    When the bank's points are a whole multiple of the number of blanks the question keeps
    its points; otherwise each blank weighs 1, and the quiz slot's maximum mark must be
    set by hand (:func:`moodle_warnings` says so).
    """
    body = question.body
    assert isinstance(body, Cloze)
    share = question.points / len(body.blanks)
    return int(share) if share.is_integer() and share >= 1 else 1


def moodle_warnings(quiz: Quiz) -> list[str]:
    """What Moodle XML cannot carry from this quiz, said once per question."""
    warnings = []
    seen = set()
    for variant in quiz.variants:
        for item in variant.items:
            question = item.question
            body = question.body
            if question.id in seen or not isinstance(body, Cloze):
                continue
            seen.add(question.id)
            weight = cloze_weight(question)
            if weight * len(body.blanks) != question.points:
                warnings.append(
                    f"{question.id}: Moodle marks a cloze out of the number of its blanks "
                    f"({len(body.blanks)}), not {number(question.points)} points; set that "
                    "question's maximum mark in the quiz to "
                    f"{number(question.points)} after importing"
                )
    return warnings


def export_moodle_xml(quiz: Quiz, variant: Variant, version: MoodleVersion = OLDEST_MOODLE) -> str:
    """One variant as a Moodle XML ``<quiz>``, one category per module."""
    comment = html.escape(f"{quiz.title}: variant {variant.label} ({variant.code})")
    parts = [f"<!-- {comment.replace('--', '- -')} -->"]
    modules = list(dict.fromkeys(item.question.module for item in variant.items))
    for module in modules:
        parts.append(_category_xml(category(quiz, variant, module)))
        parts += [_question_xml(i, version) for i in variant.items if i.question.module == module]
    return '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  ' + "\n  ".join(parts) + "\n</quiz>\n"


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
    body = question.body
    kind = moodle_type(question, version)
    element = ET.Element("question", type=kind)
    _text(ET.SubElement(element, "name"), question.id)
    if isinstance(body, Cloze):
        weight = cloze_weight(question)
        blank = lambda n: _cloze_blank(body.blanks[n - 1], weight)  # noqa: E731
        text = bank_html(question.prompt) + "<br>" + cloze_html(body, blank)
    elif kind == "matching" and isinstance(body, Ordering):
        text = bank_html(f"{question.prompt} {ORDERING_NOTE}")
    else:
        text = bank_html(prompt_with_unit(question))
    _html(element, "questiontext", text)
    _html(element, "generalfeedback", bank_html(question.explanation))
    points = (
        cloze_weight(question) * len(body.blanks) if isinstance(body, Cloze) else question.points
    )
    ET.SubElement(element, "defaultgrade").text = number(points)
    penalty = "1" if isinstance(body, TrueFalse) else "0.3333333"
    ET.SubElement(element, "penalty").text = penalty
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
        case Ordering() if kind == "ordering":
            _ordering(element, body)
        case Ordering():
            positions = {text: str(n) for n, text in enumerate(body.items, start=1)}
            _matching(element, [(t, positions[t]) for t in item.display], (), question.shuffle)
        case Matching():
            pairs = [(p.left, p.right) for p in body.pairs]
            _matching(element, pairs, body.extra_right, question.shuffle)
        case Cloze():
            pass  # everything is in the question text
        case Essay():
            _essay(element, body)
        case _:
            assert_never(body)
    for hint in question.hints:
        _html(element, "hint", bank_html(hint))
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
            fraction = moodle_share(correct, question) if body.multiple else "100"
        else:
            fraction = f"-{moodle_share(wrong, question)}" if body.multiple else "0"
        element.append(Raw(_option_xml(fraction, option.text, option.feedback)))


@lru_cache(maxsize=16384)
def _option_xml(fraction: str, text: str, feedback: str) -> str:
    """One option's ``<answer>``, written once: variants show the options in other orders."""
    holder = ET.Element("question")
    _answer(holder, fraction, bank_html(text), bank_html(feedback), "html")
    return to_xml(holder[0], "  ", 2)


def _true_false(element: ET.Element, body: TrueFalse) -> None:
    for value, feedback in ((True, body.feedback_true), (False, body.feedback_false)):
        fraction = "100" if value == body.answer else "0"
        _answer(
            element,
            fraction,
            "true" if value else "false",
            bank_html(feedback),
            "moodle_auto_format",
        )


def _text_answers(element: ET.Element, expected: TextAnswer) -> None:
    ET.SubElement(element, "usecase").text = "0"
    for text in accepted_texts(expected):
        _answer(element, "100", text.translate(_WILDCARD), "", "moodle_auto_format")
    for wrong in expected.wrong_answers:
        _answer(
            element,
            "0",
            wrong.text.translate(_WILDCARD),
            bank_html(wrong.feedback),
            "moodle_auto_format",
        )


def _numeric(element: ET.Element, body: Numeric) -> None:
    """One answer with a margin when symmetric; else the answer itself and the whole range.

    Moodle's margin is symmetric, so an asymmetric range is written as the range's middle
    with half its width; the exact answer comes first so Moodle shows it as the right one.
    """
    low, high = body.bounds
    if body.answer - low == high - body.answer:
        answers = [(body.answer, body.answer - low)]
    else:
        answers = [(body.answer, 0.0), ((low + high) / 2, (high - low) / 2)]
        if not low <= body.answer <= high:
            answers = answers[1:]
    for value, margin in answers:
        answer = _answer(element, "100", number(value), "", "moodle_auto_format")
        ET.SubElement(answer, "tolerance").text = number(margin)
    ET.SubElement(element, "unitgradingtype").text = "0"
    ET.SubElement(element, "unitpenalty").text = "0.1000000"
    ET.SubElement(element, "showunits").text = "3"
    ET.SubElement(element, "unitsleft").text = "0"


def _ordering(element: ET.Element, body: Ordering) -> None:
    """Moodle 4.5+: items in the correct order (Moodle shuffles them for each attempt)."""
    ET.SubElement(element, "layouttype").text = "VERTICAL"
    ET.SubElement(element, "selecttype").text = "ALL"
    ET.SubElement(element, "selectcount").text = str(len(body.items))
    ET.SubElement(element, "gradingtype").text = "RELATIVE_ALL_PREVIOUS_AND_NEXT"
    ET.SubElement(element, "showgrading").text = "SHOW"
    ET.SubElement(element, "numberingstyle").text = "none"
    for text in body.items:
        _answer(element, "100", bank_html(text), "", "html")


def _matching(
    element: ET.Element, pairs: list[tuple[str, str]], extras: tuple[str, ...], shuffle: bool
) -> None:
    """Left items in the order given; a distractor is a right-hand entry with no question."""
    ET.SubElement(element, "shuffleanswers").text = "true" if shuffle else "false"
    for left, right in [*pairs, *(("", extra) for extra in extras)]:
        sub = ET.SubElement(element, "subquestion", format="html")
        _text(sub, bank_html(left) if left else "")
        _text(ET.SubElement(sub, "answer"), plain(right))


def _essay(element: ET.Element, body: Essay) -> None:
    ET.SubElement(element, "responseformat").text = "editor"
    ET.SubElement(element, "responserequired").text = "1"
    ET.SubElement(element, "responsefieldlines").text = "15"
    ET.SubElement(element, "attachments").text = "0"
    ET.SubElement(element, "attachmentsrequired").text = "0"
    # Moodle shows graderinfo to markers only (never to the student), so the rubric goes there.
    _html(element, "graderinfo", rubric_html(body))
    _html(element, "responsetemplate", "")


def _cloze_blank(expected: TextAnswer, weight: int) -> str:
    """One embedded short-answer blank: ``{1:SHORTANSWER:=a~=b~%0%wrong#why}``."""
    parts = [f"={_cloze_answer(text)}" for text in accepted_texts(expected)]
    parts += [
        f"%0%{_cloze_answer(w.text)}" + (f"#{_cloze_feedback(w.feedback)}" if w.feedback else "")
        for w in expected.wrong_answers
    ]
    return f"{{{weight}:SHORTANSWER:" + "~".join(parts) + "}"


def _cloze_answer(text: str) -> str:
    """A blank's answer: Moodle html-decodes it, then reads ``\\*`` as a literal star."""
    return text.translate(_WILDCARD).translate(_CLOZE_ANSWER).replace("&#92;*", "\\*")


def _cloze_feedback(text: str) -> str:
    """Feedback is HTML after Moodle decodes it once, so its HTML is written encoded."""
    return bank_html(text).translate(_CLOZE_ANSWER)


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
    ET.SubElement(parent, "text").text = CData(text) if text else ""
