"""The EPUB of each edition as an e-reader shows it: a file named like the edition's PDF, a
table of contents with an entry for every module and its sections, complete metadata that
says which edition it is, and chapters that fit a phone-sized reader and show no control
that needs a script. (epubcheck runs in tests/test_build.py.)"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html

from browser import launched_chromium
from conftest import DOCS

pytestmark = pytest.mark.slow  # runs Sphinx

XHTML = "{http://www.w3.org/1999/xhtml}"
DC = "{http://purl.org/dc/elements/1.1/}"
MODULES = sorted(path.parent.name for path in (DOCS / "modules").glob("*/index.md"))
# Each edition's EPUB is named like its PDF book (r2p-course.pdf, r2p-course-instructor.pdf).
NAMES = {"student": "r2p-course.epub", "instructor": "r2p-course-instructor.epub"}


# Phone-sized e-reader pages (CSS pixels): the narrowest phones, and a usual one.
READER_WIDTHS = (320, 390)
# Form controls and scripts: an e-reader runs no script, so each would be dead.
CONTROLS = ("script", "button", "input", "select", "textarea", "form")
# Markup of the course's sources that a reader must never see as text: MyST fences, roles
# and substitutions, Markdown links and bold, HTML tags.
RAW_MARKUP = re.compile(r":::|```|\{[a-z:-]+\}`|\{\{|\}\}|\]\(|\*\*|</?[a-z][a-z0-9]*[ />]")


@pytest.fixture(scope="module", params=sorted(NAMES))
def edition(request: pytest.FixtureRequest) -> tuple[str, Path]:
    """An edition's name and its EPUB, built once per session by conftest."""
    epub: Path = request.getfixturevalue(f"{request.param}_epub")
    return request.param, epub


def read(epub: Path, suffix: str) -> ET.Element:
    with zipfile.ZipFile(epub) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return ET.fromstring(archive.read(name))


def metadata(epub: Path) -> dict[str, list[str]]:
    opf = read(epub, "content.opf")
    tags = ("title", "creator", "contributor", "language", "rights", "publisher", "identifier")
    return {tag: [e.text or "" for e in opf.iter(f"{DC}{tag}")] for tag in tags}


def contents(epub: Path) -> list[tuple[str, str]]:
    """Every entry of the table of contents, as (address, title), in reading order."""
    nav = read(epub, "nav.xhtml")
    return [(a.get("href", ""), "".join(a.itertext())) for a in nav.iter(f"{XHTML}a")]


def test_the_epub_is_named_like_the_pdf(edition: tuple[str, Path]) -> None:
    name, epub = edition
    assert epub.name == NAMES[name]


def test_the_contents_have_an_entry_for_every_module_with_its_sections(
    edition: tuple[str, Path],
) -> None:
    nav = read(edition[1], "nav.xhtml")
    entries = {}
    for item in nav.iter(f"{XHTML}li"):
        link = item.find(f"{XHTML}a")
        assert link is not None
        href = link.get("href", "")
        if href.startswith("modules/") and "#" not in href:
            sections = [
                "".join(a.itertext()) for a in item.findall(f"{XHTML}ol/{XHTML}li/{XHTML}a")
            ]
            entries[href.split("/")[1]] = (link.text, sections)
    assert sorted(entries) == MODULES
    for folder, (title, sections) in entries.items():
        assert title and title[0].isdigit(), (folder, title)  # "1. Origins: ..."
        assert {"Learning objectives", "Key terms", "Reading"} <= set(sections), (folder, sections)
    top = nav.findall(f".//{XHTML}nav/{XHTML}ol/{XHTML}li")
    assert len(top) > len(MODULES)  # start-here pages, sources and reference too


def test_only_the_instructor_edition_lists_the_instructor_guide(
    student_epub: Path, instructor_epub: Path
) -> None:
    def guide(epub: Path) -> list[str]:
        return [title for href, title in contents(epub) if href.startswith("instructor/")]

    assert "Instructor guide" in guide(instructor_epub)
    assert guide(student_epub) == []


def test_the_metadata_is_complete_and_names_the_edition(edition: tuple[str, Path]) -> None:
    name, epub = edition
    meta = metadata(epub)
    assert meta["language"] == ["en"]
    assert all(meta[tag] and all(v.strip() for v in meta[tag]) for tag in meta), meta
    assert "unknown" not in str(meta)
    assert "CC BY 4.0" in meta["rights"][0]
    assert f"({name} edition)" in meta["title"][0]


def test_the_book_opens_on_a_title_block_like_the_pdfs_title_page(
    edition: tuple[str, Path],
) -> None:
    """An e-reader opens the first chapter: it names the course, the edition, the version
    and date, and the licence, as the PDF's title page does (not a bare list of contents)."""
    name, epub = edition
    with zipfile.ZipFile(epub) as archive:
        (first,) = [n for n in archive.namelist() if n.endswith("book.xhtml")]
        text = " ".join("".join(ET.fromstring(archive.read(first)).itertext()).split())
    assert "A course on R2P and the 12 July 2011 General Assembly dialogue" in text
    assert f"The {name} edition, r2p-kit " in text
    assert "CC BY 4.0" in text and "creativecommons.org/licenses/by/4.0" in text


def test_the_editions_are_two_books_to_an_e_reader(
    student_epub: Path, instructor_epub: Path
) -> None:
    """An e-reader's library keys books on their identifier: with one identifier, loading
    the instructor edition would replace the student one (or be taken for a duplicate)."""
    assert metadata(student_epub)["identifier"] != metadata(instructor_epub)["identifier"]


@pytest.fixture(scope="module")
def chapters(edition: tuple[str, Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The edition's XHTML chapters, unpacked as an e-reader reads them (nav.xhtml aside)."""
    folder = tmp_path_factory.mktemp(f"{edition[0]}-epub-unpacked")
    with zipfile.ZipFile(edition[1]) as archive:
        archive.extractall(folder)
    found = sorted(p for p in folder.rglob("*.xhtml") if p.name != "nav.xhtml")
    assert len(found) > len(MODULES)
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.mark.parametrize("width", READER_WIDTHS)
def test_every_chapter_fits_a_phone_sized_e_reader(
    chapters: list[Path], browser: Any, width: int
) -> None:
    """E-readers page, they do not scroll sideways: what runs past the page's right edge
    (a five-column rubric, a long web address, a code line, an essay's answer lines) is cut
    off. Script is off, as in an e-reader."""
    context = browser.new_context(
        viewport={"width": width, "height": 700}, java_script_enabled=False
    )
    page = context.new_page()
    too_wide = {}
    for chapter in chapters:
        page.goto(chapter.as_uri())
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide["/".join(chapter.parts[-3:])] = scroll_width
    context.close()
    assert too_wide == {}


def test_no_chapter_shows_a_control_or_raw_markup(chapters: list[Path]) -> None:
    """Quizzes and the sheet checker are forms on the web; in an e-reader a "Check" button
    or an empty field would do nothing. Code samples may show markup; nothing else may."""
    found = {}
    for chapter in chapters:
        tree = lxml_html.fromstring(chapter.read_bytes())
        controls = sorted({el.tag for el in tree.iter(*CONTROLS)})
        for code in tree.xpath("//pre | //code"):
            code.drop_tree()
        markup = RAW_MARKUP.findall(tree.text_content())
        if controls or markup:
            found["/".join(chapter.parts[-3:])] = (controls, markup[:3])
    assert found == {}


def test_quizzes_read_as_printed_questions(edition: tuple[str, Path], chapters: list[Path]) -> None:
    """Every module's quiz is there as numbered questions with lettered options and answer
    lines, and only the instructor edition gives each chapter's answers."""
    name, _epub = edition
    for folder in MODULES:
        (page,) = [c for c in chapters if c.parent.name == folder and c.name == "index.xhtml"]
        tree = lxml_html.fromstring(page.read_bytes())
        questions = tree.find_class("r2p-question")
        text = " ".join(tree.text_content().split())
        assert questions and "Question 1." in text and "a) " in text, folder
        assert tree.find_class("r2p-answer-line"), folder
        assert (tree.get_element_by_id("r2p-answers", None) is not None) == (
            name == "instructor"
        ), folder
