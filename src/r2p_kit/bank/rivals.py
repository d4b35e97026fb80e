"""Each text answer's rivals: the module's other answers and distractors.

A slip is forgiven only when the answer is not also one slip from something else the
module teaches: "Deng" may be a typo of "Deiss" in a module that names both, so
neither passes for the other. The loader records the rivals on every text answer, so
the matcher and the page's self-check need no view of the whole bank.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from r2p_kit.bank.model import (
    Body,
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


def with_rivals(questions: tuple[Question, ...]) -> tuple[Question, ...]:
    """The questions, each text answer carrying the texts of the rest of the module."""
    module_texts = tuple(dict.fromkeys(text for q in questions for text in _texts(q.body)))
    return tuple(replace(q, body=_give_rivals(q.body, module_texts)) for q in questions)


def _give_rivals(body: Body, module_texts: tuple[str, ...]) -> Body:
    def rivals_of(expected: TextAnswer) -> TextAnswer:
        own = {answer.casefold() for answer in expected.answers}
        return replace(expected, rivals=tuple(t for t in module_texts if t.casefold() not in own))

    match body:
        case ShortAnswer():
            return replace(body, expected=rivals_of(body.expected))
        case Cloze():
            return replace(body, blanks=tuple(rivals_of(blank) for blank in body.blanks))
        case Choice() | TrueFalse() | Numeric() | Ordering() | Matching() | Essay():
            return body
        case unknown:
            assert_never(unknown)


def _texts(body: Body) -> list[str]:
    """The short texts a question shows or accepts: answers, wrong answers, options, items."""
    match body:
        case ShortAnswer():
            return _answer_texts(body.expected)
        case Cloze():
            return [text for blank in body.blanks for text in _answer_texts(blank)]
        case Choice():
            return [option.text for option in body.options]
        case Matching():
            return [
                *(p.left for p in body.pairs),
                *(p.right for p in body.pairs),
                *body.extra_right,
            ]
        case Ordering():
            return list(body.items)
        case TrueFalse() | Numeric() | Essay():
            return []
        case unknown:
            assert_never(unknown)


def _answer_texts(expected: TextAnswer) -> list[str]:
    return [*expected.answers, *(wrong.text for wrong in expected.wrong_answers)]
