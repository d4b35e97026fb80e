"""The correct answer of a question, written the way a student would write it on the sheet.

Shared by the checker (shown after a wrong answer) and the answer key, so both always
use the sheet's letters.
"""

from __future__ import annotations

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
from r2p_kit.check.layout import layout_question
from r2p_kit.figures import plain_number

format_number = plain_number  # kept for callers; the one formatter is r2p_kit.figures


def correct_answer(question: Question) -> tuple[str, str]:
    """``(what to write on the sheet, what it means)``, e.g. ``("b, c", "Sahnoun; Evans")``."""
    body = question.body
    layout = layout_question(question)
    if isinstance(body, Choice):
        letters = sorted(layout.letter(i) for i in body.correct_indices)
        texts = [body.options[layout.index(letter)].text for letter in letters]
        return ", ".join(letters), "; ".join(texts)
    if isinstance(body, TrueFalse):
        return ("true" if body.answer else "false"), ""
    if isinstance(body, ShortAnswer):
        return body.expected.answers[0], ""
    if isinstance(body, Numeric):
        low, high = body.bounds
        unit = f" {body.unit}" if body.unit else ""
        if low == high:
            return format_number(body.answer), unit.strip()
        return format_number(
            body.answer
        ), f"anything from {format_number(low)} to {format_number(high)}{unit}"
    if isinstance(body, Ordering):
        letters = [layout.letter(i) for i in range(len(body.items))]
        return ", ".join(letters), " → ".join(body.items)
    if isinstance(body, Matching):
        pairs = [f"{n}-{layout.letter(n - 1)}" for n in range(1, len(body.pairs) + 1)]
        meaning = "; ".join(f"{p.left} → {p.right}" for p in body.pairs)
        return ", ".join(pairs), meaning
    if isinstance(body, Cloze):
        return "; ".join(f"{n}: {b.answers[0]}" for n, b in enumerate(body.blanks, 1)), ""
    if isinstance(body, Essay):
        return "", "; ".join(point.point for point in body.rubric)
    raise TypeError(f"unknown question body {type(body).__name__}")
