"""What ``r2p-kit check`` prints: feedback that teaches, as text for people or JSON for tools.

For every question the report says how it went, why (the bank's feedback), what the
answer is or a hint towards it, and where in the course to re-read. Correct answers
are revealed only after an attempt, and never with ``hints``; explanations follow a
correct answer, or any answer with ``explain``. Colour and symbols are used only when
the caller says the output is a terminal that wants them.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from math import gcd
from typing import Any

from r2p_kit.bank.model import Cloze, Matching
from r2p_kit.check.links import BUILD_COMMAND, Site
from r2p_kit.check.score import ScoredAnswer, ScoredSheet, Totals
from r2p_kit.check.solution import correct_answer
from r2p_kit.check.sources import Section
from r2p_kit.console import clean
from r2p_kit.figures import score_text
from r2p_kit.markup import to_terminal


@dataclass(frozen=True)
class ReportOptions:
    hints: bool = False  # hints instead of correct answers
    explain: bool = False  # explanations after every answer, not only correct ones
    color: bool = False  # ANSI colour, emphasis and symbols; plain words otherwise
    site: Site | None = None  # where "Re-read" links point; None: addresses relative to the site


_STYLE = {  # status -> (symbol, ANSI colour, plain label)
    "correct": ("✓", "32", "CORRECT"),
    "partial": ("~", "33", "PARTLY CORRECT"),
    "incorrect": ("✗", "31", "INCORRECT"),
    "unanswered": ("·", "36", "UNANSWERED"),
    "essay": ("✎", "35", "TO BE MARKED"),
}
_WORDS = {
    "correct": "correct",
    "partial": "partly correct",
    "incorrect": "incorrect",
    "unanswered": "unanswered",
    "essay": "to be marked by your instructor",
}
WIDTH = 88


def status_words() -> dict[str, str]:
    """Each status with its symbol, as a report on a terminal heads a question (and the sheet
    page does): ``✓ correct``, ``~ partly correct`` ..."""
    return {kind: f"{symbol} {_WORDS[kind]}" for kind, (symbol, _c, _l) in _STYLE.items()}


def amount(value: float, whole: float) -> str:
    """Part of a mark as a person writes it: ``1/6``, ``0.5``, ``2/3``, ``1.3``; never rounded
    to nothing or to the whole mark when it is neither."""
    if value == int(value):
        return str(int(value))
    for denominator in range(3, 13) if 0 < value < 1 else ():
        numerator = round(value * denominator)
        if abs(numerator / denominator - value) < 1e-9 and gcd(numerator, denominator) == 1:
            return f"{numerator}/{denominator}"
    for digits in (1, 2, 3):
        shown = round(value, digits)
        if 0 < shown < whole:
            return f"{shown:g}"
    return f"{value:.3g}"


def points_text(points: float) -> str:
    """``1 point``, ``0.5 points``, ``4 points``."""
    return f"{score_text(points)} point{'' if points == 1 else 's'}"


def marks(score: float, max_score: float) -> str:
    """``1/6 of 1 point``, ``0.5 of 1 point``, ``3 of 4 points``."""
    return f"{amount(score, max_score)} of {points_text(max_score)}"


def _text(text: str, options: ReportOptions) -> str:
    """Bank text (Markdown) for the terminal: emphasis styled on a terminal, plain in a pipe."""
    return to_terminal(text, styled=options.color)


def _paint(text: str, code: str, options: ReportOptions) -> str:
    return f"\033[{code}m{text}\033[0m" if options.color else text


def _wrap(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    ) or [indent.rstrip()]


def _kind(item: ScoredAnswer) -> str:
    result = item.result
    return "essay" if not result.auto_scored and result.status != "unanswered" else result.status


def render_text(scored: ScoredSheet, sections: dict[str, Section], options: ReportOptions) -> str:
    """The full report: a header, one block per question, and the totals."""
    sheet = scored.sheet
    module = sheet.module
    student = (
        clean(sheet.student) or "not given yet (write your email or ID number after 'student:')"
    )
    out = [
        _paint(f"Module {module.number} ({module.slug}): {clean(str(sheet.path))}", "1", options),
        f"Student: {student}",
        "",
    ]
    for item in scored.answers:
        out += _question_block(item, sections.get(item.answer.question.source), options)
    missing = [str(a.number) for a in sheet.missing]
    if missing:
        out += _wrap(
            f"Question{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"{'are' if len(missing) > 1 else 'is'} not on your sheet and counted as unanswered.",
            "",
        )
        out.append("")
    if _unbuilt(scored, sections, options):
        out += _wrap(
            "The course's web pages are not built on this computer yet, so the file:// "
            f"links above do not open: run `{BUILD_COMMAND}` in the course folder first.",
            "",
        )
        out.append("")
    out.append(_paint(totals_line(scored.totals), "1", options))
    return "\n".join(out) + "\n"


def _question_block(
    item: ScoredAnswer, section: Section | None, options: ReportOptions
) -> list[str]:
    answer, result = item.answer, item.result
    question = answer.question
    kind = _kind(item)
    symbol, colour, label = _STYLE[kind]
    shown_marks = marks(result.score, result.max_score)
    if kind == "essay":
        shown_marks = points_text(result.max_score)
    status = f"{symbol} {_WORDS[kind]}" if options.color else label
    head = f"{answer.number}. [{question.id}] {_paint(status, colour, options)} ({shown_marks})"
    lines = [head]
    for feedback in result.feedback:
        lines += _wrap(_text(feedback, options))
    lines += [line for part in _part_lines(item) for line in _wrap(_text(part, options))]
    for point in result.guidance:
        lines += _wrap(f"Touches: {_text(point, options)}")
    attempted = result.status in ("partial", "incorrect") and result.auto_scored
    if options.hints and result.status != "correct":
        lines += [
            line for hint in question.hints for line in _wrap(f"Hint: {_text(hint, options)}")
        ]
    elif attempted:
        written, meaning = correct_answer(question)
        meaning = _text(meaning, options)
        shown = f"{written} ({meaning})" if written and meaning else written or meaning
        lines += _wrap(f"Correct answer: {shown}")
    explain = question.explanation and (
        options.explain or (result.status == "correct" and result.auto_scored)
    )
    if explain:
        lines += _wrap(f"Why: {_text(question.explanation, options)}")
    if result.status != "correct" and (section or question.source):
        lines += _reread(section, question.source, options)
    return [*lines, ""]


def _reread(section: Section | None, label: str, options: ReportOptions) -> list[str]:
    """``Re-read: “Section” in “Page”`` and, on its own line, an address a student can open."""
    if section is None:
        return _wrap(f"Re-read: the section labelled '{label}' in the course")
    page = _text(section.page_title, options)
    where = f"“{_text(section.title, options)}” in “{page}”" if section.title else f"“{page}”"
    link = options.site.link(section) if options.site else section.url
    return [*_wrap(f"Re-read: {where}"), f"      {link}"]


def _unbuilt(scored: ScoredSheet, sections: dict[str, Section], options: ReportOptions) -> bool:
    """Whether a "Re-read" link printed for this sheet points to a page not built yet."""
    site = options.site
    return site is not None and any(
        not site.built(section)
        for item in scored.answers
        if item.result.status != "correct"
        and (section := sections.get(item.answer.question.source)) is not None
    )


def _part_lines(item: ScoredAnswer) -> list[str]:
    question, result = item.answer.question, item.result
    body = question.body
    lines = []
    for part in result.parts:
        if part.correct:
            continue
        if isinstance(body, Cloze):
            lines.append(f"Blank {part.index + 1}: {part.feedback or 'not correct.'}")
        elif isinstance(body, Matching):
            left = " ".join(body.pairs[part.index].left.split())
            lines.append(f"{part.index + 1}. {left}: not matched correctly.")
    return lines


def totals_line(totals: Totals) -> str:
    """``Total: 9.5 of 14 points (68%): 8 correct, ...`` with essays counted apart."""
    percent = f" ({100 * totals.score / totals.max_score:.0f}%)" if totals.max_score else ""
    counts = (
        f"{totals.correct} correct, {totals.partial} partly correct, "
        f"{totals.incorrect} incorrect, {totals.unanswered} unanswered"
    )
    line = (
        f"Total: {score_text(totals.score)} of {points_text(totals.max_score)}{percent}: {counts}"
    )
    if totals.to_mark:
        essays = "essay" if totals.to_mark == 1 else "essays"
        line += (
            f"; {totals.to_mark} {essays} ({points_text(totals.to_mark_points)}) "
            "for your instructor to mark"
        )
    return line + "."


def report_data(
    scored: ScoredSheet, sections: dict[str, Section], options: ReportOptions
) -> dict[str, Any]:
    """The report as plain data: what ``--json`` prints, one entry per question plus totals."""
    sheet = scored.sheet
    questions = []
    for item in scored.answers:
        answer, result = item.answer, item.result
        question = answer.question
        entry: dict[str, Any] = {
            "number": answer.number,
            "id": question.id,
            "type": question.type,
            "status": result.status,
            "score": round(result.score, 4),
            "max_score": round(result.max_score, 4),
            "feedback": [*result.feedback, *_part_lines(item)],
            "auto_scored": result.auto_scored,
        }
        if result.guidance:
            entry["guidance"] = list(result.guidance)
        if options.hints and result.status != "correct":
            entry["hints"] = list(question.hints)
        elif result.status in ("partial", "incorrect") and result.auto_scored:
            written, meaning = correct_answer(question)
            entry["correct_answer"] = written
            if meaning:
                entry["correct_answer_meaning"] = meaning
        if question.explanation and (options.explain or result.status == "correct"):
            entry["explanation"] = question.explanation
        section = sections.get(question.source)
        if question.source:
            entry["reread"] = {
                "label": question.source,
                "page": section.page.as_posix() if section else "",
                "title": (section.title or section.page_title) if section else "",
                "url": section.url if section else "",
                "link": options.site.link(section) if section and options.site else "",
            }
        questions.append(entry)
    totals = scored.totals
    return {
        "sheet": str(sheet.path),
        "module": sheet.module.slug,
        "student": sheet.student,
        "questions": questions,
        "totals": {
            "score": round(totals.score, 4),
            "max_score": round(totals.max_score, 4),
            "correct": totals.correct,
            "partial": totals.partial,
            "incorrect": totals.incorrect,
            "unanswered": totals.unanswered,
            "to_mark": totals.to_mark,
            "to_mark_points": round(totals.to_mark_points, 4),
            "all_correct": totals.all_correct,
        },
    }


def render_json(scored: ScoredSheet, sections: dict[str, Section], options: ReportOptions) -> str:
    import json  # only --json needs it

    return json.dumps(report_data(scored, sections, options), ensure_ascii=False, indent=2) + "\n"
