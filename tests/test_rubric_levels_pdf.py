"""The printed marker's key (``r2p-kit quiz --format markdown --pdf``) gives each essay
criterion its four level descriptors; the printed handouts give none."""

from __future__ import annotations

import subprocess

import pytest

from conftest import PDFTOTEXT_INSTALL, REPO, require_commands
from r2p_kit.bank.load import load_bank
from r2p_kit.bank.model import Essay
from r2p_kit.bank.rubric import level_name
from r2p_kit.quiz.export.pdf import TEX_INSTALL, markdown_pdfs
from r2p_kit.quiz.generate import Selection, generate_quiz
from r2p_kit.quiz.render import render_quiz

pytestmark = pytest.mark.slow  # runs XeLaTeX


def test_printed_key_has_the_descriptors_and_the_handout_does_not(tmp_path) -> None:
    require_commands("xelatex", install=TEX_INSTALL)
    require_commands("pdftotext", install=PDFTOTEXT_INSTALL)
    bank = load_bank(REPO)
    quiz = generate_quiz(bank, Selection(modules=("origins",), count=1, essays=1), seed="r")
    made = markdown_pdfs(quiz, render_quiz(quiz, "markdown", tmp_path).files)
    text = {}
    for path, data in made.items():
        pdf = tmp_path / path.name
        pdf.write_bytes(data)
        raw = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        text[path.name] = " ".join(raw.replace("\u2019", "'").split())
    (essay,) = [i.question for i in quiz.variants[0].items if isinstance(i.question.body, Essay)]
    assert isinstance(essay.body, Essay)
    for point in essay.body.rubric:
        assert point.levels is not None
        for level, descriptor in point.levels.described():
            opening = " ".join(descriptor.split()[:6])
            assert f"{level_name(level)}: {opening}" in text["answer-keys.pdf"], (level, opening)
            assert opening not in text["handouts.pdf"]
