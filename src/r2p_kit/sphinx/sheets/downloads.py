"""The module pages' exercise sheets as files on the site: ``exercises/NN-slug.md`` as
written, and ``exercises/NN-slug.html``, the same sheet as a page to print and fill in by
hand. The exercise card (``r2p-exercise``) links both, and the page that checks a sheet.

Only interactive HTML builds get them (never an EPUB or the PDF, whose readers have the
card's text). The printable page is the sheet's Markdown through the one Markdown reader
(:func:`r2p_kit.markup.parser`, raw HTML off), so nothing in a sheet becomes markup.
"""

from __future__ import annotations

import re
import shutil
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.osutil import relative_uri

from r2p_kit.markup import parser
from r2p_kit.sphinx.quiz.html import is_interactive

SHEETS_DIR = "exercises"  # in the HTML output
CHECK_ROUTES = (
    "Ways to check this sheet once you have filled it in: "
    "(1) in your browser, on the course page “Check your exercise sheet” (nothing is sent "
    "anywhere); (2) with the checker installed by pip, in the folder where you saved the "
    "sheet: <code>r2p-kit check {name}</code>; (3) in a copy of the course repository: "
    "<code>r2p-kit check {path}</code>."
)
SAVE_AS_PDF = (
    "To work on paper, print this page; to keep a PDF copy, print it and choose “Save as PDF”. "
    "Checking needs the text file: copy your answers into it."
)
PRINT_CSS = """
body { font: 12pt/1.5 Georgia, "Times New Roman", serif; max-width: 46em; margin: 2em auto;
  padding: 0 1em; color: #111; background: #fff; }
h1 { font-size: 1.5em; } h2 { font-size: 1.1em; margin-top: 2em; break-after: avoid; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
pre { white-space: pre-wrap; }
.r2p-routes { border: 1px solid #555; padding: 0.5em 1em; }
.r2p-front { border-bottom: 1px solid #555; padding-bottom: 0.5em; }
.r2p-answer { min-height: 5em; border-bottom: 1px dotted #555; }
p:has(> code:only-child), h2 + p + p { break-inside: avoid; }
@media print { body { margin: 0; max-width: none; } .r2p-screen-only { display: none; } }
"""


_OWN_LINE = re.compile(r"^(?:[a-z]\) |\d+[:-]$|Answer:$)")


def sheet_files(app: Sphinx) -> list[Path]:
    folder = Path(app.srcdir, app.config.r2p_exercises_dir)
    return sorted(folder.glob("[0-9][0-9]-*.md")) if folder.is_dir() else []


def printable_sheet(text: str, name: str) -> str:
    """A standalone page of the sheet in ``text``, escaped, styled for print."""
    lines = text.replace("\r\n", "\n").split("\n")
    front: list[str] = []
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        front, lines = lines[1:end], lines[end + 1 :]
    # Options, blank and pair lines keep their own lines on paper (a Markdown hard break).
    lines = [
        f"{line}\\" if _OWN_LINE.match(line) and following.strip() else line
        for line, following in zip(lines, [*lines[1:], ""], strict=True)
    ]
    lines = [line.replace("____", r"\_\_\_\_") for line in lines]  # a blank, not emphasis
    body = parser().render("\n".join(lines)).replace("<p>Answer:", '<p class="r2p-answer">Answer:')
    title = next((line[2:].strip() for line in lines if line.startswith("# ")), name)
    front_html = "".join(f"<div>{escape(line)}</div>" for line in front)
    routes = CHECK_ROUTES.format(name=escape(name), path=escape(f"{SHEETS_DIR}/{name}"))
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<div class="r2p-front">{front_html}</div>\n'
        f'<p class="r2p-routes">{routes}</p>\n<p class="r2p-screen-only">{SAVE_AS_PDF}</p>\n'
        f"{body}</main>\n</body>\n</html>\n"
    )


def write_sheets(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the Markdown sheets and their printable pages, into the output."""
    if exception is not None or not is_interactive(app.builder):
        return
    target = Path(app.outdir, SHEETS_DIR)
    target.mkdir(exist_ok=True)
    for sheet in sheet_files(app):
        shutil.copyfile(sheet, target / sheet.name)
        page = printable_sheet(sheet.read_text(encoding="utf-8"), sheet.name)
        (target / sheet.with_suffix(".html").name).write_text(page, encoding="utf-8")


class SheetLinks(SphinxPostTransform):
    """Add the download links and the check page to each exercise card, in HTML only."""

    default_priority = 210

    def is_supported(self) -> bool:
        return is_interactive(self.app.builder)

    def run(self, **kwargs: Any) -> None:
        builder = self.app.builder
        here = builder.get_target_uri(self.env.docname)
        check_page = self.config.r2p_sheet_check_page
        for card in list(self.document.findall(nodes.admonition)):
            name = card.get("r2p_sheet")
            if (
                not name
                or not Path(self.app.srcdir, self.config.r2p_exercises_dir, f"{name}.md").is_file()
            ):
                continue
            md = relative_uri(here, f"{SHEETS_DIR}/{name}.md")
            printable = relative_uri(here, f"{SHEETS_DIR}/{name}.html")
            links = (
                f'<p class="r2p-sheet-links">Download the sheet: '
                f'<a href="{escape(md)}" download="{escape(name)}.md">{escape(name)}.md '
                "(Markdown, for any text editor)</a> or "
                f'<a href="{escape(printable)}">a printable page</a>.'
            )
            if check_page in self.env.found_docs:
                uri = builder.get_relative_uri(self.env.docname, check_page)
                links += (
                    " Filled it in? Check it on the page "
                    f'<a href="{escape(uri)}">Check your exercise sheet</a>, in this browser.'
                )
            card.insert(2, nodes.raw("", links + "</p>\n", format="html"))


def setup_downloads(app: Sphinx) -> None:
    app.add_post_transform(SheetLinks)
    app.connect("build-finished", write_sheets)
