"""Cognitive levels: every question says what it asks, and each module tests judgement.

A question's ``level`` (recall, apply, evaluate) and each learning objective's level (the
bank's ``objectives:`` list, one per objective of the module page) let lint count what a
bank really tests. A bank of dates tests recall however hard its items are, so lint asks
for a judgement item (apply or evaluate) under every objective that asks for judgement,
and for at least a third of a module's auto-marked items at those levels.
:func:`coverage_report` prints the counts a reviewer needs to see where items are missing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.bank.model import DIFFICULTIES, JUDGEMENT_LEVELS, LEVELS, ModuleBank, Question
from r2p_kit.contrib.bank_checks import LoadedBanks
from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.module_checks import objective_count
from r2p_kit.contrib.tree import CourseTree

# At least this share of a module's auto-marked items asks for judgement (R2P079).
JUDGEMENT_SHARE = (1, 3)
_OBJECTIVES_KEY = re.compile(r"^objectives\s*:")
LEVEL_HINT = (
    "add 'level: recall' (it retrieves a fact), 'level: apply' (it uses a concept or rule on "
    "a case or a text) or 'level: evaluate' (it judges evidence, a claim or an argument)"
)


@dataclass(frozen=True)
class ModuleLevels:
    """One module's bank and where its ``objectives:`` line is, for the level checks."""

    bank: ModuleBank
    path: Path
    objectives_line: int
    page_objectives: int | None


def check_levels(tree: CourseTree, loaded: LoadedBanks, *, strict: bool) -> Iterator[Finding]:
    """R2P008 and R2P009 always; R2P078 and R2P079, which ask for more items, with --strict."""
    for module in _modules(tree, loaded):
        yield from _missing_levels(module)
        yield from _objective_levels(module)
        if strict:
            yield from _recall_only_objectives(module)
            yield from _few_judgement_items(module)


def _modules(tree: CourseTree, loaded: LoadedBanks) -> Iterator[ModuleLevels]:
    for folder in tree.modules:
        bank = loaded.banks.get(folder.folder)
        if bank is None:
            continue
        lines = (tree.read_text(folder.bank) or "").splitlines()
        line = next((n for n, text in enumerate(lines, 1) if _OBJECTIVES_KEY.match(text)), 1)
        page = tree.page_at(folder.page)
        count = objective_count(page) if page is not None else None
        yield ModuleLevels(bank, folder.bank, line, count)


def _missing_levels(module: ModuleLevels) -> Iterator[Finding]:
    for question in module.bank.questions:
        if question.level is None:
            yield Finding(
                module.path,
                max(question.location.line, 1),
                "R2P008",
                f"{question.id} has no level",
                LEVEL_HINT,
            )


def _objective_levels(module: ModuleLevels) -> Iterator[Finding]:
    wanted = module.page_objectives
    given = len(module.bank.objectives)
    if not wanted or given == wanted:
        return
    if not given:
        yield Finding(
            module.path,
            1,
            "R2P009",
            f"the bank gives no levels for the module page's {wanted} learning objectives",
            f"add 'objectives: [...]' after 'module:', {wanted} levels in the page's order, each "
            "recall, apply or evaluate (the highest the objective asks for)",
        )
        return
    yield Finding(
        module.path,
        module.objectives_line,
        "R2P009",
        f"'objectives' gives {given} level{'' if given == 1 else 's'}, but the module page has "
        f"{wanted} learning objectives",
        "give one level per objective, in the page's order",
    )


def _recall_only_objectives(module: ModuleLevels) -> Iterator[Finding]:
    for number, level in enumerate(module.bank.objectives, start=1):
        if level not in JUDGEMENT_LEVELS:
            continue
        assessed = [q for q in module.bank.questions if q.objective == number]
        if any(q.level in JUDGEMENT_LEVELS for q in assessed):
            continue
        yield Finding(
            module.path,
            module.objectives_line,
            "R2P078",
            f"objective {number} asks students to {level}, but none of its "
            f"{len(assessed)} question{'' if len(assessed) == 1 else 's'} is above recall",
            f"add a question at level apply or evaluate with 'objective: {number}' (an "
            "unseen source, a case to classify, a claim to judge)",
        )


def judgement_items(bank: ModuleBank) -> tuple[int, int]:
    """How many of the bank's auto-marked questions there are, and how many test judgement."""
    marked = [q for q in bank.questions if q.auto_marked]
    return len(marked), sum(1 for q in marked if q.level in JUDGEMENT_LEVELS)


def _few_judgement_items(module: ModuleLevels) -> Iterator[Finding]:
    marked, judged = judgement_items(module.bank)
    part, whole = JUDGEMENT_SHARE
    if not marked or judged * whole >= marked * part:
        return
    missing = -(-(marked * part - judged * whole) // (whole - part))  # ceiling
    yield Finding(
        module.path,
        1,
        "R2P079",
        f"{judged} of the module's {marked} auto-marked questions are at level apply or "
        f"evaluate; at least a third should test judgement",
        f"add {missing} auto-marked question{'' if missing == 1 else 's'} at level apply or "
        "evaluate (or re-level one whose task really is apply or evaluate)",
    )


# -- the report -----------------------------------------------------------------------------


def coverage_report(loaded: LoadedBanks, tree: CourseTree) -> dict[Path, str]:
    """Per module bank file, then per objective: questions by level, by difficulty, and tags."""
    return {module.path: _module_block(module) for module in _modules(tree, loaded)}


def _module_block(module: ModuleLevels) -> str:
    bank = module.bank
    marked, judged = judgement_items(bank)
    share = f"{round(100 * judged / marked)}%" if marked else "-"
    essays = len(bank.questions) - marked
    lines = [
        f"{bank.number:02d}-{bank.slug}: {marked} auto-marked, {judged} apply/evaluate "
        f"({share}); {essays} essay{'' if essays == 1 else 's'}",
        f"  all: {_counts(bank.questions)}",
    ]
    numbers = sorted({q.objective for q in bank.questions if q.objective is not None})
    wanted = max([module.page_objectives or 0, len(bank.objectives), *numbers], default=0)
    for number in range(1, wanted + 1):
        level = bank.objective_level(number) or "no level"
        assessed = [q for q in bank.questions if q.objective == number]
        lines.append(f"  objective {number} ({level}): {_counts(assessed)}")
        tags = Counter(tag for q in assessed for tag in q.tags)
        if tags:
            shown = ", ".join(f"{tag} {count}" for tag, count in sorted(tags.items()))
            lines.append(f"    tags: {shown}")
    unassigned = [q for q in bank.questions if q.objective is None]
    if unassigned:
        lines.append(f"  no objective: {_counts(unassigned)}")
    return "\n".join(lines) + "\n"


def _counts(questions: list[Question] | tuple[Question, ...]) -> str:
    if not questions:
        return "no questions"
    levels = Counter(q.level or "no level" for q in questions)
    difficulties = Counter(q.difficulty for q in questions)
    by_level = ", ".join(f"{level} {levels[level]}" for level in LEVELS)
    if levels["no level"]:
        by_level += f", no level {levels['no level']}"
    by_difficulty = ", ".join(f"{d} {difficulties[d]}" for d in DIFFICULTIES)
    count = len(questions)
    return f"{count} question{'' if count == 1 else 's'}; {by_level}; {by_difficulty}"
