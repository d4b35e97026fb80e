"""``r2p-kit grade``: a folder of sheets becomes Moodle and Canvas gradebooks, per-question
detail and an item analysis whose numbers are checked against hand computation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from check_support import demo_module, fill_sheet, write_demo_course
from r2p_kit.check.grade import grade_folder, gradebook_csv, safe_cell
from r2p_kit.check.items import group_size, item_analysis
from r2p_kit.check.sheet import render_sheet
from r2p_kit.cli import main

MODULE = demo_module()
BLANK = render_sheet(MODULE, "A demonstration module")

# Ten students answer three one-point questions (the other seven are left blank).
# summit-year: "b" is right; binding: "false" is right; crime-name: "genocide" is right.
CLASS = {
    "s01": ("b", "false", "genocide"),  # total 3
    "s02": ("b", "false", "genocide"),  # 3
    "s03": ("b", "false", "homicide"),  # 2
    "s04": ("b", "true", "genocide"),  # 2
    "s05": ("a", "false", "genocide"),  # 2
    "s06": ("b", "true", "homicide"),  # 1
    "s07": ("c", "false", "homicide"),  # 1
    "s08": ("a", "true", "genocide"),  # 1
    "s09": ("c", "true", "homicide"),  # 0
    "s10": ("", "true", ""),  # 0; named by its file, its sheet says no student
}
TOTALS = {"s01": 3, "s02": 3, "s03": 2, "s04": 2, "s05": 2, "s06": 1, "s07": 1, "s08": 1,
          "s09": 0, "s10": 0}  # fmt: skip


def sheet_for(student: str | None, summit: str, binding: str, crime: str) -> str:
    answers = {"demo/summit-year": summit, "demo/binding": binding, "demo/crime-name": crime}
    return fill_sheet(BLANK, answers, student)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    sheets = tmp_path / "sheets"
    sheets.mkdir()
    for student, answers in CLASS.items():
        name = None if student == "s10" else student
        (sheets / f"{student}.md").write_text(sheet_for(name, *answers), encoding="utf-8")
    return sheets


def rows(text: str) -> list[list[str]]:
    assert "\r\n" in text  # RFC 4180 line ends, as both platforms export
    return list(csv.reader(io.StringIO(text)))


def test_totals_and_students_from_front_matter_or_file_name(folder: Path) -> None:
    run = grade_folder(folder, MODULE)
    assert not run.skipped and not run.conflicts
    assert {s.student: s.score for s in run.graded} == TOTALS
    [warning] = run.unidentified  # s10's sheet has no 'student:' identifier
    assert warning.location.path.name == "s10.md" and warning.location.line == 3
    assert "graded under the file name 's10'" in warning.message
    assert {s.max_score for s in run.graded} == {9}


def test_moodle_layout(folder: Path) -> None:
    table = rows(gradebook_csv(grade_folder(folder, MODULE), "moodle"))
    assert table[0] == ["ID number", "Exercise sheet 09-demo"]
    assert table[1:] == [[s, str(t)] for s, t in sorted(TOTALS.items())]


def test_moodle_uses_email_address_when_every_student_gave_one(tmp_path: Path) -> None:
    for name in ("ana@example.org", "ben@example.org"):
        (tmp_path / f"{name}.md").write_text(sheet_for(name, "b", "", ""), encoding="utf-8")
    table = rows(gradebook_csv(grade_folder(tmp_path, MODULE), "moodle"))
    assert table == [
        ["Email address", "Exercise sheet 09-demo"],
        ["ana@example.org", "1"],
        ["ben@example.org", "1"],
    ]


def test_canvas_layout(folder: Path) -> None:
    table = rows(gradebook_csv(grade_folder(folder, MODULE), "canvas"))
    assert table[0] == [
        "Student",
        "ID",
        "SIS User ID",
        "SIS Login ID",
        "Section",
        "Exercise sheet 09-demo",
    ]
    assert table[1] == ["    Points Possible", "", "", "", "", "9"]
    assert table[2] == ["s01", "", "", "s01", "", "3"]
    assert len(table) == 2 + len(CLASS)


def test_canvas_keeps_names_with_spaces_out_of_the_login_column(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(sheet_for("Ana López", "b", "", ""), encoding="utf-8")
    table = rows(gradebook_csv(grade_folder(tmp_path, MODULE), "canvas"))
    assert table[2] == ["Ana López", "", "", "", "", "1"]


def test_item_analysis_matches_hand_computation(folder: Path) -> None:
    run = grade_folder(folder, MODULE)
    stats = {item.question.id: item for item in item_analysis(run)}
    # Ten students: groups of round(0.27 * 10) = 3. Ranked by total, ties by name:
    # upper = s01, s02, s03; lower = s08, s09, s10.
    assert group_size(10) == 3
    summit = stats["demo/summit-year"]
    assert summit.difficulty == pytest.approx(0.5)  # b: s01 s02 s03 s04 s06
    assert summit.upper == pytest.approx(1.0)  # s01 b, s02 b, s03 b
    assert summit.lower == pytest.approx(0.0)  # s08 a, s09 c, s10 blank
    assert summit.discrimination == pytest.approx(1.0)
    assert [(r.label, r.count, r.correct) for r in summit.responses] == [
        ("a) 2001", 2, False),
        ("b) 2005", 5, True),
        ("c) 2009", 2, False),
        ("(no answer)", 1, False),
    ]
    crime = stats["demo/crime-name"]
    assert crime.difficulty == pytest.approx(0.5)  # s01 s02 s04 s05 s08
    assert crime.upper == pytest.approx(2 / 3)  # s01, s02 right; s03 homicide
    assert crime.lower == pytest.approx(1 / 3)  # s08 right; s09 homicide; s10 blank
    assert crime.discrimination == pytest.approx(1 / 3)
    assert [(r.label, r.count, r.correct) for r in crime.responses] == [
        ("genocide", 5, True),
        ("homicide", 4, False),
        ("(no answer)", 1, False),
    ]
    binding = stats["demo/binding"]
    assert binding.difficulty == pytest.approx(0.5)
    assert binding.discrimination == pytest.approx(1.0)  # upper all false, lower all true
    assert [(r.label, r.count) for r in binding.responses] == [("true", 5), ("false", 5)]
    essay = stats["demo/essay"]
    assert essay.difficulty is None and essay.discrimination is None
    untouched = stats["demo/members"]
    assert untouched.difficulty == 0 and untouched.answered == 0


def test_small_classes() -> None:
    assert [group_size(n) for n in (0, 1, 2, 3, 4, 5, 100)] == [0, 0, 1, 1, 1, 1, 27]


def test_grade_command_writes_all_outputs(
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_demo_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    # One unreadable sheet and one student claimed by two sheets.
    (folder / "broken.md").write_text(sheet_for("s11", "z", "", ""), encoding="utf-8")
    (folder / "zz-late.md").write_text(sheet_for("S01", "a", "", ""), encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # not a sheet: ignored
    out = tmp_path / "out" / "grades.csv"
    code = main(["grade", str(folder), "--module", "demo", "--out", str(out), "--lms", "canvas"])
    captured = capsys.readouterr()
    assert code == 1
    assert (
        "broken.md:" in captured.err and "'z' is not one of this question's letters" in captured.err
    )
    assert (
        f"{folder / 's01.md'}: 2 sheets claim the student 's01': s01.md and zz-late.md; "
        "none of them was put in the gradebook" in captured.err
    )
    assert f"warning: {folder / 's10.md'}:3: no identifier after 'student:'" in captured.err
    assert (
        "Graded 11 sheets for module demo; 1 sheet could not be read, 2 sheets kept out of the "
        "gradebook as they claim one student, 1 sheet with no identifier (see above)."
    ) in captured.out
    gradebook = rows(out.read_bytes().decode())
    assert gradebook[0][0] == "Student"
    assert [row[0] for row in gradebook[2:]] == [f"s{n:02d}" for n in range(2, 11)]
    detail = rows((tmp_path / "out" / "grades-questions.csv").read_bytes().decode())
    assert detail[0] == ["student", "sheet", "number", "question_id", "type", "status", "score",
                         "max_score", "answer"]  # fmt: skip
    assert len(detail) == 1 + 11 * len(MODULE.questions)
    assert [
        "s03",
        "s03.md",
        "4",
        "demo/crime-name",
        "short",
        "incorrect",
        "0",
        "1",
        "homicide",
    ] in detail
    items = rows((tmp_path / "out" / "grades-items.csv").read_bytes().decode())
    summit = next(row for row in items if row[1] == "demo/summit-year")
    # Every readable sheet counts in the item analysis, the conflicting late one too (a).
    assert summit[5:9] == ["0.45", "1.00", "1.00", "0.00"]
    assert "b) 2005 = 5 (correct)" in summit[9]
    report = (tmp_path / "out" / "grades-items.md").read_text("utf-8")
    assert "# Item analysis. Module 9: A demonstration module" in report
    assert "| 1 | `demo/summit-year` | single | 0.45 | 1.00 | 10 of 11 |  |" in report
    assert "| b) 2005 | 5 | 45% | correct |" in report
    # A second run refuses to overwrite anything, and leaves the files as they were.
    before = out.read_bytes()
    code = main(["grade", str(folder), "--module", "demo", "--out", str(out)])
    assert code == 2
    assert "output already exists" in capsys.readouterr().err
    assert out.read_bytes() == before
    assert main(["grade", str(folder), "--module", "9", "--out", str(out), "--force"]) == 1
    assert rows(out.read_bytes().decode())[0] == ["ID number", "Exercise sheet 09-demo"]


def test_grade_with_nothing_to_grade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_demo_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["grade", str(empty), "--module", "demo", "--out", "g.csv"]) == 2
    (empty / "bad.md").write_bytes(b"")
    assert main(["grade", str(empty), "--module", "demo", "--out", "g.csv"]) == 2
    assert not (tmp_path / "g.csv").exists()


def test_student_text_cannot_become_a_spreadsheet_formula(tmp_path: Path) -> None:
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+A1") == "'+A1" and safe_cell("genocide") == "genocide"
    assert safe_cell("+1") == "+1" and safe_cell("-2.5") == "-2.5"  # numbers stay numbers
    (tmp_path / "a.md").write_text(sheet_for("=cmd|' /C calc'!A0", "b", "", ""), "utf-8")
    table = rows(gradebook_csv(grade_folder(tmp_path, MODULE), "moodle"))
    assert table[1][0].startswith("'=")


def test_worker_processes_give_the_same_run(folder: Path) -> None:
    (folder / "broken.md").write_text(sheet_for("x", "z", "", ""), encoding="utf-8")
    alone = grade_folder(folder, MODULE, workers=1)
    shared = grade_folder(folder, MODULE, workers=2)
    assert shared == alone
    assert len(alone.skipped) == 1


# -- issue 16: one sheet's trouble is that sheet's alone -------------------------------------


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [("demo/people", "1" * 5000 + "-a"), ("demo/article-1", "9" * 5000 + ": prevent")],
)
def test_a_number_beyond_pythons_int_limit_is_a_located_problem(
    tmp_path: Path, question_id: str, answer: str
) -> None:
    (tmp_path / "a.md").write_text(sheet_for("ana", "b", "", ""), encoding="utf-8")
    text = fill_sheet(BLANK, {question_id: answer}, "ben")
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    run = grade_folder(tmp_path, MODULE)
    assert [s.student for s in run.graded] == ["ana"]
    [problem] = run.skipped
    assert problem.location.path == tmp_path / "b.md" and problem.location.line > 1
    assert "characters long" in problem.message and len(problem.message) < 120


@pytest.mark.parametrize("workers", [1, 2])
def test_an_unexpected_error_costs_one_sheet_in_serial_and_parallel(
    folder: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    import r2p_kit.check.grade as grade

    real = grade._grade

    def flaky(path: Path, module: object, data: bytes | None) -> object:
        if path.name == "s03.md":
            raise RuntimeError("a bug in r2p-kit")
        return real(path, MODULE, data)

    monkeypatch.setattr(grade, "_grade", flaky)  # workers are forked, so they see it too
    run = grade_folder(folder, MODULE, workers=workers)
    assert len(run.graded) == len(CLASS) - 1
    [problem] = run.skipped
    assert problem.location.path.name == "s03.md"
    assert "could not be graded (RuntimeError in r2p-kit)" in problem.message


# -- issue 17: one line per bad sheet; issue 16 item 13: no sheet replaces another -----------


def _grade_cli(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    write_demo_course(tmp_path)
    code = main(["grade", str(folder), "--module", "demo", "--out", str(tmp_path / "g.csv"),
                 "--course", str(tmp_path)])  # fmt: skip
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_sheet_of_another_module_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "ana.md").write_text(sheet_for("ana", "b", "false", ""), encoding="utf-8")
    other = sheet_for("ben", "b", "false", "").replace("[demo/", "[origins/")
    (folder / "ben.md").write_text(other.replace("module: demo", "module: origins"), "utf-8")
    without_front_matter = other.split("---\n", 2)[2]  # only the question ids say which module
    (folder / "cy.md").write_text(without_front_matter, encoding="utf-8")
    code, out, err = _grade_cli(folder, tmp_path, capsys)
    assert code == 1
    assert err.splitlines() == [
        f"{folder / 'ben.md'}:2: this sheet is for module 'origins', not 'demo'; use the sheet "
        "exercises/09-demo.md, or check the right module",
        f"{folder / 'cy.md'}:{without_front_matter.split('## ')[0].count(chr(10)) + 1}: this "
        "sheet is for module 'origins', not 'demo'; use the sheet exercises/09-demo.md, or "
        "check the right module",
    ]
    assert "Graded 1 sheet for module demo; 2 sheets could not be read (see above)." in out


def test_a_sheet_with_many_problems_is_one_line_saying_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    (folder / "ana.md").write_text(sheet_for("ana", "b", "false", ""), encoding="utf-8")
    (folder / "ben.md").write_text(sheet_for("ben", "z", "maybe", ""), encoding="utf-8")
    code, _, err = _grade_cli(folder, tmp_path, capsys)
    [line] = err.splitlines()
    assert line.startswith(f"{folder / 'ben.md'}:")
    assert "'z' is not one of this question's letters" in line
    assert line.endswith(f"(and 1 more problem: r2p-kit check {folder / 'ben.md'} lists them all)")
    assert code == 1


def test_two_sheets_claiming_one_student_are_both_named_and_neither_graded(
    tmp_path: Path,
) -> None:
    (tmp_path / "a-ana.md").write_text(sheet_for("ana@uni.edu", "a", "", ""), "utf-8")
    (tmp_path / "b-ben.md").write_text(sheet_for("ben@uni.edu", "b", "", ""), "utf-8")
    # Ben's sheet, and a second sheet that claims to be Ben's (full marks, different file)
    (tmp_path / "c-fake.md").write_text(
        sheet_for(" BEN@uni.edu ", "b", "false", "genocide"), "utf-8"
    )
    run = grade_folder(tmp_path, MODULE)
    [conflict] = run.conflicts
    assert conflict.paths == (tmp_path / "b-ben.md", tmp_path / "c-fake.md")
    assert "b-ben.md and c-fake.md" in conflict.problem().message
    table = rows(gradebook_csv(run, "moodle"))
    assert table[1:] == [["ana@uni.edu", "0"]]  # Ben's row waits for the instructor
    assert len(run.graded) == 3  # both still count in the item analysis and the detail
