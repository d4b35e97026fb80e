"""Move a module to another place in the course: ``r2p-kit move module SLUG --after SLUG``.

The modules in between are renumbered in one transaction: folders and exercise sheets are
renamed (question ids are slug-based and stay), ``# N. Title`` headings, the tables of
contents, the landing page's cards and ordered lists of modules follow, and every old page
address is recorded in docs/redirects.yaml, from which the HTML build writes a redirect.
"Module N" in prose is written ``{r2p:module}`SLUG```, which the build numbers.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    module = kinds.add_parser(
        "module", help="move a module and renumber the ones in between", description=__doc__
    )
    module.add_argument("module", help="the module to move: slug, folder name or number")
    module.add_argument(
        "--after",
        metavar="SLUG",
        required=True,
        help="the module it should follow (slug, folder name or number; 0 for first)",
    )
    module.add_argument("--course", metavar="DIR", help="the course folder (default: found)")


def run(args: argparse.Namespace) -> int:
    from r2p_kit.commands._course import course_root
    from r2p_kit.contrib.renumber import move_module
    from r2p_kit.paths import display_path

    root = course_root(args.course)
    plan = move_module(root, args.module, args.after)
    if not plan.moves:
        print(f"{args.module} is already there: nothing changed")
        return 0
    for move in plan.moves:
        print(move.describe())
    renamed = set(plan.renamed.values())
    for path in plan.files:
        if path not in renamed:
            print(f"updated {display_path(path)}")
    print(
        "\nNext: r2p-kit sheet --all --force (sheets say their module's number), r2p-kit lint, "
        "make html; old addresses redirect (docs/redirects.yaml)"
    )
    return 0
