"""Write the exercise sheet of a module, exercises/NN-slug.md, from its question bank.

The sheet is Markdown a student fills in with any editor and checks with
``r2p-kit check``. It is generated, never edited by hand: a test fails when a committed
sheet differs from what this command writes. With --roster, one sheet per student is
written into --out, each carrying the student's roster identifier, so that grading knows
whose it is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "module", nargs="?", help="module slug or number, e.g. origins, 01-origins or 1"
    )
    parser.add_argument("--all", action="store_true", help="write the sheet of every module")
    parser.add_argument("--out", metavar="PATH", help="write here instead (one module only)")
    parser.add_argument("--stdout", action="store_true", help="print the sheet instead")
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: found)")
    parser.add_argument(
        "--force", action="store_true", help="replace a sheet that differs from the bank"
    )
    parser.add_argument(
        "--roster",
        metavar="CSV",
        help="write one sheet per student of this roster (Moodle, Canvas or id,name[,email]) "
        "into --out",
    )
    parser.add_argument(
        "--id-column",
        choices=("id-number", "email", "username"),
        help="the roster column that identifies students (default: ID number, else email, "
        "else username)",
    )


def run(args: argparse.Namespace) -> int:
    from r2p_kit.check.course import module_sheet
    from r2p_kit.commands._course import course_root
    from r2p_kit.errors import UserError
    from r2p_kit.output import write_atomic
    from r2p_kit.paths import display_path, module_dirs

    if bool(args.module) == bool(args.all):
        raise UserError.at(
            "r2p-kit sheet", 0, "name one module or give --all", "e.g. r2p-kit sheet origins"
        )
    root = course_root(args.course)
    if args.roster:
        return _student_sheets(args, root)
    if args.all:
        names = [d.name for d in module_dirs(root) if (d / "questions.yaml").is_file()]
    else:
        names = [args.module]
    sheets = [module_sheet(root, name) for name in names]  # every bank loads before any write
    for text, target in sheets:
        if args.stdout:
            sys.stdout.write(text)
            continue
        if args.out and not args.all:
            target = Path(args.out)
        if target.is_file() and target.read_bytes() == text.encode("utf-8"):
            print(f"{display_path(target)}: up to date")
            continue
        write_atomic(target, text, force=args.force)
        print(f"{display_path(target)}: written")
    return 0


def _student_sheets(args: argparse.Namespace, root: Path) -> int:
    """One sheet per roster student, written together (all or none) into --out."""
    from r2p_kit.check.course import load_module, module_title, resolve_module_dir
    from r2p_kit.check.sheet import render_sheet, student_sheet_name
    from r2p_kit.console import plural
    from r2p_kit.errors import UserError
    from r2p_kit.output import write_files
    from r2p_kit.quiz.roster import read_roster

    if args.all or args.stdout or not args.out:
        raise UserError.at(
            "--roster", 0, "--roster writes one module's sheets into a folder",
            "name one module and give --out FOLDER, e.g. --out sheets/origins",
        )  # fmt: skip
    students = read_roster(Path(args.roster), args.id_column)
    module = load_module(root, args.module)
    title = module_title(resolve_module_dir(root, args.module))
    out = Path(args.out)
    files = {out / student_sheet_name(module, s): render_sheet(module, title, s) for s in students}
    write_files(files, force=args.force)
    print(f"wrote {plural(len(files), 'sheet')} for module {module.slug} to {out}")
    return 0
