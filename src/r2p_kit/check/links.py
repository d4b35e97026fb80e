"""Links a student can open: where a section of the course is, on the web or on this machine.

The course's published address is ``html_baseurl`` in ``docs/conf.py``, read as data (the
assignment of a string literal; the file is never run). Without one, a link points to the
page ``make html`` builds in ``docs/_build/html``, as a ``file://`` URL, and the report
says when that page is not built yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from r2p_kit.check.sources import Section

if TYPE_CHECKING:
    import ast

BUILD_FOLDER = Path("_build") / "html"  # relative to docs/, as `make html` writes it
BUILD_COMMAND = "make html"
_MAX_CONF_BYTES = 1_000_000  # a conf.py is a few kilobytes; never parse a runaway file


@dataclass(frozen=True)
class Site:
    """The root every section's address is relative to."""

    base: str  # ends with "/"
    local: Path | None = None  # the local build folder, when ``base`` points to it

    def link(self, section: Section) -> str:
        return self.base + section.url

    def built(self, section: Section) -> bool:
        """True for a published site; for a local one, whether the page exists yet."""
        return self.local is None or (self.local / section.page.with_suffix(".html")).is_file()


def course_site(docs: Path) -> Site:
    """The published site named by ``html_baseurl`` in ``docs/conf.py``, else the local build."""
    published = published_address(docs / "conf.py")
    if published:
        return Site(published.rstrip("/") + "/")
    local = (docs / BUILD_FOLDER).resolve()
    return Site(local.as_uri() + "/", local)


def published_address(conf: Path) -> str:
    """The ``http(s)`` address assigned to ``html_baseurl`` at the top level of ``conf``, or ""."""
    try:
        if conf.stat().st_size > _MAX_CONF_BYTES:
            return ""
        source = conf.read_bytes()
        if b"html_baseurl" not in source:  # the usual case: no need to parse
            return ""
        import ast

        tree = ast.parse(source, filename=str(conf))
    except (OSError, SyntaxError, ValueError):
        return ""
    address = ""
    for statement in tree.body:
        value = _assigned(statement, "html_baseurl")
        if value is not None:
            address = value  # the last assignment wins, as when Sphinx runs the file
    return address if address.startswith(("https://", "http://")) else ""


def _assigned(statement: ast.stmt, name: str) -> str | None:
    import ast

    """The string ``statement`` assigns to ``name``; "" for any other value; None if none."""
    if isinstance(statement, ast.Assign):
        targets, value = statement.targets, statement.value
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets, value = [statement.target], statement.value
    else:
        return None
    if not any(isinstance(t, ast.Name) and t.id == name for t in targets):
        return None
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value.strip()
    return ""
