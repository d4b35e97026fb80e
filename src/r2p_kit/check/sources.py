"""Where to re-read: turn a question's ``source`` label into a page and a section title.

Feedback that says "re-read *Rwanda, 1994* in Module 1" teaches more than "wrong".
Labels are found by scanning the Markdown sources for ``(label)=`` lines, without
Sphinx or docutils, so the checker stays fast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_LABEL = re.compile(r"^\s{0,3}\((?P<label>[^()\s]+)\)=\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*(\S*)")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`")
_SKIPPED = {"_build", "_static", "_templates", "node_modules"}


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
    """Every ``(label)=`` in one page with the heading that follows it."""
    lines = text.splitlines()
    page_title = ""
    pending: list[str] = []
    found: dict[str, Section] = {}
    code = ""  # the fence of the code block we are in, if any
    directives: list[str] = []  # fences of open ```{directive} blocks, read through
    for line in lines:
        opening = _FENCE.match(line)
        if code:
            if opening and opening.group(1).startswith(code) and not opening.group(2):
                code = ""
            continue
        if opening:
            fence, info = opening.group(1), opening.group(2)
            if directives and not info and fence.startswith(directives[-1]):
                directives.pop()
            elif info.startswith("{") and not info.startswith("{code"):
                directives.append(fence)
            else:
                code = fence
            continue
        label = _LABEL.match(line)
        if label:
            pending.append(label["label"])
            continue
        heading = _HEADING.match(line)
        title = _ROLE.sub(r"\1", heading["title"]) if heading else ""
        if heading and not page_title and line.lstrip().startswith("# "):
            page_title = title
        if not line.strip():
            continue
        for name in pending:
            found[name] = Section(name, page, "", title)
        pending = []
    for name in pending:
        found[name] = Section(name, page, "", "")
    return {
        name: Section(name, page, page_title, "" if s.title == page_title else s.title)
        for name, s in found.items()
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
    pages += [
        page
        for page in sorted(docs_dir.rglob("*.md"))
        if page != first and not any(part in _SKIPPED for part in page.relative_to(docs_dir).parts)
    ]
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
