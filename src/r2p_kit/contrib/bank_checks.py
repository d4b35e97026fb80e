"""The question banks and the exercise sheets generated from them.

Validation itself belongs to the bank loader, the one reader of ``questions.yaml``; this
module turns its problems into findings and adds what needs the rest of the course: a
``source`` must be a label in the pages, an ``objective`` must exist on the module page,
and the committed sheet must be exactly what the bank generates today.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from r2p_kit.bank.labels import SourceLabels, find_source_labels
from r2p_kit.bank.load import load_bank, load_module_bank
from r2p_kit.bank.model import ModuleBank, Question
from r2p_kit.check.course import module_title
from r2p_kit.check.sheet import render_sheet, sheet_name
from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.module_checks import objective_count
from r2p_kit.contrib.tree import CourseTree, ModuleFolder
from r2p_kit.errors import Problem, UserError
from r2p_kit.paths import MODULE_DIR

MIN_QUESTIONS = 12
MIN_TYPES = 5
SHEET_NAME = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
# An HTML tag or comment; `<https://...>` autolinks and `a < b` are not.
RAW_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?=[\s/>])[^<>]*>|/[A-Za-z][A-Za-z0-9-]*\s*>|!--)")
CODE_SPAN = re.compile(r"`+[^`]*`+")
# Fields that are identifiers or settings, never shown as text.
NOT_TEXT = frozenset({"id", "type", "module", "source", "difficulty", "tags", "location"})


@dataclass
class LoadedBanks:
    """The banks that loaded, by module folder, and the loader's problems as findings."""

    banks: dict[Path, ModuleBank] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def load_banks(tree: CourseTree) -> LoadedBanks:
    """Load the whole bank once; if it fails, load file by file to check the good ones."""
    result = LoadedBanks()
    try:
        bank = load_bank(tree.root, check_sources=False)
    except UserError as error:
        result.findings += [_loader_finding(problem) for problem in error.problems]
        for module in tree.modules:
            if module.bank.is_file():
                try:
                    result.banks[module.folder] = load_module_bank(module.bank)
                except UserError:
                    continue  # its problems were reported above
        return result
    by_path = {module_bank.path.resolve(): module_bank for module_bank in bank.modules}
    for module in tree.modules:
        loaded = by_path.get(module.bank.resolve())
        if loaded is not None:
            result.banks[module.folder] = loaded
    return result


def _loader_finding(problem: Problem) -> Finding:
    path = Path(problem.location.path)
    if not path.is_absolute():
        path = Path.cwd() / path
    return Finding(path, problem.location.line or 1, "R2P001", problem.message, problem.hint)


def check_banks(tree: CourseTree, loaded: LoadedBanks, *, strict: bool) -> Iterator[Finding]:
    yield from loaded.findings
    labels = find_source_labels(tree.docs)
    for module in tree.modules:
        if not module.bank.is_file():
            yield Finding(
                module.bank,
                1,
                "R2P004",
                f"module {module.folder.name} has no question bank",
                "add questions.yaml; `r2p-kit new module` writes a valid one to start from",
            )
            continue
        bank = loaded.banks.get(module.folder)
        if bank is None:
            continue
        yield from _check_questions(module, bank, labels, tree)
        if strict:
            yield from _check_size(module, bank)


def _check_questions(
    module: ModuleFolder, bank: ModuleBank, labels: SourceLabels, tree: CourseTree
) -> Iterator[Finding]:
    lines = (tree.read_text(module.bank) or "").splitlines()
    page = tree.page_at(module.page)
    objectives = objective_count(page) if page is not None else None
    for question in bank.questions:
        problem = labels.problem(question.source) if question.source else None
        if problem is not None:
            message, hint = problem
            yield Finding(
                module.bank,
                key_line(lines, question, "source"),
                "R2P002",
                f"the source of {question.id}: {message}",
                hint,
            )
        yield from _raw_html(module, question, lines)
        if objectives and question.objective is not None and question.objective > objectives:
            yield Finding(
                module.bank,
                key_line(lines, question, "objective"),
                "R2P003",
                f"{question.id} names objective {question.objective}, but the module page has "
                f"{objectives} learning objectives",
                "use the number of the objective the question assesses",
            )


def _raw_html(module: ModuleFolder, question: Question, lines: list[str]) -> Iterator[Finding]:
    """Bank text is Markdown: HTML in it is either escaped (and shown as tags) or dangerous."""
    for where, text in _texts(question):
        match = RAW_HTML.search(CODE_SPAN.sub("", text))
        if match is None:
            continue
        tag = match.group()
        yield Finding(
            module.bank,
            line_with(lines, question, tag[:20]),
            "R2P007",
            f"the {where} of {question.id} holds raw HTML: {tag[:40]}",
            "write Markdown (*emphasis*, [link](https://...)), or put the tag in `backticks` "
            "if the question is about it",
        )


def _texts(value: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text a question shows, with where it is (``options[2].feedback``)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, f"{where}[{index + 1}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            if item.name in NOT_TEXT:
                continue
            name = item.name if not where or where == "body" else f"{where}.{item.name}"
            yield from _texts(getattr(value, item.name), "" if name == "body" else name)


def line_with(lines: list[str], question: Question, text: str) -> int:
    """The first line from the question's start that holds ``text``, else its first line."""
    start = max(question.location.line, 1)
    for number in range(start, len(lines) + 1):
        if text in lines[number - 1]:
            return number
    return start


def key_line(lines: list[str], question: Question, key: str) -> int:
    """The line of ``key:`` within ``question`` in the YAML, else the question's first line.

    The question's keys start at the column of its first key; a line indented less ends it.
    """
    start = max(question.location.line, 1)
    indent = max(question.location.column - 1, 0)
    key_at = re.compile(rf"{re.escape(key)}\s*:")
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        stripped = text.lstrip()
        margin = len(text) - len(stripped)
        if number > start and stripped and not stripped.startswith("#") and margin < indent:
            break
        if key_at.match(text, indent) and (number == start or margin == indent):
            return number
    return start


def _check_size(module: ModuleFolder, bank: ModuleBank) -> Iterator[Finding]:
    count = len(bank.questions)
    if count < MIN_QUESTIONS:
        yield Finding(
            module.bank,
            1,
            "R2P005",
            f"module {module.folder.name} has {count} question{'' if count == 1 else 's'}; "
            f"a finished module has at least {MIN_QUESTIONS}",
            f"add {MIN_QUESTIONS - count} more, so that every learning objective is assessed "
            "(a draft may have fewer: only --strict, which CI runs, requires them)",
        )
    types = {question.type for question in bank.questions}
    if len(types) < MIN_TYPES:
        yield Finding(
            module.bank,
            1,
            "R2P006",
            f"module {module.folder.name} uses {len(types)} question types; a finished module "
            f"uses at least {MIN_TYPES}",
            f"it uses {', '.join(sorted(types)) or 'none'}; CONTRIBUTING.md lists the others",
        )


def check_sheets(tree: CourseTree, loaded: LoadedBanks) -> Iterator[Finding]:
    """Every bank has its generated sheet, unchanged, and every sheet has its bank."""
    expected: set[str] = set()
    for module in tree.modules:
        bank = loaded.banks.get(module.folder)
        if bank is None:
            continue
        sheet = tree.exercises / sheet_name(bank)
        expected.add(sheet.name)
        command = f"r2p-kit sheet {module.slug}"
        if not sheet.is_file():
            yield Finding(
                sheet,
                1,
                "R2P010",
                f"module {module.folder.name} has no exercise sheet",
                f"run `{command}` to generate it, and commit it",
            )
            continue
        wanted = render_sheet(bank, module_title(module.folder))
        actual = tree.read_bytes(sheet)
        if actual is not None and actual != wanted.encode("utf-8"):
            yield Finding(
                sheet,
                _first_difference(
                    wanted.splitlines(), actual.decode("utf-8", "replace").splitlines()
                ),
                "R2P011",
                "the exercise sheet differs from what its bank generates",
                f"sheets are generated, never edited: run `{command} --force`",
            )
    if not tree.exercises.is_dir():
        return
    modules = {module.folder.name for module in tree.modules}
    for sheet in sorted(tree.exercises.glob("*.md")):
        if SHEET_NAME.match(sheet.name) and sheet.name not in expected:
            if sheet.stem in modules and MODULE_DIR.match(sheet.stem):
                continue  # its module's bank failed to load: reported as R2P001
            yield Finding(
                sheet,
                1,
                "R2P012",
                "this exercise sheet belongs to no module",
                "delete it, or rename it to match its module folder docs/modules/NN-slug",
            )


def _first_difference(wanted: list[str], actual: list[str]) -> int:
    for number, (one, other) in enumerate(zip(wanted, actual, strict=False), start=1):
        if one != other:
            return number
    return min(len(wanted), len(actual)) + 1
