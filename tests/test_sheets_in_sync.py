"""Every committed exercises/NN-slug.md is exactly what ``r2p-kit sheet`` makes from the bank.

Sheets are generated, never edited by hand; when a bank changes, regenerate them with
``r2p-kit sheet --all --force`` and commit the result.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from r2p_kit.check.course import module_sheet
from r2p_kit.paths import module_dirs

REPO = Path(__file__).resolve().parents[1]
MODULES = [folder for folder in module_dirs(REPO) if (folder / "questions.yaml").is_file()]
FIX = "regenerate it with: r2p-kit sheet --all --force"


def test_every_module_has_a_bank() -> None:
    missing = [f.name for f in module_dirs(REPO) if not (f / "questions.yaml").is_file()]
    assert not missing, f"modules without questions.yaml, so without a sheet: {missing}"


@pytest.mark.parametrize("folder", MODULES, ids=lambda folder: folder.name)
def test_committed_sheet_matches_the_bank(folder: Path) -> None:
    text, target = module_sheet(REPO, folder.name)
    assert target == REPO / "exercises" / f"{folder.name}.md"
    assert target.is_file(), f"{target.relative_to(REPO)} is missing; {FIX}"
    committed = target.read_text(encoding="utf-8")
    assert committed == text, f"{target.relative_to(REPO)} differs from its bank; {FIX}"


def test_no_sheet_without_a_module() -> None:
    expected = {f"{folder.name}.md" for folder in MODULES}
    stray = sorted(p.name for p in (REPO / "exercises").glob("*.md") if p.name not in expected)
    assert not stray, f"sheets with no module bank: {stray}"


@pytest.mark.parametrize("folder", MODULES, ids=lambda folder: folder.name)
def test_the_keys_answers_score_full_marks_on_the_real_sheet(folder: Path) -> None:
    """Writing the answer key into the real sheet gives full marks: sheet, reader, key and
    matcher agree on every real question."""
    from check_support import fill_sheet
    from r2p_kit.check.course import load_module
    from r2p_kit.check.match import match_answer
    from r2p_kit.check.sheet import load_filled_sheet
    from r2p_kit.check.solution import correct_answer

    module = load_module(REPO, folder.name)
    text, target = module_sheet(REPO, folder.name)
    answers = {}
    for question in module.questions:
        written, _ = correct_answer(question)
        if question.type == "cloze":
            written = "\n" + written.replace("; ", "\n")
        if question.type != "essay":
            answers[question.id] = written
    filled = fill_sheet(text, answers, student="Key")
    sheet = load_filled_sheet(target, module, filled.encode("utf-8"))
    for answer in sheet.answers:
        result = match_answer(answer.question, answer.response)
        expected = "unanswered" if answer.question.type == "essay" else "correct"
        assert result.status == expected, (answer.question.id, answer.text, result)
