"""Check the course the way a reviewer would: banks, module pages, quotations, sheets, contents.

Prints one line per finding, ``file:line: CODE message; hint``, then a summary on stderr
(``r2p-kit lint: 7 modules, 109 questions, 0 findings``), and exits 0 when the course is
clean, 1 with findings and 2 on a usage error. ``--format github`` prints GitHub Actions
annotations instead, so findings appear on the pull request's diff. Everything echoed
from the course is stripped of control characters. ``--list-codes`` lists the codes;
with ``--format markdown`` it prints the table that CONTRIBUTING.md holds. ``--coverage``
adds, per module and learning objective, the questions by level and by difficulty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("text", "github", "markdown")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        help="report only findings in this file or folder (default: the whole course)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text); markdown only with --list-codes",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also require a finished module: no TODO left from `r2p-kit new`, "
        "at least 12 questions of 5 types, a third of the auto-marked ones at level apply "
        "or evaluate, and one above recall for every objective that asks for judgement",
    )
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="also print, per module and learning objective, the questions by level and by "
        "difficulty, and their tags",
    )
    parser.add_argument(
        "--list-codes", action="store_true", help="list every code and what it means, then exit"
    )


def run(args: argparse.Namespace) -> int:
    from r2p_kit.contrib.findings import (
        RULES,
        format_code_list,
        format_code_table,
        format_github,
        format_text,
        printable,
    )
    from r2p_kit.contrib.lint import findings_under, is_under, lint_report
    from r2p_kit.errors import UserError
    from r2p_kit.paths import display_path, find_course_root

    if args.list_codes:
        listing = format_code_table if args.format == "markdown" else format_code_list
        print(listing(RULES), end="")
        return 0
    if args.format == "markdown":
        raise UserError.at(
            "r2p-kit lint", 0, "--format markdown lists the codes", "add --list-codes"
        )
    target = Path(args.path)
    if not target.exists():
        raise UserError.at(target, 0, "no such file or folder", "give a path inside the course")
    root = find_course_root(target if target.is_dir() else target.parent)
    report = lint_report(root, strict=args.strict)
    findings = findings_under(report.findings, target)
    for finding in findings:
        if args.format == "github":
            print(format_github(finding, _in_repository(finding.path, root)))
        else:
            print(format_text(finding, display_path(finding.path)))
    if args.coverage:
        for bank, block in report.coverage.items():
            if is_under(bank, target):
                print("\n".join(printable(line) for line in block.splitlines()))
    noun = "finding" if len(findings) == 1 else "findings"
    scope = "" if target.resolve() == root else f" in {printable(str(display_path(target)))}"
    print(
        f"r2p-kit lint: {report.modules} module{'' if report.modules == 1 else 's'}, "
        f"{report.questions} question{'' if report.questions == 1 else 's'}, "
        f"{len(findings)} {noun}{scope}" + (" (--strict)" if args.strict else ""),
        file=sys.stderr,
    )
    return 1 if findings else 0


def _in_repository(path: Path, root: Path) -> Path:
    """GitHub wants paths relative to the repository, which is the course root."""
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return path
