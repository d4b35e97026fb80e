"""Checks on every page: quotations carry citations, tables of contents reach every page.

The course quotes UN documents verbatim, and a quotation without its source is the one
mistake a reviewer must never let through. Tables of contents matter because a page in
none of them is built but unreachable, and a page missing from ``docs/book.md`` is on
the website but silently absent from the PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.pages import (
    EXTENSION_PREFIX,
    FENCE,
    RAW_DIRECTIVES,
    ROLE,
    Line,
    Page,
)
from r2p_kit.contrib.toc import INSTRUCTOR, reachable
from r2p_kit.contrib.tree import CourseTree

BLOCKQUOTE = re.compile(r"^ {0,3}>")
PLACEHOLDER = re.compile(r"\bTODO\b")
INDEX, BOOK = "index", "book"
INSTRUCTOR_PAGES = "instructor/"
MAX_LINES_SHOWN = 8


def has_citation(text: str) -> bool:
    return any(match["role"].startswith("cite") for match in ROLE.finditer(text))


def check_primary_sources(tree: CourseTree) -> Iterator[Finding]:
    for page in tree.pages.values():
        for block in page.directives_named("primary-source"):
            if not block.argument:
                yield Finding(
                    page.path,
                    block.line,
                    "R2P030",
                    "the primary-source quotation has no citation",
                    "write it after the directive: :::{primary-source} Title (symbol), "
                    "paragraph N {cite:p}`key`",
                )
            elif not has_citation(block.argument):
                yield Finding(
                    page.path,
                    block.line,
                    "R2P031",
                    "the primary-source citation has no {cite} role",
                    "end it with {cite:p}`key` so the source is in the bibliography",
                )


def check_blockquotes(tree: CourseTree) -> Iterator[Finding]:
    """A Markdown ``>`` quotation on a module page must name its source at once."""
    for name, page in tree.pages.items():
        if name.startswith("modules/"):
            yield from _uncited_quotes(page)


def _uncited_quotes(page: Page) -> Iterator[Finding]:
    lines = page.lines
    index = 0
    while index < len(lines):
        if not _is_quote(lines[index]):
            index += 1
            continue
        start = index
        while index < len(lines) and _is_quote(lines[index]):
            index += 1
        after = next((line for line in lines[index:] if line.text.strip()), None)
        cited = has_citation(lines[index - 1].text) or (
            after is not None and has_citation(after.text)
        )
        if not cited:
            yield Finding(
                page.path,
                lines[start].number,
                "R2P032",
                "this quotation is not followed by its citation",
                "use :::{primary-source} with the citation as its argument, or put "
                "{cite:p}`key` on the quotation's last line or the line after it",
            )


def _is_quote(line: Line) -> bool:
    return line.markdown and bool(BLOCKQUOTE.match(line.text))


def check_tables_of_contents(tree: CourseTree) -> Iterator[Finding]:
    if INDEX not in tree.pages:
        return
    pages = tree.pages
    for name, entries in tree.toc.items():
        for entry in entries:
            if entry.docname not in tree.page_files:
                yield Finding(
                    pages[name].path,
                    entry.line,
                    "R2P041",
                    f"the toctree lists '{entry.docname}', which is not a page",
                    "fix the path (relative to this page, without .md) or remove the line",
                )
    student = set(reachable(INDEX, tree.toc))
    everywhere = set(reachable(INDEX, tree.toc, instructor=True))
    for name, page in pages.items():
        if name in student or page.orphan or name.startswith(INSTRUCTOR_PAGES):
            continue
        if name in everywhere:
            message = "the page is listed only inside an {instructor} block"
            hint = "the student edition would have it in no toctree; move it to docs/instructor/"
        else:
            message = "the page is in no table of contents reachable from docs/index.md"
            hint = "add it to a toctree, or put `orphan: true` in its front matter"
        yield Finding(page.path, 1, "R2P040", message, hint)
    yield from _check_book(tree)


def _check_book(tree: CourseTree) -> Iterator[Finding]:
    """Every page of the website is also a chapter of the PDF book, in both editions."""
    book = tree.pages.get(BOOK)
    if book is None:
        return
    toctree = book.directives_named("toctree")
    line = toctree[0].line if toctree else 1
    student_site = set(reachable(INDEX, tree.toc))
    for instructor in (False, True):
        site = reachable(INDEX, tree.toc, instructor=instructor)
        in_book = set(reachable(BOOK, tree.toc, instructor=instructor))
        for name in site:
            if name == INDEX or name in in_book or name not in tree.pages:
                continue
            if instructor and name in student_site:
                continue  # already reported for the student edition
            edition = "instructor edition" if instructor else "website"
            yield Finding(
                book.path,
                line,
                "R2P042",
                f"'{name}' is on the {edition} but not in the PDF book",
                f"add `{name}` to this toctree, in reading order"
                + (" (inside the {instructor} block)" if instructor else ""),
            )


def check_labels(tree: CourseTree) -> Iterator[Finding]:
    first: dict[str, tuple[Path, int]] = {}
    for page in tree.pages.values():
        for label in page.labels:
            here = (page.path.relative_to(tree.docs), label.line)
            where = first.setdefault(label.name, here)
            if where != here:
                yield Finding(
                    page.path,
                    label.line,
                    "R2P044",
                    f"the label '{label.name}' is already defined at "
                    f"docs/{where[0].as_posix()}:{where[1]}",
                    "labels are unique across the course; start a module's labels with its slug",
                )
            if INSTRUCTOR in label.scope:
                yield Finding(
                    page.path,
                    label.line,
                    "R2P043",
                    f"the label '{label.name}' is inside an {{instructor}} block",
                    "the student edition drops the block, so references to it would break; "
                    "use a **bold** run-in title instead",
                )
        yield from _instructor_headings(page)


def _instructor_headings(page: Page) -> Iterator[Finding]:
    """A heading in an ``{instructor}`` block: the block cannot hold sections, so it would
    silently become a bold run-in title, and the table of contents would differ by edition."""
    for heading in page.all_headings:
        if INSTRUCTOR in heading.scope:
            yield Finding(
                page.path,
                heading.line,
                "R2P043",
                f"the heading '{heading.text}' is inside an {{instructor}} block",
                f"a heading cannot live there; write **{heading.text}.** as a bold run-in "
                "title at the start of a paragraph",
            )


LOOKALIKE_WORD = re.compile(r"\binstructor\b", re.I)
LOOKALIKE_ATTRIBUTE = re.compile(
    r"\{[^{}]*\.instructor\b[^{}]*\}|class\s*=\s*[\"'][^\"']*\binstructor\b"
)
CLASS_OPTION = re.compile(r"^\s*:class:\s*(?P<value>.*)$")
LOOKALIKE_HINT = (
    "only the directive ::::{instructor} Title ... :::: is removed from the student edition; "
    "anything else that looks like it is published to students"
)


def check_instructor_lookalikes(tree: CourseTree) -> Iterator[Finding]:
    """A Pandoc fence, a div or a class named ``instructor`` is not the mechanism: it leaks."""
    for page in tree.pages.values():
        for line in page.lines:
            if any(name == "" or name in RAW_DIRECTIVES for name in line.scope):
                continue  # inside a code block or a raw directive: an example, not markup
            if INSTRUCTOR in line.scope:
                continue  # inside the mechanism itself, nothing reaches students
            what = _lookalike(line)
            if what:
                yield Finding(
                    page.path,
                    line.number,
                    "R2P045",
                    f"{what} looks like an instructor block but is not one",
                    LOOKALIKE_HINT,
                )


def _lookalike(line: Line) -> str:
    fence = FENCE.match(line.text)
    if fence and fence["info"]:
        info = fence["info"]
        name = info[1 : info.index("}")] if info.startswith("{") and "}" in info else ""
        if name.removeprefix(EXTENSION_PREFIX) == INSTRUCTOR:
            return ""
        if (name and LOOKALIKE_WORD.search(name.replace("-", " "))) or (
            LOOKALIKE_WORD.search(info) and not name
        ):
            return f"the fence `{line.text.strip()}`"
        if name in ("div", "container") and LOOKALIKE_WORD.search(info[len(name) + 2 :]):
            return f"the fence `{line.text.strip()}`"
        return ""
    if not line.markdown:
        return ""
    option = CLASS_OPTION.match(line.text)
    if option and LOOKALIKE_WORD.search(option["value"]):
        return f"`{line.text.strip()}`"
    if LOOKALIKE_ATTRIBUTE.search(line.text):
        return f"the class in `{line.text.strip()}`"
    return ""


def check_placeholders(tree: CourseTree, banks: list[Path]) -> Iterator[Finding]:
    """``--strict``: the ``TODO`` instructions of the module template are all gone.

    One finding per file, at the first ``TODO``, so a fresh module gives a short to-do list.
    """
    sources = [page.path for page in tree.pages.values()] + banks
    for path in sources:
        text = tree.read_text(path)
        if text is None:
            continue
        lines = [n for n, line in enumerate(text.splitlines(), 1) if PLACEHOLDER.search(line)]
        if not lines:
            continue
        shown = ", ".join(str(n) for n in lines[:MAX_LINES_SHOWN])
        more = ", ..." if len(lines) > MAX_LINES_SHOWN else ""
        count = (
            "a TODO placeholder is" if len(lines) == 1 else f"{len(lines)} TODO placeholders are"
        )
        where = "line" if len(lines) == 1 else "lines"
        yield Finding(
            path,
            lines[0],
            "R2P050",
            f"{count} left ({where} {shown}{more})",
            "write the finished text in its place before the module is merged",
        )
