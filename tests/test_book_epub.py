"""The EPUB as an e-reader shows it: a file named like the PDF, a table of contents with an
entry for every module and its sections, and complete metadata. (epubcheck runs in
tests/test_build.py.)"""

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


def read(epub: Path, suffix: str) -> ET.Element:
    with zipfile.ZipFile(epub) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return ET.fromstring(archive.read(name))


def test_the_epub_is_named_like_the_pdf(student_epub: Path) -> None:
    assert student_epub.name == "r2p-course.epub"


def test_the_contents_have_an_entry_for_every_module_with_its_sections(
    student_epub: Path,
) -> None:
    nav = read(student_epub, "nav.xhtml")
    entries = {}
    for item in nav.iter(f"{XHTML}li"):
        link = item.find(f"{XHTML}a")
        assert link is not None
        href = link.get("href", "")
        if href.startswith("modules/") and "#" not in href:
            sections = item.findall(f"{XHTML}ol/{XHTML}li")
            entries[href.split("/")[1]] = (link.text, len(sections))
    assert sorted(entries) == MODULES
    for folder, (title, sections) in entries.items():
        assert title and title[0].isdigit(), (folder, title)  # "1. Origins: ..."
        assert sections >= 4, (folder, sections)  # objectives, terms, reading, questions...
    top = nav.findall(f".//{XHTML}nav/{XHTML}ol/{XHTML}li")
    assert len(top) > len(MODULES)  # start-here pages, sources and reference too


def test_the_metadata_is_complete(student_epub: Path) -> None:
    opf = read(student_epub, "content.opf")
    meta = {tag: [e.text or "" for e in opf.iter(f"{DC}{tag}")] for tag in
            ("title", "creator", "contributor", "language", "rights", "publisher")}  # fmt: skip
    assert meta["language"] == ["en"]
    assert all(meta[tag] and all(v.strip() for v in meta[tag]) for tag in meta), meta
    assert "unknown" not in str(meta)
    assert "CC BY 4.0" in meta["rights"][0]
    assert "student edition" in meta["title"][0]
