"""The course builds clean in every format, and the student edition holds no instructor material."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest
from lxml import html as lxml_html

from conftest import EPUBCHECK_INSTALL, EPUBCHECK_JAR, REPO, Build, pdf_text, require

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX

PARAGRAPH_138_START = "Each individual State has the responsibility to protect its populations"
INSTRUCTOR_CLASS = "r2p-instructor"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def instructor_passages(build: Build) -> list[str]:
    """The text of every instructor-only block in the instructor edition's pages."""
    passages = []
    for page in build.outdir.rglob("*.html"):
        tree = lxml_html.fromstring(page.read_bytes())
        for block in tree.find_class(INSTRUCTOR_CLASS):
            for paragraph in block.iter("p"):
                text = squash(paragraph.text_content()).strip()
                if len(text) > 40:
                    passages.append(text[:60])
    return passages


def test_student_html_has_landing_page_and_modules(student_html: Build) -> None:
    index = (student_html.outdir / "index.html").read_text(encoding="utf-8")
    assert "The Responsibility to Protect" in index
    for number in range(1, 8):
        assert list(student_html.outdir.glob(f"modules/0{number}-*/index.html"))


def test_student_html_does_not_publish_markdown_sources(student_html: Build) -> None:
    """The only Markdown on the site is the exercise sheets, offered for download (issue 15)."""
    assert not [p for p in (student_html.outdir / "_sources").rglob("*") if p.is_file()]
    sheets = {student_html.outdir / "exercises" / p.name for p in (REPO / "exercises").glob("*.md")}
    published = [p for p in student_html.files() if p.suffix in {".md", ".yaml"}]
    assert sheets and set(published) == sheets


def test_paragraph_138_is_verbatim_on_the_primary_source_page(student_html: Build) -> None:
    page = student_html.outdir / "sources" / "world-summit-outcome.html"
    text = squash(lxml_html.fromstring(page.read_bytes()).text_content())
    assert (
        "138. Each individual State has the responsibility to protect its populations from "
        "genocide, war crimes, ethnic cleansing and crimes against humanity." in text
    )
    assert "support the United Nations in establishing an early warning capability." in text
    assert "to help to protect populations" in text


def test_instructor_edition_has_marked_instructor_material(instructor_html: Build) -> None:
    assert (instructor_html.outdir / "instructor" / "guide.html").exists()
    assert instructor_passages(instructor_html), "no instructor-only block was rendered"


def test_student_build_contains_no_instructor_material(
    student_html: Build, instructor_html: Build
) -> None:
    passages = instructor_passages(instructor_html)
    assert not (student_html.outdir / "instructor").exists()
    for path in student_html.files():
        content = squash(path.read_bytes().decode("utf-8", errors="replace"))
        assert INSTRUCTOR_CLASS not in content, f"{path} holds the instructor marker"
        assert "Instructor guide" not in content, f"{path} mentions the instructor guide"
        for passage in passages:
            assert passage not in content, f"{path} holds instructor text: {passage!r}"


def test_pdf_holds_title_paragraph_138_and_unicode(student_pdf) -> None:
    text = squash(pdf_text(student_pdf))
    assert "The Responsibility to Protect" in text
    assert PARAGRAPH_138_START in text
    assert "Côte d" in text
    for symbol in "✓✗≥\u00d7":  # check, ballot x, greater-or-equal, multiplication sign
        assert symbol in text, f"{symbol} is missing from the PDF"


def test_instructor_pdf_holds_instructor_notes(instructor_pdf, student_pdf) -> None:
    assert "Instructor guide" in squash(pdf_text(instructor_pdf))
    assert "Instructor guide" not in squash(pdf_text(student_pdf))


@pytest.mark.parametrize("edition", ["student_epub", "instructor_epub"])
def test_epub_passes_epubcheck(edition: str, request: pytest.FixtureRequest) -> None:
    require(EPUBCHECK_JAR.exists(), "epubcheck", EPUBCHECK_INSTALL)
    epub = request.getfixturevalue(edition)
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK_JAR), str(epub)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_epub_contains_every_module(student_epub) -> None:
    with zipfile.ZipFile(student_epub) as epub:
        names = epub.namelist()
    for number in range(1, 8):
        assert any(re.search(rf"modules/0{number}-[^/]+/index\.xhtml$", n) for n in names)
