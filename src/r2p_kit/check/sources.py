"""Where to re-read: turn a question's ``source`` label into a page and a section title.

Feedback that says "re-read *Rwanda, 1994* in Module 1" teaches more than "wrong".
Labels and their titles come from the course's one Markdown scanner
(:mod:`r2p_kit.course_markdown`), without Sphinx or docutils, so the checker stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from r2p_kit.course_markdown import course_pages, scan_page


@dataclass(frozen=True)
class Section:
    """A labelled place in the course: page and section titles, and its web address."""

    label: str
    page: Path  # relative to docs/
    page_title: str
    title: str  # the heading under the label, or "" if the label is not on a heading

    @property
    def url(self) -> str:
        """The address relative to the site root, e.g. ``modules/01-origins/index.html#x``."""
        return f"{self.page.with_suffix('.html').as_posix()}#{self.label}"

    def describe(self) -> str:
        where = f"“{self.title}” in “{self.page_title}”" if self.title else f"“{self.page_title}”"
        return f"{where} ({self.url})"


def sections_in_page(text: str, page: Path) -> dict[str, Section]:
    """Every ``(label)=`` in one page with the title Sphinx links it with."""
    scanned = scan_page(text)
    return {
        label.name: Section(
            label.name, page, scanned.title, "" if label.title == scanned.title else label.title
        )
        for label in scanned.labels
    }


def find_sections(
    docs_dir: Path, labels: set[str], first: Path | None = None
) -> dict[str, Section]:
    """Locate ``labels`` in ``docs_dir``, reading ``first`` (the module page) before the rest.

    Scanning stops as soon as every label is found; labels that are nowhere are left out.
    """
    found: dict[str, Section] = {}
    wanted = set(labels)
    pages = [first] if first is not None and first.is_file() else []
    pages += [page for page in course_pages(docs_dir) if page != first]
    for page in pages:
        if not wanted:
            break
        try:
            text = page.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for name, section in sections_in_page(text, page.relative_to(docs_dir)).items():
            if name in wanted:
                found[name] = section
                wanted.discard(name)
    return found
