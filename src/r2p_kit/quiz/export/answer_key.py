"""The answer key of a run as CSV: one row per (variant, question), for marking and disputes."""

from __future__ import annotations

import io
from collections.abc import Iterator
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
    TrueFalse,
)
from r2p_kit.bank.rubric import rubric_text
from r2p_kit.quiz.export.common import number
from r2p_kit.quiz.generate import Quiz
from r2p_kit.spreadsheet import SafeWriter

HEADER = ("student", "variant", "position", "question_id", "points", "correct_answer")


def export_answer_key(quiz: Quiz) -> str:
    """CSV with a header; ``variant`` is the code that reproduces the variant from the seed."""
    return "".join(answer_key_chunks(quiz))


def answer_key_chunks(quiz: Quiz) -> Iterator[str]:
    """:func:`export_answer_key` in pieces, one per variant, for writing as it is made."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer, line_end="\n")  # no cell a spreadsheet would run
    writer.writerow(HEADER)
    for variant in quiz.variants:
        student = variant.student.id if variant.student else variant.label
        for position, item in enumerate(variant.items, start=1):
            question = item.question
            writer.writerow(
                (
                    student,
                    variant.code,
                    position,
                    question.id,
                    number(question.points),
                    correct_answer_text(question),
                )
            )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()  # the header alone, when there is no variant


@lru_cache(maxsize=8192)
def correct_answer_text(question: Question) -> str:
    """The right answer as one line of plain text, for keys and handouts."""
    match question.body:
        case Choice() as body:
            return " | ".join(o.text for o in body.options if o.correct)
        case TrueFalse() as body:
            return "true" if body.answer else "false"
        case ShortAnswer() as body:
            return " | ".join(body.expected.answers)
        case Numeric() as body:
            return _numeric_text(body)
        case Ordering() as body:
            return " > ".join(body.items)
        case Matching() as body:
            return " | ".join(f"{p.left} -> {p.right}" for p in body.pairs)
        case Cloze() as body:
            return " | ".join(f"{n}: {b.answers[0]}" for n, b in enumerate(body.blanks, start=1))
        case Essay() as body:
            return rubric_text(body)
        case _ as never:
            assert_never(never)


def _numeric_text(body: Numeric) -> str:
    unit = f" {body.unit}" if body.unit else ""
    if body.low is not None and body.high is not None:
        return f"{number(body.low)} to {number(body.high)}{unit}"
    if body.tolerance:
        return f"{number(body.answer)} ± {number(body.tolerance)}{unit}"
    return f"{number(body.answer)}{unit}"
