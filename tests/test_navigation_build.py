"""An incremental ``make html`` after a change to the table of contents: no page is stale.

Sphinx rewrites only changed pages, yet every page shows the whole course's navigation.
After ``r2p-kit new module``, or after a page is added to a toctree or retitled, every
page must list it in its sidebar, and "Next" must follow the new reading order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import is_redirect_page, run_sphinx
from r2p_kit.cli import main

pytestmark = pytest.mark.slow


@pytest.fixture
def course(course_copy: Path) -> Path:
    return course_copy


def build(course: Path) -> Path:
    """``make html`` into the same folder each time, so the second build is incremental."""
    run_sphinx("html", course / "_build", "-q", docs=course / "docs")
    return course / "_build" / "html"


def html_pages(site: Path) -> list[Path]:
    skip = {"search.html", "genindex.html"}
    sheets = site / "exercises"  # printable exercise sheets: standalone, without navigation
    return [
        p
        for p in site.rglob("*.html")
        if p.name not in skip and p.parent != sheets and not is_redirect_page(p)
    ]


def next_link(page: Path) -> str:
    match = re.search(r'<a class="next-page" href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert match, f"{page} has no Next link"
    return match[1]


def test_a_new_module_is_in_every_page_after_an_incremental_build(course: Path) -> None:
    site = build(course)
    modules = sorted(p.name for p in (course / "docs" / "modules").iterdir() if p.is_dir())
    last = modules[-1]
    assert main(["new", "module", "Navigation for everyone"]) == 0
    new = f"{int(last[:2]) + 1:02d}-navigation-for-everyone"
    site = build(course)

    stale = [
        page.relative_to(site).as_posix()
        for page in html_pages(site)
        if page.parent.name != new and f"{new}/index.html" not in page.read_text(encoding="utf-8")
    ]
    assert stale == [], "pages whose navigation misses the new module"
    assert next_link(site / "modules" / last / "index.html") == f"../{new}/index.html"
    first = (site / "modules" / modules[0] / "index.html").read_text(encoding="utf-8")
    assert "Navigation for everyone" in first


def test_a_toctree_edit_rewrites_every_page(course: Path) -> None:
    """No count changes here, so only the navigation hook can notice."""
    site = build(course)
    docs = course / "docs"
    (docs / "reference" / "extra-reading.md").write_text("# Extra reading\n", encoding="utf-8")
    for name in ("index.md", "book.md"):
        page = docs / name
        text = page.read_text(encoding="utf-8")
        assert "reference/glossary\n" in text
        page.write_text(
            text.replace("reference/glossary\n", "reference/glossary\nreference/extra-reading\n"),
            encoding="utf-8",
        )
    site = build(course)
    stale = [
        page.relative_to(site).as_posix()
        for page in html_pages(site)
        if "Extra reading" not in page.read_text(encoding="utf-8")
    ]
    assert stale == []
