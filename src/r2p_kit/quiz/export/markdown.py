"""A printable handout per variant in Markdown, and its answer key as a separate file.

The handout never contains an answer; the key uses the same numbering and letters, so
a marker can read one beside the other. ``r2p-kit quiz --pdf`` turns both into PDF
through :mod:`r2p_kit.quiz.export.pdf` when TeX is installed.
"""

from __future__ import annotations

from string import ascii_uppercase
from typing import assert_never

from r2p_kit.bank.instructions import TASKS
from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    ShortAnswer,
    TrueFalse,
)
from r2p_kit.bank.rubric import rubric_markdown
from r2p_kit.markup import literal_markdown
from r2p_kit.quiz.export.answer_key import correct_answer_text
from r2p_kit.quiz.export.common import number, prompt_with_unit
from r2p_kit.quiz.generate import QuizItem, Variant

BLANK = "\\_\\_\\_\\_\\_\\_\\_\\_"


def export_markdown(title: str, variant: Variant) -> str:
    """The student's handout: questions only, with space to answer."""
    lines = [f"# {literal_markdown(title)}", ""]
    if variant.student:  # roster text is data, not Markdown
        student = variant.student
        lines.append(f"**Student:** {literal_markdown(student.name)} ({student.id})  ")
    else:
        lines.append(f"**Name:** {BLANK}{BLANK}{BLANK}  ")
    lines += [
        f"**Variant:** {variant.label} ({variant.code}) · **Total:** {_points(variant.points)}",
        "",
    ]
    for position, item in enumerate(variant.items, start=1):
        lines += _question(position, item)
    return "\n".join(lines).rstrip() + "\n"


def export_markdown_key(title: str, variant: Variant) -> str:
    """The marker's key for one handout: letters as printed, and each explanation."""
    lines = [f"# {title}: answer key", "", f"**Variant:** {variant.label} ({variant.code})", ""]
    for position, item in enumerate(variant.items, start=1):
        question = item.question
        if isinstance(question.body, Essay):
            lines.append(
                f"{position}. **Marked by hand with this rubric** ({_points(question.points)})"
            )
            lines += ["", *rubric_markdown(question.body, indent="   "), ""]
        else:
            lines.append(f"{position}. **{_key_answer(item)}** ({_points(question.points)})  ")
        if question.explanation:
            lines.append(f"   {question.explanation}  ")
        lines.append(f"   *{question.id}*")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _question(position: int, item: QuizItem) -> list[str]:
    question = item.question
    body = question.body
    head = f"## {position}. {prompt_with_unit(question)}"
    lines = [head, "", f"*{_points(question.points)}*", ""]
    match body:
        case Choice():
            lines += [TASKS[question.type], ""]
            lines += [f"- **{ascii_uppercase[n]}.** {o.text}" for n, o in enumerate(body.options)]
        case TrueFalse():
            lines.append("True / False")
        case ShortAnswer() | Numeric():
            lines.append(f"Answer: {BLANK}{BLANK}")
        case Ordering():
            lines += ["Number the items in the correct order (1 = first).", ""]
            lines += [f"- {BLANK} {text}" for text in item.display]
        case Matching():
            lines += ["Write the letter of the matching item on each line.", ""]
            lines += [f"{n}. {p.left} {BLANK}" for n, p in enumerate(body.pairs, start=1)]
            lines.append("")
            lines += [f"- **{ascii_uppercase[n]}.** {text}" for n, text in enumerate(item.display)]
        case Cloze():
            lines.append("> " + body.fill(lambda n: f"{BLANK} ({n})").replace("\n", "\n> "))
        case Essay():
            lines += ["Write your answer below or on a separate sheet.", "", *([r"\ ", ""] * 6)]
        case _:
            assert_never(body)
    lines.append("")
    return lines


def _key_answer(item: QuizItem) -> str:
    match item.question.body:
        case Choice() as body:
            # Several right options are separated by semicolons, without the full stop that
            # ends an option's sentence: "B. ... concern; C. ..." rather than "concern., C.".
            right = [
                f"{ascii_uppercase[n]}. {o.text}" for n, o in enumerate(body.options) if o.correct
            ]
            return "; ".join([text.removesuffix(".") for text in right[:-1]] + right[-1:])
        case Matching() as body:
            letter = {text: ascii_uppercase[n] for n, text in enumerate(item.display)}
            return "; ".join(f"{n} → {letter[p.right]}" for n, p in enumerate(body.pairs, start=1))
        case Ordering() as body:
            return "; ".join(f"{body.items.index(text) + 1} {text}" for text in item.display)
        case _:
            return correct_answer_text(item.question)


def _points(points: float) -> str:
    return f"{number(points)} point{'' if points == 1 else 's'}"
