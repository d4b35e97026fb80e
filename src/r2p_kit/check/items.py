"""Item analysis: which questions were hard, which told strong from weak students, and which
wrong answers drew them.

Definitions (classical test theory; the 27% groups are Kelley's):

- difficulty index: the mean share of an item's marks earned over all graded students
  (for a one-point item, the proportion who got it right); 1.0 means everyone did.
- discrimination index: difficulty in the upper group minus difficulty in the lower
  group, where the groups are the top and bottom 27% of students by auto-marked total
  (at least one student each; ties broken by student name, then file name). It needs
  at least two students and runs from -1 to 1; below 0.2 deserves a look.
- distractor frequencies: how many students chose each option, or gave each answer.

Essays are not auto-marked and have no indices.
"""

from __future__ import annotations

from dataclasses import dataclass

from r2p_kit.bank.model import Choice, Essay, Question, TrueFalse
from r2p_kit.check.grade import GradedSheet, GradeRun
from r2p_kit.check.layout import layout_question
from r2p_kit.console import clean
from r2p_kit.markup import literal_markdown
from r2p_kit.spreadsheet import csv_text

GROUP_SHARE = 0.27
TOP_TEXT_ANSWERS = 5


@dataclass(frozen=True)
class Response:
    label: str
    count: int
    correct: bool


@dataclass(frozen=True)
class ItemStats:
    number: int
    question: Question
    students: int
    answered: int
    difficulty: float | None
    discrimination: float | None
    upper: float | None
    lower: float | None
    responses: tuple[Response, ...]


def group_size(students: int) -> int:
    """27% of the class, rounded, at least one; 0 when there are fewer than two students."""
    return 0 if students < 2 else max(1, round(GROUP_SHARE * students))


def ranked(sheets: tuple[GradedSheet, ...]) -> list[GradedSheet]:
    """Students from highest total to lowest; ties by name then file, so runs are repeatable."""
    return sorted(sheets, key=lambda s: (-s.score, s.student.casefold(), s.path.name))


def item_analysis(run: GradeRun) -> list[ItemStats]:
    order = ranked(run.graded)
    size = group_size(len(order))
    upper, lower = order[:size], order[len(order) - size :] if size else []
    stats = []
    for number, question in enumerate(run.module.questions, 1):
        index = number - 1
        answered = sum(s.statuses[index] != "unanswered" for s in order)
        if isinstance(question.body, Essay) or not order:
            difficulty = high = low = discrimination = None
        else:
            difficulty = _mean_share(order, index, question.points)
            high = _mean_share(upper, index, question.points) if size else None
            low = _mean_share(lower, index, question.points) if size else None
            discrimination = high - low if high is not None and low is not None else None
        stats.append(
            ItemStats(
                number,
                question,
                len(order),
                answered,
                difficulty,
                discrimination,
                high,
                low,
                _responses(question, run.responses[index], order, index),
            )
        )
    return stats


def _mean_share(sheets: list[GradedSheet], index: int, points: float) -> float:
    return sum(s.scores[index] for s in sheets) / (points * len(sheets))


def _responses(
    question: Question,
    given: dict[str, tuple[int, bool]],
    sheets: list[GradedSheet],
    index: int,
) -> tuple[Response, ...]:
    counts = {label: count for label, (count, _) in given.items()}
    right = {label: correct for label, (_, correct) in given.items()}
    blank = sum(sheet.statuses[index] == "unanswered" for sheet in sheets)
    body = question.body
    if isinstance(body, Choice):
        layout = layout_question(question)
        listed = [
            Response(
                f"{letter}) {' '.join(body.options[layout.index(letter)].text.split())}",
                counts.get(letter, 0),
                body.options[layout.index(letter)].correct,
            )
            for letter in layout.letters
        ]
    elif isinstance(body, TrueFalse):
        listed = [
            Response(word, counts.get(word, 0), (word == "true") == body.answer)
            for word in ("true", "false")
        ]
    elif isinstance(body, Essay):
        listed = []
    else:
        common = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TEXT_ANSWERS]
        listed = [Response(label, count, right[label]) for label, count in common]
    if blank:
        listed.append(Response("(no answer)", blank, False))
    return tuple(listed)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def items_csv(stats: list[ItemStats]) -> str:
    """One row per question; ``responses`` lists each response as ``label = count``."""
    rows: list[list[object]] = [
        [
            "number",
            "question_id",
            "type",
            "students",
            "answered",
            "difficulty",
            "discrimination",
            "upper_difficulty",
            "lower_difficulty",
            "responses",
        ]
    ]
    for item in stats:
        responses = "; ".join(
            f"{r.label} = {r.count}{' (correct)' if r.correct else ''}" for r in item.responses
        )
        rows.append(
            [
                item.number,
                item.question.id,
                item.question.type,
                item.students,
                item.answered,
                _fmt(item.difficulty),
                _fmt(item.discrimination),
                _fmt(item.upper),
                _fmt(item.lower),
                responses,
            ]
        )
    return csv_text(rows)


def _cell(text: str) -> str:
    """Student text made inert inside a Markdown table cell: no image, link, HTML or column."""
    return literal_markdown(clean(text)) or " "


def _flag(item: ItemStats) -> str:
    notes = []
    if item.difficulty is not None and item.difficulty < 0.3:
        notes.append("hard")
    if item.difficulty is not None and item.difficulty > 0.9:
        notes.append("easy")
    if item.discrimination is not None and item.discrimination < 0.2:
        notes.append("low discrimination: review")
    return ", ".join(notes)


def items_markdown(run: GradeRun, stats: list[ItemStats], title: str = "") -> str:
    """A readable item-analysis report: a summary table, then responses per question."""
    module = run.module
    students = len(run.graded)
    size = group_size(students)
    name = f"Module {module.number}" + (f": {title}" if title else f" ({module.slug})")
    out = [
        f"# Item analysis. {name}",
        "",
        f"{students} sheet{'s' if students != 1 else ''} graded. Difficulty is the mean share "
        "of an item's marks earned (1.00: everyone right). Discrimination is the difficulty "
        f"among the top {size} students by total minus that among the bottom {size} "
        "(27% each); below 0.20 the item may be ambiguous or mis-keyed. Essays are marked by "
        "hand and have no indices.",
        "",
        "| # | Question | Type | Difficulty | Discrimination | Answered | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for item in stats:
        out.append(
            f"| {item.number} | `{item.question.id}` | {item.question.type} | "
            f"{_fmt(item.difficulty) or '-'} | {_fmt(item.discrimination) or '-'} | "
            f"{item.answered} of {item.students} | {_flag(item)} |"
        )
    for item in stats:
        if not item.responses:
            continue
        prompt = " ".join(item.question.prompt.split())
        out += ["", f"## {item.number}. [{item.question.id}] {_cell(prompt)}", ""]
        out += ["| Response | Students | Share | |", "|---|---|---|---|"]
        for response in item.responses:
            share = f"{100 * response.count / students:.0f}%" if students else "-"
            mark = "correct" if response.correct else ""
            out.append(f"| {_cell(response.label)} | {response.count} | {share} | {mark} |")
    return "\n".join(out) + "\n"
