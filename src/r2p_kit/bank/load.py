"""Read ``questions.yaml`` files into the bank model: the only code that meets raw bank YAML.

Everything is validated here, once, and every problem in a file is reported together as
``file:line:col: message; hint``, so a contributor fixes a whole file in one pass and
everything downstream can trust the model.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from r2p_kit.bank.fields import (
    COMMON_FIELDS,
    FILE_FIELDS,
    ID_PATTERN,
    Field,
    question_fields,
    types_using,
)
from r2p_kit.bank.labels import find_labels
from r2p_kit.bank.model import (
    QUESTION_TYPES,
    Bank,
    Body,
    Choice,
    Cloze,
    Essay,
    Matching,
    ModuleBank,
    Numeric,
    Option,
    Ordering,
    Pair,
    Question,
    RubricPoint,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
    WrongAnswer,
)
from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.paths import display_path, module_dirs, split_module_dir

BANK_FILE = "questions.yaml"
# libyaml's composer is ten times faster; the pure-Python one words errors the same on every
# machine, so it re-reads only a file that libyaml rejects.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MARKER = re.compile(r"\{\{(?P<inside>[^{}]*)\}\}")
QUOTE_HINT = "put the value in quotes to make it text"


@dataclass
class Entry:
    """A value read from the YAML and the node it came from (for locating later problems)."""

    value: Any
    node: Node


@dataclass
class Record:
    """A mapping whose keys were checked against a field table."""

    node: Node
    values: dict[str, Entry] = field(default_factory=dict)
    raw: dict[str, Node] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        entry = self.values.get(name)
        return default if entry is None else entry.value

    def node_of(self, name: str) -> Node:
        return self.raw.get(name, self.node)


def load_module_bank(path: Path, known_labels: set[str] | None = None) -> ModuleBank:
    """Load and validate one module's ``questions.yaml``.

    The module number and slug come from the ``NN-slug`` folder when it has that form
    (otherwise from the file's ``module:``). With ``known_labels``, every ``source``
    must be one of them. Raises :class:`UserError` listing every problem in the file.
    """
    reader = _FileReader(Path(path), known_labels)
    bank = reader.read()
    if reader.problems or bank is None:
        raise UserError(sorted(reader.problems, key=_problem_order))
    return bank


def load_bank(course_root: Path, check_sources: bool = True) -> Bank:
    """Load every ``docs/modules/NN-slug/questions.yaml`` of the course, in module order.

    With ``check_sources``, ``source`` labels must be defined in ``docs/**/*.md``.
    Problems from all files, and ids repeated across files, are raised together.
    """
    course_root = Path(course_root)
    labels = find_labels(course_root / "docs") if check_sources else None
    modules: list[ModuleBank] = []
    problems: list[Problem] = []
    for folder in module_dirs(course_root):
        bank_path = folder / BANK_FILE
        if not bank_path.is_file():
            continue
        try:
            modules.append(load_module_bank(bank_path, labels))
        except UserError as error:
            problems.extend(error.problems)
    problems.extend(_cross_module_problems(modules))
    if problems:
        raise UserError(problems)
    return Bank(tuple(modules))


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


class _FileReader:
    """Reads one bank file, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path, known_labels: set[str] | None) -> None:
        self.path = path
        self.shown = display_path(path)
        self.known_labels = known_labels
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()
        self.folder = split_module_dir(path.parent)

    # -- reporting -------------------------------------------------------------------------

    def at(self, node: Node | None) -> Location:
        if node is None:
            return Location(self.shown)
        mark = node.start_mark
        return Location(self.shown, mark.line + 1, mark.column + 1)

    def report(self, node: Node | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.at(node), message, hint))

    # -- the file --------------------------------------------------------------------------

    def read(self) -> ModuleBank | None:
        root = self._compose()
        if root is None:
            return None
        record = self.read_mapping(root, FILE_FIELDS, "the file", self._file_key_hint)
        if record is None:
            return None
        slug = self._check_module(record)
        ids: dict[str, Node] = {}
        questions: list[Question] = []
        entry = record.values.get("questions")
        for item in entry.node.value if entry else []:
            question = self.read_question(item, slug, ids)
            if question is not None:
                questions.append(question)
        number = self.folder[0] if self.folder else 0
        return ModuleBank(slug or "", number, self.path, tuple(questions))

    def _compose(self) -> Node | None:
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            self.report(None, f"cannot read the file: {error.strerror or error}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problems.append(
                Problem(
                    Location(self.shown, line),
                    "the file is not valid UTF-8 text",
                    "save it with UTF-8 encoding",
                )
            )
            return None
        try:
            root = compose_yaml(text)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            location = Location(self.shown, mark.line + 1, mark.column + 1) if mark else None
            message = "; ".join(p for p in (error.context, error.problem) if p)
            self.problems.append(
                Problem(
                    location or Location(self.shown),
                    f"invalid YAML: {message}",
                    "check the indentation here, and put text containing ': ', '#' or "
                    "starting with a special character in quotes",
                )
            )
            return None
        except yaml.YAMLError as error:
            self.report(None, f"invalid YAML: {error}", "save the file as plain UTF-8 text")
            return None
        except RecursionError:
            self.report(None, "invalid YAML: nested too deeply", "flatten the structure")
            return None
        if root is None:
            self.report(
                None,
                "the file is empty",
                "start with 'module: <slug>' and a 'questions:' list",
            )
        return root

    def _check_module(self, record: Record) -> str | None:
        written: str | None = record.get("module")
        if self.folder is None:
            return written
        slug = self.folder[1]
        if written is not None and written != slug:
            self.report(
                record.node_of("module"),
                f"module is '{written}' but the folder is {self.path.parent.name}",
                f"write 'module: {slug}' (the folder name without its number)",
            )
        return slug

    def _file_key_hint(self, key: str) -> str:
        if any(f.name == key for f in _ALL_QUESTION_FIELDS):
            return "question fields belong inside an entry of the 'questions:' list"
        return ""

    # -- questions -------------------------------------------------------------------------

    def read_question(self, node: Node, slug: str | None, ids: dict[str, Node]) -> Question | None:
        before = len(self.problems)
        if not isinstance(node, MappingNode):
            self.report(
                node,
                f"a question must be a mapping of fields, not {self.describe(node)}",
                "start each question with '- id: ...' and indent its fields",
            )
            return None
        qtype = self._peek_type(node)
        fields = question_fields(qtype) if qtype else _ALL_QUESTION_FIELDS
        record = self.read_mapping(
            node, fields, "a question", lambda key: self._question_key_hint(key, qtype)
        )
        if record is None:
            return None
        self._check_id(record, slug, ids)
        self._check_source(record)
        body = self._read_body(qtype, record) if qtype else None
        points_read = "points" in record.values or "points" not in record.raw
        if qtype == "essay" and points_read and record.get("points", 1) <= 1:
            self.report(
                record.node_of("points"),
                "an essay question must be worth more than 1 point",
                "set points to what the rubric is worth, e.g. 'points: 4'",
            )
        if body is None or len(self.problems) > before:
            return None
        return Question(
            id=record.get("id"),
            type=qtype,  # type: ignore[arg-type]
            module=slug or "",
            prompt=record.get("prompt"),
            body=body,
            explanation=record.get("explanation", ""),
            hints=tuple(record.get("hints", ())),
            source=record.get("source", ""),
            objective=record.get("objective"),
            difficulty=record.get("difficulty", "medium"),
            points=float(record.get("points", 1)),
            shuffle=record.get("shuffle", True),
            tags=tuple(record.get("tags", ())),
            location=self.at(node),
        )

    def _peek_type(self, node: MappingNode) -> str | None:
        """The question's type if it is valid; reading the type reports its own problems."""
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == "type":
                text = value.value if isinstance(value, ScalarNode) else None
                return text if text in QUESTION_TYPES else None
        return None

    def _question_key_hint(self, key: str, qtype: str | None) -> str:
        if qtype in ("single", "multiple") and key in ("answer", "answers", "correct"):
            return "mark the right option(s) inside 'options' with 'correct: true'"
        owners = [t for t in types_using(key) if t != qtype]
        if owners and qtype:
            return f"'{key}' belongs to {', '.join(owners)} questions, not to {qtype} questions"
        return ""

    def _check_id(self, record: Record, slug: str | None, ids: dict[str, Node]) -> None:
        qid = record.get("id")
        if qid is None:
            return
        node = record.node_of("id")
        if slug and not qid.startswith(f"{slug}/"):
            self.report(
                node,
                f"id '{qid}' does not start with the module slug '{slug}/'",
                f"write ids as '{slug}/short-name'",
            )
        if qid in ids:
            first = self.at(ids[qid])
            self.report(
                node,
                f"duplicate question id '{qid}'",
                f"ids are unique across the whole bank; it is first used at line {first.line}",
            )
        else:
            ids[qid] = node

    def _check_source(self, record: Record) -> None:
        source = record.get("source")
        if source is None or self.known_labels is None or source in self.known_labels:
            return
        close = difflib.get_close_matches(source, sorted(self.known_labels), n=1)
        hint = (
            f"did you mean '{close[0]}'?"
            if close
            else "add '(label)=' before the heading where the answer is taught, or fix the label"
        )
        self.report(
            record.node_of("source"), f"source label '{source}' is not defined in the docs", hint
        )

    # -- type-specific bodies --------------------------------------------------------------

    def _read_body(self, qtype: str, record: Record) -> Body | None:
        reader: Callable[[Record], Body | None] = getattr(self, "_body_" + qtype.replace("-", "_"))
        return reader(record)

    def _body_single(self, record: Record) -> Body | None:
        return self._choice(record, multiple=False)

    def _body_multiple(self, record: Record) -> Body | None:
        return self._choice(record, multiple=True)

    def _choice(self, record: Record, multiple: bool) -> Body | None:
        entry = record.values.get("options")
        if entry is None:
            return None
        options = [
            Option(r.get("text"), r.get("correct", False), r.get("feedback", ""))
            for r in entry.value
            if r.get("text") is not None
        ]
        if len(options) != len(entry.value):
            return None
        self._check_unique([(o.text, r.node) for o, r in zip(options, entry.value, strict=True)])
        correct = sum(option.correct for option in options)
        if correct == 0:
            self.report(
                entry.node,
                "no option is marked 'correct: true'",
                "mark the right option with 'correct: true'",
            )
        elif correct > 1 and not multiple:
            self.report(
                entry.node,
                f"a single-choice question has exactly one correct option, but {correct} are "
                "marked",
                "keep 'correct: true' on one option, or use 'type: multiple'",
            )
        return Choice(tuple(options), multiple=multiple)

    def _body_true_false(self, record: Record) -> Body | None:
        answer = record.get("answer")
        if answer is None:
            return None
        return TrueFalse(answer, record.get("feedback_true", ""), record.get("feedback_false", ""))

    def _body_short(self, record: Record) -> Body | None:
        expected = self._text_answer(record)
        return None if expected is None else ShortAnswer(expected)

    def _text_answer(self, record: Record) -> TextAnswer | None:
        entry = record.values.get("answers")
        if entry is None:
            return None
        answers: list[str] = entry.value
        self._check_unique(list(zip(answers, entry.node.value, strict=True)))
        tolerance = record.get("typo_tolerance", 0)
        shortest = min((len(a) for a in answers), default=0)
        if tolerance and tolerance >= shortest:
            self.report(
                record.node_of("typo_tolerance"),
                f"typo_tolerance {tolerance} would accept almost anything for the "
                f"{shortest}-character answer '{min(answers, key=len)}'",
                "keep typo_tolerance well below the length of the shortest answer, or drop it",
            )
        wrong = []
        accepted = {a.casefold() for a in answers}
        for item in record.get("wrong_answers", ()):
            text = item.get("text")
            if text is None:
                return None
            if text.casefold() in accepted:
                self.report(
                    item.node_of("text"),
                    f"'{text}' is listed both as accepted and as a wrong answer",
                    "remove it from one of the two lists",
                )
            wrong.append(WrongAnswer(text, item.get("feedback", "")))
        return TextAnswer(
            tuple(answers),
            accents_optional=record.get("accents_optional", False),
            typo_tolerance=tolerance,
            wrong_answers=tuple(wrong),
        )

    def _body_numeric(self, record: Record) -> Body | None:
        answer = record.get("answer")
        if answer is None:
            return None
        tolerance = record.get("tolerance")
        bounds = record.get("range")
        low = high = None
        if tolerance is not None and bounds is not None:
            self.report(
                record.node_of("range"),
                "give either 'tolerance' or 'range', not both",
                "use tolerance for answer ± t, range for any number in [low, high]",
            )
        if bounds is not None:
            low, high = bounds
            if low > high:
                self.report(
                    record.node_of("range"),
                    f"range [{_num(low)}, {_num(high)}] is empty: low is greater than high",
                    "write the range as [low, high]",
                )
            elif not low <= answer <= high:
                self.report(
                    record.node_of("range"),
                    f"the answer {_num(answer)} is outside its own range "
                    f"[{_num(low)}, {_num(high)}]",
                    "widen the range or correct the answer",
                )
        return Numeric(
            answer=float(answer),
            tolerance=float(tolerance or 0),
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            unit=record.get("unit", ""),
        )

    def _body_ordering(self, record: Record) -> Body | None:
        entry = record.values.get("items")
        if entry is None:
            return None
        self._check_unique(list(zip(entry.value, entry.node.value, strict=True)))
        return Ordering(tuple(entry.value))

    def _body_matching(self, record: Record) -> Body | None:
        entry = record.values.get("pairs")
        if entry is None:
            return None
        pairs = [Pair(r.get("left"), r.get("right")) for r in entry.value]
        if any(p.left is None or p.right is None for p in pairs):
            return None
        self._check_unique([(p.left, r.node) for p, r in zip(pairs, entry.value, strict=True)])
        rights = [(p.right, r.node) for p, r in zip(pairs, entry.value, strict=True)]
        extra = record.values.get("extra_right")
        if extra is not None:
            rights += list(zip(extra.value, extra.node.value, strict=True))
        self._check_unique(rights)
        return Matching(tuple(pairs), tuple(record.get("extra_right", ())))

    def _body_cloze(self, record: Record) -> Body | None:
        text = record.get("text")
        entry = record.values.get("blanks")
        blanks = [self._text_answer(r) for r in entry.value] if entry else []
        raw_blanks = record.raw.get("blanks")
        if text is not None and isinstance(raw_blanks, SequenceNode):
            self._check_markers(text, record.node_of("text"), raw_blanks.value)
        if text is None or entry is None or any(b is None for b in blanks):
            return None
        return Cloze(text, tuple(b for b in blanks if b is not None))

    def _check_markers(self, text: str, text_node: Node, blank_nodes: list[Node]) -> None:
        """Every marker {{n}} has blank n, and every blank has its marker, once."""
        seen: set[int] = set()
        for match in MARKER.finditer(text):
            inside = match["inside"].strip()
            if not inside.isdigit():
                self.report(
                    text_node,
                    f"marker '{match[0]}' is not a blank number",
                    "write blanks as {{1}}, {{2}}, ... in order",
                )
                continue
            number = int(inside)
            if number in seen:
                self.report(
                    text_node,
                    f"marker {{{{{number}}}}} appears more than once",
                    "each blank appears once; add another blank for a second gap",
                )
            elif not 1 <= number <= len(blank_nodes):
                self.report(
                    text_node,
                    f"marker {{{{{number}}}}} has no blank: there are {len(blank_nodes)} blanks",
                    f"add a blank number {number} under 'blanks:' or remove the marker",
                )
            seen.add(number)
        for number, blank_node in enumerate(blank_nodes, start=1):
            if number not in seen:
                self.report(
                    blank_node,
                    f"blank {number} has no marker {{{{{number}}}}} in the text",
                    f"put {{{{{number}}}}} in the text where the answer goes, or remove the blank",
                )

    def _body_essay(self, record: Record) -> Body | None:
        entry = record.values.get("rubric")
        if entry is None:
            return None
        points = [RubricPoint(r.get("point"), tuple(r.get("keywords", ()))) for r in entry.value]
        if any(p.point is None for p in points):
            return None
        return Essay(tuple(points))

    def _check_unique(self, texts: Iterable[tuple[str, Node]]) -> None:
        seen: dict[str, str] = {}
        for text, node in texts:
            key = " ".join(text.casefold().split())
            if key in seen:
                self.report(
                    node,
                    f"'{text}' is listed twice",
                    "each entry must be different, or students cannot tell them apart",
                )
            seen.setdefault(key, text)

    # -- generic mapping and value checks --------------------------------------------------

    def read_mapping(
        self,
        node: Node,
        fields: Iterable[Field],
        what: str,
        key_hint: Callable[[str], str] = lambda key: "",
    ) -> Record | None:
        if not isinstance(node, MappingNode):
            self.report(
                node,
                f"{what} must be a mapping of 'key: value' lines, not {self.describe(node)}",
                "indent its fields under it as 'key: value'",
            )
            return None
        table = {f.name: f for f in fields}
        record = Record(node)
        keys_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != "tag:yaml.org,2002:str":
                self.report(key_node, "keys must be plain words", "write 'name: value'")
                continue
            if key in keys_seen:
                self.report(
                    key_node,
                    f"duplicate key '{key}'",
                    f"remove one of the two; the first is on line {self.at(keys_seen[key]).line}",
                )
                continue
            keys_seen[key] = key_node
            record.raw[key] = value_node
            spec = table.get(key)
            if spec is None:
                self.report(
                    key_node,
                    f"unknown key '{key}' in {what}",
                    _unknown_hint(key, table, key_hint(key)),
                )
                continue
            value = self.read_value(spec, value_node)
            if value is not _INVALID:
                record.values[key] = Entry(value, value_node)
        for spec in table.values():
            if spec.required and spec.name not in keys_seen:
                self.report(
                    node,
                    f"missing required field '{spec.name}' in {what}",
                    f"add '{spec.name}:': {spec.description}",
                )
        return record

    def read_value(self, spec: Field, node: Node) -> Any:
        name = spec.name
        if spec.kind == "any":  # a key of some type, on a question whose type is unknown
            return node
        if spec.kind in ("texts", "objects", "range"):
            if not isinstance(node, SequenceNode):
                self.report(
                    node,
                    f"'{name}' must be a list, not {self.describe(node)}",
                    "write it as '[a, b]' or as lines starting with '- '",
                )
                return _INVALID
            return self._read_list(spec, node)
        if not isinstance(node, ScalarNode):
            self.report(
                node,
                f"'{name}' must be a single value, not {self.describe(node)}",
                "write the value on the same line as its key",
            )
            return _INVALID
        value = self.scalar(node)
        if value is _INVALID:
            return _INVALID
        if spec.kind in ("text", "id", "enum"):
            if not isinstance(value, str) and spec.kind == "enum":
                choices = ", ".join(spec.choices)
                self.report(node, f"'{name}' must be one of {choices}, not {self.describe(node)}")
                return _INVALID
            if not isinstance(value, str):
                self.report(node, f"'{name}' must be text, not {self.describe(node)}", QUOTE_HINT)
                return _INVALID
            value = value.strip()
            if not value and (spec.required or spec.kind != "text"):
                self.report(node, f"'{name}' is empty", f"write the {name}")
                return _INVALID
            if spec.kind == "id" and not re.match(ID_PATTERN, value):
                self.report(
                    node,
                    f"id '{value}' is not of the form 'module-slug/short-name'",
                    "use lowercase letters, digits and hyphens, e.g. 'origins/iciss-year'",
                )
                return _INVALID
            if spec.kind == "enum" and value not in spec.choices:
                close = difflib.get_close_matches(value, spec.choices, n=1, cutoff=0.5)
                hint = f"did you mean '{close[0]}'? " if close else ""
                self.report(
                    node,
                    f"unknown {name} '{value}'",
                    f"{hint}choose one of: {', '.join(spec.choices)}",
                )
                return _INVALID
            return value
        if spec.kind == "bool":
            if not isinstance(value, bool):
                self.report(
                    node,
                    f"'{name}' must be true or false, not {self.describe(node)}",
                    "write true or false",
                )
                return _INVALID
            return value
        return self._read_number(spec, node, value)

    def _read_number(self, spec: Field, node: Node, value: Any) -> Any:
        whole = spec.kind == "int"
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (whole and not isinstance(value, int))
        ):
            kind = "a whole number" if whole else "a number"
            self.report(
                node,
                f"'{spec.name}' must be {kind}, not {self.describe(node)}",
                f"write {kind} without quotes",
            )
            return _INVALID
        if not math.isfinite(value):
            self.report(node, f"'{spec.name}' must be a finite number", "write an ordinary number")
            return _INVALID
        if spec.minimum is not None and (
            value < spec.minimum or (spec.exclusive_minimum and value == spec.minimum)
        ):
            relation = "greater than" if spec.exclusive_minimum else "at least"
            self.report(
                node,
                f"'{spec.name}' must be {relation} {_num(spec.minimum)}, not {_num(value)}",
                f"write a {spec.name} {relation} {_num(spec.minimum)}",
            )
            return _INVALID
        return value

    def _read_list(self, spec: Field, node: SequenceNode) -> Any:
        items = node.value
        if spec.kind == "range":
            numbers = [self._read_number(_RANGE_END, item, self.scalar(item)) for item in items]
            if len(items) != 2:
                self.report(
                    node,
                    f"'range' must have exactly two numbers [low, high], not {len(items)}",
                    "write 'range: [2000, 2002]'",
                )
                return _INVALID
            return _INVALID if _INVALID in numbers else tuple(numbers)
        count_ok = self._check_count(spec, node)
        values: list[Any] = []
        for item in items:
            if spec.kind == "texts":
                if not isinstance(item, ScalarNode):
                    self.report(
                        item,
                        f"each entry of '{spec.name}' must be text, not {self.describe(item)}",
                        "write one text per entry",
                    )
                    continue
                value = self.scalar(item)
                if value is _INVALID:
                    continue
                if not isinstance(value, str) or not value.strip():
                    what = "empty" if isinstance(value, str) else self.describe(item)
                    self.report(
                        item,
                        f"each entry of '{spec.name}' must be text, not {what}",
                        QUOTE_HINT if not isinstance(value, str) else "write the text",
                    )
                    continue
                values.append(value.strip())
            else:
                if spec.item is None:  # the questions list: each is read by read_question
                    values.append(item)
                    continue
                record = self.read_mapping(item, spec.item.fields, f"an entry of '{spec.name}'")
                if record is not None:
                    values.append(record)
        if not count_ok or len(values) != len(items):
            return _INVALID
        return values

    def _check_count(self, spec: Field, node: SequenceNode) -> bool:
        count = len(node.value)
        noun = "one" if spec.min_items == 1 else f"{spec.min_items} {spec.name}"
        if count == 0 and spec.min_items:
            self.report(node, f"'{spec.name}' is an empty list", f"give at least {noun}")
            return False
        if count < spec.min_items:
            self.report(
                node,
                f"'{spec.name}' needs at least {spec.min_items} entries, has {count}",
                f"add {spec.min_items - count} more",
            )
            return False
        if spec.max_items is not None and count > spec.max_items:
            self.report(
                node,
                f"'{spec.name}' allows at most {spec.max_items} entries, has {count}",
                f"remove {count - spec.max_items}",
            )
            return False
        return True

    def scalar(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode):
            self.report(
                node,
                f"expected a single value, not {self.describe(node)}",
                "write the value on the same line as its key",
            )
            return _INVALID
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as error:
            self.report(node, f"cannot read the value '{node.value}': {error}", QUOTE_HINT)
            return _INVALID

    def describe(self, node: Node) -> str:
        if isinstance(node, SequenceNode):
            return "a list"
        if isinstance(node, MappingNode):
            return "a mapping"
        tag = node.tag.rsplit(":", 1)[-1]
        names = {
            "null": "an empty value",
            "bool": f"the true/false value {node.value}",
            "int": f"the number {node.value}",
            "float": f"the number {node.value}",
            "timestamp": f"the date {node.value}",
            "str": f"the text '{node.value}'",
        }
        return names.get(tag, f"a value tagged {node.tag}")


class _Invalid:
    """Marks a value that was reported as a problem and must not reach the model."""


_INVALID: Any = _Invalid()
_RANGE_END = Field("range", "number", "")
# For a question whose type is missing or unknown: accept any question key, require none
# of the type-specific ones (the type problem is reported instead).
_ALL_QUESTION_FIELDS = tuple(
    {
        f.name: f if f in COMMON_FIELDS else replace(f, required=False, kind="any")
        for t in QUESTION_TYPES
        for f in question_fields(t)
    }.values()
)


def _unknown_hint(key: str, table: dict[str, Field], extra: str) -> str:
    if extra:
        return extra
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed here: {', '.join(table)}"


def _num(value: float) -> str:
    """A number as a person writes it: 2005, not 2005.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def compose_yaml(text: str) -> Node | None:
    """Compose with libyaml when it is there; errors always come from the Python parser."""
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)
