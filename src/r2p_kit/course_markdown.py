"""The one scanner of the course's MyST pages, without Sphinx: for the loader's source
labels, ``r2p-kit lint`` (through :mod:`r2p_kit.contrib.pages`) and ``r2p-kit check``'s
"re-read" sections (:mod:`r2p_kit.check.sources`).

Commands must answer in a second, so they read the Markdown source instead of building
the site. This module knows just enough MyST to agree with Sphinx: front matter, code
fences and directive fences (backticks, tildes and colons, nested), which directives hold
Markdown, ATX and setext headings, ``(label)=`` lines and inline roles. Every line is
tagged with the directives around it (an instructor block, a note) and whether it is
Markdown at all; what a directive's content means is left to the callers.

A label's *title* is what ``{ref}`label``` shows: the heading after it, or the caption
or title of a figure, captioned code block, titled table, rubric or captioned toctree.
A label before anything else (a paragraph, a list, a note, the end of the page) has no
title, and a ``{ref}`` to it without an explicit title fails the ``-W`` build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^{}\s]+)\}\s*(?P<argument>.*)$")
ATX_HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<title>.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
LABEL = re.compile(r"^ {0,3}\((?P<label>[^()\s]+)\)=\s*$")
ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:.+-]*)\}`(?P<content>[^`]*)`")
OPTION = re.compile(r"^\s*:(?P<name>[\w-]+):\s*(?P<value>.*)$")
# The extension's directives have this prefix; the scanner knows them by their short names.
EXTENSION_PREFIX = "r2p-"
# Directives whose content is not Markdown: their lines never hold headings or labels.
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
# Where the title of a labelled directive comes from, as Sphinx's std domain reads it.
_CAPTION_OPTION = frozenset({"code-block", "code", "sourcecode", "literalinclude", "toctree"})
_TITLE_ARGUMENT = frozenset({"table", "list-table", "csv-table", "rubric"})
_SKIPPED_FOLDERS = frozenset({"node_modules"})


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
    """A heading: ``title`` as a reader sees it, ``text`` as written (roles and all), and the
    ``(label)=`` written just before it, if any (the last of several)."""

    level: int
    title: str
    line: int
    scope: tuple[str, ...] = ()
    text: str = ""
    label: str = ""


@dataclass(frozen=True)
class Label:
    """A ``(label)=`` line: where it is, the directives around it, and the title it links with.

    ``title`` is "" when Sphinx finds no title for it (see the module docstring).
    """

    name: str
    line: int
    title: str
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
class ScannedPage:
    title: str  # the first level-1 heading outside directives, "" if none
    headings: tuple[Heading, ...]
    labels: tuple[Label, ...]
    lines: tuple[Line, ...] = ()
    directives: tuple[Directive, ...] = ()  # in the order they open
    front_matter: tuple[str, ...] = ()  # the lines between the front matter's "---" fences


@dataclass
class _Open:
    """A fence still open while scanning."""

    char: str
    length: int
    name: str
    markdown: bool
    line: int
    scope: tuple[str, ...]
    directive: bool
    argument: str = ""
    body: list[Line] = field(default_factory=list)


def scan_page(text: str) -> ScannedPage:
    """Lines, directives, headings and labels of one page's Markdown source, in one pass."""
    source = text.splitlines()
    front_end = _front_matter_end(source)
    lines, directives = _lines(source, front_end)
    opened = {directive.line - 1: directive for directive in directives}
    headings: list[Heading] = []
    labels: list[Label] = []
    titled: dict[int, str] = {}  # heading line index -> the last label that titles it
    page_title = ""
    for position, line in enumerate(lines):
        if not line.markdown:
            continue
        label = LABEL.match(line.text)
        if label:
            title, at = _title_after(lines, opened, position)
            labels.append(Label(label["label"], line.number, title, line.scope))
            if at is not None:
                titled[at] = label["label"]
            continue
        heading = _heading_at(lines, position)
        if heading is not None:
            level, text = heading
            title = plain_title(text)
            label_name = titled.get(position, "")
            headings.append(Heading(level, title, line.number, line.scope, text, label_name))
            if level == 1 and not line.scope and not page_title:
                page_title = title
    front = tuple(source[1 : front_end - 1]) if front_end else ()
    return ScannedPage(
        page_title, tuple(headings), tuple(labels), tuple(lines), tuple(directives), front
    )


def roles(lines: tuple[Line, ...] | list[Line]) -> list[Role]:
    """Roles in Markdown lines; a role may wrap onto the next line of its paragraph."""
    masked = "\n".join(line.text if line.markdown else "" for line in lines)
    found: list[Role] = []
    for match in ROLE.finditer(masked):
        if "\n\n" in match["content"]:
            continue
        number = masked.count("\n", 0, match.start()) + 1
        found.append(Role(match["role"], " ".join(match["content"].split()), number))
    return found


def plain_title(text: str) -> str:
    """A heading as a reader sees it: ``{term}`genocide``` is "genocide", ``a <b>`` is "a"."""
    return ROLE.sub(lambda m: re.sub(r"\s*<[^<>]*>\s*$", "", m["content"]), text).strip()


def course_pages(docs_dir: Path) -> list[Path]:
    """Every ``docs/**/*.md`` Sphinx reads: build output and hidden or ``_`` folders are skipped."""
    found = []
    for page in sorted(Path(docs_dir).rglob("*.md")):
        parts = page.relative_to(docs_dir).parts[:-1]
        if any(part.startswith(("_", ".")) or part in _SKIPPED_FOLDERS for part in parts):
            continue
        found.append(page)
    return found


def _lines(source: list[str], front_end: int) -> tuple[list[Line], list[Directive]]:
    """Every line, tagged with the directives around it and whether it is Markdown; and every
    directive (an unclosed one runs to the end of the page, as in CommonMark)."""
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
            if closed.directive:
                directives.append(_finish(closed, number))
            lines.append(Line(number, raw, scope, markdown=False))
            continue
        if fence and markdown and (fence["info"] or fence["fence"][0] != ":"):
            stack.append(_open(fence, number, scope))  # a bare ``` opens a code block; a bare
            lines.append(Line(number, raw, scope, markdown=False))  # ::: is text
            continue
        line = Line(number, raw, scope, markdown)
        if stack:
            stack[-1].body.append(line)
        lines.append(line)
    directives += [_finish(item, len(source)) for item in stack if item.directive]
    return lines, sorted(directives, key=lambda directive: directive.line)


def _front_matter_end(source: list[str]) -> int:
    if not source or source[0].strip() != "---":
        return 0
    for index in range(1, len(source)):
        if source[index].strip() == "---":
            return index + 1
    return 0


def _closes(fence: re.Match[str], opened: _Open) -> bool:
    mark = fence["fence"]
    return not fence["info"] and mark[0] == opened.char and len(mark) >= opened.length


def _open(fence: re.Match[str], number: int, scope: tuple[str, ...]) -> _Open:
    mark = fence["fence"]
    info = DIRECTIVE_INFO.match(fence["info"])
    if info is None:  # a code fence such as ```python
        return _Open(mark[0], len(mark), "", False, number, scope, directive=False)
    # The extension's directives are registered as ``r2p-instructor`` and so on, with the short
    # names as aliases: scopes and directives carry the short name.
    name = info["name"].removeprefix(EXTENSION_PREFIX)
    argument = info["argument"].strip()
    return _Open(
        mark[0], len(mark), name, name not in RAW_DIRECTIVES, number, scope, True, argument
    )


def _finish(opened: _Open, end: int) -> Directive:
    """Split the leading ``:option: value`` lines off the directive's body."""
    body = opened.body
    options: dict[str, str] = {}
    start = 0
    while start < len(body) and (option := OPTION.match(body[start].text)):
        options[option["name"]] = option["value"].strip()
        start += 1
    return Directive(
        opened.name, opened.argument, opened.line, opened.scope, options, tuple(body[start:]), end
    )


def _heading_at(lines: list[Line], position: int) -> tuple[int, str] | None:
    """``(level, text as written)`` when the line at ``position`` is a heading."""
    line = lines[position]
    atx = ATX_HEADING.match(line.text)
    if atx:
        return len(atx["marks"]), (atx["title"] or "").strip()
    following = lines[position + 1] if position + 1 < len(lines) else None
    if (
        line.text.strip()
        and not LABEL.match(line.text)
        and not SETEXT_UNDERLINE.match(line.text)
        and following is not None
        and following.markdown
        and following.scope == line.scope
        and SETEXT_UNDERLINE.match(following.text)
        and (position == 0 or _ends_block(lines[position - 1]))
    ):
        return (1 if "=" in following.text else 2), line.text.strip()
    return None


def _ends_block(line: Line) -> bool:
    """After this line a new paragraph starts (so a text line may be a setext heading)."""
    return not line.markdown or not line.text.strip() or bool(LABEL.match(line.text))


def _title_after(
    lines: list[Line], opened: dict[int, Directive], position: int
) -> tuple[str, int | None]:
    """The title Sphinx gives the label at ``position`` (what follows it, past blanks and
    labels), and the index of the heading that gives it, if a heading does."""
    scope = lines[position].scope
    for later in range(position + 1, len(lines)):
        line = lines[later]
        if line.scope != scope:
            return "", None
        if later in opened:
            return _directive_title(opened[later]), None
        if not line.markdown:
            return "", None
        if not line.text.strip() or LABEL.match(line.text):
            continue
        heading = _heading_at(lines, later)
        return (plain_title(heading[1]), later) if heading else ("", None)
    return "", None


def _directive_title(directive: Directive) -> str:
    if directive.name in _CAPTION_OPTION:
        return directive.options.get("caption", "")
    if directive.name in _TITLE_ARGUMENT:
        return directive.argument
    if directive.name == "figure":  # the caption is the first paragraph of the content
        caption: list[str] = []
        for line in directive.body:
            if not line.text.strip():
                if caption:
                    break
                continue
            caption.append(line.text.strip())
        return plain_title(" ".join(caption))
    return ""
