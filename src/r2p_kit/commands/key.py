"""Print a module's answer key for instructors: answers in the sheet's letters, accepted
variants, tolerances, known wrong answers and explanations.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("module", help="module slug or number, e.g. origins or 1")
    parser.add_argument(
        "--format", choices=("md", "csv", "json"), default="md", help="output format (md)"
    )
    parser.add_argument("--out", metavar="PATH", help="write the key to PATH instead of printing")
    parser.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    parser.add_argument("--course", metavar="DIR", help="the course folder (default: found)")


def run(args: argparse.Namespace) -> int:
    from r2p_kit.check.course import load_module, module_title, resolve_module_dir
    from r2p_kit.check.key import render_key
    from r2p_kit.commands._course import course_root

    root = course_root(args.course)
    module = load_module(root, args.module)
    text = render_key(module, args.format, module_title(resolve_module_dir(root, args.module)))
    if args.out:
        from r2p_kit.output import write_atomic

        write_atomic(Path(args.out), text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0
