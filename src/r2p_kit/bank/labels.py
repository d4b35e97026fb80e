"""The MyST reference labels, ``(label)=``, that the course pages define, and which of them
a question's ``source`` may name.

A source is rendered as ``{ref}`label``` without a title, so it must be a label Sphinx can
title (one before a heading, see :mod:`r2p_kit.course_markdown`), present in both editions
(not inside an instructor block, not on an instructor page), or the ``-W`` build fails.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.bank.nodes import echo
from r2p_kit.course_markdown import Label, course_pages, scan_page

# The instructor mechanism: the directive (and its prefixed name) and the pages folder
# that the student edition leaves out.
INSTRUCTOR_DIRECTIVES = frozenset({"instructor", "r2p-instructor"})
INSTRUCTOR_FOLDER = "instructor"


@dataclass(frozen=True)
class LabelSite:
    """Where a label is defined, the title Sphinx gives it, and whether students see it."""

    name: str
    page: Path  # as found under docs/
    line: int
    title: str
    instructor_only: bool

    def __str__(self) -> str:
        return f"{self.page.as_posix()}:{self.line}"


@dataclass(frozen=True)
class SourceLabels:
    """Every label of the course pages, for checking the ``source`` of each question."""

    sites: dict[str, LabelSite]

    @classmethod
    def trusted(cls, names: set[str]) -> SourceLabels:
        """Labels known to be usable (from a caller that checked them itself)."""
        return cls({name: LabelSite(name, Path(), 0, name, False) for name in names})

    def names(self) -> set[str]:
        return set(self.sites)

    def problem(self, name: str) -> tuple[str, str] | None:
        """Why ``name`` cannot be a source, as ``(message, hint)``; ``None`` when it can."""
        site = self.sites.get(name)
        if site is None:
            close = difflib.get_close_matches(name, sorted(self.sites), n=1)
            hint = (
                f"did you mean '{echo(close[0])}'?"
                if close
                else "add '(label)=' before the heading where the answer is taught, or fix "
                "the label"
            )
            return f"source label '{echo(name)}' is not defined in the docs", hint
        if site.instructor_only:
            return (
                f"source label '{echo(name)}' is only in the instructor edition ({site})",
                "point the question at a label students can read, outside instructor notes",
            )
        if not site.title:
            return (
                f"source label '{echo(name)}' is not on a heading ({site}), so the link to it "
                "has no title and the Sphinx build fails",
                f"move '({name})=' to the line just before the heading where the answer is taught",
            )
        return None


def find_source_labels(docs_dir: Path) -> SourceLabels:
    """Every ``(label)=`` in ``docs_dir/**/*.md`` with its title and edition."""
    docs_dir = Path(docs_dir)
    sites: dict[str, LabelSite] = {}
    for page in course_pages(docs_dir):
        relative = page.relative_to(docs_dir)
        instructor_page = relative.parts[0] == INSTRUCTOR_FOLDER if relative.parts else False
        text = page.read_text(encoding="utf-8", errors="replace")
        for label in scan_page(text).labels:
            site = LabelSite(
                label.name,
                Path(docs_dir.name) / relative,
                label.line,
                label.title,
                instructor_page or _in_instructor_block(label),
            )
            sites.setdefault(label.name, site)
    return SourceLabels(sites)


def find_labels(docs_dir: Path) -> set[str]:
    """Every ``(label)=`` name in ``docs_dir/**/*.md``, ignoring code and raw directives."""
    return find_source_labels(docs_dir).names()


def labels_in_text(text: str) -> set[str]:
    """The labels defined in one page's Markdown source.

    Code fences are skipped; fenced directives (```` ```{note} ````) are read through,
    since their content is parsed MyST and may hold labels.
    """
    return {label.name for label in scan_page(text).labels}


def _in_instructor_block(label: Label) -> bool:
    return any(name in INSTRUCTOR_DIRECTIVES for name in label.scope)
