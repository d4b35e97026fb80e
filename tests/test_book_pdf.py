"""The PDF book as a reader meets it: a designed title page, no build note and no blank
pages, typeset dashes, one bibliography heading, an index in the body font that points to
the pages using each key term, and no line that runs into the margin."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import PDFTOTEXT_INSTALL, pdf_text, require_commands

pytestmark = pytest.mark.slow  # runs Sphinx and TeX


def pages(pdf: Path) -> list[str]:
    """The text of each page, in reading order (pdftotext ends every page with a form feed)."""
    return pdf_text(pdf).split("\f")[:-1]


def overfull_lines(log: Path) -> list[str]:
    """TeX's reports of lines wider than the text block by more than 1 pt."""
    text = log.read_text(encoding="utf-8", errors="replace")
    found = re.findall(r"^Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)(.*)$", text, re.M)
    return [f"{width}pt{where}" for width, where in found if float(width) > 1.0]


def overfull_pages(log: Path) -> list[str]:
    """TeX's reports of a page taller than the text block by more than 3 pt: something
    unbreakable (a table set as one box) runs into the footer. Overflows of a point or two,
    from keeping headings with their text, are out of any reader's sight."""
    text = log.read_text(encoding="utf-8", errors="replace")
    found = re.findall(r"^Overfull \\vbox \((\d+(?:\.\d+)?)pt too high\)(.*)$", text, re.M)
    return [f"{height}pt{where}" for height, where in found if float(height) > 3.0]


def pdf_string(escaped: str) -> str:
    """A title as hyperref writes it in the .out file: octal escapes of UTF-16 bytes."""
    text = re.sub(
        r"\\([0-7]{3}|.)",
        lambda escape: chr(int(escape[1], 8)) if len(escape[1]) == 3 else escape[1],
        escaped,
    ).encode("latin-1")
    return text[2:].decode("utf-16-be") if text.startswith(b"\xfe\xff") else text.decode()


def headings_by_page(pdf: Path) -> dict[str, set[str]]:
    """Each printed page number's headings: the titles of the PDF's outline (the .out file)
    joined through their anchors to the pages of the contents (the .toc file)."""
    bookmark = re.compile(r"^\\BOOKMARK \[\d\]\[[-+]?\]\{([^}]*)\}\{(.*)\}\{[^}]*\}%", re.M)
    titles = {
        anchor: " ".join(pdf_string(title).split())
        for anchor, title in bookmark.findall(pdf.with_suffix(".out").read_text(encoding="utf-8"))
    }
    pages: dict[str, set[str]] = {}
    for page, anchor in re.findall(
        r"\{([^{}]*)\}\{([^{}]*)\}%$", pdf.with_suffix(".toc").read_text(encoding="utf-8"), re.M
    ):
        if anchor in titles:
            pages.setdefault(page, set()).add(titles[anchor])
    return pages


# A page's footer: its number, alone or apart from the running title by a wide gap.
FOOTER = re.compile(r"\s*(\d+|[ivxlc]+)(?:\s{3,}.*)?|(?:.*\s{3,})?(\d+|[ivxlc]+)\s*")


def run_in_headings(pdf: Path) -> set[str]:
    """The bold paragraphs that head what follows them (a note's title, "Debrief
    questions."): r2p_kit.sphinx.printed_notes marks them in the LaTeX source."""
    source = pdf.with_suffix(".tex").read_text(encoding="utf-8")
    marked = re.findall(
        r"^\\rpkitruninheading\s*\\sphinxAtStartPar\s*\\sphinxstylestrong\{(.*)\}$", source, re.M
    )
    titles = {" ".join(title.replace("\\%", "%").split()) for title in marked}
    return {title for title in titles if "\\" not in title}  # plain text, as pdftotext gives it


def headings_at_page_feet(pdf: Path, run_in: set[str] | None = None) -> list[str]:
    """Headings that end the body text of their page, their text on the next."""
    headings = headings_by_page(pdf)
    assert len(headings) > 20, "no outline read from the .out and .toc files"
    run_in = run_in_headings(pdf) if run_in is None else run_in
    alone = []
    for number, text in enumerate(pages(pdf), 1):
        lines = [line for line in text.splitlines() if line.strip()]
        footer = FOOTER.fullmatch(lines[-1]) if len(lines) > 1 else None
        if footer is None:
            continue
        page = footer.group(1) or footer.group(2)
        body = lines[:-1]
        for count in (1, 2, 3):  # a long heading wraps
            last = " ".join(" ".join(body[-count:]).split())
            if last in headings.get(page, ()) or last in run_in:
                alone.append(f"page {number} ({page}): {last}")
    return alone


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_heading_at_the_foot_of_a_page(edition: str, request: pytest.FixtureRequest) -> None:
    """A heading over a table was left alone when the table's first row went overleaf."""
    assert headings_at_page_feet(request.getfixturevalue(edition)) == []


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_option_breaks_after_its_leading_dashes(
    edition: str, request: pytest.FixtureRequest
) -> None:
    """A table's narrow column may break a file name after a hyphen, but not "--" from "pdf":
    no word of dashes alone ends a line or a column's line ("answer-keys/; --" over "pdf")."""
    broken = [
        line.strip()
        for text in pages(request.getfixturevalue(edition))
        for line in text.splitlines()
        if re.search(r"(?:^|\s)-{1,3}(?:\s{2,}|$)", line)
    ]
    assert broken == []


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_web_address_breaks_after_its_scheme(
    edition: str, request: pytest.FixtureRequest
) -> None:
    """ "https:" or "https:/" ended a line, with "//undocs.org" or "/undocs.org" on the next:
    a reader copying it types a wrong address."""
    broken = [
        line.strip()
        for text in pages(request.getfixturevalue(edition))
        for line in text.splitlines()
        if re.search(r"\bhttps?:/?$", line.rstrip())
    ]
    assert broken == []


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_quotation_attribution_starts_a_page(
    edition: str, request: pytest.FixtureRequest
) -> None:
    """ "—Security Council resolution 1706 ..." stood alone at the top of a page, its
    quotation on the page before."""
    alone = []
    for number, text in enumerate(pages(request.getfixturevalue(edition)), 1):
        body = [line.strip() for line in text.splitlines() if line.strip()][1:]  # no running head
        if body and body[0].startswith("\u2014"):
            alone.append(f"page {number}: {body[0]}")
    assert alone == []


def body_lines(text: str) -> list[str]:
    """A page's lines of text without its running head and its footer."""
    lines = [line for line in text.splitlines() if line.strip()]
    if lines and "Version" in lines[0] and lines[0].startswith(" " * 20):
        lines = lines[1:]
    if lines and FOOTER.fullmatch(lines[-1]):
        lines = lines[:-1]
    return lines


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_page_holds_only_a_few_lines(edition: str, request: pytest.FixtureRequest) -> None:
    """A chapter's last two to four lines stood alone on a page before the next chapter (the
    appendix on paragraphs 138 to 140, a module's reading list, the index's last entries)."""
    texts = pages(request.getfixturevalue(edition))
    short = [
        f"page {number}: {' / '.join(line.strip() for line in lines)}"
        for number, lines in enumerate(map(body_lines, texts), 1)
        if 0 < len(lines) < 5
    ]
    assert short == []


def printed_pages(pdf: Path) -> dict[str, str]:
    """Each page's text under the number printed in its footer."""
    found = {}
    for text in pages(pdf):
        lines = [line for line in text.splitlines() if line.strip()]
        footer = FOOTER.fullmatch(lines[-1]) if lines else None
        if footer is not None:
            found[footer.group(1) or footer.group(2)] = text
    return found


def test_the_answer_key_points_to_the_page_each_question_is_on(instructor_pdf: Path) -> None:
    """The key's "(page N)" was one page early for a question moved to the top of the next
    page: its label stayed behind at the foot of the page before."""
    printed = printed_pages(instructor_pdf)
    key = "".join(printed.values())
    references = re.findall(r"Question (\d+) \(page (\d+)\)", key)
    assert len(references) > 100
    wrong = [
        f"Question {number} (page {page})"
        for number, page in references
        if not re.search(rf"^\s*Question {number}\.", printed.get(page, ""), re.M)
    ]
    assert wrong == []


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_page_runs_into_the_footer(edition: str, request: pytest.FixtureRequest) -> None:
    pdf: Path = request.getfixturevalue(edition)
    assert overfull_pages(pdf.with_suffix(".log")) == []


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_no_line_runs_into_the_margin(edition: str, request: pytest.FixtureRequest) -> None:
    pdf: Path = request.getfixturevalue(edition)
    assert overfull_lines(pdf.with_suffix(".log")) == []


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_attributions_have_em_dashes_not_three_hyphens(
    edition: str, request: pytest.FixtureRequest
) -> None:
    text = "".join(pages(request.getfixturevalue(edition)))
    assert "---" not in text
    assert text.count("\u2014") >= 17  # every quotation's attribution, at least


def test_the_title_page_names_the_book_its_edition_date_and_licence(student_pdf: Path) -> None:
    title = " ".join(pages(student_pdf)[0].split())
    assert "The Responsibility to Protect" in title
    assert "A course on R2P and the 12 July 2011 General Assembly dialogue" in title
    assert "Student edition" in title
    assert re.search(r"\d{1,2} [A-Z][a-z]+ 20\d\d", title)
    assert "CC BY 4.0" in title


def test_instructor_title_page_says_instructor_edition(instructor_pdf: Path) -> None:
    assert "Instructor edition" in " ".join(pages(instructor_pdf)[0].split())


def test_no_build_note_and_no_blank_page(student_pdf: Path) -> None:
    texts = pages(student_pdf)
    assert not any("root of the PDF" in text for text in texts)
    # A page holding nothing but its number (or nothing at all) is a blank page.
    blank = [n for n, text in enumerate(texts, 1) if not re.sub(r"\s|\d|[ivxlc]+", "", text)]
    assert blank == []
    contents = next(n for n, text in enumerate(texts, 1) if "CONTENTS" in text)
    assert contents == 2  # the contents follow the title page directly


def test_the_bibliography_has_one_heading(student_pdf: Path) -> None:
    headings = [
        n
        for n, text in enumerate(pages(student_pdf), 1)
        for line in text.splitlines()
        if line.strip().upper() == "BIBLIOGRAPHY" and line.strip().isupper()
    ]
    assert len(headings) == 1, headings


def test_the_instructor_bibliography_lists_its_entries_under_its_heading(
    instructor_pdf: Path,
) -> None:
    """The guide and the answer key follow the bibliography in this edition; its entries
    must not drift after them (LaTeX collects citations at the end of the document)."""
    texts = pages(instructor_pdf)
    heading = next(
        n for n, text in enumerate(texts) if re.search(r"^\s*BIBLIOGRAPHY\s*$", text, re.M)
    )
    key = next(n for n, text in enumerate(texts) if re.search(r"^\s*ANSWER KEY\s*$", text, re.M))
    entry = re.compile(r"^\s*\[[^\]]+\] [A-Z]", re.M)  # "[S/RES/1973] United Nations ..."
    entries = [n for n, text in enumerate(texts) if len(entry.findall(text)) >= 3]
    assert entries and heading <= entries[0] <= heading + 1 < key
    assert all(n < key for n in entries)


def index_pages(pdf: Path) -> list[int]:
    texts = pages(pdf)
    start = max(n for n, text in enumerate(texts, 1) if re.search(r"^\s*INDEX\s*$", text, re.M))
    return list(range(start, len(texts) + 1))


def test_the_index_is_in_the_body_font(student_pdf: Path) -> None:
    require_commands("pdffonts", install=PDFTOTEXT_INSTALL)
    numbers = index_pages(student_pdf)
    fonts = subprocess.run(
        ["pdffonts", "-f", str(numbers[0]), "-l", str(numbers[-1]), str(student_pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "FreeSerif" in fonts
    assert "Mono" not in fonts


def test_the_index_points_to_the_modules_that_use_a_key_term(student_pdf: Path) -> None:
    texts = pages(student_pdf)
    index = " ".join(" ".join(texts[n - 1] for n in index_pages(student_pdf)).split())
    entry = re.search(r"genocide, ([\d, \u2013]+)", index)
    assert entry is not None, index[:400]
    numbers = re.findall(r"\d+", entry.group(1))
    assert len(numbers) >= 4  # the glossary and pages of the modules
    assert "capacity-building," in index and index.count("capacity-building,") == 1
    # A page range keeps its dash (43 to 45), never "4345" (the book has fewer than 1,000 pages).
    assert not re.search(r"\b\d{4,}\b", index)


def test_a_table_continued_overleaf_names_no_table_number_nobody_saw(student_pdf: Path) -> None:
    text = "".join(pages(student_pdf))
    assert "continued from previous page" in text  # the rubrics and the timeline break
    assert not re.search(r"Table \d+ \S continued", text)


@pytest.mark.parametrize("edition", ["student_pdf", "instructor_pdf"])
def test_a_broken_table_says_continued_on_next_page_at_the_foot_and_from_previous_at_the_top(
    edition: str, request: pytest.FixtureRequest
) -> None:
    """The foot of a page said "(continued from previous page)" as well as the top."""
    misplaced = []
    for number, text in enumerate(pages(request.getfixturevalue(edition)), 1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for at, line in enumerate(lines):
            if line == "(continued from previous page)" and at > 2:
                misplaced.append(f"page {number}, line {at + 1}: {line}")
            if line == "(continued on next page)" and at < len(lines) - 3:
                misplaced.append(f"page {number}, line {at + 1}: {line}")
    assert misplaced == []
    assert "(continued on next page)" in "".join(pages(request.getfixturevalue(edition)))
