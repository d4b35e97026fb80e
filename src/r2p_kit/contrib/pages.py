"""Read a MyST page into lines, headings, labels, directives and roles, without Sphinx.

``r2p-kit lint`` must start fast and answer in a second, so it reads the Markdown source
directly. The scanner knows just enough MyST for the checks: front matter, code fences,
backtick and colon directive fences (nested), headings, ``(label)=`` lines and roles.
What a directive's content means is left to the checks; only whether it is Markdown at
all (a note, an instructor block) or raw text (a toctree, a glossary, code) matters here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^{}\s]+)\}\s*(?P<argument>.*)$")
HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})\s+(?P<title>.*?)(?:\s+#+)?\s*$")
LABEL = re.compile(r"^ {0,3}\((?P<label>[^()\s]+)\)=\s*$")
ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:.+-]*)\}`(?P<content>[^`]*)`")
EXTENSION_PREFIX = "r2p-"
OPTION = re.compile(r"^:(?P<name>[\w-]+):\s*(?P<value>.*)$")
# Directives whose content is not Markdown: their lines never hold headings, labels or roles.
RAW_DIRECTIVES = frozenset(
    {
        "toctree",
        "glossary",
        "code",
        "code-block",
        "code-cell",
        "sourcecode",
        "literalinclude",
        "math",
        "raw",
        "csv-table",
        "bibliography",
        "eval-rst",
        "mermaid",
        "graphviz",
    }
)


@dataclass(frozen=True)
class Line:
    """One source line and where it sits: inside which directives, and whether it is Markdown."""

    number: int
    text: str
    scope: tuple[str, ...] = ()
    markdown: bool = True


@dataclass(frozen=True)
class Directive:
    """A fenced directive: its name, argument, options and the lines between its fences.

    ``line`` is the opening fence and ``end`` the closing one (the last line if unclosed).
    """

    name: str
    argument: str
    line: int
    scope: tuple[str, ...]
    options: dict[str, str] = field(default_factory=dict)
    body: tuple[Line, ...] = ()
    end: int = 0


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    line: int
    label: str = ""


@dataclass(frozen=True)
class Label:
    name: str
    line: int
    scope: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """An inline role such as ``{term}`genocide``` and the line it starts on."""

    name: str
    content: str
    line: int

    @property
    def target(self) -> str:
        """``text <target>`` gives ``target``; a bare ``target`` gives itself."""
        match = re.match(r"^(?:.*?)<(?P<target>[^<>]+)>\s*$", self.content, re.S)
        return (match["target"] if match else self.content).strip()


@dataclass(frozen=True)
class Page:
    path: Path
    lines: tuple[Line, ...]
    front_matter: dict[str, Any]
    directives: tuple[Directive, ...]
    headings: tuple[Heading, ...]
    labels: tuple[Label, ...]
    roles: tuple[Role, ...]

    @property
    def orphan(self) -> bool:
        return bool(self.front_matter.get("orphan"))

    def directives_named(self, name: str) -> list[Directive]:
        return [d for d in self.directives if d.name == name]

    def section(self, heading: Heading) -> list[Line]:
        """The lines after ``heading`` up to the next heading of the same or a higher level."""
        start = heading.line
        end = len(self.lines)
        for other in self.headings:
            if other.line > start and other.level <= heading.level:
                end = other.line - 1
                break
        return list(self.lines[start:end])


@dataclass
class _Open:
    """A fence still open while scanning."""

    char: str
    length: int
    name: str
    markdown: bool
    directive: Directive | None
    body: list[Line] = field(default_factory=list)


def read_page(path: Path) -> Page:
    return parse_page(path.read_text(encoding="utf-8", errors="replace"), path)


def parse_page(text: str, path: Path) -> Page:
    """Scan ``text`` once; every line is tagged with the directives that enclose it."""
    source = text.splitlines()
    front, front_end = _front_matter(source)
    lines: list[Line] = []
    directives: list[Directive] = []
    stack: list[_Open] = []
    for index, raw in enumerate(source):
        number = index + 1
        scope = tuple(item.name for item in stack)
        if index < front_end:
            lines.append(Line(number, raw, scope, markdown=False))
            continue
        markdown = all(item.markdown for item in stack)
        fence = FENCE.match(raw)
        if fence and stack and _closes(fence, stack[-1]):
            closed = stack.pop()
            lines.append(Line(number, raw, scope, markdown=False))
            if closed.directive is not None:
                directives.append(_finish(closed, number))
            continue
        if fence and markdown and (fence["info"] or fence["fence"][0] != ":"):
            opened = _open(fence, number, scope)  # a bare ``` opens a code block
            stack.append(opened)
            lines.append(Line(number, raw, scope, markdown=False))
            continue
        line = Line(number, raw, scope, markdown)
        lines.append(line)
        if stack:
            stack[-1].body.append(line)
    for unclosed in stack:  # an unclosed fence runs to the end of the page, as in CommonMark
        if unclosed.directive is not None:
            directives.append(_finish(unclosed, len(source)))
    headings, labels = _headings_and_labels(lines)
    return Page(
        path=path,
        lines=tuple(lines),
        front_matter=front,
        directives=tuple(sorted(directives, key=lambda d: d.line)),
        headings=tuple(headings),
        labels=tuple(labels),
        roles=tuple(_roles(lines)),
    )


def _front_matter(source: list[str]) -> tuple[dict[str, Any], int]:
    if not source or source[0].strip() != "---":
        return {}, 0
    for index in range(1, len(source)):
        if source[index].strip() == "---":
            try:
                data = yaml.safe_load("\n".join(source[1:index]))
            except yaml.YAMLError:
                data = None
            return (data if isinstance(data, dict) else {}), index + 1
    return {}, 0


def _closes(fence: re.Match[str], opened: _Open) -> bool:
    mark = fence["fence"]
    return not fence["info"] and mark[0] == opened.char and len(mark) >= opened.length


def _open(fence: re.Match[str], number: int, scope: tuple[str, ...]) -> _Open:
    mark = fence["fence"]
    info = DIRECTIVE_INFO.match(fence["info"])
    if info is None:  # a code fence such as ```python
        return _Open(mark[0], len(mark), "", markdown=False, directive=None)
    # The extension's directives are registered as ``r2p-instructor`` and so on, with the short
    # names as aliases: the checks know them by the short name.
    name = info["name"].removeprefix(EXTENSION_PREFIX)
    directive = Directive(name, info["argument"].strip(), number, scope)
    return _Open(mark[0], len(mark), name, name not in RAW_DIRECTIVES, directive)


def _finish(opened: _Open, end: int) -> Directive:
    """Split the leading ``:option: value`` lines off the directive's body."""
    assert opened.directive is not None
    body = opened.body
    options: dict[str, str] = {}
    start = 0
    while start < len(body) and (option := OPTION.match(body[start].text)):
        options[option["name"]] = option["value"].strip()
        start += 1
    base = opened.directive
    return Directive(
        base.name, base.argument, base.line, base.scope, options, tuple(body[start:]), end
    )


def _headings_and_labels(lines: list[Line]) -> tuple[list[Heading], list[Label]]:
    """Headings outside directives, each with the ``(label)=`` written just before it."""
    headings: list[Heading] = []
    labels: list[Label] = []
    pending = ""
    for line in lines:
        label = LABEL.match(line.text) if line.markdown else None
        heading = HEADING.match(line.text) if line.markdown and not line.scope else None
        if label:
            labels.append(Label(label["label"], line.number, line.scope))
            pending = label["label"]
        elif heading:
            headings.append(
                Heading(len(heading["marks"]), heading["title"].strip(), line.number, pending)
            )
            pending = ""
        elif line.text.strip():
            pending = ""
    return headings, labels


def _roles(lines: list[Line]) -> list[Role]:
    """Roles in Markdown lines; a role may wrap onto the next line of its paragraph."""
    masked = "\n".join(line.text if line.markdown else "" for line in lines)
    roles: list[Role] = []
    for match in ROLE.finditer(masked):
        if "\n\n" in match["content"]:
            continue
        number = masked.count("\n", 0, match.start()) + 1
        roles.append(Role(match["role"], " ".join(match["content"].split()), number))
    return roles


def markdown_pages(docs_dir: Path) -> list[Path]:
    """Every ``docs/**/*.md`` Sphinx reads: build output and hidden or ``_`` folders are skipped."""
    found = []
    for page in sorted(docs_dir.rglob("*.md")):
        parts = page.relative_to(docs_dir).parts[:-1]
        if any(part.startswith(("_", ".")) or part == "node_modules" for part in parts):
            continue
        found.append(page)
    return found
