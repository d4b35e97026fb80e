"""Cues: one question's stem or options showing another question's answer on the same sheet.

A sheet (and a quiz drawn from one module) shows every question at once, so an accepted
answer written in another question's prompt, passage, options or items can be copied
rather than known. :func:`find_cues` lists every such pair in a module; the bank records
the pairs that give nothing away (``cue_ok`` on the question whose answer is shown, with
a reason), and :func:`unrecorded_cues` is what is left: ``r2p-kit lint`` reports those,
and quiz selection must not draw both questions of one (:func:`cue_conflicts`).

The comparison is by whole words after :func:`~r2p_kit.check.normalize.normalize_text`
(case, punctuation, accents and number words do not matter): "Security Council" is shown
by "the UN Security Council's authorisation" but "Council" is not shown by "Councils".
An answer made only of function words ("to" in a quotation) shows nothing and is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
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
from r2p_kit.check.normalize import normalized
from r2p_kit.figures import plain_number

# Words that carry no answer on their own: an answer needs another word to be cued.
FUNCTION_WORDS = frozenset(
    " ".join(
        (
            "a an the and or nor but of to in on at by for from with as into onto upon than",
            "that this these those it its is are was were be been being has have had do does",
            "did not no so if then",
        )
    ).split()
)


@dataclass(frozen=True)
class ShownAnswer:
    """One accepted answer of a question: the text as the bank writes it, and which part."""

    question: str
    part: str  # "" for the whole question, "blank 2", "option 3"
    text: str


@dataclass(frozen=True)
class Cue:
    """``answer`` (of ``answer.question``) is written in ``where`` of question ``shown_by``."""

    answer: ShownAnswer
    shown_by: str
    where: str  # "prompt", "text", "options[2]", "pairs[1].left", "items[3]", ...
    recorded: bool


def answers_shown(question: Question) -> list[ShownAnswer]:
    """The accepted answers of an auto-marked question that another stem could give away.

    Short answers and cloze blanks: every accepted form; choice questions: the correct
    options; numeric: the number. True-false, ordering and matching show their texts
    anyway, and an essay has no single answer.
    """
    body = question.body
    qid = question.id
    match body:
        case ShortAnswer():
            return [ShownAnswer(qid, "", text) for text in body.expected.answers]
        case Cloze():
            return [
                ShownAnswer(qid, f"blank {number}", text)
                for number, blank in enumerate(body.blanks, start=1)
                for text in blank.answers
            ]
        case Choice():
            return [
                ShownAnswer(qid, f"option {number}", option.text)
                for number, option in enumerate(body.options, start=1)
                if option.correct
            ]
        case Numeric():
            return [ShownAnswer(qid, "", plain_number(body.answer))]
        case TrueFalse() | Ordering() | Matching() | Essay():
            return []
        case unknown:
            assert_never(unknown)


def shown_texts(question: Question) -> Iterator[tuple[str, str]]:
    """Every text a student sees before answering, with where it is (``options[2]``).

    A cloze passage is split at its blanks, so words on either side of a gap never join.
    """
    yield "prompt", question.prompt
    body = question.body
    match body:
        case Choice():
            for number, option in enumerate(body.options, start=1):
                yield f"options[{number}]", option.text
        case Cloze():
            for piece in body.pieces():
                if isinstance(piece, str):
                    yield "text", piece
        case Matching():
            for number, pair in enumerate(body.pairs, start=1):
                yield f"pairs[{number}].left", pair.left
                yield f"pairs[{number}].right", pair.right
            for number, text in enumerate(body.extra_right, start=1):
                yield f"extra_right[{number}]", text
        case Ordering():
            for number, text in enumerate(body.items, start=1):
                yield f"items[{number}]", text
        case ShortAnswer() | Numeric() | TrueFalse() | Essay():
            pass
        case unknown:
            assert_never(unknown)


def words(text: str) -> tuple[str, ...]:
    """The normalised words of ``text``, accents removed: what a cue is compared on."""
    return tuple(normalized(text, True).split())


def contains_words(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    """True when ``needle`` occurs in ``haystack`` as a run of whole words."""
    size = len(needle)
    if not size:
        return False
    return any(
        tuple(haystack[start : start + size]) == tuple(needle)
        for start in range(len(haystack) - size + 1)
    )


def find_cues(questions: Sequence[Question]) -> list[Cue]:
    """Every pair in ``questions`` (one sheet) where one shows the other's answer.

    One cue per (answered question, showing question), at the first place found; a pair
    is ``recorded`` when the answered question lists the other in ``cue_ok``.
    """
    texts = {q.id: [(where, words(text)) for where, text in shown_texts(q)] for q in questions}
    cues: list[Cue] = []
    for question in questions:
        recorded = {record.question for record in question.cue_ok}
        answers = [
            (answer, needle)
            for answer in answers_shown(question)
            if set(needle := words(answer.text)) - FUNCTION_WORDS
        ]
        for other in questions:
            if other.id == question.id:
                continue
            found = next(
                (
                    (answer, where)
                    for answer, needle in answers
                    for where, haystack in texts[other.id]
                    if contains_words(haystack, needle)
                ),
                None,
            )
            if found is not None:
                cues.append(Cue(found[0], other.id, found[1], other.id in recorded))
    return cues


def unrecorded_cues(questions: Sequence[Question]) -> list[Cue]:
    """The cues among ``questions`` that the bank does not record as harmless."""
    return [cue for cue in find_cues(questions) if not cue.recorded]


def cue_conflicts(questions: Sequence[Question]) -> frozenset[frozenset[str]]:
    """Pairs of question ids that must not be drawn into one quiz: each an unrecorded cue.

    Cues are found within each module, as a sheet shows one module.
    """
    modules: dict[str, list[Question]] = {}
    for question in questions:
        modules.setdefault(question.module, []).append(question)
    return frozenset(
        frozenset({cue.answer.question, cue.shown_by})
        for group in modules.values()
        for cue in unrecorded_cues(group)
    )
