"""Start something new in the course; today, a module: ``r2p-kit new module "Title"``.

Creates docs/modules/NN-slug/index.md and questions.yaml from templates that hold every
required section, generates exercises/NN-slug.md, and adds the module to the tables of
contents (docs/index.md and the PDF's docs/book.md) and to the landing page's cards.
With --after SLUG the modules after that one are renumbered in the same transaction (see
``r2p-kit move module --help``), and their old page addresses redirect to the new ones.
The result builds with warnings as errors and passes ``r2p-kit lint`` at once; every
line starting with TODO tells you what to write.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    module = kinds.add_parser(
        "module",
        help="a course module: page, question bank, exercise sheet, contents entry",
        description=__doc__,
    )
    module.add_argument("title", help='the module\'s title, e.g. "Responsibility while protecting"')
    module.add_argument(
        "--after",
        metavar="SLUG",
        help="place it after this module (slug, folder name or number; 0 for first; default: "
        "after the last); the modules after it are renumbered and their old addresses redirect",
    )
    module.add_argument(
        "--slug",
        help="the folder and id prefix (default: made from the title), e.g. regional-roots",
    )
    module.add_argument("--course", metavar="DIR", help="the course folder (default: found)")


def run(args: argparse.Namespace) -> int:
    from r2p_kit.commands._course import course_root
    from r2p_kit.contrib.scaffold import create_module
    from r2p_kit.paths import display_path

    root = course_root(args.course)
    made = create_module(root, args.title, after=args.after, slug=args.slug)
    for path in made.created:
        print(f"created {display_path(path)}")
    for move in made.renumbered:
        print(move.describe())
    for path in made.updated:
        print(f"updated {display_path(path)}")
    for note in made.notes:
        print(f"note: {note}")
    print(
        f"\nModule {made.number} ({made.folder_name}) is ready to write. Next:\n"
        "  1. Replace every TODO; CONTRIBUTING.md explains each section.\n"
        f"  2. After every change to questions.yaml: r2p-kit sheet {made.slug} --force\n"
        "  3. Check: r2p-kit lint (with --strict before you ask for review), then make html"
    )
    return 0
