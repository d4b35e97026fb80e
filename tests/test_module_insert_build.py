"""Inserting a module in the middle of the course, as a contributor does it, then building.

``r2p-kit new module --after three-pillars`` in a copy of the course, then an incremental
``make html`` into the build folder of before: every module page's "Next" and "Previous"
follow the new order, every ``{r2p:module}`` reference says the new number and links to
the module, and the old address of a renumbered module redirects to its new one. The
LaTeX, EPUB and text builders number the references the same way, and an unknown slug is
a typed warning.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest

from conftest import run_sphinx
from r2p_kit.cli import main

pytestmark = pytest.mark.slow
TITLE = "Inserted by the tests"
SLUG = "inserted-by-the-tests"
AFTER = "three-pillars"
# <a class="reference internal" href="../06-dialogue-2011/index.html#mod-dialogue-2011">
#   <span class="xref r2p-module-link">Module 6</span></a>
MODULE_LINK = re.compile(
    r'<a class="reference internal" href="(?P<href>[^"]*)"><span class="xref r2p-module-link">'
    r"(?P<text>[^<]*)</span></a>"
)


@pytest.fixture
def course(course_copy: Path) -> Path:
    return course_copy


def module_folders(course: Path) -> list[str]:
    return sorted(p.name for p in (course / "docs" / "modules").iterdir() if p.is_dir())


def folder_of(course: Path, slug: str) -> str:
    """``05-dialogue-2011``: the module's folder today."""
    return next(name for name in module_folders(course) if name[3:] == slug)


def build_html(course: Path) -> Path:
    run_sphinx("html", course / "_build", "-q", docs=course / "docs")
    return course / "_build" / "html"


def link(page: Path, kind: str) -> str:
    match = re.search(rf'<a class="{kind}-page" href="([^"]+)"', page.read_text(encoding="utf-8"))
    assert match, f"{page} has no {kind} link"
    return match[1]


def module_references(site: Path) -> list[tuple[str, str, str]]:
    """(page, folder linked to, text) of every ``{r2p:module}`` link on the site."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for match in MODULE_LINK.finditer(page.read_text(encoding="utf-8")):
            target = (page.parent / html.unescape(match["href"]).split("#")[0]).resolve()
            found.append((page.relative_to(site).as_posix(), target.parent.name, match["text"]))
    return found


def test_inserting_a_module_renumbers_every_page_and_keeps_old_addresses(course: Path) -> None:
    before = module_folders(course)
    site = build_html(course)
    references = module_references(site)
    assert len(references) >= 11  # 13 in the sources, 2 of them in instructor notes
    dialogue = folder_of(course, "dialogue-2011")  # after the inserted module
    said = f"Module {int(dialogue[:2])}"
    assert ("modules/01-origins/index.html", dialogue, said) in references

    assert main(["new", "module", TITLE, "--after", AFTER]) == 0
    after = module_folders(course)
    position = [f[3:] for f in before].index(AFTER) + 1
    assert after[position] == f"{position + 1:02d}-{SLUG}"
    site = build_html(course)  # incremental, into the same folder

    # Reading order: each module's Next is the next module, its Previous the one before.
    for i, folder in enumerate(after):
        page = site / "modules" / folder / "index.html"
        if i + 1 < len(after):
            assert link(page, "next") == f"../{after[i + 1]}/index.html", folder
        if i > 0:
            assert link(page, "prev") == f"../{after[i - 1]}/index.html", folder
        sidebar = (site / "modules" / after[-1] / "index.html").read_text(encoding="utf-8")
        assert f'href="../{folder}/index.html"' in sidebar or folder == after[-1]

    # Every "Module N" says the number of the folder it links to, in the new numbering.
    references = module_references(site)
    assert len(references) >= 11  # 13 in the sources, 2 of them in instructor notes
    wrong = [ref for ref in references if ref[2] != f"Module {int(ref[1][:2])}"]
    assert wrong == []
    moved = folder_of(course, "dialogue-2011")
    assert moved == f"{int(dialogue[:2]) + 1:02d}-dialogue-2011"
    assert ("modules/01-origins/index.html", moved, f"Module {int(moved[:2])}") in references

    # The old addresses redirect, without JavaScript, to pages that exist.
    for old, new in zip(before[position:], after[position + 1 :], strict=True):
        redirect = (site / "modules" / old / "index.html").read_text(encoding="utf-8")
        url = f"../{new}/index.html"
        assert f'<meta http-equiv="refresh" content="0; url={url}">' in redirect
        assert f'<a href="{url}">' in redirect and "<script" not in redirect
        assert (site / "modules" / new / "index.html").is_file()


@pytest.fixture
def inserted(course: Path) -> Path:
    assert main(["new", "module", TITLE, "--after", AFTER]) == 0
    return course


def test_latex_and_epub_number_module_references(inserted: Path) -> None:
    dialogue = folder_of(inserted, "dialogue-2011")
    number = int(dialogue[:2])
    run_sphinx("latex", inserted / "_build", "-q", docs=inserted / "docs")
    tex = next((inserted / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert re.search(
        rf"\\hyperref\[\\detokenize\{{modules/{dialogue}/index:mod-dialogue-2011\}}\]"
        rf"\{{\\sphinxcrossref\{{(?:\\DUrole\{{[\w-]+\}}\{{)*Module {number}\}}",
        tex,
    ), f"the LaTeX book has no linked 'Module {number}' for dialogue-2011"

    run_sphinx("epub", inserted / "_build", "-q", docs=inserted / "docs")
    epub = next((inserted / "_build" / "epub").glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        origins = next(n for n in book.namelist() if n.endswith("01-origins/index.xhtml"))
        text = book.read(origins).decode("utf-8")
    assert f'href="../{dialogue}/index.xhtml#mod-dialogue-2011">' in text
    said = set(re.findall(r'class="xref r2p-module-link">([^<]*)<', text))
    expected = {
        f"Module {int(folder_of(inserted, slug)[:2])}"
        for slug in ("world-summit-outcome", "dialogue-2011", "regional-arrangements")
    }  # the modules origins refers to
    assert said == expected


def test_text_builder_numbers_and_an_unknown_slug_is_a_typed_warning(inserted: Path) -> None:
    page = inserted / "docs" / "modules" / "01-origins" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nSee {r2p:module}`no-such-module` and {r2p:module}`its own words <dialogue-2011>`.\n",
        encoding="utf-8",
    )
    result = run_sphinx("text", inserted / "_build", "-q", docs=inserted / "docs", check=False)
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1, result.stderr[-3000:]
    assert "01-origins/index.md" in warnings[0]
    assert "no module 'no-such-module'" in warnings[0] and "[r2p.module]" in warnings[0]
    text = (inserted / "_build" / "text" / "modules" / "01-origins" / "index.txt").read_text(
        encoding="utf-8"
    )
    words = " ".join(text.split())
    number = int(folder_of(inserted, "dialogue-2011")[:2])
    assert f"*Module {number}* returns to that meeting." in words
    assert "and *its own words*." in words
