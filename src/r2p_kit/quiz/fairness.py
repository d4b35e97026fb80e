"""A per-variant summary an instructor can show: every variant has the same points, the same
question types and the same learning objectives (issue 12, item 2).

``r2p-kit quiz`` prints :func:`summary_text` and writes :func:`summary_csv` as
``variant-summary.csv`` beside the variants; it holds no answers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from r2p_kit.figures import score_text
from r2p_kit.quiz.generate import Quiz, Variant
from r2p_kit.spreadsheet import csv_text


@dataclass(frozen=True)
class VariantSummary:
    label: str
    code: str
    student: str
    questions: int
    points: float
    auto_points: float  # marked by the LMS or r2p-kit; the rest are essays
    types: tuple[tuple[str, int], ...]  # question type -> count, sorted by type
    objectives: tuple[tuple[str, int], ...]  # "module/objective N" -> count, sorted


def summarize(variant: Variant) -> VariantSummary:
    questions = [item.question for item in variant.items]
    types = Counter(q.type for q in questions)
    objectives = Counter(
        f"{q.module}/objective {q.objective}" if q.objective else f"{q.module}/no objective"
        for q in questions
    )
    return VariantSummary(
        variant.label,
        variant.code,
        variant.student.id if variant.student else "",
        len(questions),
        sum(q.points for q in questions),
        sum(q.points for q in questions if q.type != "essay"),
        tuple(sorted(types.items())),
        tuple(sorted(objectives.items())),
    )


@dataclass(frozen=True)
class Spread:
    """Largest minus smallest over the variants; all zero when the variants are equal."""

    points: float
    questions: int
    types: int  # the largest spread of any one type's count
    objectives: int  # the largest spread of any one objective's count

    @property
    def fair(self) -> bool:
        return self.points == self.questions == self.types == self.objectives == 0


def spread(summaries: list[VariantSummary]) -> Spread:
    def widest(counts: list[dict[str, int]]) -> int:
        keys = {key for count in counts for key in count}
        return max(
            (max(c.get(k, 0) for c in counts) - min(c.get(k, 0) for c in counts) for k in keys),
            default=0,
        )

    points = [s.points for s in summaries]
    sizes = [s.questions for s in summaries]
    return Spread(
        round(max(points) - min(points), 6),
        max(sizes) - min(sizes),
        widest([dict(s.types) for s in summaries]),
        widest([dict(s.objectives) for s in summaries]),
    )


def summary_csv(quiz: Quiz) -> str:
    """One row per variant: points, then a column per question type and per objective."""
    summaries = [summarize(v) for v in quiz.variants]
    types = sorted({t for s in summaries for t, _ in s.types})
    objectives = sorted({o for s in summaries for o, _ in s.objectives})
    header = ["variant", "code", "student", "questions", "points", "auto_marked_points"]
    rows: list[list[object]] = [[*header, *types, *objectives]]
    for s in summaries:
        counts = dict(s.types) | dict(s.objectives)
        rows.append(
            [
                s.label,
                s.code,
                s.student,
                s.questions,
                score_text(s.points),
                score_text(s.auto_points),
            ]
            + [counts.get(column, 0) for column in types + objectives]
        )
    return csv_text(rows)


def summary_text(quiz: Quiz) -> str:
    """What the command prints: the shape all variants share, and the spread between them."""
    summaries = [summarize(v) for v in quiz.variants]
    first = summaries[0]
    gap = spread(summaries)
    kinds = ", ".join(f"{n} {kind}" for kind, n in first.types)
    aims = ", ".join(f"{name} x{n}" for name, n in first.objectives)
    verdict = (
        "every variant has the same points, question types and objectives"
        if gap.fair
        else "the variants differ"
    )
    sets = {frozenset(item.question.id for item in v.items) for v in quiz.variants}
    note = ""
    if len(quiz.variants) > 1 and len(sets) == 1:
        note = (
            "  note: every variant has the same questions, in its own order: this selection "
            "has one question of each kind for each objective it needs. For different "
            "questions, widen the selection (--module, --tag, --difficulty, --type) or lower "
            "--count.\n"
        )
    return (
        f"{len(summaries)} variant{'s' if len(summaries) != 1 else ''}: {first.questions} "
        f"questions, {score_text(first.points)} points "
        f"({score_text(first.auto_points)} auto-marked)\n"
        f"  types: {kinds}\n"
        f"  objectives: {aims}\n"
        f"  spread between variants: {score_text(gap.points)} points, {gap.types} in any type, "
        f"{gap.objectives} in any objective; {verdict}\n"
        f"  {len(sets)} different sets of questions\n{note}"
    )
