"""``r2p-kit lint``: everything a reviewer would check by hand, in a second, with file and line.

The Sphinx build (``-W -n``) already fails on broken references; lint catches what the
build cannot see (module anatomy, uncited quotations, stale exercise sheets, pages left
out of the PDF) and reports it faster, in one pass, with a stable code per problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.contrib.answer_checks import check_concepts, check_marking
from r2p_kit.contrib.assessment import bank_files
from r2p_kit.contrib.bank_checks import check_banks, check_sheets, load_banks
from r2p_kit.contrib.cloze_checks import check_cloze_weights
from r2p_kit.contrib.counts import check_module_counts
from r2p_kit.contrib.cue_checks import check_cues
from r2p_kit.contrib.duplicate_checks import check_duplicates
from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.giveaway_checks import check_feedback, check_hints
from r2p_kit.contrib.level_checks import check_levels, coverage_report
from r2p_kit.contrib.module_checks import check_modules, check_terms
from r2p_kit.contrib.module_numbers import check_module_numbers
from r2p_kit.contrib.page_checks import (
    check_blockquotes,
    check_instructor_lookalikes,
    check_labels,
    check_placeholders,
    check_primary_sources,
    check_tables_of_contents,
)
from r2p_kit.contrib.rubric_checks import check_rubric_levels
from r2p_kit.contrib.tree import CourseTree


@dataclass(frozen=True)
class LintReport:
    """The findings, and what was checked: for a summary a person can trust when it is clean."""

    findings: list[Finding]
    modules: int
    questions: int
    # Per module bank file: questions by level and difficulty, per objective, with their tags.
    coverage: dict[Path, str]


def lint_course(root: Path, *, strict: bool = False) -> list[Finding]:
    """Every finding in the course at ``root``, sorted by file and line."""
    return lint_report(root, strict=strict).findings


def lint_report(root: Path, *, strict: bool = False) -> LintReport:
    """Lint the course at ``root``: its findings, sorted by file and line, and its size.

    ``strict`` adds the completeness checks a module must pass before it is merged
    (no ``TODO`` left from the template, a full-sized bank).
    """
    tree = CourseTree(Path(root).resolve())
    loaded = load_banks(tree)
    banks = bank_files(tree, loaded)
    found: list[Finding] = [
        *check_banks(tree, loaded, strict=strict),
        *check_levels(tree, loaded, strict=strict),
        *check_sheets(tree, loaded),
        *check_modules(tree),
        *check_terms(tree),
        *check_primary_sources(tree),
        *check_blockquotes(tree),
        *check_tables_of_contents(tree),
        *check_labels(tree),
        *check_instructor_lookalikes(tree),
        *check_module_counts(tree),
        *check_module_numbers(tree),
        *check_concepts(banks),
        *check_marking(banks),
        *check_cues(banks),
        *check_hints(banks),
        *check_feedback(banks),
        *check_duplicates(banks),
        *check_cloze_weights(banks),
        *check_rubric_levels(banks),
    ]
    if strict:
        bank_paths = [module.bank for module in tree.modules if module.bank.is_file()]
        found += check_placeholders(tree, bank_paths)
    found += tree.unreadable.values()  # last: every check above may have met one
    questions = sum(len(bank.questions) for bank in loaded.banks.values())
    coverage = coverage_report(loaded, tree)
    return LintReport(sorted(set(found)), len(tree.modules), questions, coverage)


def findings_under(findings: Iterable[Finding], path: Path) -> list[Finding]:
    """Only the findings in ``path`` (a file) or below it (a folder)."""
    return [finding for finding in findings if is_under(finding.path, path)]


def is_under(path: Path, target: Path) -> bool:
    """``path`` is ``target`` (a file) or inside it (a folder)."""
    resolved, folder = Path(path).resolve(), Path(target).resolve()
    return resolved == folder or folder in resolved.parents
