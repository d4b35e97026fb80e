"""Grade a folder of filled sheets: a gradebook for Moodle or Canvas, per-question detail,
and an item analysis (difficulty, discrimination, distractors) as CSV and Markdown.

A sheet that cannot be read is reported (one line per sheet) and skipped; the rest are
graded. Without --roster, sheets that claim the same student are reported together and
kept out of the gradebook, and a sheet with no identifier is graded under its file name
with a warning. With --roster,
every sheet is matched to a roster student by identifier: the gradebook has a row per
roster student (identified as the LMS needs), and <stem>-submissions.csv lists missing
sheets, unknown students and sheets that claim the same student (none is dropped
silently). All outputs are written together or not at all; nothing is overwritten
without --force. Exit status: 0 when every sheet was graded, 1 when some were skipped
or need a look, 2 when nothing could be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from r2p_kit.errors import Problem
    from r2p_kit.quiz.roster import Student


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="folder holding the students' sheets (*.md)")
    parser.add_argument("--module", required=True, help="module slug or number, e.g. origins")
    parser.add_argument(
        "--out", required=True, metavar="CSV", help="the gradebook to write, e.g. grades.csv"
    )
    parser.add_argument(
        "--lms", choices=("moodle", "canvas"), default="moodle", help="gradebook layout (moodle)"
    )
    parser.add_argument(
        "--roster",
        metavar="CSV",
        help="the class roster (Moodle or Canvas export, or id,name[,email]): match each "
        "sheet to a student",
    )
    parser.add_argument(
        "--id-column",
        choices=("id-number", "email", "username"),
        help="the roster column that identifies students (default: ID number, else email, "
        "else username)",
    )
    parser.add_argument(
        "--map-by",
        choices=("id-number", "email", "username"),
        help="Moodle, with --roster: the column Moodle maps users by (default: the roster's "
        "identifier)",
    )
    parser.add_argument(
        "--max-grade",
        default="100",
        metavar="N",
        help="Moodle, with --roster: the grade item's maximum grade (default 100), or "
        "'points' for raw points",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing outputs")
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: found)")


def output_paths(out: Path, roster: bool = False) -> dict[str, Path]:
    """The gradebook and, beside it, ``<stem>-questions.csv``, ``-items.csv``, ``-items.md``
    (and ``-submissions.csv`` with a roster)."""
    stem = out.with_suffix("")
    paths = {
        "gradebook": out,
        "questions": stem.with_name(f"{stem.name}-questions.csv"),
        "items_csv": stem.with_name(f"{stem.name}-items.csv"),
        "items_md": stem.with_name(f"{stem.name}-items.md"),
    }
    if roster:
        paths["submissions"] = stem.with_name(f"{stem.name}-submissions.csv")
    return paths


def run(args: argparse.Namespace) -> int:
    from r2p_kit.check.course import load_module, module_title, resolve_module_dir
    from r2p_kit.check.grade import detail_csv, grade_folder, gradebook_csv
    from r2p_kit.check.items import item_analysis, items_csv, items_markdown
    from r2p_kit.commands._course import course_root
    from r2p_kit.console import plural
    from r2p_kit.errors import Location, Problem, UserError
    from r2p_kit.output import OVERWRITE_HINT, write_files
    from r2p_kit.quiz.roster import read_roster

    out = Path(args.out)
    if out.name in ("", ".", "..") or args.out.endswith(("/", "\\")) or out.is_dir():
        raise UserError.at(
            args.out or "--out",
            0,
            "--out must name the gradebook file, not a folder",
            "e.g. --out grades.csv; the other three reports are written beside it",
        )
    root = course_root(args.course)
    module = load_module(root, args.module)
    max_grade = _max_grade(args.max_grade)
    students = read_roster(Path(args.roster), args.id_column) if args.roster else ()
    paths = output_paths(out, roster=bool(args.roster))
    if not args.force:  # refuse before grading, not after minutes of it
        existing = [path for path in paths.values() if path.exists()]
        if existing:
            raise UserError(
                [Problem(Location(p), "output already exists", OVERWRITE_HINT) for p in existing]
            )
    result = grade_folder(Path(args.folder), module, one_per_student=not students)
    for line in one_line_per_sheet(result.skipped):
        print(line, file=sys.stderr)
    for conflict in result.conflicts:
        print(conflict.problem(), file=sys.stderr)
    for warning in result.unidentified:
        print(f"warning: {warning}", file=sys.stderr)
    if not result.graded:
        raise UserError.at(
            args.folder, 0, "no sheet could be graded", "fix the problems listed above"
        )
    stats = item_analysis(result)
    title = module_title(resolve_module_dir(root, args.module))
    files = {
        paths["questions"]: detail_csv(result),
        paths["items_csv"]: items_csv(stats),
        paths["items_md"]: items_markdown(result, stats, title),
    }
    unknown, conflicting = 0, sum(len(c.paths) for c in result.conflicts)
    if students:
        from r2p_kit.check.gradebook import (
            canvas_gradebook,
            match_roster,
            moodle_gradebook,
            report_lines,
            submissions_csv,
        )

        match = match_roster(result, students)
        for line in report_lines(match):
            print(line, file=sys.stderr)
        unknown = len(match.unknown)
        conflicting = sum(len(c.paths) for c in match.conflicts)
        map_by = args.map_by or _roster_column(students)
        files[paths["gradebook"]] = (
            moodle_gradebook(match, map_by, max_grade)
            if args.lms == "moodle"
            else canvas_gradebook(match)
        )
        files[paths["submissions"]] = submissions_csv(match)
    else:
        files[paths["gradebook"]] = gradebook_csv(result, args.lms)
    write_files(dict(sorted(files.items())), force=args.force)
    unread = len({str(p.location.path) for p in result.skipped})
    notes = [
        f"{plural(unread, 'sheet')} could not be read" if unread else "",
        f"{plural(conflicting, 'sheet')} kept out of the gradebook as they claim one student"
        if conflicting
        else "",
        f"{plural(unknown, 'sheet')} from {'a student' if unknown == 1 else 'students'} "
        "not on the roster"
        if unknown
        else "",
        f"{plural(len(result.unidentified), 'sheet')} with no identifier"
        if result.unidentified
        else "",
    ]
    notes = [note for note in notes if note]
    print(
        f"Graded {plural(len(result.graded), 'sheet')} for module {module.slug}"
        + (f"; {', '.join(notes)} (see above)" if notes else "")
        + "."
    )
    for path in paths.values():
        print(f"  {path}")
    return 1 if unread or conflicting or unknown else 0


def one_line_per_sheet(problems: Sequence[Problem]) -> list[str]:
    """A sheet's first problem, and how many more it has: a sheet for the wrong module or
    with every answer unreadable is one line, not one per question."""
    from r2p_kit.console import plural

    by_sheet: dict[str, list[Problem]] = {}
    for problem in problems:
        by_sheet.setdefault(str(problem.location.path), []).append(problem)
    lines = []
    for path, found in by_sheet.items():
        line = str(found[0])
        if len(found) > 1:
            line += (
                f" (and {plural(len(found) - 1, 'more problem')}: "
                f"r2p-kit check {path} lists them all)"
            )
        lines.append(line)
    return lines


def _max_grade(text: str) -> float | None:
    """``--max-grade``: a positive number, or ``points`` for raw points (None)."""
    from r2p_kit.errors import UserError

    if text.strip().lower() == "points":
        return None
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 1_000_000:
        raise UserError.at(
            "--max-grade", 0, f"'{text[:20]}' is not a maximum grade",
            "give the grade item's maximum, e.g. 100 or 20, or 'points' for raw points",
        )  # fmt: skip
    return value


def _roster_column(students: tuple[Student, ...]) -> str:
    """Moodle's mapping column by default: the one the roster's identifiers came from."""
    first = students[0]
    if first.id == first.id_number:
        return "id-number"
    if first.id == first.email:
        return "email"
    if first.id == first.username:
        return "username"
    return "email" if all("@" in s.id for s in students) else "id-number"
