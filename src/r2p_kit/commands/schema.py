"""Print the JSON Schema of the question-bank format (docs/modules/NN-slug/questions.yaml).

Editors use it for completion and inline errors; the copy committed as
src/r2p_kit/bank/questions.schema.json is kept equal to this output by the tests.
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="PATH",
        help="write the schema to PATH instead of printing it",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing --out file")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from r2p_kit.bank.schema import schema_text

    text = schema_text()
    if args.out:
        from r2p_kit.output import write_atomic

        write_atomic(Path(args.out), text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0
