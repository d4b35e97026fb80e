"""Check the course the way a reviewer would: banks, module pages, quotations, sheets, contents.

Prints one line per finding, ``file:line: CODE message; hint``, and exits 0 when the
course is clean, 1 with findings and 2 on a usage error. ``--format github`` prints
GitHub Actions annotations instead, so findings appear on the pull request's diff.
CONTRIBUTING.md explains every code.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("text", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        default=".",
        help="report only findings in this file or folder (default: the whole course)",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="also require a finished module: no TODO left from `r2p-kit new`, "
        "at least 12 questions of 5 types",
    )
    parser.add_argument(
        "--list-codes", action="store_true", help="list every code and what it means, then exit"
    )


def run(args: argparse.Namespace) -> int:
    from r2p_kit.contrib.findings import RULES, format_github, format_text
    from r2p_kit.contrib.lint import findings_under, lint_course
    from r2p_kit.errors import UserError
    from r2p_kit.paths import display_path, find_course_root

    if args.list_codes:
        for rule in RULES:
            strict = " (--strict)" if rule.strict else ""
            print(f"{rule.code}  {rule.name:<24} {rule.summary}{strict}")
        return 0
    target = Path(args.path)
    if not target.exists():
        raise UserError.at(target, 0, "no such file or folder", "give a path inside the course")
    root = find_course_root(target if target.is_dir() else target.parent)
    findings = findings_under(lint_course(root, strict=args.strict), target)
    for finding in findings:
        if args.format == "github":
            print(format_github(finding, _in_repository(finding.path, root)))
        else:
            print(format_text(finding, display_path(finding.path)))
    if findings:
        noun = "finding" if len(findings) == 1 else "findings"
        print(f"r2p-kit lint: {len(findings)} {noun}", file=sys.stderr)
        return 1
    return 0


def _in_repository(path: Path, root: Path) -> Path:
    """GitHub wants paths relative to the repository, which is the course root."""
    try:
        return path.resolve().relative_to(root)
    except ValueError:
        return path
