"""A course page as the lint checks read it: the shared scanner's lines, headings, labels,
directives and roles (:mod:`r2p_kit.course_markdown`), with the front matter read as YAML.

The checks see only headings outside directives (a heading in a note or an instructor
block does not start a section of the page) and know the extension's directives by their
short names (``instructor``, not ``r2p-instructor``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from r2p_kit.course_markdown import (
    EXTENSION_PREFIX,
    FENCE,
    RAW_DIRECTIVES,
    ROLE,
    Directive,
    Heading,
    Label,
    Line,
    Role,
    course_pages,
    roles,
    scan_page,
)

__all__ = [
    "EXTENSION_PREFIX",
    "FENCE",
    "RAW_DIRECTIVES",
    "ROLE",
    "Directive",
    "Heading",
    "Label",
    "Line",
    "Page",
    "Role",
    "markdown_pages",
    "parse_page",
    "read_page",
]

markdown_pages = course_pages  # the pages Sphinx reads, under the name the lint modules use


@dataclass(frozen=True)
class Page:
    path: Path
    lines: tuple[Line, ...]
    front_matter: dict[str, Any]
    directives: tuple[Directive, ...]
    headings: tuple[Heading, ...]  # outside every directive: the page's sections
    labels: tuple[Label, ...]
    roles: tuple[Role, ...]
    all_headings: tuple[Heading, ...] = ()  # in directives too, each with its scope

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


def read_page(path: Path) -> Page:
    return parse_page(path.read_text(encoding="utf-8", errors="replace"), path)


def parse_page(text: str, path: Path) -> Page:
    scanned = scan_page(text)
    return Page(
        path=path,
        lines=scanned.lines,
        front_matter=_front_matter(scanned.front_matter),
        directives=scanned.directives,
        headings=tuple(heading for heading in scanned.headings if not heading.scope),
        labels=scanned.labels,
        roles=tuple(roles(scanned.lines)),
        all_headings=scanned.headings,
    )


def _front_matter(lines: tuple[str, ...]) -> dict[str, Any]:
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}
