"""The ``r2p-kit`` command line: parse arguments, call the library, print.

Each subcommand lives in :mod:`r2p_kit.commands` as a module with ``add_arguments``
and ``run``; those modules import the heavy parts of the library only inside ``run``
so that ``r2p-kit check`` starts fast and never loads Sphinx.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from r2p_kit import __version__
from r2p_kit.errors import UserError

# Subcommand -> one-line help, in the order --help lists them. The module of the same name in
# r2p_kit.commands is imported only when its command runs, which keeps start-up fast.
COMMANDS: dict[str, str] = {
    "quiz": "generate seeded quiz variants (GIFT, Moodle XML, Canvas QTI, JSON, Markdown)",
    "schema": "print the JSON Schema of questions.yaml",
    "sheet": "write a module's exercise sheet (exercises/NN-slug.md)",
    "check": "check a filled exercise sheet and explain each answer",
    "key": "print a module's answer key (instructors only)",
    "grade": "grade a folder of sheets into a Moodle or Canvas gradebook",
    "new": 'start a new module from the template: r2p-kit new module "Title"',
    "lint": "check the course: banks, module anatomy, citations, sheets, tables of contents",
}


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser, with full arguments for the ``chosen`` command (all commands when None)."""
    parser = argparse.ArgumentParser(
        prog="r2p-kit",
        description="Tools for the r2p-kit course on the Responsibility to Protect: "
        "quizzes for learning management systems, exercise sheets, answer checking and grading, "
        "and a module template and course checks for contributors.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        if chosen is not None and name != chosen:
            subparsers.add_parser(name, help=help_text)
            continue
        command = importlib.import_module(f"r2p_kit.commands.{name.replace('-', '_')}")
        sub = subparsers.add_parser(name, help=help_text, description=command.__doc__)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def chosen_command(argv: Sequence[str]) -> str | None:
    """The subcommand named on the command line: the first argument that is one."""
    return next((arg for arg in argv if arg in COMMANDS), None)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(chosen_command(arguments) or "")
    args = parser.parse_args(arguments)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    try:
        return int(args.run(args))
    except UserError as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
