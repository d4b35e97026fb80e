"""Canvas's reading of a gradebook CSV (Grades > Import), mirrored from canvas-lms's Ruby.

Canvas's importer is ``GradebookImporter#parse!`` in ``app/models/gradebook_importer.rb``
of instructure/canvas-lms (the version whose ``ASSIGNMENT_PRELOADED_FIELDS`` include
``moderated_grading`` and ``final_grader_id``), with ``Assignment.title_and_id`` from
``app/models/assignment.rb``. It needs a Rails site, so it is not run here; this module
follows its rules, in its order, for a course given as data:

- ``csv_stream``: the delimiter is ``;`` when the first three lines split into the same
  number of fields by ``;`` and into more than by ``,`` (``identify_delimiter``), else
  ``,``; lines of only ``;``, ``,`` and spaces are skipped; a number written with a decimal
  comma becomes one with a point (``decimal_comma_to_period``); a malformed quote fails
  the whole import (``CSV::MalformedCSVError``).
- ``header?``: the first row has more than 3 cells, ``Student`` in the first and ``ID``
  in the second (else "Invalid header row"); ``SIS User ID`` then ``SIS Login ID`` (or
  ``SIS Login ID`` alone) in the third add student columns (``update_column_count``);
  the last student column must say ``Section``.
- ``strip_non_assignment_columns``: after the student columns, a header containing
  ``Current Score``, ``Final Points``, ``Override Grade`` ... is a total, never an
  assignment; every other header is an assignment (``parse_assignments``): ``Name (123)``
  is assignment 123, otherwise an assignment titled exactly as the header, otherwise a new
  one. A column is found by the first header equal to its name (``calc_assignment_indices``).
- ``check_for_non_student_row``: a row whose first cell contains ``Points Possible`` sets
  each assignment's points (``process_pp``; ``read only`` there makes the column
  read-only); a row of only blanks, ``Muted`` or ``Manual Posting`` is skipped.
- ``process_student``: the student is the course's user whose id is ``to_i`` of the ID
  cell; else the one whose SIS User ID, then SIS Login ID, equals the cell; else the one
  whose name or sortable name equals the Student cell; else an unknown (new) student that
  Canvas asks the instructor to match by hand.
- ``process_submissions``: each assignment's cell, stripped, is the student's new grade.

Not mirrored (they depend on the course's state, not on the file): custom columns,
override columns, grading periods, the "no change" pruning and pass/fail translation.
Ruby's ``nil`` for an unquoted empty cell is ``None`` here, as is an empty quoted cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

NON_ASSIGNMENT_COLUMN_HEADERS = (
    "Current Score", "Current Points", "Current Grade", "Final Score", "Final Points",
    "Final Grade", "Override Score", "Override Grade", "Override Status",
)  # fmt: skip
_NON_ASSIGNMENT = re.compile("|".join(NON_ASSIGNMENT_COLUMN_HEADERS))
_TITLE_AND_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")
_DECIMAL = re.compile(r"^-?[0-9.,]+%?$")
_SKIP_LINE = re.compile(r"^[;, ]+$")
_MUTED = re.compile(r"^\s*(Muted|Manual Posting.*)?\s*$", re.IGNORECASE)
READ_ONLY = re.compile(r"read\s+only")
_TO_I = re.compile(r"^\s*([+-]?\d+)")


class InvalidImport(Exception):
    """What Canvas reports instead of a preview: "Invalid header row" or a CSV error."""


@dataclass(frozen=True)
class CanvasStudent:
    """An enrolled student as Canvas stores them (user and login pseudonym)."""

    id: int
    name: str
    sortable_name: str
    sis_user_id: str = ""
    login_id: str = ""


@dataclass(frozen=True)
class CanvasAssignment:
    id: int
    title: str
    points_possible: float | None = None


@dataclass
class ImportedAssignment:
    header: str
    title: str
    id: int | None  # None: Canvas would create a new assignment
    column: int
    points_possible: str | None = None
    read_only: bool = False


@dataclass
class ImportedStudent:
    line: int
    student: CanvasStudent | None  # None: Canvas could not tell who this is
    matched_by: str  # "ID", "SIS User ID", "SIS Login ID", "name" or ""
    grades: list[str | None] = field(default_factory=list)  # one per assignment


@dataclass
class GradebookImport:
    delimiter: str
    assignments: list[ImportedAssignment]
    students: list[ImportedStudent]
    skipped_lines: list[int]  # Points Possible and muted rows
    student_columns: int


def _convert(cell: str) -> str | None:
    if cell == "":
        return None
    if _DECIMAL.match(cell):  # decimal_comma_to_period
        *whole, last = re.split(r"[,.]", cell)
        return f"{''.join(whole)}.{last}" if whole else last
    return cell


def _split(line: str, delimiter: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(line), delimiter=delimiter, strict=True))
    return rows[0] if rows else []


def _delimiter(lines: list[str]) -> str:
    counts = {}
    for separator in (";", ","):
        counts[separator] = 0
        try:
            sizes = [len(_split(line, separator)) for line in lines]
        except csv.Error:
            continue
        if len(set(sizes)) == 1:
            counts[separator] = sizes[0]
    return ";" if counts[";"] > counts[","] else ","


def _rows(text: str) -> tuple[str, list[tuple[int, list[str | None]]]]:
    lines = text.splitlines(keepends=True)
    delimiter = _delimiter(lines[:3])
    kept = [line if not _SKIP_LINE.match(line.rstrip("\r\n")) else "\n" for line in lines]
    reader = csv.reader(io.StringIO("".join(kept)), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            if row:
                rows.append((reader.line_num, [_convert(cell) for cell in row]))
    except csv.Error as error:
        raise InvalidImport(f"Gradebook import did not parse cleanly: {error}") from error
    return delimiter, rows


def _contains(cell: str | None, text: str) -> bool:
    return cell is not None and text in cell


def _student_columns(header: list[str | None]) -> int:
    """``header?`` and ``update_column_count``: how many leading columns describe students."""
    if not (len(header) > 3 and _contains(header[0], "Student") and _contains(header[1], "ID")):
        raise InvalidImport("Invalid header row: it must begin Student, ID")
    count = 3
    third = header[2] or ""
    after = header[3] if len(header) > 3 else None
    if re.search(r"SIS\s+Login\s+ID", third):
        count += 1
    elif re.search(r"SIS\s+User\s+ID", third) and re.search(r"SIS\s+Login\s+ID", after or ""):
        extra = 1 if re.search(r"Integration\s+ID", header[4] or "") else 0
        count += 2 + extra
        if len(header) > 4 + extra and re.search(r"Root\s+Account", header[4 + extra] or ""):
            count += 1
    if count > len(header) or not _contains(header[count - 1], "Section"):
        raise InvalidImport("Invalid header row: the last student column must be Section")
    return count


def _to_i(cell: str | None) -> int:
    found = _TO_I.match(cell or "")
    return int(found.group(1)) if found else 0


def read_gradebook(
    text: str, students: list[CanvasStudent], assignments: list[CanvasAssignment]
) -> GradebookImport:
    """Canvas's reading of ``text`` for a course with these students and assignments."""
    delimiter, rows = _rows(text)
    if not rows:
        raise InvalidImport("Invalid header row: the file is empty")
    _, header = rows[0]
    student_columns = _student_columns(header)
    sis_user = 2 if student_columns >= 5 else None
    sis_login = 3 if student_columns >= 5 else (2 if student_columns == 4 else None)
    imported: list[ImportedAssignment] = []
    for name in header[student_columns:]:
        if name is not None and _NON_ASSIGNMENT.search(name):
            continue
        title, number = name, None
        if name is not None and (titled := _TITLE_AND_ID.match(name)):
            title, number = titled.group(1), int(titled.group(2))
        existing = next((a for a in assignments if a.id == number), None)
        existing = existing or next((a for a in assignments if a.title == name), None)
        imported.append(
            ImportedAssignment(
                header=name or "",
                title=existing.title if existing else (title or name or ""),
                id=existing.id if existing else None,
                column=header.index(name),
            )
        )
    result = GradebookImport(delimiter, imported, [], [], student_columns)
    for line, row in rows[1:]:
        if _contains(row[0], "Points Possible"):
            for assignment in imported:
                possible = _cell(row, assignment.column)
                if possible is not None:
                    assignment.points_possible = possible
                    assignment.read_only = bool(READ_ONLY.search(possible))
            result.skipped_lines.append(line)
            continue
        if all(_MUTED.match(c) for c in row if c is not None):
            result.skipped_lines.append(line)
            continue
        student, matched_by = _identify(row, students, sis_user, sis_login)
        grades = [_strip(_cell(row, a.column)) for a in imported]
        result.students.append(ImportedStudent(line, student, matched_by, grades))
    return result


def _cell(row: list[str | None], column: int | None) -> str | None:
    return row[column] if column is not None and column < len(row) else None


def _strip(cell: str | None) -> str | None:
    return cell.strip() if cell is not None else None


def _identify(
    row: list[str | None],
    students: list[CanvasStudent],
    sis_user: int | None,
    sis_login: int | None,
) -> tuple[CanvasStudent | None, str]:
    """``process_student``: by Canvas ID, then SIS User ID, SIS Login ID, then name."""
    by_id = {s.id: s for s in students}
    if row[1] and row[1].strip() and _to_i(row[1]) in by_id:
        return by_id[_to_i(row[1])], "ID"
    routes = [
        ("SIS User ID", sis_user, lambda s: s.sis_user_id),
        ("SIS Login ID", sis_login, lambda s: s.login_id),
    ]
    for route, column, value_of in routes:
        cell = _cell(row, column)
        if cell and cell.strip():
            found = next((s for s in students if value_of(s) == cell), None)
            if found is not None:
                return found, route
    name = row[0]
    found = next((s for s in students if name in (s.name, s.sortable_name)), None)
    return (found, "name") if found is not None else (None, "")
