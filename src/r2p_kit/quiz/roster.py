"""Read a class roster as instructors have it: an export from Moodle or Canvas, or a plain CSV.

Accepted layouts, recognised by their header (names matched without regard to case,
spacing or order):

- plain: ``id,name[,email]``, with or without that header;
- Moodle: the participants download and the grade export (Export > Plain text file):
  ``First name, Last name, ID number, Institution, Department, Email address`` and
  optionally ``Username``, followed by any grade columns;
- Canvas: the gradebook export, ``Student, ID, SIS User ID, SIS Login ID, Section, ...``;
  its ``Points Possible`` row and its test student are skipped.

The delimiter (comma, semicolon or tab) is found from the header; UTF-8 with or without
a byte-order mark is read, and anything else is a located error. Each physical line is
one student: an unterminated quote is an error on its line, never a merge of the rows
after it. The identifier each student is known by (in file names, variants and
gradebooks) comes from the column ``id_column`` names, or by default from the first of
ID number, email and username that every student has.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.paths import display_path

SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
COLUMNS = ("id", "name", "email")  # the plain layout
ID_COLUMNS = ("id-number", "email", "username")  # --id-column choices, in default order
MAX_ROSTER_BYTES = 20_000_000
MAX_CELL_CHARS = 256

# Header spellings of each field, normalised by _header_key (lower case, no spaces/_/-).
_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "name": ("name", "fullname", "student", "studentname"),
    "first": ("firstname", "givenname", "forename"),
    "last": ("lastname", "surname", "familyname"),
    "id-number": ("idnumber", "sisuserid", "studentid", "studentnumber", "matriculationnumber"),
    "email": ("email", "emailaddress", "mail"),
    "username": ("username", "login", "sisloginid", "loginid"),
    "section": ("section", "group", "groups"),
}
_HEADER_TO_FIELD = {spelling: field for field, names in _FIELDS.items() for spelling in names}
_CANVAS_MARK = ("sisuserid", "sisloginid")
_TEST_STUDENTS = {"test student", "student, test", "student test"}


@dataclass(frozen=True)
class Student:
    """One student. ``id`` is the identifier chosen for this run; the rest as the LMS has them."""

    id: str
    name: str = ""
    email: str = ""
    id_number: str = ""  # Moodle "ID number", Canvas "SIS User ID"
    username: str = ""  # Moodle "Username", Canvas "SIS Login ID"
    lms_id: str = ""  # Canvas's own "ID"
    section: str = ""


@dataclass(frozen=True)
class _Row:
    line: int
    fields: dict[str, str]


def read_roster(path: Path, id_column: str | None = None) -> tuple[Student, ...]:
    """The students of ``path``, in file order; every problem is reported with its line."""
    shown = display_path(path)
    if id_column is not None and id_column not in ID_COLUMNS:
        raise UserError.at(
            "--id-column", 0, f"unknown identifier column '{id_column}'",
            f"choose one of: {', '.join(ID_COLUMNS)}",
        )  # fmt: skip
    text = _decode(_read_bytes(path, shown), shown)
    lines = text.split("\n")
    problems: list[Problem] = []
    rows, layout = _rows(lines, shown, problems)
    students = _students(rows, layout, id_column, shown, problems)
    if not students and not problems:
        problems.append(
            Problem(
                Location(shown),
                "the roster has no students",
                "add one line per student: id,name[,email], or export the roster from the LMS",
            )
        )
    if problems:
        raise UserError(sorted(problems, key=lambda p: p.location.line))
    return tuple(students)


def _read_bytes(path: Path, shown: Path | str) -> bytes:
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(MAX_ROSTER_BYTES + 1)
    except OSError as error:
        raise UserError.at(
            shown, 0, f"cannot read the roster: {error.strerror or error}",
            "give a CSV file exported from the LMS, or id,name[,email]",
        ) from None  # fmt: skip
    if len(data) > MAX_ROSTER_BYTES:
        raise UserError.at(shown, 0, "the roster is larger than 20 MB", "is this the class roster?")
    return data


def _decode(data: bytes, shown: Path | str) -> str:
    """UTF-8 text (a byte-order mark is dropped); other encodings are located errors."""
    for bom, name in (
        (b"\xff\xfe\0\0", "UTF-32"), (b"\0\0\xfe\xff", "UTF-32"),
        (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"),
    ):  # fmt: skip
        if data.startswith(bom):
            raise UserError.at(
                shown, 1, f"the roster is saved as {name}",
                "save it as 'CSV UTF-8' (Excel) or export it again from the LMS",
            )  # fmt: skip
    if b"\0" in data:
        line = Location.of_byte(shown, data, data.index(b"\0")).line
        raise UserError.at(
            shown, line, "this is not a text file (it contains binary data)",
            "export the roster from the LMS as CSV",
        )  # fmt: skip
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            [
                Problem(
                    Location.of_byte(shown, data, error.start),
                    f"byte 0x{data[error.start]:02x} is not UTF-8 (was the roster saved as "
                    "Windows-1252 or Latin-1?)",
                    "save it as 'CSV UTF-8' (Excel) or export it again from the LMS",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _delimiter(line: str) -> str:
    """The delimiter of the header line: the most frequent of comma, semicolon and tab."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _header_key(cell: str) -> str:
    return re.sub(r"[\s_\-.]+", "", unicodedata.normalize("NFKC", cell).casefold())


def _cells(line: str, delimiter: str) -> list[str]:
    """One physical line as cells; raises csv.Error on an unterminated quote."""
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter, strict=True))]


def _rows(lines: list[str], shown: Path | str, problems: list[Problem]) -> tuple[list[_Row], str]:
    """Rows as field -> value, and the layout ("plain", "moodle" or "canvas")."""
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    numbered = [(n, line) for n, line in numbered if not line.lstrip().startswith("#")]
    if not numbered:
        return [], "plain"
    delimiter = _delimiter(numbered[0][1])
    first_line, first = numbered[0]
    try:
        header = _cells(first, delimiter)
    except csv.Error:
        header = []
    keys = [_header_key(cell) for cell in header]
    fields = [_HEADER_TO_FIELD.get(key, "") for key in keys]
    known = [f for f in fields if f]
    has_header = bool(known) and (keys[0] == "id" or len(known) >= 2 or "name" in known)
    if any(key in _CANVAS_MARK for key in keys):
        layout = "canvas"
        fields = ["lms-id" if k == "id" else f for k, f in zip(keys, fields, strict=True)]
    elif "first" in known or "last" in known or "id-number" in known:
        layout = "moodle"
    else:
        layout = "plain"
    if not has_header or (layout == "plain" and fields == list(COLUMNS[: len(fields)])):
        fields, layout = list(COLUMNS), "plain"  # id,name may still be followed by an email
    else:
        repeated = sorted({f for f in known if known.count(f) > 1})
        if repeated:
            problems.append(
                Problem(
                    Location(shown, first_line),
                    f"the header names the {repeated[0]} column twice",
                    "keep one column of each kind",
                )
            )
    rows: list[_Row] = []
    for number, line in numbered[1:] if has_header else numbered:
        where = Location(shown, number)
        try:
            cells = _cells(line, delimiter)
        except csv.Error:
            problems.append(
                Problem(
                    where, "a quotation mark opened on this line is not closed",
                    'close the quote, or remove it: a name such as "Diallo, Amina" needs both',
                )
            )  # fmt: skip
            continue
        if len(cells) > len(fields) and any(cells[len(fields) :]):
            expected = ",".join(COLUMNS) if layout == "plain" else f"{len(fields)} columns"
            problems.append(
                Problem(
                    where,
                    f"expected at most {len(fields)} cells ({expected}), found {len(cells)}",
                    _more_cells_hint(delimiter),
                )
            )
            continue
        long = next((cell for cell in cells if len(cell) > MAX_CELL_CHARS), None)
        if long is not None:
            problems.append(
                Problem(where, f"a cell is {len(long):,} characters long", "is this a roster?")
            )
            continue
        values = dict(zip(fields, cells, strict=False))
        values.pop("", None)
        rows.append(_Row(number, values))
    return [r for r in rows if not _skipped(r, layout)], layout


def _more_cells_hint(delimiter: str) -> str:
    name = {",": "commas", ";": "semicolons", "\t": "tabs"}[delimiter]
    return f"the columns are separated by {name}: put a name containing them in double quotes"


def _skipped(row: _Row, layout: str) -> bool:
    """Canvas's "Points Possible" row and test student, and rows left wholly empty."""
    values = row.fields
    if not any(values.values()):
        return True
    if layout == "canvas":
        name = " ".join(values.get("name", "").split()).casefold()
        return name == "points possible" or name in _TEST_STUDENTS
    return False


def _students(
    rows: list[_Row], layout: str, id_column: str | None, shown: Path | str, problems: list[Problem]
) -> list[Student]:
    if not rows:
        return []
    column = "id" if layout == "plain" and id_column is None else id_column
    if column is None:
        column = _default_column(rows)
        if column is None:
            problems.append(
                Problem(
                    Location(shown, rows[0].line),
                    "no identifier column is filled in for every student "
                    "(ID number, email address or username)",
                    "fill in one of them, or choose one with --id-column "
                    f"({', '.join(ID_COLUMNS)})",
                )
            )
            return []
    students: list[Student] = []
    first_line: dict[str, tuple[int, str]] = {}
    for row in rows:
        where = Location(shown, row.line)
        student = _student(row, layout, column)
        if not student.id:
            what = "student id" if column == "id" else f"{column.replace('-', ' ')}"
            problems.append(
                Problem(where, f"missing {what}", _missing_hint(column, layout, student.name))
            )
            continue
        if not SAFE_ID.match(student.id):
            problems.append(
                Problem(
                    where,
                    f"student id '{_short(student.id)}' cannot be used in a file name",
                    "use letters, digits and . _ @ + - only (at most 64)"
                    + ("" if layout == "plain" else "; or choose another --id-column"),
                )
            )
            continue
        if layout == "plain" and not student.name:
            problems.append(
                Problem(
                    where,
                    f"missing name for student '{student.id}'",
                    "write each line as id,name[,email]",
                )
            )
            continue
        key = identity_key(student.id)
        if key in first_line:
            line, other = first_line[key]
            same = "" if other == student.id else f" (as '{other}': ids differing only in case "
            same += "" if other == student.id else "or Unicode form are one id)"
            problems.append(
                Problem(
                    where,
                    f"duplicate student id '{student.id}'{same}",
                    f"ids must be unique; it is first used on line {line}",
                )
            )
            continue
        first_line[key] = (row.line, student.id)
        students.append(student)
    return students


def identity_key(identifier: str) -> str:
    """What makes two identifiers the same: case and Unicode form do not count."""
    return unicodedata.normalize("NFKC", identifier).casefold()


def _default_column(rows: list[_Row]) -> str | None:
    for column in ID_COLUMNS:
        if all(row.fields.get(column) for row in rows):
            return column
    return None


def _missing_hint(column: str, layout: str, name: str) -> str:
    who = f" for {_short(name)}" if name else ""
    if column == "id":
        return "put the student's id first"
    return f"fill in the {column.replace('-', ' ')}{who}, or choose another --id-column"


def _student(row: _Row, layout: str, column: str) -> Student:
    values = {field: _clean(value) for field, value in row.fields.items()}
    name = values.get("name", "")
    if layout == "canvas" and name.count(",") == 1:  # Canvas writes "Diallo, Amina"
        last, first = (part.strip() for part in name.split(","))
        name = f"{first} {last}".strip()
    if not name:
        name = " ".join(p for p in (values.get("first", ""), values.get("last", "")) if p)
    student = Student(
        id="",
        name=name,
        email=values.get("email", ""),
        id_number=values.get("id-number", ""),
        username=values.get("username", ""),
        lms_id=values.get("lms-id", ""),
        section=values.get("section", ""),
    )
    identifier = values.get("id", "") if column == "id" else values.get(column, "")
    return replace(student, id=identifier)


_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\ufeff]")


def _clean(value: str) -> str:
    """A cell without control characters, bidi overrides or zero-width spaces, which no
    name or identifier holds (joiners, which some scripts need, are kept)."""
    value = "".join(c for c in value if unicodedata.category(c) != "Cc")
    return _INVISIBLE.sub("", value).strip()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
