"""Grade a folder of filled sheets: a gradebook for Moodle or Canvas, per-question detail,
and an item analysis (difficulty, discrimination, distractors) as CSV and Markdown.

A sheet that cannot be read is reported and skipped; the rest are graded. Nothing is
overwritten without --force. Exit status: 0 when every sheet was graded, 1 when some
were skipped, 2 when nothing could be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="folder holding the students' sheets (*.md)")
    parser.add_argument("--module", required=True, help="module slug or number, e.g. origins")
    parser.add_argument(
        "--out", required=True, metavar="CSV", help="the gradebook to write, e.g. grades.csv"
    )
    parser.add_argument(
        "--lms", choices=("moodle", "canvas"), default="moodle", help="gradebook layout (moodle)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing outputs")
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: found)")


def output_paths(out: Path) -> dict[str, Path]:
    """The gradebook and, beside it, ``<stem>-questions.csv``, ``-items.csv``, ``-items.md``."""
    stem = out.with_suffix("")
    return {
        "gradebook": out,
        "questions": stem.with_name(f"{stem.name}-questions.csv"),
        "items_csv": stem.with_name(f"{stem.name}-items.csv"),
        "items_md": stem.with_name(f"{stem.name}-items.md"),
    }


def run(args: argparse.Namespace) -> int:
    from r2p_kit.check.course import load_module, module_title, resolve_module_dir
    from r2p_kit.check.grade import detail_csv, grade_folder, gradebook_csv
    from r2p_kit.check.items import item_analysis, items_csv, items_markdown
    from r2p_kit.commands._course import course_root
    from r2p_kit.errors import Location, Problem, UserError
    from r2p_kit.output import OVERWRITE_HINT, write_files

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
    paths = output_paths(out)
    if not args.force:  # refuse before grading, not after minutes of it
        existing = [path for path in paths.values() if path.exists()]
        if existing:
            raise UserError(
                [Problem(Location(p), "output already exists", OVERWRITE_HINT) for p in existing]
            )
    result = grade_folder(Path(args.folder), module)
    for problem in (*result.skipped, *result.duplicates):
        print(problem, file=sys.stderr)
    if not result.graded:
        raise UserError.at(
            args.folder, 0, "no sheet could be graded", "fix the problems listed above"
        )
    stats = item_analysis(result)
    title = module_title(resolve_module_dir(root, args.module))
    write_files(
        {
            paths["gradebook"]: gradebook_csv(result, args.lms),
            paths["questions"]: detail_csv(result),
            paths["items_csv"]: items_csv(stats),
            paths["items_md"]: items_markdown(result, stats, title),
        },
        force=args.force,
    )
    skipped = len({str(p.location.path) for p in result.skipped}) + len(result.duplicates)
    print(
        f"Graded {len(result.graded)} sheet{'s' if len(result.graded) != 1 else ''} "
        f"for module {module.slug}" + (f"; {skipped} skipped (see above)" if skipped else "") + "."
    )
    for path in paths.values():
        print(f"  {path}")
    return 1 if skipped else 0
