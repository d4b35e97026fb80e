"""The ``r2p-kit`` command line: parse arguments, call the library, print.

Each subcommand lives in :mod:`r2p_kit.commands` as a module with ``add_arguments``
and ``run``; those modules import the heavy parts of the library only inside ``run``
so that ``r2p-kit check`` starts fast and never loads Sphinx.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from typing import TextIO, cast

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
    "move": "move a module to another place and renumber the modules in between",
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


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that cleanup code runs."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(chosen_command(arguments) or "")
    args = parser.parse_args(arguments)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    with _guarded_streams(), _sigterm_raises():
        try:
            code = int(args.run(args))
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
            return code
        except UserError as error:
            print(error, file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("r2p-kit: interrupted", file=sys.stderr)
            return 130
        except Terminated:
            print("r2p-kit: terminated", file=sys.stderr)
            return 143
        except BrokenPipeError:  # `r2p-kit key origins | head`: the reader has had enough
            _silence_stdout()
            return 141
        except OSError as error:  # e.g. a full disk under standard output
            if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO):
                _silence_stdout()
            reason = error.strerror or str(error)
            print(f"r2p-kit: cannot write the output: {reason}", file=sys.stderr)
            return 2


@contextlib.contextmanager
def _guarded_streams() -> Iterator[None]:
    """Standard output and error that never raise on characters the console cannot show and
    never pass on escape sequences or control characters (see :mod:`r2p_kit.console`)."""
    from r2p_kit.console import SafeText

    saved = sys.stdout, sys.stderr
    for stream in saved:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    # Only r2p-kit's own reports colour their output, and they clean what they quote.
    sys.stdout = cast(TextIO, SafeText(saved[0], keep_colour=True))
    sys.stderr = cast(TextIO, SafeText(saved[1]))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While a command runs, SIGTERM unwinds it like Ctrl-C, so no partial output is left."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so Python's flush at exit cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


if __name__ == "__main__":
    raise SystemExit(main())
