"""Read a class roster (CSV: ``id,name[,email]``) so each student gets a variant of their own.

Student ids become file names and the key of each student's variant, so they must be
present, unique and safe in a path; every problem is reported with its line.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.paths import display_path

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
COLUMNS = ("id", "name", "email")


@dataclass(frozen=True)
class Student:
    id: str
    name: str = ""
    email: str = ""


def read_roster(path: Path) -> tuple[Student, ...]:
    """The students of ``path``, in file order; a first row ``id,name[,email]`` is a header."""
    shown = display_path(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UserError.at(
            shown,
            0,
            f"cannot read the roster: {reason}",
            "give a UTF-8 CSV file with columns id,name[,email]",
        ) from None
    problems: list[Problem] = []
    students: list[Student] = []
    first_line: dict[str, int] = {}
    reader = csv.reader(text.splitlines())
    first_row = True
    try:
        for row in reader:
            line = reader.line_num
            cells = [cell.strip() for cell in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if first_row and cells[0].lower() == "id":
                first_row = False
                continue  # the header
            first_row = False
            student = _student(cells, Location(shown, line), problems)
            if student is None:
                continue
            key = student.id.casefold()
            if key in first_line:
                problems.append(
                    Problem(
                        Location(shown, line),
                        f"duplicate student id '{student.id}'",
                        f"ids must be unique; it is first used on line {first_line[key]}",
                    )
                )
                continue
            first_line[key] = line
            students.append(student)
    except csv.Error as error:
        problems.append(
            Problem(
                Location(shown, reader.line_num),
                f"malformed CSV: {error}",
                "check the quotes on this line",
            )
        )
    if not students and not problems:
        problems.append(
            Problem(
                Location(shown),
                "the roster has no students",
                "add one line per student: id,name[,email]",
            )
        )
    if problems:
        raise UserError(problems)
    return tuple(students)


def _student(cells: list[str], where: Location, problems: list[Problem]) -> Student | None:
    if len(cells) > len(COLUMNS):
        problems.append(
            Problem(
                where,
                f"expected at most 3 columns (id,name,email), found {len(cells)}",
                "put names containing commas in double quotes",
            )
        )
        return None
    student_id = cells[0]
    if not student_id:
        problems.append(Problem(where, "missing student id", "put the student's id first"))
        return None
    if not SAFE_ID.match(student_id):
        problems.append(
            Problem(
                where,
                f"student id '{student_id}' cannot be used in a file name",
                "use letters, digits and . _ @ + - only (at most 64)",
            )
        )
        return None
    name = cells[1] if len(cells) > 1 else ""
    if not name:
        problems.append(
            Problem(
                where,
                f"missing name for student '{student_id}'",
                "write each line as id,name[,email]",
            )
        )
        return None
    return Student(student_id, name, cells[2] if len(cells) > 2 else "")
