"""The one scanner of the course's MyST pages for labels and headings, without Sphinx.

Commands must answer in a second, so they read the Markdown source instead of building
the site. This module knows just enough MyST to agree with Sphinx about labels: front
matter, code fences and directive fences (backticks, tildes and colons, nested), which
directives hold Markdown, ATX and setext headings, and ``(label)=`` lines.

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
class Heading:
    level: int
    title: str
    line: int
    scope: tuple[str, ...] = ()


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
class ScannedPage:
    title: str  # the first level-1 heading outside directives, "" if none
    headings: tuple[Heading, ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class _Line:
    index: int
    text: str
    scope: tuple[str, ...]
    markdown: bool
    opens: _Directive | None = None


@dataclass
class _Directive:
    name: str
    argument: str
    options: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)


@dataclass
class _Open:
    char: str
    length: int
    name: str
    markdown: bool
    directive: _Directive | None


def scan_page(text: str) -> ScannedPage:
    """Headings and labels of one page's Markdown source."""
    lines = _lines(text.splitlines())
    headings: list[Heading] = []
    labels: list[Label] = []
    page_title = ""
    for position, line in enumerate(lines):
        if not line.markdown:
            continue
        label = LABEL.match(line.text)
        if label:
            title = _title_after(lines, position)
            labels.append(Label(label["label"], line.index + 1, title, line.scope))
            continue
        heading = _heading_at(lines, position)
        if heading is not None:
            level, title = heading
            headings.append(Heading(level, title, line.index + 1, line.scope))
            if level == 1 and not line.scope and not page_title:
                page_title = title
    return ScannedPage(page_title, tuple(headings), tuple(labels))


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


def _lines(source: list[str]) -> list[_Line]:
    """Every line, tagged with the directives around it and whether it is Markdown."""
    lines: list[_Line] = []
    stack: list[_Open] = []
    front_end = _front_matter_end(source)
    for index, raw in enumerate(source):
        scope = tuple(item.name for item in stack)
        if index < front_end:
            lines.append(_Line(index, raw, scope, markdown=False))
            continue
        markdown = all(item.markdown for item in stack)
        fence = FENCE.match(raw)
        if fence and stack and _closes(fence, stack[-1]):
            stack.pop()
            lines.append(_Line(index, raw, scope, markdown=False))
            continue
        if fence and markdown and (fence["info"] or fence["fence"][0] != ":"):
            opened = _open(fence)  # a bare ``` opens a code block; a bare ::: is text
            stack.append(opened)
            lines.append(_Line(index, raw, scope, markdown=False, opens=opened.directive))
            continue
        if stack and stack[-1].directive is not None:
            stack[-1].directive.body.append(raw)
        lines.append(_Line(index, raw, scope, markdown))
    return lines


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


def _open(fence: re.Match[str]) -> _Open:
    mark = fence["fence"]
    info = DIRECTIVE_INFO.match(fence["info"])
    if info is None:  # a code fence such as ```python
        return _Open(mark[0], len(mark), "", markdown=False, directive=None)
    name = info["name"]
    directive = _Directive(name, info["argument"].strip())
    return _Open(mark[0], len(mark), name, name not in RAW_DIRECTIVES, directive)


def _heading_at(lines: list[_Line], position: int) -> tuple[int, str] | None:
    """``(level, title)`` when the line at ``position`` is a heading."""
    line = lines[position]
    atx = ATX_HEADING.match(line.text)
    if atx:
        return len(atx["marks"]), plain_title(atx["title"] or "")
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
        return (1 if "=" in following.text else 2), plain_title(line.text)
    return None


def _ends_block(line: _Line) -> bool:
    """After this line a new paragraph starts (so a text line may be a setext heading)."""
    return not line.markdown or not line.text.strip() or bool(LABEL.match(line.text))


def _title_after(lines: list[_Line], position: int) -> str:
    """The title Sphinx gives the label at ``position``: what follows it, past blanks and labels."""
    scope = lines[position].scope
    for later in range(position + 1, len(lines)):
        line = lines[later]
        if line.scope != scope:
            return ""
        if line.opens is not None:
            return _directive_title(line.opens)
        if not line.markdown:
            return ""
        if not line.text.strip() or LABEL.match(line.text):
            continue
        heading = _heading_at(lines, later)
        return heading[1] if heading else ""
    return ""


def _directive_title(directive: _Directive) -> str:
    options, content = _split_options(directive.body)
    if directive.name in _CAPTION_OPTION:
        return options.get("caption", "")
    if directive.name in _TITLE_ARGUMENT:
        return directive.argument
    if directive.name == "figure":  # the caption is the first paragraph of the content
        caption: list[str] = []
        for text in content:
            if not text.strip():
                if caption:
                    break
                continue
            caption.append(text.strip())
        return plain_title(" ".join(caption))
    return ""


def _split_options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    options: dict[str, str] = {}
    start = 0
    while start < len(body) and (option := OPTION.match(body[start])):
        options[option["name"]] = option["value"].strip()
        start += 1
    return options, body[start:]
