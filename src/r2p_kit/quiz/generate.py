"""Select questions and make seeded per-student variants of a quiz.

A variant is a pure function of (quiz seed, student id): both go through SHA-256 into a
private ``random.Random``, never ``hash()`` or the clock, so a disputed mark can be
checked by regenerating exactly the quiz that student saw, on any machine.
Selection is stratified: every variant of a quiz has the same number of questions from
each module and, within a module, the same mix of difficulties, spread over the
module's learning objectives; only which questions and their order differ.
"""

from __future__ import annotations

import difflib
import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from r2p_kit.bank.model import (
    DIFFICULTIES,
    QUESTION_TYPES,
    Bank,
    Choice,
    Matching,
    Ordering,
    Question,
)
from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.quiz.roster import Student

RNG_DOMAIN = b"r2p-kit quiz v1"


@dataclass(frozen=True)
class Selection:
    """Which questions may appear: empty tuples mean no restriction; ``count`` None means all."""

    modules: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    count: int | None = None


@dataclass(frozen=True)
class QuizItem:
    """A question as one variant shows it.

    ``question`` has its options (single/multiple) and matching pairs already in the
    shown order. ``display`` is the shown order of ordering items, or of the matching
    right-hand column (pairs' rights and extras); empty for other types.
    """

    question: Question
    display: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    """One student's (or one numbered) version of the quiz."""

    label: str
    code: str
    items: tuple[QuizItem, ...]
    student: Student | None = None

    @property
    def points(self) -> float:
        return sum(item.question.points for item in self.items)


@dataclass(frozen=True)
class Quiz:
    title: str
    seed: str
    variants: tuple[Variant, ...]


def variant_rng(seed: str, key: str) -> tuple[random.Random, str]:
    """A private generator and a short public code for (seed, key), identical on any machine."""
    digest = hashlib.sha256(
        RNG_DOMAIN + b"\0" + seed.encode("utf-8") + b"\0" + key.encode("utf-8")
    ).digest()
    return random.Random(int.from_bytes(digest[:16], "big")), digest[:4].hex()


def generate_quiz(
    bank: Bank,
    selection: Selection,
    *,
    seed: str = "1",
    students: Sequence[Student] = (),
    variants: int = 1,
    title: str = "R2P quiz",
) -> Quiz:
    """One variant per student when ``students`` is given, otherwise ``variants`` numbered ones."""
    title = " ".join(title.split()) or "R2P quiz"  # one line: it is written into headers
    pool = filter_questions(bank, selection)
    count = len(pool) if selection.count is None else selection.count
    keys: list[tuple[str, str, Student | None]]
    if students:
        keys = [(s.id, s.id, s) for s in students]
    else:
        if variants < 1:
            raise UserError.at("--variants", 0, "the number of variants must be at least 1")
        width = max(3, len(str(variants)))
        keys = [(f"variant-{n}", f"v{n:0{width}d}", None) for n in range(1, variants + 1)]
    made = []
    for key, label, student in keys:
        rng, code = variant_rng(seed, key)
        items = tuple(present(q, rng) for q in select_questions(pool, count, rng))
        made.append(Variant(label, code, items, student))
    return Quiz(title, seed, tuple(made))


def filter_questions(bank: Bank, selection: Selection) -> list[Question]:
    """The questions that match ``selection``, in bank order; a located error if none can."""
    slugs = [m.slug for m in bank.modules]
    problems = [_unknown("module", slug, slugs) for slug in selection.modules if slug not in slugs]
    problems += [
        _unknown("difficulty", d, list(DIFFICULTIES))
        for d in selection.difficulties
        if d not in DIFFICULTIES
    ]
    problems += [
        _unknown("type", t, list(QUESTION_TYPES))
        for t in selection.types
        if t not in QUESTION_TYPES
    ]
    if problems:
        raise UserError(problems)
    pool = [
        q
        for q in bank.questions
        if (not selection.modules or q.module in selection.modules)
        and (not selection.tags or set(q.tags) & set(selection.tags))
        and (not selection.difficulties or q.difficulty in selection.difficulties)
        and (not selection.types or q.type in selection.types)
    ]
    if not pool:
        raise UserError.at(
            "--module/--tag/--difficulty",
            0,
            "no question matches this selection",
            "loosen the selection; 'r2p-kit quiz --help' lists the options",
        )
    if selection.count is not None and not 1 <= selection.count <= len(pool):
        raise UserError.at(
            "--count",
            0,
            f"cannot pick {selection.count} questions: {len(pool)} match the selection",
            f"use --count between 1 and {len(pool)}, or widen the selection",
        )
    return pool


def select_questions(pool: Sequence[Question], count: int, rng: random.Random) -> list[Question]:
    """``count`` questions, apportioned across modules, then difficulties, then objectives.

    Quotas are proportional to what the pool holds (largest remainder); only ties and
    the choice within a stratum use ``rng``. The result is shuffled.
    """
    by_module = _group(pool, lambda q: q.module)
    chosen: list[Question] = []
    for group, quota in zip(
        by_module, _apportion([len(g) for g in by_module], count, rng), strict=True
    ):
        by_difficulty = [
            level for d in DIFFICULTIES if (level := [q for q in group if q.difficulty == d])
        ]
        quotas = _apportion([len(g) for g in by_difficulty], quota, rng)
        used: dict[int | None, int] = {}
        for candidates, take in zip(by_difficulty, quotas, strict=True):
            chosen += _spread_objectives(candidates, take, used, rng)
    rng.shuffle(chosen)
    return chosen


def present(question: Question, rng: random.Random) -> QuizItem:
    """The question as this variant shows it: options shuffled unless ``shuffle`` is false."""
    body = question.body
    if isinstance(body, Choice) and question.shuffle:
        order = list(range(len(body.options)))
        rng.shuffle(order)
        return QuizItem(_with_option_order(question, tuple(order)))
    if isinstance(body, Ordering):
        return QuizItem(question, _scrambled(body.items, rng))
    if isinstance(body, Matching):
        pairs = list(body.pairs)
        rights = [p.right for p in pairs] + list(body.extra_right)
        if question.shuffle:
            rng.shuffle(pairs)
            rng.shuffle(rights)
        else:
            rights.sort(key=str.casefold)  # a fixed order that does not give the answer away
        return QuizItem(replace(question, body=replace(body, pairs=tuple(pairs))), tuple(rights))
    return QuizItem(question)


@lru_cache(maxsize=8192)
def _with_option_order(question: Question, order: tuple[int, ...]) -> Question:
    """The question with its options in ``order``; cached, as variants repeat permutations."""
    body = question.body
    assert isinstance(body, Choice)
    options = tuple(body.options[i] for i in order)
    return replace(question, body=replace(body, options=options))


def _scrambled(items: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """A shuffled order that is never the correct one (the items are distinct)."""
    shown = list(items)
    rng.shuffle(shown)
    if len(shown) > 1 and tuple(shown) == items:
        shown.append(shown.pop(0))
    return tuple(shown)


def _spread_objectives(
    candidates: list[Question], take: int, used: dict[int | None, int], rng: random.Random
) -> list[Question]:
    """Pick ``take`` questions, each time from the objectives used least so far."""
    remaining = list(candidates)
    picked = []
    for _ in range(take):
        least = min(used.get(q.objective, 0) for q in remaining)
        choice = rng.choice([q for q in remaining if used.get(q.objective, 0) == least])
        remaining.remove(choice)
        used[choice.objective] = used.get(choice.objective, 0) + 1
        picked.append(choice)
    return picked


def _apportion(sizes: list[int], total: int, rng: random.Random) -> list[int]:
    """Split ``total`` in proportion to ``sizes`` (largest remainder; ties drawn by ``rng``)."""
    whole = sum(sizes)
    if whole == 0:
        return [0] * len(sizes)
    quotas = [total * size // whole for size in sizes]
    order = list(range(len(sizes)))
    rng.shuffle(order)
    order.sort(key=lambda i: -((total * sizes[i]) % whole))
    for i in order[: total - sum(quotas)]:
        quotas[i] += 1
    return quotas


def _group(questions: Sequence[Question], key: Callable[[Question], str]) -> list[list[Question]]:
    """Questions grouped by ``key``, groups in order of first appearance."""
    groups: dict[str, list[Question]] = {}
    for question in questions:
        groups.setdefault(key(question), []).append(question)
    return list(groups.values())


def _unknown(what: str, value: str, known: list[str]) -> Problem:
    close = difflib.get_close_matches(value, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"choose from: {', '.join(known)}"
    return Problem(Location(f"--{what}"), f"unknown {what} '{value}'", hint)
