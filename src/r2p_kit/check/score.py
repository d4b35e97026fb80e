"""Score a whole filled sheet: the matcher applied to every question, plus the totals.

The checker and the grader both call :func:`score_sheet`, so a student sees at home
exactly the marks the instructor's gradebook will hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from r2p_kit.check.match import MatchResult, match_answer
from r2p_kit.check.sheet import FilledAnswer, FilledSheet


@dataclass(frozen=True)
class ScoredAnswer:
    answer: FilledAnswer
    result: MatchResult


@dataclass(frozen=True)
class Totals:
    """Points over auto-scored questions only; essays are counted apart, for a human."""

    score: float
    max_score: float
    correct: int
    partial: int
    incorrect: int
    unanswered: int
    to_mark: int  # answered essays waiting for the instructor
    to_mark_points: float

    @property
    def all_correct(self) -> bool:
        """Every auto-scored question right and no essay left empty: the checker exits 0."""
        return self.partial == self.incorrect == self.unanswered == 0


@dataclass(frozen=True)
class ScoredSheet:
    sheet: FilledSheet
    answers: tuple[ScoredAnswer, ...]

    @property
    def totals(self) -> Totals:
        return totals_of([a.result for a in self.answers])


def score_sheet(sheet: FilledSheet) -> ScoredSheet:
    """Match every answer of ``sheet`` against its question."""
    return ScoredSheet(
        sheet,
        tuple(ScoredAnswer(a, match_answer(a.question, a.response)) for a in sheet.answers),
    )


def totals_of(results: list[MatchResult]) -> Totals:
    """Add up results; an answered essay counts as "to mark", never as partly correct."""
    scored = [r for r in results if r.auto_scored]
    essays = [r for r in results if not r.auto_scored]
    pending = [r for r in essays if r.status != "unanswered"]
    return Totals(
        score=sum(r.score for r in scored),
        max_score=sum(r.max_score for r in scored),
        correct=sum(r.status == "correct" for r in scored),
        partial=sum(r.status == "partial" for r in scored),
        incorrect=sum(r.status == "incorrect" for r in scored),
        unanswered=sum(r.status == "unanswered" for r in results),
        to_mark=len(pending),
        to_mark_points=sum(r.max_score for r in pending),
    )
