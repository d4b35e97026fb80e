"""Select questions and make seeded per-student variants of a quiz.

A variant is a pure function of (quiz seed, student id): both go through SHA-256 into a
private ``random.Random``, never ``hash()`` or the clock, so a disputed mark can be
checked by regenerating exactly the quiz that student saw, on any machine.
Variants are fair (issue 12): every variant of a quiz has the same number of questions
of each type and mark, hence the same total points, and the same number from each
learning objective of each module; only which questions and their order differ. The
shape (a profile) is drawn once per quiz from the seed, by the stratified selection of
:func:`select_questions`; each variant then draws questions that fill exactly that
profile, as a flow through (type, points) -> question -> (module, objective).
``count`` counts auto-marked questions; essays come only when asked for (``essays``).
"""

from __future__ import annotations

import difflib
import hashlib
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from r2p_kit.bank.cues import cue_conflicts
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
    """Which questions may appear: empty tuples mean no restriction.

    ``count`` is the number of auto-marked questions per variant (None: all of them);
    ``essays`` the number of essays (None: every essay when ``count`` is None, else none).
    """

    modules: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    count: int | None = None
    essays: int | None = None


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
    auto = [q for q in pool if q.type != "essay"]
    essays = [q for q in pool if q.type == "essay"]
    count = len(auto) if selection.count is None else selection.count
    essay_count = selection.essays
    if essay_count is None:
        essay_count = len(essays) if selection.count is None else 0
    _check_counts(count, len(auto), essay_count, len(essays))
    keys: list[tuple[str, str, Student | None]]
    if students:
        keys = [(s.id, s.id, s) for s in students]
    else:
        if variants < 1:
            raise UserError.at("--variants", 0, "the number of variants must be at least 1")
        width = max(3, len(str(variants)))
        keys = [(f"variant-{n}", f"v{n:0{width}d}", None) for n in range(1, variants + 1)]
    # The shape every variant shares, drawn once per quiz; then each variant fills it.
    parts = [
        (group, profile_of(select_questions(group, size, variant_rng(seed, f"\0{kind}")[0])))
        for kind, group, size in (("profile", auto, count), ("essays", essays, essay_count))
        if size
    ]
    plans = [_Plan(group, profile) for group, profile in parts]
    conflicts = cue_conflicts(pool)
    shown: dict[tuple[str, tuple[int, ...]], Question] = {}  # options in an order, made once
    made = []
    for key, label, student in keys:
        rng, code = variant_rng(seed, key)
        chosen = _draw_without_cues(plans, rng, conflicts)
        rng.shuffle(chosen)
        items = tuple(present(q, rng, shown) for q in chosen)
        made.append(Variant(label, code, items, student))
    return Quiz(title, seed, tuple(made))


MAX_CUE_REDRAWS = 50


def _draw_without_cues(
    plans: list[_Plan], rng: random.Random, conflicts: frozenset[frozenset[str]]
) -> list[Question]:
    """One variant's questions, avoiding pairs where one question shows another's answer.

    An unrecorded cue (lint R2P072) is a pair that must not meet in a quiz; the draw is
    repeated, with the same generator, until none is in it. When the selection leaves no
    choice (it takes both questions every time), the draw with the fewest such pairs is kept:
    lint already reports them, and CI refuses them on the course itself.
    """
    best: list[Question] = []
    fewest = -1
    for _ in range(MAX_CUE_REDRAWS if conflicts else 1):
        chosen = [q for plan in plans for q in plan.fill(rng)]
        ids = {q.id for q in chosen}
        clashes = sum(pair <= ids for pair in conflicts)
        if clashes == 0:
            return chosen
        if fewest < 0 or clashes < fewest:
            best, fewest = chosen, clashes
    return best


def _check_counts(count: int, auto: int, essays: int, essay_pool: int) -> None:
    problems = []
    if not 0 <= count <= auto or (count == 0 and essays == 0):
        problems.append(
            Problem(
                Location("--count"),
                f"cannot pick {count} auto-marked questions: {auto} match the selection",
                f"use --count between 1 and {auto}, or widen the selection (more --module, "
                "--tag, --difficulty or --type)"
                if auto
                else "this selection holds only essays: add them with --essays N",
            )
        )
    if not 0 <= essays <= essay_pool:
        problems.append(
            Problem(
                Location("--essays"),
                f"cannot pick {essays} essays: {essay_pool} match the selection",
                f"use --essays between 0 and {essay_pool}, or widen the selection",
            )
        )
    if problems:
        raise UserError(problems)


Kind = tuple[str, float]  # (question type, points)
Objective = tuple[str, int | None]  # (module, learning objective)


@dataclass(frozen=True)
class Profile:
    """The shape every variant shares: how many questions of each kind and each objective."""

    kinds: tuple[tuple[Kind, int], ...]
    objectives: tuple[tuple[Objective, int], ...]


def kind_of(question: Question) -> Kind:
    return question.type, question.points


def objective_of(question: Question) -> Objective:
    return question.module, question.objective


def profile_of(questions: Sequence[Question]) -> Profile:
    kinds: dict[Kind, int] = {}
    objectives: dict[Objective, int] = {}
    for question in questions:
        kinds[kind_of(question)] = kinds.get(kind_of(question), 0) + 1
        objectives[objective_of(question)] = objectives.get(objective_of(question), 0) + 1
    order = sorted(kinds, key=lambda k: (k[0], k[1]))
    return Profile(
        tuple((k, kinds[k]) for k in order),
        tuple((o, objectives[o]) for o in sorted(objectives, key=lambda o: (o[0], o[1] or 0))),
    )


def fill_profile(pool: Sequence[Question], profile: Profile, rng: random.Random) -> list[Question]:
    """Questions of ``pool`` with exactly ``profile``'s kinds and objectives, drawn by ``rng``.

    A maximum flow from the kinds, through one edge per question, to the objectives; the
    edges are tried in an order ``rng`` shuffles, so each variant gets its own questions.
    The profile came from a selection of this pool, so a full flow always exists.
    """
    return _Plan(pool, profile).fill(rng)


class _Plan:
    """What :func:`fill_profile` works out once per quiz: the network's nodes and which
    questions may fill the profile; :meth:`fill` then draws one variant's questions."""

    def __init__(self, pool: Sequence[Question], profile: Profile) -> None:
        kinds = {kind: n for n, (kind, _) in enumerate(profile.kinds)}
        objectives = {obj: len(kinds) + n for n, (obj, _) in enumerate(profile.objectives)}
        self.source = len(kinds) + len(objectives)
        self.sink = self.source + 1
        self.needs = [(self.source, kinds[kind], need) for kind, need in profile.kinds]
        self.needs += [(objectives[obj], self.sink, need) for obj, need in profile.objectives]
        self.total = sum(need for _, need in profile.kinds)
        self.candidates = [
            (q, kinds[kind_of(q)], objectives[objective_of(q)])
            for q in pool
            if kind_of(q) in kinds and objective_of(q) in objectives
        ]

    def fill(self, rng: random.Random) -> list[Question]:
        flow = _Flow(self.sink + 1)
        for start, end, need in self.needs:
            flow.add(start, end, need)
        candidates = list(self.candidates)
        rng.shuffle(candidates)
        edges = [(flow.add(kind, objective, 1), q) for q, kind, objective in candidates]
        for adjacent in flow.graph:
            rng.shuffle(adjacent)
        while flow.augment(self.source, self.sink):
            pass
        chosen = [question for edge, question in edges if flow.capacity[edge] == 0]
        if len(chosen) != self.total:  # cannot happen: the profile was taken from this pool
            raise AssertionError("no selection fills the quiz profile")
        return chosen


class _Flow:
    """A small maximum-flow network (Ford-Fulkerson with depth-first search)."""

    def __init__(self, nodes: int) -> None:
        self.graph: list[list[int]] = [[] for _ in range(nodes)]
        self.target: list[int] = []
        self.capacity: list[int] = []

    def add(self, start: int, end: int, capacity: int) -> int:
        """Add an edge and its reverse; returns the forward edge's index."""
        index = len(self.target)
        self.graph[start].append(index)
        self.target.append(end)
        self.capacity.append(capacity)
        self.graph[end].append(index + 1)
        self.target.append(start)
        self.capacity.append(0)
        return index

    def augment(self, source: int, sink: int) -> bool:
        """Push one unit along a path with room; False when there is none."""
        parent = [-2] * len(self.graph)  # the edge that reached each node; -2: not reached
        parent[source] = -1
        stack = [source]
        graph, target, capacity = self.graph, self.target, self.capacity
        while stack and parent[sink] == -2:
            node = stack.pop()
            for edge in graph[node]:
                nxt = target[edge]
                if capacity[edge] > 0 and parent[nxt] == -2:
                    parent[nxt] = edge
                    stack.append(nxt)
        if parent[sink] == -2:
            return False
        node = sink
        while node != source:
            edge = parent[node]
            self.capacity[edge] -= 1
            self.capacity[edge ^ 1] += 1
            node = self.target[edge ^ 1]
        return True


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


def present(
    question: Question,
    rng: random.Random,
    shown: dict[tuple[str, tuple[int, ...]], Question] | None = None,
) -> QuizItem:
    """The question as this variant shows it: options shuffled unless ``shuffle`` is false.

    ``shown`` keeps each (question id, option order) made so far, so that a quiz's variants
    share them rather than each holding its own copy.
    """
    body = question.body
    if isinstance(body, Choice) and question.shuffle:
        order = list(range(len(body.options)))
        rng.shuffle(order)
        key = (question.id, tuple(order))
        if shown is None or key not in shown:
            made = _with_option_order(question, key[1])
            if shown is None:
                return QuizItem(made)
            shown[key] = made
        return QuizItem(shown[key])
    if isinstance(body, Ordering):
        return QuizItem(question, _scrambled(body.items, rng))
    if isinstance(body, Matching):
        pairs = list(body.pairs)
        rights = [p.right for p in pairs] + list(body.extra_right)
        if question.shuffle:
            rng.shuffle(pairs)
            rng.shuffle(rights)
            if len(pairs) > 1 and all(r == p.right for r, p in zip(rights, pairs, strict=False)):
                rights.append(rights.pop(0))  # never listed in step with the items they match
        else:
            rights.sort(key=str.casefold)  # a fixed order that does not give the answer away
        return QuizItem(replace(question, body=replace(body, pairs=tuple(pairs))), tuple(rights))
    return QuizItem(question)


def _with_option_order(question: Question, order: tuple[int, ...]) -> Question:
    """The question with its options in ``order``."""
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
