"""The course's tables of contents: which pages each toctree lists, and which pages are reachable.

Sphinx warns about a page in no toctree only as "document isn't included in any toctree",
and never about a page that the website lists but the PDF book (``docs/book.md``) leaves
out. The lint checks both from the sources, using the same resolution rules as Sphinx.
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.contrib.pages import Page

INSTRUCTOR = "instructor"


@dataclass(frozen=True)
class TocEntry:
    """One toctree line, resolved to a docname (``modules/01-origins/index``)."""

    docname: str
    line: int
    instructor_only: bool


def docname_of(docs_dir: Path, page: Path) -> str:
    return page.relative_to(docs_dir).with_suffix("").as_posix()


def toc_entries(page: Page, docname: str, known: set[str]) -> list[TocEntry]:
    """The docnames ``page``'s toctrees list, with the line of each entry.

    Entries are relative to the page's folder unless they start with ``/``; ``Title <doc>``
    lists ``doc``; ``:glob:`` toctrees match their patterns against ``known`` docnames.
    """
    folder = posixpath.dirname(docname)
    entries: list[TocEntry] = []
    for toctree in page.directives_named("toctree"):
        instructor_only = INSTRUCTOR in toctree.scope
        globbing = "glob" in toctree.options
        for line in toctree.body:
            text = line.text.strip()
            if not text or text == "self" or "://" in text:
                continue
            if text.endswith(">") and "<" in text:
                text = text[text.rindex("<") + 1 : -1].strip()
            target = _resolve(folder, text)
            if globbing and any(ch in target for ch in "*?["):
                matches = sorted(name for name in known if fnmatch.fnmatchcase(name, target))
                entries += [TocEntry(name, line.number, instructor_only) for name in matches]
            else:
                entries.append(TocEntry(target, line.number, instructor_only))
    return entries


def _resolve(folder: str, entry: str) -> str:
    entry = entry.removesuffix(".md")
    if entry.startswith("/"):
        return posixpath.normpath(entry.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, entry))


def reachable(
    root: str, entries: dict[str, list[TocEntry]], *, instructor: bool = False
) -> list[str]:
    """Docnames reachable from ``root`` through toctrees, in reading order (depth first).

    Toctrees inside an ``{instructor}`` block count only for the instructor edition.
    """
    seen: dict[str, None] = {}

    def visit(name: str) -> None:
        if name in seen:
            return
        seen[name] = None
        for entry in entries.get(name, []):
            if instructor or not entry.instructor_only:
                visit(entry.docname)

    visit(root)
    return list(seen)
