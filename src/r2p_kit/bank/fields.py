"""What may appear in a ``questions.yaml`` file: one declarative table of fields.

The loader checks keys, types and required fields against this table, and the JSON
Schema is generated from it, so the editor's completion and the loader cannot disagree.
Checks that a schema cannot express (one correct option, markers matching blanks,
tolerances that make sense) live in :mod:`r2p_kit.bank.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from r2p_kit.bank.model import DIFFICULTIES, LEVELS, QUESTION_TYPES, RUBRIC_BANDS

# "any" is internal: a key accepted unchecked when a question's type is unknown.
Kind = Literal[
    "text", "bool", "int", "number", "enum", "texts", "objects", "object", "range", "id", "any"
]

# Ordering items and the right-hand column of a matching question are lettered A to Z.
LETTERS = 26
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:[-_.][a-z0-9]+)*$"


@dataclass(frozen=True)
class Field:
    """One key: its kind of value, whether it is required, and a line of help for editors."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    item: ObjectSpec | None = None
    min_items: int = 0
    max_items: int | None = None
    minimum: float | None = None
    exclusive_minimum: bool = False
    max_reason: str = ""  # why there is a max_items, for the hint
    empty_hint: str = ""  # what to write when the value is empty, if "write the NAME" is not it


@dataclass(frozen=True)
class ObjectSpec:
    """A mapping with a fixed set of keys (an option, a pair, a blank, ...)."""

    name: str
    description: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


OPTION = ObjectSpec(
    "option",
    "One answer option; mark the right one(s) with correct: true.",
    (
        Field("text", "text", "The option as shown (inline Markdown).", required=True),
        Field("correct", "bool", "true for a right option; default false."),
        Field("feedback", "text", "Shown to a student who picks this option."),
    ),
)
WRONG_ANSWER = ObjectSpec(
    "wrong_answer",
    "An expected mistake and the feedback that explains it.",
    (
        Field("text", "text", "The wrong answer as a student would type it.", required=True),
        Field("feedback", "text", "Why it is wrong."),
    ),
)
PAIR = ObjectSpec(
    "pair",
    "One matching pair.",
    (
        Field("left", "text", "The item shown on the left.", required=True),
        Field("right", "text", "Its match on the right.", required=True),
    ),
)
TEXT_ANSWER_FIELDS = (
    Field(
        "answers",
        "texts",
        "Accepted answers; the first is canonical. Needed unless 'concept' gives them.",
        min_items=1,
    ),
    Field(
        "concept",
        "text",
        "A concept of docs/modules/concepts.yaml: its accepted forms are accepted here too.",
    ),
    Field(
        "spelling",
        "enum",
        "official: only the listed spellings count, accents and all, and no slip is "
        "forgiven (for 'the spelling of UN documents'); default any (accents optional).",
        choices=("any", "official"),
    ),
    Field(
        "typo_tolerance",
        "int",
        "1 (the default) forgives one slip in accepted forms of six or more characters; "
        "0 turns it off.",
        minimum=0,
    ),
    Field(
        "wrong_answers",
        "objects",
        "Expected mistakes with feedback.",
        item=WRONG_ANSWER,
    ),
)
BLANK = ObjectSpec(
    "blank",
    "One blank of a cloze passage; blank n fills the marker {{n}}.",
    TEXT_ANSWER_FIELDS,
)
CUE_OK = ObjectSpec(
    "cue_ok",
    "Another question of the module whose stem or options show this question's answer.",
    (
        Field("question", "id", "The id of the question that shows the answer.", required=True),
        Field(
            "reason",
            "text",
            "Why it gives nothing away in the role this question asks.",
            required=True,
        ),
    ),
)
RUBRIC_LEVELS_SPEC = ObjectSpec(
    "rubric_levels",
    "What work at each level of the criterion does, one sentence a level; the marker picks "
    "the level that fits and gives a mark in its band (instructor guide, 'Rubrics for graded "
    "work').",
    tuple(
        Field(
            level,
            "text",
            f"{level.capitalize()} ({band} of the criterion's marks): one sentence on what "
            "work at this level does for this criterion.",
            required=True,
            empty_hint=f"write one sentence on what {level} work does for this criterion",
        )
        for level, band in RUBRIC_BANDS.items()
    ),
)
RUBRIC_POINT = ObjectSpec(
    "rubric_point",
    "One criterion of an essay's rubric; marked by a human with its level descriptors.",
    (
        Field("point", "text", "What the answer should do or say.", required=True),
        Field(
            "keywords",
            "texts",
            "Words that suggest the point is made: hints for the student's self-check, "
            "never a mark.",
        ),
        Field(
            "levels",
            "object",
            "A descriptor for each level: excellent, good, adequate, weak (every essay of the "
            "course has them: r2p-kit lint, R2P080).",
            item=RUBRIC_LEVELS_SPEC,
        ),
    ),
)

COMMON_FIELDS: tuple[Field, ...] = (
    Field("id", "id", "Stable id 'module/short-name', unique across the bank.", required=True),
    Field("type", "enum", "The question type.", required=True, choices=QUESTION_TYPES),
    Field("prompt", "text", "The question (inline Markdown).", required=True),
    Field("explanation", "text", "Teaching explanation shown after an attempt."),
    Field("hints", "texts", "Hints that point to the reading without giving the answer away."),
    Field("source", "text", "A (label)= in the docs where the answer is taught."),
    Field("objective", "int", "Number of the module's learning objective.", minimum=1),
    Field("difficulty", "enum", "easy, medium or hard; default medium.", choices=DIFFICULTIES),
    Field(
        "level",
        "enum",
        "What it asks a student to do: recall (retrieve a fact), apply (use a concept or rule "
        "on a case or a text) or evaluate (judge evidence, a claim or an argument). Every "
        "question of the course has one (r2p-kit lint, R2P008).",
        choices=LEVELS,
    ),
    Field(
        "points",
        "number",
        "Points for a full answer; default 1.",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field("shuffle", "bool", "false keeps the options in the written order; default true."),
    Field("tags", "texts", "Free tags used to select questions for a quiz."),
    Field(
        "cue_ok",
        "objects",
        "Recorded cues: other questions of the module that show this one's answer, each "
        "with the reason it is no give-away (r2p-kit lint reports unrecorded ones).",
        item=CUE_OK,
    ),
)

TYPE_FIELDS: dict[str, tuple[Field, ...]] = {
    "single": (
        Field(
            "options",
            "objects",
            "3 to 6 options, exactly one with correct: true.",
            required=True,
            item=OPTION,
            min_items=3,
            max_items=6,
        ),
    ),
    "multiple": (
        Field(
            "options",
            "objects",
            "3 to 6 options, one or more with correct: true.",
            required=True,
            item=OPTION,
            min_items=3,
            max_items=6,
        ),
    ),
    "true-false": (
        Field("answer", "bool", "Whether the statement is true.", required=True),
        Field("feedback_true", "text", "Shown to a student who answers true."),
        Field("feedback_false", "text", "Shown to a student who answers false."),
    ),
    "short": TEXT_ANSWER_FIELDS,
    "numeric": (
        Field("answer", "number", "The right number (a year, a count, ...).", required=True),
        Field("tolerance", "number", "Accept answer ± tolerance; default 0.", minimum=0),
        Field("range", "range", "Accept any number in [low, high] instead of a tolerance."),
        Field("unit", "text", "Unit shown after the answer box, e.g. votes."),
        Field(
            "asks",
            "enum",
            "year: the question asks for a year, so a full date in that year is right "
            "(with a note); default number.",
            choices=("number", "year"),
        ),
    ),
    "ordering": (
        Field(
            "items",
            "texts",
            "2 to 26 items in their CORRECT order; shown shuffled.",
            required=True,
            min_items=2,
            max_items=LETTERS,
            max_reason="students answer with the letters A to Z",
        ),
    ),
    "matching": (
        Field(
            "pairs",
            "objects",
            "3 to 6 pairs.",
            required=True,
            item=PAIR,
            min_items=3,
            max_items=6,
        ),
        Field(
            "extra_right",
            "texts",
            "Distractors added to the right-hand column (pairs and these: at most 26).",
        ),
    ),
    "cloze": (
        Field(
            "text",
            "text",
            "The passage, with markers {{1}}, {{2}}, ... where the blanks are.",
            required=True,
        ),
        Field(
            "blanks",
            "objects",
            "One entry per marker: blank n fills {{n}}.",
            required=True,
            item=BLANK,
            min_items=1,
        ),
    ),
    "essay": (
        Field(
            "rubric",
            "objects",
            "Points a good answer makes; never auto-scored.",
            required=True,
            item=RUBRIC_POINT,
            min_items=1,
        ),
        Field("words", "range", "The length asked for, [fewest, most] words, e.g. [400, 600]."),
    ),
}

FILE_FIELDS: tuple[Field, ...] = (
    Field("module", "text", "The module slug: the folder name without its NN- prefix.", True),
    Field(
        "objectives",
        "texts",
        "The level of each learning objective of the module page, in the page's order: "
        "recall, apply or evaluate (r2p-kit lint, R2P009, wants one per objective).",
        choices=LEVELS,
        min_items=1,
    ),
    Field("questions", "objects", "The module's questions.", required=True, min_items=1),
)


def question_fields(question_type: str) -> tuple[Field, ...]:
    """All keys a question of this type may have, common ones first."""
    return COMMON_FIELDS + TYPE_FIELDS.get(question_type, ())


def types_using(key: str) -> list[str]:
    """The question types that accept ``key``, for hints about misplaced keys."""
    return [t for t, fields in TYPE_FIELDS.items() if any(f.name == key for f in fields)]


# For a question whose type is missing or unknown: accept any question key, require none
# of the type-specific ones (the type problem is reported instead).
ANY_QUESTION_FIELDS: tuple[Field, ...] = tuple(
    {
        f.name: f if f in COMMON_FIELDS else replace(f, required=False, kind="any")
        for t in QUESTION_TYPES
        for f in question_fields(t)
    }.values()
)
