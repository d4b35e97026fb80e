"""Generate quizzes from the question bank for Moodle, Canvas, print or other tools.

Questions are selected by module, tag, difficulty and count, stratified across modules
and learning objectives. Each variant (one per roster student, or --variants N) is
derived from --seed and the student id, so the same inputs always give the same files.
Files are made and written one variant at a time, so a class of any size fits in memory;
more than 5,000 numbered variants needs --force.
Everything goes into the --out folder: one file per variant (JSON: one file for all);
answer keys (answer-key.csv, and each handout's key) go into its answer-keys/ folder.
A roster may be a Moodle or Canvas export or a plain id,name[,email] CSV.
Existing files are never replaced without --force.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from r2p_kit.quiz.formats import FORMAT_HELP, FORMATS

if TYPE_CHECKING:
    from r2p_kit.quiz.export.options import ExportOptions

MANY_VARIANTS = 5000  # more numbered variants than this is likely a typo: it needs --force


def add_arguments(parser: argparse.ArgumentParser) -> None:
    select = parser.add_argument_group("selection")
    select.add_argument(
        "--module",
        action="append",
        default=[],
        metavar="SLUG",
        help="take questions from this module (repeatable; default: all)",
    )
    select.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only questions with this tag (repeatable: any of them)",
    )
    select.add_argument(
        "--difficulty",
        action="append",
        default=[],
        choices=("easy", "medium", "hard"),
        help="only this difficulty (repeatable)",
    )
    select.add_argument(
        "--type",
        action="append",
        default=[],
        metavar="TYPE",
        help="only this question type (repeatable)",
    )
    select.add_argument(
        "--count",
        type=int,
        metavar="N",
        help="auto-marked questions per variant (default: all); essays are not counted",
    )
    select.add_argument(
        "--essays",
        type=int,
        metavar="N",
        help="essays per variant (default: none, or all with --type essay and no --count)",
    )
    variants = parser.add_argument_group("variants")
    variants.add_argument(
        "--seed",
        default="1",
        metavar="S",
        help="quiz seed; with the student id it fixes each variant (default: 1)",
    )
    who = variants.add_mutually_exclusive_group()
    who.add_argument(
        "--variants",
        type=int,
        default=1,
        metavar="N",
        help="number of numbered variants (default: 1)",
    )
    who.add_argument(
        "--roster",
        metavar="CSV",
        help="one variant per student: a Moodle or Canvas roster export, or id,name[,email]",
    )
    variants.add_argument(
        "--id-column",
        choices=("id-number", "email", "username"),
        help="the roster column that identifies students (default: ID number, else email, "
        "else username; a plain roster's id)",
    )
    output = parser.add_argument_group("output")
    output.add_argument("--format", required=True, choices=FORMATS, help=FORMAT_HELP)
    output.add_argument("--out", required=True, metavar="FOLDER", help="output folder")
    output.add_argument("--title", default="R2P quiz", help="quiz title (default: R2P quiz)")
    output.add_argument(
        "--pdf",
        action="store_true",
        help="markdown only: also make PDFs through LaTeX (needs xelatex)",
    )
    output.add_argument(
        "--force",
        action="store_true",
        help=f"replace existing output files; allow more than {MANY_VARIANTS} --variants",
    )
    lms = parser.add_argument_group("LMS settings")
    lms.add_argument(
        "--moodle-version",
        default="4.1",
        metavar="X.Y",
        help="moodle-xml: the Moodle that imports it; 4.5 and later get ordering questions "
        "as ordering, older ones as matching (default: 4.1)",
    )
    lms.add_argument(
        "--canvas-attempts",
        type=int,
        default=1,
        metavar="N",
        help="qti: attempts allowed in Canvas, -1 for unlimited (default: 1)",
    )
    lms.add_argument(
        "--canvas-show-answers",
        action="store_true",
        help="qti: let Canvas show the correct answers after an attempt (default: not)",
    )
    lms.add_argument(
        "--canvas-no-shuffle",
        action="store_true",
        help="qti: keep each question's options in the bank's order in Canvas",
    )


def run(args: argparse.Namespace) -> int:
    import itertools
    import sys
    from pathlib import Path

    from r2p_kit.bank.load import load_bank
    from r2p_kit.console import plural
    from r2p_kit.errors import UserError
    from r2p_kit.output import write_stream
    from r2p_kit.paths import find_course_root
    from r2p_kit.quiz.fairness import summary_csv, summary_text
    from r2p_kit.quiz.generate import Selection, generate_quiz
    from r2p_kit.quiz.render import stream_quiz
    from r2p_kit.quiz.roster import read_roster

    if not args.out.strip():
        raise UserError.at(
            "--out", 0, "no output folder given", "name a folder for the quiz, e.g. --out quiz"
        )
    if Path(args.out).is_file():
        raise UserError.at(
            args.out, 0, "--out is a file, not a folder", "name a folder for the quiz's files"
        )
    if args.variants > MANY_VARIANTS and not args.force:
        raise UserError.at(
            "--variants",
            0,
            f"{args.variants:,} variants is more than {MANY_VARIANTS:,}, and as many files",
            "for one variant per student give --roster; if you mean it, add --force",
        )
    students = read_roster(Path(args.roster), args.id_column) if args.roster else ()
    bank = load_bank(find_course_root())
    selection = Selection(
        modules=tuple(args.module),
        tags=tuple(args.tag),
        difficulties=tuple(args.difficulty),
        types=tuple(args.type),
        count=args.count,
        essays=args.essays if args.essays is not None else _default_essays(args),
    )
    quiz = generate_quiz(
        bank,
        selection,
        seed=args.seed,
        students=students,
        variants=args.variants,
        title=args.title,
    )
    stream = stream_quiz(
        quiz, args.format, Path(args.out), pdf=args.pdf, options=export_options(args)
    )
    summary = Path(args.out) / "variant-summary.csv"
    files = itertools.chain(stream.files, [(summary, summary_csv(quiz))])
    write_stream((*stream.paths, summary), files, force=args.force)
    for warning in stream.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"wrote {plural(len(stream.paths) + 1, 'file')} to {args.out} "
        f"({plural(len(quiz.variants), 'variant')} of "
        f"{plural(len(quiz.variants[0].items), 'question')})"
    )
    sys.stdout.write(summary_text(quiz))
    return 0


def export_options(args: argparse.Namespace) -> ExportOptions:
    """The LMS settings of the command line, checked."""
    from r2p_kit.errors import UserError
    from r2p_kit.quiz.export.options import (
        CanvasSettings,
        ExportOptions,
        parse_moodle_version,
    )

    if args.canvas_attempts == 0 or args.canvas_attempts < -1:
        raise UserError.at("--canvas-attempts", 0, f"{args.canvas_attempts} attempts",
                           "give 1 or more, or -1 for unlimited")  # fmt: skip
    canvas = CanvasSettings(
        shuffle_answers=not args.canvas_no_shuffle,
        allowed_attempts=args.canvas_attempts,
        show_correct_answers=args.canvas_show_answers,
    )
    return ExportOptions(parse_moodle_version(args.moodle_version), canvas)


def _default_essays(args: argparse.Namespace) -> int | None:
    """Essays only when asked for: --essays N, or --type essay without --count."""
    if "essay" in args.type and args.count is None:
        return None  # every essay of the selection
    return 0
