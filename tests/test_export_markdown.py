"""The printable handout hides answers; its key and the CSV answer key agree with the model."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from r2p_kit.bank.load import load_bank
from r2p_kit.bank.model import Choice
from r2p_kit.quiz.export.answer_key import HEADER, correct_answer_text, export_answer_key
from r2p_kit.quiz.export.markdown import export_markdown, export_markdown_key
from r2p_kit.quiz.generate import Selection, generate_quiz
from r2p_kit.quiz.roster import Student

COURSE = Path(__file__).parent / "fixtures" / "bank" / "course"
BANK = load_bank(COURSE)


def test_handout_has_every_question_and_no_answers() -> None:
    quiz = generate_quiz(BANK, Selection(), seed="print", students=[Student("s1", "Ana")])
    variant = quiz.variants[0]
    handout = export_markdown(quiz.title, variant)
    assert handout.startswith("# R2P quiz\n")
    assert "**Student:** Ana (s1)" in handout
    assert handout.count("\n## ") == len(variant.items)
    for item in variant.items:
        question = item.question
        assert question.prompt.split("*")[0][:30] in handout
        if question.explanation:
            assert question.explanation not in handout
    assert "Humanitarian intervention" in handout  # distractors are shown
    assert "war crimes" not in handout.split("paragraph 138")[-1].split("##")[0]
    assert "Names the three pillars" not in handout  # rubric is for markers


def test_key_letters_match_the_handout() -> None:
    quiz = generate_quiz(BANK, Selection(), seed="print", variants=1)
    variant = quiz.variants[0]
    key = export_markdown_key(quiz.title, variant)
    for position, item in enumerate(variant.items, start=1):
        body = item.question.body
        if isinstance(body, Choice):
            letters = [chr(65 + i) for i in body.correct_indices]
            line = next(li for li in key.splitlines() if li.startswith(f"{position}. "))
            assert all(f"{letter}. " in line for letter in letters), line


def test_answer_key_csv() -> None:
    quiz = generate_quiz(
        BANK, Selection(count=6), seed="key", students=[Student("s1", "A"), Student("s2", "B")]
    )
    rows = list(csv.reader(io.StringIO(export_answer_key(quiz))))
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 1 + 2 * 6
    for row, (variant, item) in zip(
        rows[1:], [(v, i) for v in quiz.variants for i in v.items], strict=True
    ):
        assert row[0] == variant.student.id and row[1] == variant.code
        assert row[3] == item.question.id
        assert row[5] == correct_answer_text(item.question)


def test_correct_answer_text_per_type() -> None:
    text = {q.id: correct_answer_text(q) for q in BANK.questions}
    assert text["origins/iciss-year"] == "2001"
    assert text["origins/iciss-canada"] == "true"
    assert text["origins/summit-year"] == "2005"
    assert text["origins/abstentions"] == "5 states"
    assert text["origins/decade"] == "1994 to 1995"
    assert text["origins/order"].startswith("Genocide Convention > Rome Statute adopted")
    assert text["pillars/para-138"] == "1: genocide | 2: war crimes"
    assert text["pillars/essay"].startswith("rubric: Names the three pillars")


def test_markdown_to_latex_escapes_everything() -> None:
    from r2p_kit.quiz.export.pdf import markdown_to_latex

    latex = markdown_to_latex("## 1. A $5 & 50% {x} #1 ~ ^ \\ *em* **b** `c`\n\n- item\n")
    assert latex == (
        "\\subsection*{1. A \\$5 \\& 50\\% \\{x\\} \\#1 \\textasciitilde{} "
        "\\textasciicircum{} \\textbackslash{} \\emph{em} \\textbf{b} \\texttt{c}}\n"
        "\\begin{itemize}\n\\item item\n\n\\end{itemize}\n"
    )


@pytest.mark.slow
def test_pdf_handouts_are_reproducible(tmp_path: Path) -> None:
    from conftest import require_commands
    from r2p_kit.quiz.export.pdf import TEX_INSTALL, markdown_pdfs
    from r2p_kit.quiz.render import render_quiz

    require_commands("xelatex", install=TEX_INSTALL)
    quiz = generate_quiz(BANK, Selection(), seed="pdf", students=[Student("s1", "Ana")])
    files = render_quiz(quiz, "markdown", tmp_path).files
    first = markdown_pdfs(quiz, files)
    assert sorted(p.name for p in first) == ["answer-keys.pdf", "handouts.pdf"]
    assert all(data.startswith(b"%PDF") for data in first.values())
    assert markdown_pdfs(quiz, files) == first


def test_pdf_needs_markdown(tmp_path: Path) -> None:
    import pytest

    from r2p_kit.errors import UserError
    from r2p_kit.quiz.render import render_quiz

    quiz = generate_quiz(BANK, Selection(count=2), seed="pdf")
    with pytest.raises(UserError, match="--format markdown only"):
        render_quiz(quiz, "gift", tmp_path, pdf=True)
