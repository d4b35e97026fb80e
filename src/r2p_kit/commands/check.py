"""Check a filled exercise sheet and explain every answer.

For each question: correct, partly correct, incorrect or unanswered, with the bank's
feedback, the answer (or a hint, with --hints) and the section of the course to re-read.
Exit status: 0 when every answer is correct, 1 otherwise, 2 when the sheet cannot be read.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sheet", help="the filled sheet, e.g. exercises/01-origins.md")
    parser.add_argument(
        "--hints", action="store_true", help="give hints instead of the correct answers"
    )
    parser.add_argument(
        "--explain", action="store_true", help="show the explanation after every answer"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: found)")


def wants_color(stream: object) -> bool:
    """Colour and symbols only on a terminal that can show them, and never with NO_COLOR."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if not getattr(stream, "isatty", lambda: False)():
        return False
    try:
        "✓✗✎·".encode(getattr(stream, "encoding", None) or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def run(args: argparse.Namespace) -> int:
    from r2p_kit.check.course import load_module, resolve_module_dir
    from r2p_kit.check.links import course_site
    from r2p_kit.check.report import ReportOptions, render_json, render_text
    from r2p_kit.check.score import score_sheet
    from r2p_kit.check.sheet import bind_sheet, read_sheet, sheet_module_name
    from r2p_kit.check.sources import find_sections
    from r2p_kit.commands._course import course_to_check
    from r2p_kit.errors import UserError
    from r2p_kit.packaged import course_version, packaged_course

    path = Path(args.sheet)
    raw = read_sheet(path)
    name = sheet_module_name(raw)
    if not name:
        raise UserError.at(
            path,
            1,
            "the sheet does not say which module it is for",
            "start from the sheet in exercises/, which has 'module:' at the top",
        )
    root = course_to_check(args.course, near=path.resolve().parent)
    try:
        module_dir = resolve_module_dir(root, name)
    except UserError as error:
        hint = error.problems[0].hint if error.problems else ""
        raise UserError.at(
            path, raw.field_line("module"), f"there is no module '{name}'", hint
        ) from None
    scored = score_sheet(bind_sheet(raw, load_module(root, module_dir.name)))
    labels = {a.answer.question.source for a in scored.answers if a.answer.question.source}
    sections = find_sections(root / "docs", labels, first=module_dir / "index.md")
    site = course_site(root / "docs")
    # An installed checker has no pages of its own: without a published address it
    # names the sections to re-read rather than link to pages never built.
    unbuilt = site.local is not None and root == packaged_course()
    options = ReportOptions(
        hints=args.hints,
        explain=args.explain,
        color=wants_color(sys.stdout),
        site=None if unbuilt else site,
    )
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # a console without “ or → must not crash the report
        reconfigure(errors="replace")
    if args.json:
        sys.stdout.write(render_json(scored, sections, options))
    else:
        sys.stdout.write(render_text(scored, sections, options))
        sys.stdout.write(f"Marked against the course version {course_version(root)}.\n")
    return 0 if scored.totals.all_correct else 1
