"""The question-bank model: frozen dataclasses, built only by :mod:`r2p_kit.bank.load`.

Everything downstream (quiz export, sheets, checker, Sphinx directives) reads this
model and never the YAML, so a question means the same thing everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from r2p_kit.errors import Location

QuestionType = Literal[
    "single", "multiple", "true-false", "short", "numeric", "ordering", "matching", "cloze", "essay"
]
QUESTION_TYPES: tuple[QuestionType, ...] = (
    "single",
    "multiple",
    "true-false",
    "short",
    "numeric",
    "ordering",
    "matching",
    "cloze",
    "essay",
)
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")
# What a question asks a student to do, and what a learning objective asks them to be able to
# do: retrieve a fact (recall), use a concept or rule on a case or a text (apply), or judge
# evidence, a claim or an argument (evaluate). Lint counts judgement items by it.
Level = Literal["recall", "apply", "evaluate"]
LEVELS: tuple[Level, ...] = ("recall", "apply", "evaluate")
JUDGEMENT_LEVELS: tuple[Level, ...] = ("apply", "evaluate")


@dataclass(frozen=True)
class Option:
    """One option of a single- or multiple-choice question."""

    text: str
    correct: bool = False
    feedback: str = ""


@dataclass(frozen=True)
class WrongAnswer:
    """An expected mistake for a text answer, with feedback that explains it."""

    text: str
    feedback: str = ""


@dataclass(frozen=True)
class TextAnswer:
    """Accepted wordings for a short answer or a cloze blank; the first is canonical.

    ``accents_optional`` and ``typo_tolerance`` follow from ``spelling``: a question that
    asks for an official spelling counts accents and forgives no slip.
    """

    answers: tuple[str, ...]
    accents_optional: bool = True
    typo_tolerance: int = 1
    wrong_answers: tuple[WrongAnswer, ...] = ()
    # The module's other answers and distractors, which a slip must not come close to
    # (filled in by the loader; see r2p_kit.check.match.match_text).
    rivals: tuple[str, ...] = ()
    spelling: Literal["any", "official"] = "any"


@dataclass(frozen=True)
class Choice:
    """Single choice (exactly one correct option) or multiple response (one or more)."""

    options: tuple[Option, ...]
    multiple: bool = False

    @property
    def correct_indices(self) -> tuple[int, ...]:
        return tuple(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class TrueFalse:
    answer: bool
    feedback_true: str = ""
    feedback_false: str = ""


@dataclass(frozen=True)
class ShortAnswer:
    expected: TextAnswer


@dataclass(frozen=True)
class Numeric:
    """A number, matched exactly, within ``tolerance``, or inside ``[low, high]``."""

    answer: float
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    unit: str = ""
    # "year": the question asks for a year, so a full date in that year is right, with a note.
    asks: Literal["number", "year"] = "number"

    @property
    def bounds(self) -> tuple[float, float]:
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        return (self.answer - self.tolerance, self.answer + self.tolerance)


@dataclass(frozen=True)
class Ordering:
    """Items listed in their correct order; shown shuffled."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True)
class Matching:
    pairs: tuple[Pair, ...]
    extra_right: tuple[str, ...] = ()


# Anything in double braces is a marker; the loader accepts only blank numbers inside.
_MARKER = re.compile(r"\{\{(?P<inside>[^{}]*)\}\}")
_BLANK_NUMBER = re.compile(r"\s*(?P<number>[0-9]{1,6})\s*")


@dataclass(frozen=True)
class Marker:
    """One ``{{...}}`` in a cloze passage: as written, where, and its blank number if it has one."""

    written: str
    start: int
    end: int
    number: int | None


def cloze_markers(text: str) -> list[Marker]:
    """Every ``{{...}}`` in ``text``; ``{{ 2 }}`` is blank 2, ``{{x}}`` has no number.

    The one definition of a blank marker, for the loader that checks passages and for
    every output that puts a gap where a marker is.
    """
    markers = []
    for match in _MARKER.finditer(text):
        number = _BLANK_NUMBER.fullmatch(match["inside"])
        markers.append(
            Marker(match[0], match.start(), match.end(), int(number["number"]) if number else None)
        )
    return markers


@dataclass(frozen=True)
class Cloze:
    """A passage whose ``{{n}}`` markers are blanks; blank n is ``blanks[n - 1]``."""

    text: str
    blanks: tuple[TextAnswer, ...]

    def pieces(self) -> tuple[str | int, ...]:
        """The passage split into text and blank numbers: 'a {{1}} b' -> ('a ', 1, ' b')."""
        pieces: list[str | int] = []
        position = 0
        for marker in cloze_markers(self.text):
            if marker.number is not None:
                pieces += [self.text[position : marker.start], marker.number]
                position = marker.end
        pieces.append(self.text[position:])
        return tuple(pieces)

    def fill(self, blank: Callable[[int], str]) -> str:
        """The passage with ``blank(n)`` in place of each marker ``{{n}}``."""
        return "".join(p if isinstance(p, str) else blank(p) for p in self.pieces())


# The four levels of a rubric criterion, best first, and each one's band of the criterion's
# marks, as the instructor guide's "Rubrics for graded work" defines them.
RubricLevel = Literal["excellent", "good", "adequate", "weak"]
RUBRIC_LEVELS: tuple[RubricLevel, ...] = ("excellent", "good", "adequate", "weak")
RUBRIC_BANDS: dict[RubricLevel, str] = {
    "excellent": "85\u2013100%",
    "good": "70\u201384%",
    "adequate": "50\u201369%",
    "weak": "below 50%",
}


@dataclass(frozen=True)
class LevelDescriptors:
    """What work at each level of one criterion does: the marker picks the level that fits."""

    excellent: str
    good: str
    adequate: str
    weak: str

    def described(self) -> tuple[tuple[RubricLevel, str], ...]:
        """(level, descriptor) pairs, best first."""
        return tuple((level, str(getattr(self, level))) for level in RUBRIC_LEVELS)


@dataclass(frozen=True)
class RubricPoint:
    """One criterion of an essay's rubric.

    ``levels`` is what marks it (descriptors of performance for a human marker);
    ``keywords`` only feed the self-check's hints to a student and never earn a mark.
    """

    point: str
    keywords: tuple[str, ...] = ()
    levels: LevelDescriptors | None = None
    location: Location = field(default=Location(""), compare=False, repr=False)


@dataclass(frozen=True)
class Essay:
    """Open answer; rubric points guide a human marker and are never a final score."""

    rubric: tuple[RubricPoint, ...]
    words: tuple[int, int] | None = None  # the length asked for, fewest and most words


@dataclass(frozen=True)
class CueRecord:
    """Another question of the module that shows this one's answer, and why that is fine."""

    question: str
    reason: str


Body = Choice | TrueFalse | ShortAnswer | Numeric | Ordering | Matching | Cloze | Essay


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    module: str
    prompt: str
    body: Body
    explanation: str = ""
    hints: tuple[str, ...] = ()
    source: str = ""
    objective: int | None = None
    difficulty: Difficulty = "medium"
    # Optional to the loader, so a draft loads; lint requires it of every question (R2P008).
    level: Level | None = None
    points: float = 1.0
    shuffle: bool = True
    tags: tuple[str, ...] = ()
    # Questions of the module whose stem or options show this one's answer, each with the
    # reason it gives nothing away (see r2p_kit.bank.cues); lint reports any other.
    cue_ok: tuple[CueRecord, ...] = ()
    location: Location = field(default=Location(""), compare=False, repr=False)

    @property
    def text_answers(self) -> tuple[TextAnswer, ...]:
        """The typed answers it asks for: a short answer's, or each blank's of a cloze."""
        if isinstance(self.body, ShortAnswer):
            return (self.body.expected,)
        if isinstance(self.body, Cloze):
            return self.body.blanks
        return ()

    @property
    def auto_marked(self) -> bool:
        """Marked by r2p-kit and the LMS; an essay goes to a human marker."""
        return self.type != "essay"


@dataclass(frozen=True)
class ModuleBank:
    """The questions of one course module, from ``docs/modules/NN-slug/questions.yaml``.

    ``objectives`` holds the level of each learning objective of the module page, in the
    page's order (objective n is ``objectives[n - 1]``); the page holds their wording.
    """

    slug: str
    number: int
    path: Path
    questions: tuple[Question, ...]
    objectives: tuple[Level, ...] = ()

    def objective_level(self, number: int) -> Level | None:
        return self.objectives[number - 1] if 0 < number <= len(self.objectives) else None


@dataclass(frozen=True)
class Bank:
    """Every module's questions; ids are unique across the whole bank."""

    modules: tuple[ModuleBank, ...]

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for module in self.modules for q in module.questions)

    def module(self, slug: str) -> ModuleBank:
        for module in self.modules:
            if module.slug == slug:
                return module
        raise KeyError(slug)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)
