"""Gradebooks that import (issue 12, item 5), read by the LMSs' own rules.

A class is taken through the whole path: the roster as the LMS exports it, one sheet per
student from ``r2p-kit sheet --roster``, a few answers, ``r2p-kit grade --roster``. Moodle
4.1 and 4.5 then import the Moodle CSV with their own code (tools/lms/moodle_grade_import.php:
csv_import_reader and gradeimport_csv_load_data), for every ``--map-by`` and grade scale;
Canvas's importer rules (canvas_gradebook.py, mirrored from canvas-lms's
gradebook_importer.rb) read the Canvas CSV. Each check is also run on broken copies of
our CSVs, to show it fails when the gradebook is wrong. Run with ``make test-lms``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from check_support import fill_sheet, write_demo_course
from conftest import REPO, run_cli
from lms.canvas_gradebook import (
    CanvasAssignment,
    CanvasStudent,
    GradebookImport,
    InvalidImport,
    read_gradebook,
)
from lms.test_lms_importers import MOODLES, moodle_root  # noqa: F401 (a fixture)

HARNESS = REPO / "tools" / "lms" / "moodle_grade_import.php"
LABEL = "Exercise sheet 09-demo"
AUTO_POINTS, ESSAY_POINTS = 9.0, 5.0  # the demo module: nine 1-point questions, one essay

# The answers each student gives (question id -> answer), and the points they earn.
RIGHT_TWO = {"demo/summit-year": "b", "demo/binding": "false"}
ANSWERS: list[tuple[dict[str, str] | None, float]] = [
    (RIGHT_TWO, 2.0),
    ({"demo/summit-year": "a"}, 0.0),
    (None, 0.0),  # no sheet handed in: no row, so an import keeps any grade already there
    ({**RIGHT_TWO, "demo/members": "191", "demo/crime-name": "genocide"}, 4.0),
    ({}, 0.0),  # a blank sheet
    ({"demo/binding": "false"}, 1.0),
]

# Moodle's grade export (Export > Plain text file) with the identity fields a site shows.
MOODLE_ROSTER = (
    '\ufeff"First name","Last name","ID number","Email address",Username,'
    '"Quiz: Origins of R2P (Real)","Last downloaded from this course"\n'
    "Amina,Diallo,2024001,amina.diallo@example.edu,adiallo,8.00,1764496800\n"
    "Jonas,Becker,2024002,jonas.becker@example.edu,jbecker,-,1764496800\n"
    '"María José","García López",2024003,mj.garcia@example.edu,mgarcia,6.50,1764496800\n'
    "Kofi,Mensah,2024004,Kofi.Mensah@Example.edu,kmensah,9.00,1764496800\n"
    "Siobhán,O'Neill,2024005,siobhan.oneill@example.edu,soneill,-,1764496800\n"
    "Chen,Wei,2024006,chen.wei@example.edu,cwei,7.00,1764496800\n"
)

# Canvas's gradebook export, with its Points Possible row and test student.
CANVAS_ROSTER = (
    "Student,ID,SIS User ID,SIS Login ID,Section,Module 1 quiz (1201),Current Points,"
    "Final Points,Current Score,Unposted Current Score,Final Score,Unposted Final Score\n"
    "    Points Possible,,,,,10.00,(read only),(read only),(read only),(read only),"
    "(read only),(read only)\n"
    '"Diallo, Amina",4501,2024001,adiallo,R2P 101 Section A,8.00,8.00,8.00,80.00,80.00,'
    "80.00,80.00\n"
    '"Becker, Jonas",4502,2024002,jbecker,R2P 101 Section A,,0.00,0.00,,0.00,,0.00\n'
    '"García López, María José",4503,2024003,mgarcia,R2P 101 Section B,6.50,6.50,6.50,65.00,'
    "65.00,65.00,65.00\n"
    '"Mensah, Kofi",4504,2024004,kmensah,R2P 101 Section B,9.00,9.00,9.00,90.00,90.00,'
    "90.00,90.00\n"
    '"O\'Neill, Siobhán",4505,2024005,soneill,R2P 101 Section A,,0.00,0.00,,0.00,,0.00\n'
    '"Wei, Chen",4506,2024006,cwei,R2P 101 Section B,7.00,7.00,7.00,70.00,70.00,70.00,70.00\n'
    '"Student, Test",4599,,b2d5f3a1test,R2P 101 Section A,,0.00,0.00,,0.00,,0.00\n'
)


def table(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def csv_of(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def graded_class(root: Path, roster_text: str, name: str) -> tuple[Path, Path]:
    """A demo course, its roster, and the class's sheets answered as ``ANSWERS`` says."""
    write_demo_course(root)
    roster = root / name
    roster.write_text(roster_text, encoding="utf-8")
    result = run_cli(root, "sheet", "demo", "--roster", str(roster), "--out", "sheets")
    assert result.returncode == 0, result.stderr
    sheets = root / "sheets"
    for n, (answers, _) in enumerate(ANSWERS, start=1):
        sheet = sheets / f"09-demo-202400{n}.md"
        if answers is None:
            sheet.unlink()
        else:
            sheet.write_text(fill_sheet(sheet.read_text("utf-8"), answers), encoding="utf-8")
    return roster, sheets


def grade(root: Path, roster: Path, out: str, *options: str) -> str:
    args = ["grade", "sheets", "--module", "demo", "--roster", str(roster), "--out", out]
    result = run_cli(root, *args, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    return (root / out).read_text("utf-8")


# -- Moodle ---------------------------------------------------------------------------------

MAP_TO = {"id-number": "useridnumber", "email": "useremail", "username": "username"}
HEADER = {"id-number": "ID number", "email": "Email address", "username": "Username"}


def moodle_users() -> list[dict[str, Any]]:
    """Moodle's user table: the class as its export shows them, the teacher and the admin."""
    users: list[dict[str, Any]] = [
        {"id": 2, "username": "admin", "email": "admin@example.edu", "idnumber": ""},
        {"id": 3, "username": "teacher", "email": "teacher@example.edu", "idnumber": ""},
    ]
    for n, row in enumerate(table(MOODLE_ROSTER)[1:], start=101):
        first, last, idnumber, email, username = row[:5]
        users.append({"id": n, "username": username, "email": email, "idnumber": idnumber,
                      "firstname": first, "lastname": last})  # fmt: skip
    return users


@pytest.fixture(scope="module")
def moodle_class(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("moodle-class")
    roster, _ = graded_class(root, MOODLE_ROSTER, "participants.csv")
    return root, roster


def moodle_import(
    root: Path, version: str, text: str, map_by: str, grademax: float, tmp: Path
) -> dict[str, Any]:
    """Moodle's own import of ``text``: users mapped from the ``map_by`` column, the grade
    column to an existing grade item of maximum ``grademax``, as an instructor maps them."""
    gradebook, spec = tmp / "gradebook.csv", tmp / "import.json"
    gradebook.write_text(text, encoding="utf-8")
    grade_column = table(text)[0][2]
    spec.write_text(
        json.dumps({
            "users": moodle_users(),
            "items": [{"id": 7, "itemname": LABEL, "grademax": grademax, "grademin": 0}],
            "map_from": HEADER[map_by], "map_to": MAP_TO[map_by],
            "columns": {grade_column: "7"},
        }),
        encoding="utf-8",
    )  # fmt: skip
    result = subprocess.run(
        ["php", str(HARNESS), str(root / MOODLES[version]), str(gradebook), str(spec)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "Deprecated" not in result.stderr, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def expected_grades(grademax: float | None) -> dict[int, float]:
    """Moodle user id -> the grade each student with a sheet earned, on the item's scale."""
    grades: dict[int, float] = {}
    for n, (answers, points) in enumerate(ANSWERS, start=101):
        if answers is not None:
            grades[n] = points if grademax is None else round(points / AUTO_POINTS * grademax, 2)
    return grades


def assert_moodle_accepts(
    read: dict[str, Any], map_by: str, grademax: float, wanted: dict[int, float]
) -> None:
    """What an instructor needs from the import: no error, every graded student mapped
    once, each grade on the item's scale, and nobody else touched (no empty grade that
    would clear one already in the gradebook)."""
    assert read["csv_error"] is None, read["csv_error"]
    assert read["errors"] == [] and read["status"] is True, read["errors"]
    assert read["header"][0] == HEADER[map_by]
    assert len(read["rows"]) == len(wanted)
    mapped = [value["userid"] for value in read["values"]]
    assert sorted(mapped) == sorted(wanted), "every student mapped, once"
    for value in read["values"]:
        grade = value["finalgrade"]
        assert grade is not None and 0 <= grade <= grademax, (value, grademax)
        assert grade == wanted[value["userid"]], value


def stated_maximum(header: str) -> float:
    """The maximum the grade column's header tells the instructor to give the grade item."""
    found = re.search(r"out of ([0-9.]+)\)$", header)
    assert found, header
    return float(found.group(1))


@pytest.mark.parametrize("version", ["4.1", "4.5"])
@pytest.mark.parametrize("map_by", ["id-number", "email", "username"])
@pytest.mark.parametrize("max_grade", ["100", "20", "points"])
def test_moodle_imports_every_student(
    moodle_root: Path,  # noqa: F811
    moodle_class: tuple[Path, Path],
    version: str,
    map_by: str,
    max_grade: str,
    tmp_path: Path,
) -> None:
    root, roster = moodle_class
    out = f"moodle-{map_by}-{max_grade}-{version}.csv"
    text = grade(root, roster, out, "--map-by", map_by, "--max-grade", max_grade)
    grademax = stated_maximum(table(text)[0][2])
    assert grademax == (AUTO_POINTS if max_grade == "points" else float(max_grade))
    read = moodle_import(moodle_root, version, text, map_by, grademax, tmp_path)
    wanted = expected_grades(None if max_grade == "points" else grademax)
    assert_moodle_accepts(read, map_by, grademax, wanted)


def _moodle_breakages() -> dict[str, Callable[[list[list[str]]], None]]:
    def name_for_id(rows: list[list[str]]) -> None:
        rows[1][0] = rows[1][1]  # a student's name where Moodle wants the identifier

    def over_maximum(rows: list[list[str]]) -> None:
        rows[1][2] = "20.5"

    def extra_cell(rows: list[list[str]]) -> None:
        rows[2].append("late")

    def student_left_out(rows: list[list[str]]) -> None:
        del rows[4]

    def decimal_comma(rows: list[list[str]]) -> None:
        rows[1][2] = rows[1][2].replace(".", ",")

    def wrong_grade(rows: list[list[str]]) -> None:
        rows[2][2] = "10"

    breakages = (name_for_id, over_maximum, extra_cell, student_left_out, decimal_comma,
                 wrong_grade)  # fmt: skip
    return {f.__name__: f for f in breakages}


@pytest.mark.parametrize("version", ["4.1", "4.5"])
@pytest.mark.parametrize("breakage", sorted(_moodle_breakages()))
def test_the_moodle_check_fails_on_a_broken_gradebook(
    moodle_root: Path,  # noqa: F811
    moodle_class: tuple[Path, Path],
    version: str,
    breakage: str,
    tmp_path: Path,
) -> None:
    root, roster = moodle_class
    text = grade(root, roster, f"broken-{breakage}-{version}.csv", "--max-grade", "20")
    rows = table(text)
    _moodle_breakages()[breakage](rows)
    read = moodle_import(moodle_root, version, csv_of(rows), "id-number", 20.0, tmp_path)
    with pytest.raises(AssertionError):
        assert_moodle_accepts(read, "id-number", 20.0, expected_grades(20.0))


# -- Canvas ---------------------------------------------------------------------------------


def canvas_course() -> tuple[list[CanvasStudent], list[CanvasAssignment]]:
    """The Canvas course the roster was exported from: its students and its assignment."""
    students = []
    for row in table(CANVAS_ROSTER)[2:]:
        sortable, lms_id, sis_user_id, login_id = row[:4]
        last, first = (part.strip() for part in sortable.split(",", 1))
        students.append(
            CanvasStudent(int(lms_id), f"{first} {last}", sortable, sis_user_id, login_id)
        )
    return students, [CanvasAssignment(1201, "Module 1 quiz", 10.0)]


@pytest.fixture(scope="module")
def canvas_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("canvas-class")
    roster, _ = graded_class(root, CANVAS_ROSTER, "gradebook-export.csv")
    return grade(root, roster, "canvas.csv", "--lms", "canvas")


def assert_canvas_accepts(read: GradebookImport, students: list[CanvasStudent]) -> None:
    """Canvas's preview as an instructor needs it: two assignment columns with their points,
    every roster student found (the test student left out), scores within the points."""
    assert read.student_columns == 5  # Student, ID, SIS User ID, SIS Login ID, Section
    assert [a.header for a in read.assignments] == [f"{LABEL} (auto-marked)", f"{LABEL} (essays)"]
    auto, essays = read.assignments
    for assignment, points in ((auto, AUTO_POINTS), (essays, ESSAY_POINTS)):
        assert assignment.id is None  # a new assignment, created with these points
        assert assignment.points_possible is not None and not assignment.read_only
        assert float(assignment.points_possible) == points
    enrolled = [s for s in students if s.name != "Test Student"]
    graded = [(s, points) for s, (answers, points) in zip(enrolled, ANSWERS, strict=True)
              if answers is not None]  # fmt: skip
    # A student with no sheet has no row: an empty cell would clear a score already there.
    assert [s.student for s in read.students] == [s for s, _ in graded], "found, in order"
    for imported, (_, points) in zip(read.students, graded, strict=True):
        score, essay = imported.grades
        assert essay is None, "essay cells are left for the instructor"
        assert score is not None and 0 <= float(score) <= AUTO_POINTS
        assert float(score) == points, imported


def test_canvas_finds_every_student_and_both_assignments(canvas_text: str) -> None:
    students, assignments = canvas_course()
    read = read_gradebook(canvas_text, students, assignments)
    assert read.delimiter == ","
    assert read.skipped_lines == [2]  # the Points Possible row, and nothing else
    assert_canvas_accepts(read, students)
    assert {s.matched_by for s in read.students} == {"ID"}


@pytest.mark.parametrize(
    ("blanked", "route"), [((1,), "SIS User ID"), ((1, 2), "SIS Login ID"), ((1, 2, 3), "name")]
)
def test_each_canvas_identity_column_names_the_same_student(
    canvas_text: str, blanked: tuple[int, ...], route: str
) -> None:
    """With the Canvas ID (and then the SIS User ID) left out, Canvas's next rule finds the
    same students: every identity column we write is the roster's own."""
    rows = table(canvas_text)
    for row in rows[2:]:
        for column in blanked:
            row[column] = ""
    students, assignments = canvas_course()
    read = read_gradebook(csv_of(rows), students, assignments)
    assert_canvas_accepts(read, students)
    assert {s.matched_by for s in read.students} == {route}


def _canvas_breakages() -> dict[str, Callable[[list[list[str]]], None]]:
    def header_renamed(rows: list[list[str]]) -> None:
        rows[0][0] = "Name"

    def no_section(rows: list[list[str]]) -> None:
        for row in rows:
            del row[4]

    def no_points_possible(rows: list[list[str]]) -> None:
        del rows[1]

    def stranger(rows: list[list[str]]) -> None:
        rows[3][:4] = ["Someone Else", "", "", ""]

    def over_points(rows: list[list[str]]) -> None:
        rows[2][5] = "9.5"

    def essay_filled(rows: list[list[str]]) -> None:
        rows[2][6] = "3"

    def total_like_title(rows: list[list[str]]) -> None:
        rows[0][5] = "Final Score check (auto-marked)"

    def read_only(rows: list[list[str]]) -> None:
        rows[1][5] = "(read only)"

    breakages = (header_renamed, no_section, no_points_possible, stranger, over_points,
                 essay_filled, total_like_title, read_only)  # fmt: skip
    return {f.__name__: f for f in breakages}


@pytest.mark.parametrize("breakage", sorted(_canvas_breakages()))
def test_the_canvas_check_fails_on_a_broken_gradebook(canvas_text: str, breakage: str) -> None:
    rows = table(canvas_text)
    _canvas_breakages()[breakage](rows)
    students, assignments = canvas_course()
    with pytest.raises((AssertionError, InvalidImport)):
        assert_canvas_accepts(read_gradebook(csv_of(rows), students, assignments), students)


def test_an_identifier_a_csv_must_mark_as_text_is_refused_not_sent_to_moodle(
    moodle_root: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Regression: csv_text writes a cell starting with = + - @ as text ('-kmensah), which
    Moodle's user lookup does not find, so its import stopped at that row. grade refuses
    that mapping column up front; another column still maps every student."""
    roster_text = MOODLE_ROSTER.replace(",kmensah,", ",-kmensah,")
    roster, _ = graded_class(tmp_path, roster_text, "participants.csv")
    args = ["grade", "sheets", "--module", "demo", "--roster", str(roster)]
    refused = run_cli(tmp_path, *args, "--out", "by-username.csv", "--map-by", "username")
    assert refused.returncode == 2
    assert "--map-by: 1 student(s) have no username in the roster Moodle could match" in (
        refused.stderr
    )
    assert "Kofi Mensah (2024004)" in refused.stderr and "--map-by id-number" in refused.stderr
    assert not (tmp_path / "by-username.csv").exists()
    text = grade(tmp_path, roster, "by-id.csv", "--map-by", "id-number", "--max-grade", "20")
    for version in MOODLES:
        read = moodle_import(moodle_root, version, text, "id-number", 20.0, tmp_path)
        assert_moodle_accepts(read, "id-number", 20.0, expected_grades(20.0))
