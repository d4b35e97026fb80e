"""The EPUB of each edition as an e-reader shows it: a file named like the edition's PDF, a
table of contents with an entry for every module and its sections, and complete metadata
that says which edition it is. (epubcheck runs in tests/test_build.py.)"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from conftest import DOCS

pytestmark = pytest.mark.slow  # runs Sphinx

XHTML = "{http://www.w3.org/1999/xhtml}"
DC = "{http://purl.org/dc/elements/1.1/}"
MODULES = sorted(path.parent.name for path in (DOCS / "modules").glob("*/index.md"))
# Each edition's EPUB is named like its PDF book (r2p-course.pdf, r2p-course-instructor.pdf).
NAMES = {"student": "r2p-course.epub", "instructor": "r2p-course-instructor.epub"}


@pytest.fixture(params=sorted(NAMES))
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


def test_the_editions_are_two_books_to_an_e_reader(
    student_epub: Path, instructor_epub: Path
) -> None:
    """An e-reader's library keys books on their identifier: with one identifier, loading
    the instructor edition would replace the student one (or be taken for a duplicate)."""
    assert metadata(student_epub)["identifier"] != metadata(instructor_epub)["identifier"]
