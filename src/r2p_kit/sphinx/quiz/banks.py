"""Find, load and select from question banks for the quiz directives.

Banks are read through :func:`r2p_kit.bank.load.load_module_bank` (the only code that
meets raw YAML) and cached per process by file stamp, so a page with several
``question`` directives reads its bank once. Sphinx re-reads a page when its bank
changes because the directives register the file with ``env.note_dependency``.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.bank.load import load_module_bank
from r2p_kit.bank.model import ModuleBank, Question
from r2p_kit.errors import Problem, UserError
from r2p_kit.paths import split_module_dir
from r2p_kit.quiz.generate import select_questions, variant_rng

BANK_FILE = "questions.yaml"
PAGE_RNG_KEY = "course page"

_cache: dict[Path, tuple[tuple[int, int], ModuleBank | None, list[Problem]]] = {}
_reported: set[tuple[Path, tuple[int, int]]] = set()


class SelectionError(Exception):
    """A quiz selection that cannot be made; the message says how to fix it."""


def read_bank(path: Path) -> tuple[ModuleBank | None, list[Problem]]:
    """The bank in ``path`` (``None`` if it is invalid) and the problems to report.

    Each version of a file is loaded once per process. Its problems are given only the
    first time in a build (see :func:`start_build`), so a broken bank used by many pages
    is reported once, not once per page.
    """
    path = path.resolve()
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(path)
    if cached is None or cached[0] != stamp:
        try:
            cached = (stamp, load_module_bank(path), [])
        except UserError as error:
            cached = (stamp, None, list(error.problems))
        _cache[path] = cached
    _stamp, bank, problems = cached
    if (path, stamp) in _reported:
        return bank, []
    _reported.add((path, stamp))
    return bank, problems


def start_build(*_args: object) -> None:
    """Report every broken bank again in a new build (``env-before-read-docs``)."""
    _reported.clear()


def find_bank_file(srcdir: Path, page_dir: Path, modules_dir: str, name: str) -> Path | None:
    """The bank a directive names: a path to a ``.yaml`` file, a module slug, or nothing.

    Nothing means the ``questions.yaml`` beside the page. A path is relative to the page
    (or to the source folder when it starts with ``/``). A slug is looked up among the
    ``NN-slug`` folders of ``modules_dir``.
    """
    if not name:
        candidate = page_dir / BANK_FILE
        return candidate if candidate.is_file() else None
    if name.endswith((".yaml", ".yml")):
        candidate = srcdir / name.lstrip("/") if name.startswith("/") else page_dir / name
        return candidate if candidate.is_file() else None
    folder = srcdir / modules_dir
    if not folder.is_dir():
        return None
    for child in sorted(folder.iterdir()):
        parts = split_module_dir(child)
        if parts and parts[1] == name and (child / BANK_FILE).is_file():
            return child / BANK_FILE
    return None


def module_slugs(srcdir: Path, modules_dir: str) -> list[str]:
    """Every module slug with a bank, for "did you mean" hints."""
    folder = srcdir / modules_dir
    if not folder.is_dir():
        return []
    found = []
    for child in sorted(folder.iterdir()):
        parts = split_module_dir(child)
        if parts and (child / BANK_FILE).is_file():
            found.append(parts[1])
    return found


@dataclass(frozen=True)
class QuizSelection:
    """What a ``quiz`` directive asks for; empty means "everything"."""

    ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    count: int | None = None
    seed: str = ""


def select(bank: ModuleBank, choice: QuizSelection) -> list[Question]:
    """The questions to show, in bank order (or in the order ``ids`` lists them).

    With ``count``, the seeded, stratified selection of :mod:`r2p_kit.quiz.generate`
    picks that many (same seed, same questions on every build).
    """
    if choice.ids:
        by_id = {q.id: q for q in bank.questions}
        unknown = [i for i in choice.ids if i not in by_id]
        if unknown:
            raise SelectionError(_unknown_id(unknown[0], list(by_id)))
        pool = [by_id[i] for i in dict.fromkeys(choice.ids)]
    else:
        pool = list(bank.questions)
    if choice.tags:
        pool = [q for q in pool if set(q.tags) & set(choice.tags)]
        if not pool:
            known = sorted({t for q in bank.questions for t in q.tags})
            raise SelectionError(
                f"no question in {bank.path.name} of module '{bank.slug}' has the tag(s) "
                f"{', '.join(choice.tags)}; tags in this bank: {', '.join(known) or 'none'}"
            )
    if choice.count is None:
        return pool
    if not 1 <= choice.count <= len(pool):
        raise SelectionError(
            f":count: {choice.count} is more than the {len(pool)} question(s) selected; "
            f"use a count from 1 to {len(pool)}"
        )
    rng, _code = variant_rng(choice.seed, PAGE_RNG_KEY)
    chosen = {q.id for q in select_questions(pool, choice.count, rng)}
    return [q for q in pool if q.id in chosen]


def find_question(bank: ModuleBank, question_id: str) -> Question:
    for question in bank.questions:
        if question.id == question_id:
            return question
    raise SelectionError(_unknown_id(question_id, [q.id for q in bank.questions]))


def _unknown_id(question_id: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(question_id, known, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "check the id in questions.yaml"
    return f"no question with id '{question_id}' in this bank; {hint}"
