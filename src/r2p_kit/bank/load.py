"""Read ``questions.yaml`` files into the bank model: the only code that meets raw bank YAML.

Everything is validated here, once, and every problem in a file is reported together as
``file:line:col: message; hint``, so a contributor fixes a whole file in one pass and
everything downstream can trust the model. The work has two halves:
:mod:`r2p_kit.bank.nodes` checks the YAML against the field table, and
:mod:`r2p_kit.bank.rules` checks what each question means.
"""

from __future__ import annotations

from pathlib import Path

from r2p_kit.bank.concepts import Concepts, concepts_path, load_concepts
from r2p_kit.bank.fields import ANY_QUESTION_FIELDS, FILE_FIELDS
from r2p_kit.bank.labels import SourceLabels, find_source_labels
from r2p_kit.bank.model import Bank, ModuleBank, Question
from r2p_kit.bank.nodes import NodeChecker, Record, echo
from r2p_kit.bank.rivals import with_rivals
from r2p_kit.bank.rules import QuestionReader
from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.paths import display_path, module_dirs, split_module_dir

BANK_FILE = "questions.yaml"


def load_module_bank(
    path: Path,
    known_labels: SourceLabels | set[str] | None = None,
    concepts: Concepts | None = None,
) -> ModuleBank:
    """Load and validate one module's ``questions.yaml``.

    The module number and slug come from the ``NN-slug`` folder when it has that form
    (otherwise from the file's ``module:``). With ``known_labels`` (from
    :func:`find_source_labels`, or a set of names known to be usable), every ``source``
    must be a label students can follow. Raises :class:`UserError` listing every problem.
    """
    path = Path(path)
    problems: list[Problem] = []
    if concepts is None:
        concepts, problems = load_concepts(concepts_path(path.parent.parent))
    nodes = NodeChecker(path)
    labels = SourceLabels.trusted(known_labels) if isinstance(known_labels, set) else known_labels
    bank = _read_file(nodes, labels, concepts)
    if problems:
        raise UserError(problems)
    if nodes.problems or bank is None:
        raise UserError(sorted(nodes.problems, key=_problem_order))
    return bank


def load_bank(course_root: Path, check_sources: bool = True) -> Bank:
    """Load every ``docs/modules/NN-slug/questions.yaml`` of the course, in module order.

    With ``check_sources``, ``source`` labels must be defined in ``docs/**/*.md``, before a
    heading, outside instructor notes.
    Problems from all files, and ids repeated across files, are raised together.
    """
    course_root = Path(course_root)
    labels = find_source_labels(course_root / "docs") if check_sources else None
    modules: list[ModuleBank] = []
    concepts, problems = load_concepts(concepts_path(course_root / "docs" / "modules"))
    for folder in module_dirs(course_root):
        bank_path = folder / BANK_FILE
        if not bank_path.is_file():
            continue
        try:
            modules.append(load_module_bank(bank_path, labels, concepts))
        except UserError as error:
            problems.extend(error.problems)
    problems.extend(_cross_module_problems(modules))
    if problems:
        raise UserError(problems)
    return Bank(tuple(modules))


def _read_file(
    nodes: NodeChecker, known_labels: SourceLabels | None, concepts: Concepts
) -> ModuleBank | None:
    root = nodes.compose()
    if root is None:
        return None
    record = nodes.read_mapping(root, FILE_FIELDS, "the file", _file_key_hint)
    if record is None:
        return None
    folder = split_module_dir(nodes.path.parent)
    slug = _check_module(nodes, record, folder)
    reader = QuestionReader(nodes, slug, known_labels, concepts)
    entry = record.values.get("questions")
    questions = [reader.read(item) for item in (entry.node.value if entry else [])]
    number = folder[0] if folder else 0
    kept = with_rivals(tuple(q for q in questions if q))
    objectives = tuple(record.get("objectives", ()))
    return ModuleBank(slug or "", number, nodes.path, kept, objectives)


def _check_module(nodes: NodeChecker, record: Record, folder: tuple[int, str] | None) -> str | None:
    """The module slug: the folder's, which a written ``module:`` must agree with."""
    written: str | None = record.get("module")
    if folder is None:
        return written
    slug = folder[1]
    if written is not None and written != slug:
        nodes.report(
            record.node_of("module"),
            f"module is '{echo(written)}' but the folder is {nodes.path.parent.name}",
            f"write 'module: {slug}' (the folder name without its number)",
        )
    return slug


def _file_key_hint(key: str) -> str:
    if any(f.name == key for f in ANY_QUESTION_FIELDS):
        return "question fields belong inside an entry of the 'questions:' list"
    return ""


def _cross_module_problems(modules: list[ModuleBank]) -> list[Problem]:
    problems: list[Problem] = []
    slugs: dict[str, ModuleBank] = {}
    for module in modules:
        if module.slug in slugs:
            problems.append(
                Problem(
                    Location(display_path(module.path)),
                    f"module slug '{module.slug}' is used by two folders",
                    f"rename one of them; the other is {display_path(slugs[module.slug].path)}",
                )
            )
        slugs.setdefault(module.slug, module)
    seen: dict[str, Question] = {}
    for module in modules:
        for question in module.questions:
            first = seen.setdefault(question.id, question)
            if first is not question:
                problems.append(
                    Problem(
                        question.location,
                        f"duplicate question id '{question.id}'",
                        f"ids are unique across the whole bank; it is first used at "
                        f"{first.location}",
                    )
                )
    return problems


def _problem_order(problem: Problem) -> tuple[int, int]:
    return (problem.location.line, problem.location.column)
