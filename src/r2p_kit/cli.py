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

# Subcommand name -> module in r2p_kit.commands, in the order --help lists them.
COMMANDS: tuple[str, ...] = ()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="r2p-kit",
        description="Tools for the r2p-kit course on the Responsibility to Protect: "
        "quizzes for learning management systems, exercise sheets, answer checking and grading.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        command = importlib.import_module(f"r2p_kit.commands.{name.replace('-', '_')}")
        sub = subparsers.add_parser(name, help=command.HELP, description=command.__doc__)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
