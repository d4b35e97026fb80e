"""Cognitive levels: the loader reads them, lint counts them per objective and asks for judgement.

The codes themselves fire on their documented cases (tests/lint_cases/R2P008, R2P009,
R2P078, R2P079); these tests hold the report a reviewer reads and the arithmetic behind
"a third of the auto-marked items".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lint_support import copy_base, generate_sheets
from r2p_kit.bank.load import load_module_bank
from r2p_kit.cli import main
from r2p_kit.contrib.lint import lint_course

BANK = "docs/modules/01-sample/questions.yaml"
ESSAY = """
  - id: sample/essay
    type: essay
    level: evaluate
    prompt: "Weigh the two views of R2P."
    rubric:
      - point: "states both views"
        levels:
          excellent: "States both views accurately and says whose each is."
          good: "States both views accurately without saying whose they are."
          adequate: "States one view well and the other thinly."
          weak: "Misstates a view or gives only one."
    points: 4
    source: sample-summit
    objective: 3
"""


def course_with(tmp_path: Path, *changes: tuple[str, str], append: str = "") -> Path:
    course = copy_base(tmp_path / "course")
    bank = course / BANK
    text = bank.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    bank.write_text(text + append, encoding="utf-8")
    generate_sheets(course, [])
    return course


def codes(course: Path, code: str) -> list[str]:
    return [f.message for f in lint_course(course, strict=True) if f.code == code]


def test_loader_reads_question_and_objective_levels(tmp_path: Path) -> None:
    course = course_with(
        tmp_path, ("    type: multiple\n    level: recall", "    type: multiple\n    level: apply")
    )
    bank = load_module_bank(course / BANK)
    assert bank.objectives == ("recall", "apply", "evaluate")
    assert [q.level for q in bank.questions] == ["recall", "apply", "recall"]
    assert bank.objective_level(3) == "evaluate" and bank.objective_level(4) is None


def test_a_bad_level_stops_the_sheet_command_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = course_with(
        tmp_path, ("    type: numeric\n    level: recall", "    type: numeric\n    level: remember")
    )
    monkeypatch.chdir(course)
    assert main(["sheet", "sample", "--force"]) == 2
    err = capsys.readouterr().err
    assert f"{BANK}:7:12: unknown level 'remember'" in err
    assert "choose one of: recall, apply, evaluate" in err and "Traceback" not in err


def test_coverage_report_counts_levels_difficulties_and_tags_per_objective(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = course_with(
        tmp_path,
        ("    type: multiple\n    level: recall", "    type: multiple\n    level: apply"),
        ("    objective: 2\n", "    objective: 2\n    difficulty: hard\n    tags: [prevention]\n"),
        append=ESSAY,
    )
    monkeypatch.chdir(course)
    main(["lint", "--coverage"])
    assert capsys.readouterr().out.splitlines() == [
        "01-sample: 3 auto-marked, 1 apply/evaluate (33%); 1 essay",
        "  all: 4 questions; recall 2, apply 1, evaluate 1; easy 0, medium 3, hard 1",
        "  objective 1 (recall): 2 questions; recall 1, apply 1, evaluate 0; easy 0, medium 2, "
        "hard 0",
        "  objective 2 (apply): 1 question; recall 1, apply 0, evaluate 0; easy 0, medium 0, "
        "hard 1",
        "    tags: prevention 1",
        "  objective 3 (evaluate): 1 question; recall 0, apply 0, evaluate 1; easy 0, medium 1, "
        "hard 0",
    ]


def test_without_coverage_lint_prints_only_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(course_with(tmp_path))
    assert main(["lint"]) == 0
    assert capsys.readouterr().out == ""


def test_a_third_is_enough_and_essays_do_not_count(tmp_path: Path) -> None:
    one_of_three = course_with(
        tmp_path / "a",
        ("    type: multiple\n    level: recall", "    type: multiple\n    level: apply"),
    )
    assert codes(one_of_three, "R2P079") == []
    # An evaluative essay is a judgement item, but not an auto-marked one.
    essays_only = course_with(tmp_path / "b", append=ESSAY)
    assert codes(essays_only, "R2P079") == [
        "0 of the module's 3 auto-marked questions are at level apply or evaluate; at least a "
        "third should test judgement"
    ]


def test_an_essay_above_recall_covers_its_objective(tmp_path: Path) -> None:
    course = course_with(tmp_path, append=ESSAY)
    messages = codes(course, "R2P078")
    assert messages == [
        "objective 2 asks students to apply, but none of its 1 question is above recall"
    ]


def test_a_bank_without_objective_levels_is_reported(tmp_path: Path) -> None:
    course = course_with(tmp_path, ("objectives: [recall, apply, evaluate]\n", ""))
    messages = [f.message for f in lint_course(course) if f.code == "R2P009"]
    assert messages == ["the bank gives no levels for the module page's 3 learning objectives"]


def test_coverage_follows_the_path_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(course_with(tmp_path))
    main(["lint", "--coverage", "docs/modules/01-sample"])
    assert capsys.readouterr().out.startswith("01-sample: 3 auto-marked")
    main(["lint", "--coverage", "docs/reference"])
    assert capsys.readouterr().out == ""
