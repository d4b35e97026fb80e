"""Sheets that know their student, grading against the roster, gradebooks that import
(issue 12, items 3 to 5)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from check_support import demo_module, fill_sheet, write_demo_course
from r2p_kit.check.sheet import load_filled_sheet, render_sheet
from r2p_kit.cli import main

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"
MODULE = demo_module()


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_demo_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8"))))


def answer(sheet: Path, answers: dict[str, str]) -> None:
    sheet.write_text(fill_sheet(sheet.read_text("utf-8"), answers), encoding="utf-8")


def test_a_plain_sheet_asks_for_the_lms_identifier_not_a_name() -> None:
    text = render_sheet(MODULE, "Demo")
    assert "Write your email address or student ID number" in text
    assert "Write your name" not in text


def test_roster_sheets_carry_the_identifier(course: Path) -> None:
    roster = ROSTERS / "moodle-grades.csv"
    assert main(["sheet", "demo", "--roster", str(roster), "--out", "sheets"]) == 0
    names = sorted(p.name for p in (course / "sheets").iterdir())
    assert names == [f"09-demo-202400{n}.md" for n in range(1, 5)]
    first = course / "sheets" / "09-demo-2024001.md"
    text = first.read_text("utf-8")
    assert "student: 2024001  # your identifier in the class roster: do not change it" in text
    assert "name: Amina Diallo" in text and "r2p-kit check 09-demo-2024001.md" in text
    assert load_filled_sheet(first, MODULE).student == "2024001"


def graded_class(course: Path, roster: Path) -> Path:
    """Sheets from the roster, answered; plus a sheet by an unknown student and one that
    claims another student's identity."""
    assert main(["sheet", "demo", "--roster", str(roster), "--out", "sheets"]) == 0
    sheets = course / "sheets"
    files = sorted(sheets.iterdir())
    answer(files[0], {"demo/summit-year": "b", "demo/binding": "false"})  # 2 points
    answer(files[1], {"demo/summit-year": "a"})  # 0 points
    files[2].unlink()  # a missing submission
    stranger = fill_sheet(
        render_sheet(MODULE), {"demo/summit-year": "b"}, "amina.dialo@example.edu"
    )
    (sheets / "stranger.md").write_text(stranger, encoding="utf-8")
    impostor = files[0].read_text("utf-8")
    (sheets / "zz-copy.md").write_text(impostor, encoding="utf-8")  # claims student 1 too
    return sheets


def test_grade_with_a_moodle_roster(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheets = graded_class(course, ROSTERS / "moodle-grades.csv")
    code = main(["grade", str(sheets), "--module", "demo", "--out", "g.csv",
                 "--roster", str(ROSTERS / "moodle-grades.csv")])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 1
    assert (
        "Graded 5 sheets for module demo; 2 sheets kept out of the gradebook as they claim one "
        "student, 1 sheet from a student not on the roster (see above)." in out
    )
    assert "stranger.md: unknown student 'amina.dialo@example.edu'" in err
    assert "is this Amina Diallo (2024001)?" in err
    assert "2 sheets claim Amina Diallo (2024001)" in err and "zz-copy.md" in err
    assert "no sheet from 1 student(s): María José García López (2024003)" in err
    table = rows(course / "g.csv")
    assert table[0] == ["ID number", "Full name", "Exercise sheet 09-demo (out of 100)"]
    # Amina's two sheets conflict and María José sent none: no row, so that Moodle's import
    # leaves their grades as they are (an empty cell would clear a grade already there).
    assert table[1:] == [
        ["2024002", "Jonas Becker", "0"],
        ["2024004", "Chen Wei", "0"],
    ]
    status = {r[0]: r[2] for r in rows(course / "g-submissions.csv")[1:]}
    assert status == {
        "2024001": "conflict", "2024002": "graded", "2024003": "missing", "2024004": "graded",
        "amina.dialo@example.edu": "unknown",
    }  # fmt: skip


def test_moodle_mapping_column_and_scale(course: Path) -> None:
    sheets = graded_class(course, ROSTERS / "moodle-grades.csv")
    (sheets / "zz-copy.md").unlink()
    args = [
        "grade",
        str(sheets),
        "--module",
        "demo",
        "--roster",
        str(ROSTERS / "moodle-grades.csv"),
    ]
    assert main([*args, "--out", "e.csv", "--map-by", "email", "--max-grade", "20"]) == 1
    table = rows(course / "e.csv")
    assert table[0] == ["Email address", "Full name", "Exercise sheet 09-demo (out of 20)"]
    assert table[1] == ["amina.diallo@example.edu", "Amina Diallo", str(round(2 / 9 * 20, 2))]
    assert main([*args, "--out", "p.csv", "--max-grade", "points"]) == 1
    table = rows(course / "p.csv")
    assert table[0][2] == "Exercise sheet 09-demo (points out of 9)"
    assert table[1][2] == "2"


def test_grade_with_a_canvas_roster(course: Path) -> None:
    roster = ROSTERS / "canvas-gradebook.csv"
    sheets = graded_class(course, roster)
    (sheets / "zz-copy.md").unlink()
    code = main(["grade", str(sheets), "--module", "demo", "--out", "c.csv", "--lms", "canvas",
                 "--roster", str(roster)])  # fmt: skip
    assert code == 1  # the unknown student
    table = rows(course / "c.csv")
    label = "Exercise sheet 09-demo"
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        f"{label} (auto-marked)", f"{label} (essays)"]  # fmt: skip
    essay_points = sum(q.points for q in MODULE.questions if q.type == "essay")
    assert table[1] == ["    Points Possible", "", "", "", "", "9", f"{essay_points:g}"]
    assert table[2] == ["Amina Diallo", "4501", "2024001", "adiallo", "R2P 101 Section A", "2", ""]
    assert table[3][5] == "0"
    # Not the test student, nor a student with no sheet: Canvas takes an empty cell where a
    # score exists as a change to no score.
    assert len(table) == 4


def test_a_roster_run_writes_every_output_or_none(course: Path) -> None:
    sheets = graded_class(course, ROSTERS / "plain.csv")
    (course / "g-items.md").mkdir()  # one output cannot be written
    args = ["grade", str(sheets), "--module", "demo", "--out", "g.csv", "--roster",
            str(ROSTERS / "plain.csv"), "--force"]  # fmt: skip
    assert main(args) == 2
    assert sorted(p.name for p in course.iterdir() if p.name.startswith("g")) == ["g-items.md"]


def test_moodle_refuses_a_mapping_column_some_students_lack(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = ROSTERS / "canvas-gradebook.csv"  # no email addresses
    sheets = graded_class(course, roster)
    (sheets / "zz-copy.md").unlink()
    args = ["grade", str(sheets), "--module", "demo", "--out", "m.csv", "--roster", str(roster)]
    assert main([*args, "--map-by", "email"]) == 2
    # The two graded students; the one with no sheet has no row, so needs no address.
    assert "2 student(s) have no email address in the roster" in capsys.readouterr().err
    assert not (course / "m.csv").exists()
    assert main([*args, "--map-by", "username"]) == 1
    assert rows(course / "m.csv")[1][:2] == ["adiallo", "Amina Diallo"]
