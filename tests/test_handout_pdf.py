"""Printed handouts as a class gets them (``r2p-kit quiz --format markdown --pdf``): printed
on both sides, every student's handout starts on a front side; every page names its student;
the marker's key has typeset quotes and no ".," between right options."""

from __future__ import annotations

import re

import pytest

from conftest import PDFTOTEXT_INSTALL, REPO, pdf_text, require_commands
from r2p_kit.bank.load import load_bank
from r2p_kit.quiz.export.pdf import TEX_INSTALL, markdown_pdfs
from r2p_kit.quiz.generate import Selection, generate_quiz
from r2p_kit.quiz.render import render_quiz
from r2p_kit.quiz.roster import Student

pytestmark = pytest.mark.slow  # runs XeLaTeX

STUDENTS = [
    Student("2024001", "Amina Diallo"),
    Student("2024002", "Jonas Becker"),
    Student("2024003", "María José García López"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The text of each page of handouts.pdf and answer-keys.pdf, from the course's banks."""
    require_commands("xelatex", install=TEX_INSTALL)
    require_commands("pdftotext", install=PDFTOTEXT_INSTALL)
    bank = load_bank(REPO)
    quiz = generate_quiz(bank, Selection(count=12, essays=1), seed="7", students=STUDENTS)
    out = tmp_path_factory.mktemp("handouts")
    made = markdown_pdfs(quiz, render_quiz(quiz, "markdown", out).files)
    pages = {}
    for path, data in made.items():
        pdf = out / path.name
        pdf.write_bytes(data)
        pages[path.name] = pdf_text(pdf).split("\f")[:-1]
    return pages


def test_every_handout_starts_on_a_front_side(pdfs: dict[str, list[str]]) -> None:
    pages = pdfs["handouts.pdf"]
    starts = [n for n, text in enumerate(pages, 1) if re.search(r"Page 1\s*$", text.split("\n")[0])]
    assert len(starts) == len(STUDENTS)
    assert [n % 2 for n in starts] == [1] * len(STUDENTS), starts
    # The check means something only if a handout has an odd number of pages.
    printed = [sum(s.name in text.split("\n")[0] for text in pages) for s in STUDENTS]
    assert any(n % 2 for n in printed), printed


def test_every_printed_page_names_its_student(pdfs: dict[str, list[str]]) -> None:
    owner = None
    for number, text in enumerate(pdfs["handouts.pdf"], 1):
        if not text.strip():
            continue  # the blank back of a handout with an odd number of pages
        head = text.split("\n")[0]
        named = [s for s in STUDENTS if f"Student: {s.name} ({s.id})" in head]
        assert len(named) == 1, (number, head)
        if re.search(r"Page 1\s*$", head):
            owner = named[0]
        assert named[0] == owner, (number, head)


def test_the_key_has_typeset_quotes_and_no_stray_full_stops(pdfs: dict[str, list[str]]) -> None:
    key = "\n".join(pdfs["answer-keys.pdf"])
    assert ".," not in key
    assert '"' not in key
    assert "\u201c" in key  # the course's explanations quote documents
    assert not re.search(r"(^|[\s(])\u201d", key, re.M)  # no closing quote opens a quotation
    assert not re.search(r"\u201c(\s|$)", key, re.M)  # no opening quote closes one
    assert "Answer key" in key.split("\n")[0]
