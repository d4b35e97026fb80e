"""Grading against the instructor's roster, and gradebooks the LMS imports as they are.

A sheet's ``student:`` is matched to a roster student by identifier: the roster's chosen
id, or the student's email, ID number or username. Nothing is guessed: a sheet whose
identifier is in no roster row is *unknown* (with a near match offered for the
instructor to confirm, never applied), a roster student with no sheet is *missing*, and
two sheets claiming one student are a *conflict* that names both files and grades
neither, so no sheet is ever dropped silently (issue 12, items 4 and 5).

Gradebooks:

- Moodle (Grades > Import > CSV file): the mapping column the instructor chooses (ID
  number, email address or username) and one grade column, on the grade item's scale
  (``max_grade``, default 100) or in raw points (``max_grade=None``, stated in the header).
  Only students with a graded sheet have a row: Moodle stores an empty cell as "no grade",
  clearing a grade already in the gradebook, while a student left out keeps theirs.
- Canvas (Grades > Import): ``Student, ID, SIS User ID, SIS Login ID, Section``, then
  ``<module> (auto-marked)`` with its scores and ``<module> (essays)`` with empty cells
  for the instructor, and the ``Points Possible`` row Canvas's own export has. Only students
  with a graded sheet have a row, for the same reason: Canvas's importer takes an empty cell
  where a score exists as a change to no score (gradebook_importer.rb, no_change_to_value?).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.bank.model import ModuleBank
from r2p_kit.check.grade import GradedSheet, GradeRun
from r2p_kit.errors import UserError
from r2p_kit.figures import score_text
from r2p_kit.quiz.roster import Student, identity_key
from r2p_kit.spreadsheet import csv_text, safe_cell

MAP_COLUMNS = {  # --map-by -> Moodle's header for that column
    "id-number": "ID number",
    "email": "Email address",
    "username": "Username",
}


@dataclass(frozen=True)
class Unknown:
    sheet: GradedSheet
    suggestion: Student | None  # a near match, for the instructor to confirm


@dataclass(frozen=True)
class Conflict:
    student: Student
    paths: tuple[Path, ...]  # every sheet that claims this student; none is graded


@dataclass(frozen=True)
class RosterMatch:
    module: ModuleBank
    students: tuple[Student, ...]  # the roster, in its order
    graded: dict[str, GradedSheet]  # student id -> their one sheet
    missing: tuple[Student, ...]
    unknown: tuple[Unknown, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def problems(self) -> int:
        return len(self.unknown) + len(self.conflicts)


def identifiers(student: Student) -> set[str]:
    """Every identifier a sheet may give for ``student``, as identity keys."""
    found = (student.id, student.email, student.id_number, student.username)
    return {identity_key(value) for value in found if value}


def match_roster(run: GradeRun, students: Sequence[Student]) -> RosterMatch:
    """Map every graded sheet of ``run`` to one roster student, or report why not."""
    owners: dict[str, list[Student]] = {}
    for student in students:
        for key in identifiers(student):
            owners.setdefault(key, []).append(student)
    claims: dict[str, list[GradedSheet]] = {}
    unknown: list[Unknown] = []
    for sheet in run.graded:
        found = {s.id: s for s in owners.get(identity_key(sheet.student.strip()), [])}
        if len(found) == 1:
            claims.setdefault(next(iter(found)), []).append(sheet)
        else:  # in no row, or in the rows of two students: never guessed
            unknown.append(Unknown(sheet, _near(sheet.student, students)))
    graded: dict[str, GradedSheet] = {}
    conflicts: list[Conflict] = []
    for student in students:
        sheets = claims.get(student.id, [])
        if len(sheets) == 1:
            graded[student.id] = sheets[0]
        elif sheets:
            conflicts.append(Conflict(student, tuple(sorted(s.path for s in sheets))))
    conflicted = {c.student.id for c in conflicts}
    missing = tuple(s for s in students if s.id not in graded and s.id not in conflicted)
    return RosterMatch(
        run.module, tuple(students), graded, missing, tuple(unknown), tuple(conflicts)
    )


def _near(written: str, students: Sequence[Student]) -> Student | None:
    """The roster student whose identifier or name is closest to ``written``, if close."""
    key = " ".join(identity_key(written).split())
    if not key or len(key) > 200:
        return None
    candidates: dict[str, Student] = {}
    for student in students:
        for value in (*identifiers(student), identity_key(student.name)):
            if value:
                candidates.setdefault(" ".join(value.split()), student)
    close = difflib.get_close_matches(key, list(candidates), n=1, cutoff=0.75)
    return candidates[close[0]] if close else None


def report_lines(match: RosterMatch) -> list[str]:
    """What the instructor must look at: unknown students, conflicts, missing submissions."""
    lines = []
    for item in match.unknown:
        sheet = item.sheet
        hint = "correct its 'student:' line, or add the student to the roster"
        if item.suggestion is not None:
            s = item.suggestion
            hint = f"is this {s.name or s.id} ({s.id})? If so, write '{s.id}' after 'student:'"
        lines.append(
            f"{sheet.path}: unknown student '{sheet.student}': in no row of the roster; "
            f"not graded; {hint}"
        )
    for conflict in match.conflicts:
        s = conflict.student
        files = " and ".join(str(p) for p in conflict.paths)
        lines.append(
            f"{conflict.paths[0]}: {len(conflict.paths)} sheets claim {s.name or s.id} "
            f"({s.id}): {files}; neither was graded; keep the student's own sheet and "
            "correct or remove the other"
        )
    if match.missing:
        shown = ", ".join(f"{s.name or s.id} ({s.id})" for s in match.missing[:20])
        more = f" and {len(match.missing) - 20} more" if len(match.missing) > 20 else ""
        lines.append(f"no sheet from {len(match.missing)} student(s): {shown}{more}")
    return lines


def submissions_csv(match: RosterMatch) -> str:
    """Every roster student and every sheet, with what became of it."""
    rows: list[list[object]] = [["student_id", "name", "status", "sheets", "note"]]
    conflicts = {c.student.id: c for c in match.conflicts}
    for student in match.students:
        if student.id in match.graded:
            rows.append([student.id, student.name, "graded", match.graded[student.id].path, ""])
        elif student.id in conflicts:
            paths = "; ".join(str(p) for p in conflicts[student.id].paths)
            rows.append([student.id, student.name, "conflict", paths, "two or more sheets"])
        else:
            rows.append([student.id, student.name, "missing", "", ""])
    for item in match.unknown:
        near = item.suggestion
        note = f"near {near.id} ({near.name})" if near else ""
        rows.append([item.sheet.student, "", "unknown", item.sheet.path, note])
    return csv_text(rows)


def _max_score(match: RosterMatch) -> float:
    return sum(q.points for q in match.module.questions if q.type != "essay")


def _essay_points(match: RosterMatch) -> float:
    return sum(q.points for q in match.module.questions if q.type == "essay")


def module_label(module: ModuleBank) -> str:
    return f"Exercise sheet {module.number:02d}-{module.slug}"


def moodle_gradebook(match: RosterMatch, map_by: str, max_grade: float | None = 100.0) -> str:
    """Moodle's grade import CSV: the mapping column and the grade, a row per graded student."""
    possible = _max_score(match)
    if max_grade is None:
        header = f"{module_label(match.module)} (points out of {score_text(possible)})"
    else:
        header = f"{module_label(match.module)} (out of {score_text(max_grade)})"
    rows: list[list[object]] = [[MAP_COLUMNS[map_by], "Full name", header]]
    # Moodle would stop the whole import at the first row it cannot map: an empty value, or
    # one starting with = + - @ that the CSV must mark as text with an apostrophe.
    graded = graded_students(match)
    lacking = [s for s, _ in graded if not _mappable(mapping_value(s, map_by))]
    if lacking:
        shown = ", ".join(f"{s.name or s.id} ({s.id})" for s in lacking[:5])
        raise UserError.at(
            "--map-by", 0,
            f"{len(lacking)} student(s) have no {MAP_COLUMNS[map_by].lower()} in the roster "
            "Moodle could match (empty, or starting with =, +, - or @, which a CSV marks as "
            f"text): {shown}",
            f"map by another column (--map-by {' or '.join(c for c in MAP_COLUMNS if c != map_by)})"
            ", or fill it in the roster",
        )  # fmt: skip
    for student, sheet in graded:
        value = sheet.score if max_grade is None else sheet.score / possible * max_grade
        grade = score_text(value) if possible else "0"
        rows.append([mapping_value(student, map_by), student.name, grade])
    return csv_text(rows)


def graded_students(match: RosterMatch) -> list[tuple[Student, GradedSheet]]:
    """Roster students with a graded sheet, in roster order: a gradebook's rows. The others
    (missing, in a conflict) are listed in the submissions file and left out of the
    gradebook, so that an import leaves their grades as they are."""
    return [(s, match.graded[s.id]) for s in match.students if s.id in match.graded]


def _mappable(value: str) -> bool:
    return bool(value) and safe_cell(value) == value


def mapping_value(student: Student, map_by: str) -> str:
    """The student's value in the Moodle mapping column; a plain roster's id stands for it."""
    values = {"id-number": student.id_number, "email": student.email, "username": student.username}
    if not any(values.values()):  # a plain id,name roster: its id is the identifier
        return student.id
    return values[map_by]


def canvas_gradebook(match: RosterMatch) -> str:
    """Canvas's gradebook CSV: roster identities, auto-marked scores, empty essay cells."""
    label = module_label(match.module)
    auto, essays = f"{label} (auto-marked)", f"{label} (essays)"
    rows: list[list[object]] = [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", auto, essays],
        ["    Points Possible", "", "", "", "", score_text(_max_score(match)),
         score_text(_essay_points(match))],
    ]  # fmt: skip
    for student, sheet in graded_students(match):
        # Canvas matches a row by ID, SIS User ID or SIS Login ID; a plain roster has only
        # its own id, which then stands as the SIS User ID.
        known = student.id_number or student.lms_id or student.username
        rows.append(
            [
                student.name or student.id,
                student.lms_id,
                student.id_number or ("" if known else student.id),
                student.username,
                student.section,
                score_text(sheet.score),
                "",
            ]
        )
    return csv_text(rows)
