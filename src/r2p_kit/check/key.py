"""Answer keys for instructors, in the letters of the generated sheet.

The key is derived from the same layout as the sheet, so "c" in the key is "c" on every
student's sheet. It lists every accepted wording, the tolerances the matcher applies
and the teaching explanation; its answers come from :mod:`r2p_kit.check.solution`, as
do those the checker shows a student after a wrong answer.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from r2p_kit.bank.model import (
    Cloze,
    Essay,
    Matching,
    ModuleBank,
    Numeric,
    Question,
    ShortAnswer,
)
from r2p_kit.bank.rubric import rubric_markdown, rubric_text
from r2p_kit.check.solution import correct_answer, format_number
from r2p_kit.spreadsheet import csv_text

KEY_FORMATS = ("md", "csv", "json")

TYPE_NAMES = {
    "single": "single choice",
    "multiple": "multiple response",
    "true-false": "true or false",
    "short": "short answer",
    "numeric": "number",
    "ordering": "ordering",
    "matching": "matching",
    "cloze": "fill in the blanks",
    "essay": "essay (marked by hand)",
}


@dataclass(frozen=True)
class KeyEntry:
    """One question of the key; ``answer`` is what a student should write on the sheet."""

    number: int
    id: str
    type: str
    points: float
    prompt: str
    answer: str
    meaning: str
    accepted: list[list[str]]  # per blank (one list for a short answer, none otherwise)
    wrong_answers: list[dict[str, str]]
    tolerance: str
    explanation: str
    source: str


def _tolerance(question: Question) -> str:
    body = question.body
    if isinstance(body, Numeric):
        low, high = body.bounds
        return "exact" if low == high else f"{format_number(low)} to {format_number(high)}"
    notes = []
    for n, expected in enumerate(question.text_answers, 1):
        parts = []
        if expected.typo_tolerance:
            parts.append(f"up to {expected.typo_tolerance} typing slip(s) in long words")
        if expected.accents_optional:
            parts.append("accents optional")
        if parts:
            prefix = f"blank {n}: " if isinstance(body, Cloze) else ""
            notes.append(prefix + ", ".join(parts))
    return "; ".join(notes)


def key_entries(module: ModuleBank) -> list[KeyEntry]:
    entries = []
    for number, question in enumerate(module.questions, 1):
        answer, meaning = correct_answer(question)
        if isinstance(question.body, Essay):  # the marker's rubric, never the student's hint
            meaning = rubric_text(question.body)
        texts = question.text_answers
        entries.append(
            KeyEntry(
                number=number,
                id=question.id,
                type=question.type,
                points=question.points,
                prompt=" ".join(question.prompt.split()),
                answer=answer,
                meaning=meaning,
                accepted=[list(t.answers) for t in texts],
                wrong_answers=[
                    {"text": w.text, "feedback": w.feedback} for t in texts for w in t.wrong_answers
                ],
                tolerance=_tolerance(question),
                explanation=" ".join(question.explanation.split()),
                source=question.source,
            )
        )
    return entries


def render_key(module: ModuleBank, fmt: str, title: str = "") -> str:
    """The answer key as ``md``, ``csv`` or ``json``."""
    if fmt == "md":
        return _markdown(module, title)
    if fmt == "csv":
        return _csv(module)
    if fmt == "json":
        return _json(module, title)
    raise ValueError(fmt)


def _markdown(module: ModuleBank, title: str) -> str:
    name = f"Module {module.number}" + (f": {title}" if title else f" ({module.slug})")
    out = [
        f"# Answer key. {name}",
        "",
        "For instructors: keep this away from students. Letters are those of the sheet "
        f"exercises/{module.number:02d}-{module.slug}.md.",
    ]
    for question, entry in zip(module.questions, key_entries(module), strict=True):
        points = f"{format_number(entry.points)} point{'s' if entry.points != 1 else ''}"
        out += ["", f"## {entry.number}. [{entry.id}] {entry.prompt}", ""]
        out.append(f"- **Type:** {TYPE_NAMES[entry.type]}, {points}")
        if entry.answer:
            out.append(f"- **Answer:** {entry.answer}")
        if entry.meaning and not isinstance(question.body, Essay):
            out.append(f"- **Meaning:** {entry.meaning}")
        body = question.body
        if isinstance(body, Cloze):
            for n, blank in enumerate(body.blanks, 1):
                out.append(f"- **Blank {n} accepts:** {', '.join(blank.answers)}")
        elif isinstance(body, ShortAnswer):
            out.append(f"- **Accepted:** {', '.join(body.expected.answers)}")
        if isinstance(body, Matching) and body.extra_right:
            out.append(f"- **Distractors:** {'; '.join(body.extra_right)}")
        if entry.tolerance:
            out.append(f"- **Tolerance:** {entry.tolerance}")
        for wrong in entry.wrong_answers:
            note = f": {wrong['feedback']}" if wrong["feedback"] else ""
            out.append(f"- **Known wrong answer:** {wrong['text']}{note}")
        if isinstance(body, Essay):
            out.append("- **Rubric** (mark each criterion by the level that fits):")
            out += rubric_markdown(body, indent="  ")
        if entry.explanation:
            out.append(f"- **Explanation:** {entry.explanation}")
        if entry.source:
            out.append(f"- **Source:** `{entry.source}`")
    return "\n".join(out) + "\n"


def _csv(module: ModuleBank) -> str:
    rows: list[list[object]] = [
        [
            "number",
            "id",
            "type",
            "points",
            "answer",
            "meaning",
            "accepted",
            "tolerance",
            "explanation",
            "source",
        ]
    ]
    for entry in key_entries(module):
        accepted = " | ".join("; ".join(variants) for variants in entry.accepted)
        rows.append(
            [
                entry.number,
                entry.id,
                entry.type,
                format_number(entry.points),
                entry.answer,
                entry.meaning,
                accepted,
                entry.tolerance,
                entry.explanation,
                entry.source,
            ]
        )
    return csv_text(rows)


def _json(module: ModuleBank, title: str) -> str:
    data = {
        "module": module.slug,
        "number": module.number,
        "title": title,
        "questions": [asdict(entry) for entry in key_entries(module)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
