"""Check composed YAML nodes against the field table of :mod:`r2p_kit.bank.fields`.

This half of the loader knows YAML and the table, and nothing about what a question
means: it reads a file into nodes, checks keys, kinds, required fields, list lengths and
minimums, and reports each problem at the node it came from. The bank's own rules (one
correct option, markers and blanks, ids and labels) are in :mod:`r2p_kit.bank.rules`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from r2p_kit.bank.fields import ID_PATTERN, Field
from r2p_kit.errors import Location, Problem
from r2p_kit.figures import plain_number
from r2p_kit.paths import display_path

# libyaml's composer is ten times faster; the pure-Python one words errors the same on every
# machine, so it re-reads only a file that libyaml rejects.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
QUOTE_HINT = "put the value in quotes to make it text"
# Numbers a bank holds are years, counts and shares: below 10**15 every output shows them
# exactly (a float holds 15 digits), and no digit string is long enough to stall int().
LARGEST_NUMBER = 10**15
_LARGEST_SHOWN = "1,000,000,000,000,000"
_TAG = "tag:yaml.org,2002:"
# Plain scalars that YAML 1.1 reads as something other than text; a text field never
# constructs them, so a 5,000-digit "prompt" is reported, not converted.
_NOT_TEXT_TAGS = {_TAG + t for t in ("null", "bool", "int", "float", "timestamp")}
# YAML 1.1 readings a contributor does not predict: 0700 is octal 448, 33:20 is 2000.
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


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


class _Invalid:
    """Marks a value that was reported as a problem and must not reach the model."""


INVALID: Any = _Invalid()
_NOT_TEXT: Any = object()  # a non-text scalar in a text field: reported, never constructed
_RANGE_END = Field("range", "number", "")


class NodeChecker:
    """Reads one file's nodes against field tables, collecting problems instead of stopping."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = display_path(path)
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()
        self.lines: list[str] = []  # the source, for what YAML leaves out of the nodes

    # -- reporting -------------------------------------------------------------------------

    def at(self, node: Node | None) -> Location:
        if node is None:
            return Location(self.shown)
        mark = node.start_mark
        return Location(self.shown, mark.line + 1, mark.column + 1)

    def report(self, node: Node | None, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.at(node), message, hint))

    # -- the file --------------------------------------------------------------------------

    def compose(self) -> Node | None:
        """The file's root node, or ``None`` with the reason reported."""
        try:
            raw = self.path.read_bytes()
        except OSError as error:
            self.report(None, f"cannot read the file: {error.strerror or error}")
            return None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = Location.of_byte(self.shown, raw, error.start).line
            self.problems.append(
                Problem(
                    Location(self.shown, line),
                    "the file is not valid UTF-8 text",
                    "save it with UTF-8 encoding",
                )
            )
            return None
        self.lines = text.splitlines()
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
        except yaml.reader.ReaderError as error:
            code = error.character if isinstance(error.character, int) else ord(error.character)
            self.problems.append(
                Problem(
                    Location(self.shown, text[: error.position].count("\n") + 1),
                    f"the file holds the character U+{code:04X}, which YAML does not allow",
                    "delete it (most editors do not show it); tabs and line breaks are fine",
                )
            )
            return None
        except yaml.YAMLError as error:
            first_line = (str(error).splitlines() or ["not readable"])[0]
            self.problems.append(
                Problem(
                    Location(self.shown, 1),
                    f"invalid YAML: {echo(first_line, 100)}",
                    "save the file as plain UTF-8 text",
                )
            )
            return None
        except NestedTooDeep as error:
            self._too_deep(error.line)
            return None
        except RecursionError:  # the Python parser, on nesting under MAX_DEPTH: not expected
            self._too_deep(1)
            return None
        if root is None:
            self.report(
                None,
                "the file is empty",
                "start with 'module: <slug>' and a 'questions:' list",
            )
        return root

    def _too_deep(self, line: int) -> None:
        self.problems.append(
            Problem(
                Location(self.shown, line),
                "invalid YAML: nested too deeply",
                "flatten the structure; a bank needs a few levels of lists and mappings",
            )
        )

    # -- mappings and values ---------------------------------------------------------------

    def read_mapping(
        self,
        node: Node,
        fields: Iterable[Field],
        what: str,
        key_hint: Callable[[str], str] = lambda key: "",
    ) -> Record | None:
        """Check ``node``'s keys against ``fields`` and read every value of a known key."""
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
                    f"duplicate key '{echo(key)}'",
                    f"remove one of the two; the first is on line {self.at(keys_seen[key]).line}",
                )
                continue
            keys_seen[key] = key_node
            record.raw[key] = value_node
            spec = table.get(key)
            if spec is None:
                self.report(
                    key_node,
                    f"unknown key '{echo(key)}' in {what}",
                    _unknown_hint(key, table, key_hint(key)),
                )
                continue
            value = self.read_value(spec, value_node)
            if value is not INVALID:
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
                return INVALID
            return self._read_list(spec, node)
        if spec.kind == "object" and spec.item is not None:
            if not isinstance(node, MappingNode):
                self.report(
                    node,
                    f"'{name}' must be a mapping, not {self.describe(node)}",
                    f"indent its keys under it: {', '.join(f.name for f in spec.item.fields)}",
                )
                return INVALID
            record = self.read_mapping(node, spec.item.fields, f"'{name}'")
            if record is None or any(
                f.name not in record.values for f in spec.item.fields if f.required
            ):
                return INVALID
            return record
        if not isinstance(node, ScalarNode):
            self.report(
                node,
                f"'{name}' must be a single value, not {self.describe(node)}",
                "write the value on the same line as its key",
            )
            return INVALID
        if spec.kind in ("int", "number"):
            return self._read_number(spec, node, self._number_scalar(spec, node))
        if spec.kind == "bool":
            if node.tag != _TAG + "bool":
                self.report(
                    node,
                    f"'{name}' must be true or false, not {self.describe(node)}",
                    "write true or false",
                )
                return INVALID
            return self.scalar(node)
        value = _NOT_TEXT if node.tag in _NOT_TEXT_TAGS else self.scalar(node)
        if value is INVALID:
            return INVALID
        return self._read_text(spec, node, value)

    def _read_text(self, spec: Field, node: Node, value: Any) -> Any:
        name = spec.name
        if not isinstance(value, str) and spec.kind == "enum":
            choices = ", ".join(spec.choices)
            self.report(node, f"'{name}' must be one of {choices}, not {self.describe(node)}")
            return INVALID
        if not isinstance(value, str):
            self.report(node, f"'{name}' must be text, not {self.describe(node)}", QUOTE_HINT)
            return INVALID
        if not self._text_is_whole(name, node, value, prose=spec.kind == "text"):
            return INVALID
        value = value.strip()
        if not value and (spec.required or spec.kind != "text"):
            self.report(node, f"'{name}' is empty", spec.empty_hint or f"write the {name}")
            return INVALID
        if spec.kind == "id" and not re.match(ID_PATTERN, value):
            self.report(
                node,
                f"id '{echo(value)}' is not of the form 'module-slug/short-name'",
                "use lowercase letters, digits and hyphens, e.g. 'origins/iciss-year'",
            )
            return INVALID
        if spec.kind == "enum" and value not in spec.choices:
            close = difflib.get_close_matches(value, spec.choices, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.report(
                node,
                f"unknown {name} '{echo(value)}'",
                f"{hint}choose one of: {', '.join(spec.choices)}",
            )
            return INVALID
        return value

    def _number_scalar(self, spec: Field, node: Node) -> Any:
        """The scalar's value, refusing what YAML 1.1 reads unexpectedly or too long to convert."""
        if not isinstance(node, ScalarNode) or node.style or node.tag not in _NOT_TEXT_TAGS:
            return self.scalar(node)
        written = node.value
        if node.tag == _TAG + "int" and sum(c.isdigit() for c in written) > 15:
            self._too_large(spec, node)  # before int() meets 5,000 digits
            return INVALID
        if node.tag == _TAG + "int" and _OCTAL.fullmatch(written):
            digits = written.lstrip("+-").lstrip("0_") or "0"
            self.report(
                node,
                f"'{spec.name}' is written {echo(written)}, which YAML reads as the octal number "
                f"{int(written.replace('_', ''), 8)}",
                f"write {digits} without the leading zero, or quote the value if it is text",
            )
            return INVALID
        if node.tag in (_TAG + "int", _TAG + "float") and _BASE_60.fullmatch(written):
            self.report(
                node,
                f"'{spec.name}' is written {echo(written)}, which YAML reads as a base-60 "
                f"number ({plain_number(self.scalar(node))}), like a time",
                "write the number itself without ':', or quote the value if it is text",
            )
            return INVALID
        return self.scalar(node)

    def _too_large(self, spec: Field, node: Node) -> None:
        written = node.value if isinstance(node, ScalarNode) else ""
        self.report(
            node,
            f"'{spec.name}' is too large: {echo(written)}",
            f"numbers in a bank are below {_LARGEST_SHOWN}, so every output shows them exactly",
        )

    def _text_is_whole(self, name: str, node: Node, text: str, prose: bool = True) -> bool:
        """Text holds no character an export cannot carry, and no comment cut prose short.

        A comment after an id or a type is a comment; after a prompt it is lost text.
        """
        found = _UNSAFE_CHARACTER.search(text)
        bad = found.group() if found else None
        if bad is not None:
            what = (
                "lone surrogate (half a character)" if _is_surrogate(bad) else "control character"
            )
            self.report(
                node,
                f"'{name}' holds the {what} U+{ord(bad):04X}, which quiz exports cannot carry",
                f'delete it: an escape such as "{echo(bad)}" in quoted text, or an invisible '
                "character pasted in",
            )
            return False
        plain = prose and isinstance(node, ScalarNode) and not node.style
        rest = self._rest_of_line(node) if plain else ""
        if rest[:1] in (" ", "\t") and rest.lstrip().startswith("#"):
            self.report(
                node,
                f"'{name}' stops before '{echo(rest.strip(), 40)}': YAML reads ' #' after "
                "unquoted text as the start of a comment",
                "put the whole text in quotes to keep the '#', or move the comment to a line "
                "of its own",
            )
            return False
        return True

    def _rest_of_line(self, node: Node) -> str:
        mark = node.end_mark
        if not 0 <= mark.line < len(self.lines):
            return ""
        return self.lines[mark.line][mark.column :]

    def _read_number(self, spec: Field, node: Node, value: Any) -> Any:
        if value is INVALID:
            return INVALID
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
            return INVALID
        written = node.value if isinstance(node, ScalarNode) else ""
        if math.isinf(value) and "inf" not in written.lower():  # 1e400: too large for a float
            self._too_large(spec, node)
            return INVALID
        if not math.isfinite(value):
            self.report(node, f"'{spec.name}' must be a finite number", "write an ordinary number")
            return INVALID
        if abs(value) >= LARGEST_NUMBER:
            self._too_large(spec, node)
            return INVALID
        if spec.minimum is not None and (
            value < spec.minimum or (spec.exclusive_minimum and value == spec.minimum)
        ):
            relation = "greater than" if spec.exclusive_minimum else "at least"
            self.report(
                node,
                f"'{spec.name}' must be {relation} {plain_number(spec.minimum)}, "
                f"not {plain_number(value)}",
                f"write a {spec.name} {relation} {plain_number(spec.minimum)}",
            )
            return INVALID
        return value

    def _read_list(self, spec: Field, node: SequenceNode) -> Any:
        items = node.value
        if spec.kind == "range":
            numbers = [
                self._read_number(_RANGE_END, item, self._number_scalar(_RANGE_END, item))
                for item in items
            ]
            if len(items) != 2:
                self.report(
                    node,
                    f"'{spec.name}' must have exactly two numbers [low, high], not {len(items)}",
                    f"write '{spec.name}: [2000, 2002]'",
                )
                return INVALID
            return INVALID if INVALID in numbers else tuple(numbers)
        count_ok = self._check_count(spec, node)
        values: list[Any] = []
        for item in items:
            if spec.kind == "texts":
                text = self._read_list_text(spec, item)
                if text is not INVALID:
                    values.append(text)
            elif spec.item is None:  # the questions list: each is read by the bank rules
                values.append(item)
            else:
                record = self.read_mapping(item, spec.item.fields, f"an entry of '{spec.name}'")
                if record is not None:
                    values.append(record)
        if not count_ok or len(values) != len(items):
            return INVALID
        return values

    def _read_list_text(self, spec: Field, item: Node) -> Any:
        if not isinstance(item, ScalarNode):
            self.report(
                item,
                f"each entry of '{spec.name}' must be text, not {self.describe(item)}",
                "write one text per entry",
            )
            return INVALID
        value = _NOT_TEXT if item.tag in _NOT_TEXT_TAGS else self.scalar(item)
        if value is INVALID:
            return INVALID
        if isinstance(value, str) and not self._text_is_whole(spec.name, item, value):
            return INVALID
        if not isinstance(value, str) or not value.strip():
            what = "empty" if isinstance(value, str) else self.describe(item)
            self.report(
                item,
                f"each entry of '{spec.name}' must be text, not {what}",
                QUOTE_HINT if not isinstance(value, str) else "write the text",
            )
            return INVALID
        if spec.choices and value.strip() not in spec.choices:
            close = difflib.get_close_matches(value.strip(), spec.choices, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.report(
                item,
                f"unknown entry '{echo(value.strip())}' in '{spec.name}'",
                f"{hint}choose one of: {', '.join(spec.choices)}",
            )
            return INVALID
        return value.strip()

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
                f"remove {count - spec.max_items}"
                + (f": {spec.max_reason}" if spec.max_reason else ""),
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
            return INVALID
        if not node.tag.startswith(_TAG):
            self.report(
                node,
                f"the tag '{echo(node.tag)}' is not one a bank uses",
                "remove the tag (the word starting with '!') before the value",
            )
            return INVALID
        try:
            return self.constructor.construct_object(node, deep=True)
        except (
            yaml.YAMLError,
            ValueError,  # !!int maybe, 5,000 digits
            OverflowError,
            TypeError,
            LookupError,  # !!bool maybe, !!int ''
            AttributeError,  # !!timestamp maybe
        ) as error:
            # A YAML error's own text names "<unicode string>" and spans lines: keep its reason.
            # Anything else is PyYAML's constructor meeting a value its explicit tag cannot hold.
            if isinstance(error, yaml.MarkedYAMLError):
                reason, hint = error.problem or "not valid", QUOTE_HINT
            else:
                tag = "!!" + node.tag.removeprefix(_TAG)
                reason, hint = (
                    f"it is not a valid {tag}",
                    f"remove the tag '{tag}' or fix the value",
                )
            self.report(
                node, f"cannot read the value '{echo(node.value)}': {echo(reason, 100)}", hint
            )
            return INVALID

    def describe(self, node: Node) -> str:
        if isinstance(node, SequenceNode):
            return "a list"
        if isinstance(node, MappingNode):
            return "a mapping"
        tag = node.tag.rsplit(":", 1)[-1]
        names = {
            "null": "an empty value",
            "bool": f"the true/false value {echo(node.value)}",
            "int": f"the number {echo(node.value)}",
            "float": f"the number {echo(node.value)}",
            "timestamp": f"the date {echo(node.value)}",
            "str": f"the text '{echo(node.value)}'",
        }
        return names.get(tag, f"a value tagged {echo(node.tag)}")


def _is_surrogate(character: str) -> bool:
    return 0xD800 <= ord(character) <= 0xDFFF


# Control characters (category Cc, but tab and newline), lone surrogates, U+FFFE and U+FFFF:
# one search over the text, as a bank holds hundreds of thousands of characters.
_UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _unknown_hint(key: str, table: dict[str, Field], extra: str) -> str:
    if extra:
        return extra
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed here: {', '.join(table)}"


def echo(text: str, limit: int = 60) -> str:
    """``text`` as a message may quote it: control characters escaped, the middle cut if long.

    A hostile or careless bank must not flood the terminal or write escape sequences to it.
    """
    if len(text) > limit:
        return _escaped(text[: limit // 2]) + "…" + _escaped(text[-(limit // 2) :])
    return _escaped(text)


def _escaped(text: str) -> str:
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


class NestedTooDeep(Exception):
    """Collections nest deeper than any bank needs (and than the Python parser can recurse)."""

    def __init__(self, line: int) -> None:
        super().__init__(f"nested too deeply at line {line}")
        self.line = line


# A bank nests a few levels; Python's parser recurses about three frames a level.
MAX_DEPTH = 200


def compose_yaml(text: str) -> Node | None:
    """Compose with libyaml when it is there; errors always come from the Python parser.

    Raises :class:`NestedTooDeep` rather than hand deep nesting to the Python parser,
    which would recurse (and scan it in quadratic time) before failing.
    """
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        _refuse_deep_nesting(text)
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _refuse_deep_nesting(text: str) -> None:
    """Raise :class:`NestedTooDeep` at the line where nesting passes :data:`MAX_DEPTH`."""
    opening = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, opening):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise NestedTooDeep(mark.line + 1 if mark else 1)
            elif isinstance(event, closing):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error):  # libyaml's own limit, met before ours in flow
            mark = error.problem_mark
            raise NestedTooDeep(mark.line + 1 if mark else 1) from error
