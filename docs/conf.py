"""Sphinx configuration for the r2p-kit course.

Two editions come from one source: the student edition (default) and the instructor
edition (``sphinx-build -t instructor``), which adds facilitation notes, answer keys and
the instructor guide. Student builds never read instructor material at all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from r2p_kit import __version__
from r2p_kit.contrib.counts import module_substitutions

INSTRUCTOR = tags.has("instructor")  # type: ignore[name-defined]  # noqa: F821
EDITION = "instructor edition" if INSTRUCTOR else "student edition"

# -- Project -----------------------------------------------------------------
project = "The Responsibility to Protect"
subtitle = "A course on R2P and the 12 July 2011 General Assembly dialogue"
author = "r2p-kit contributors"
copyright = f"2026, {author}. Course text CC BY 4.0"
version = release = __version__
language = "en"
today_fmt = "%d %B %Y"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "r2p_kit.sphinx",
]

exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/questions.yaml"]
if not INSTRUCTOR:
    # The instructor guide is not even read for the student edition.
    exclude_patterns.append("instructor/**")

nitpicky = True
root_doc = "index"
smartquotes = True

# -- MyST ---------------------------------------------------------------------
myst_enable_extensions = [
    "colon_fence",
    "deflist",
    "attrs_inline",
    "attrs_block",
    "substitution",
]
myst_heading_anchors = 3
# {{ module_count }} and {{ module_count_words }} follow the table of contents (lint: R2P046).
myst_substitutions = {
    "edition": EDITION,
    "subtitle": subtitle,  # the EPUB's title block (book.md), as the PDF's title page
    "release": release,
    **module_substitutions(Path(__file__).parent),
}

# -- Bibliography -------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
# Cite UN documents by their symbol: [S/RES/1973] (see r2p_kit.sphinx.citations).
bibtex_default_style = "r2p-symbol"
bibtex_reference_style = "label"

# -- HTML ---------------------------------------------------------------------
html_theme = "furo"
html_title = f"R2P course ({EDITION})"
html_short_title = "R2P course"
html_static_path: list[str] = []
# Raw sources would publish instructor material; never copy or link them.
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "top_of_page_buttons": [],
    "navigation_with_keys": True,
}
html_last_updated_fmt = None

# -- LaTeX / PDF --------------------------------------------------------------
latex_engine = "xelatex"
_pdf_name = "r2p-course-instructor" if INSTRUCTOR else "r2p-course"
# The book has its own root page, so each page of the course becomes one chapter in reading order.
latex_documents = [("book", f"{_pdf_name}.tex", project, author, "manual")]
_LATEX = Path(__file__).parent / "_latex"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    # Chapters start on the next page, not the next right-hand one: no blank pages between.
    "extraclassoptions": "openany,oneside",
    "preamble": (_LATEX / "preamble.tex").read_text(encoding="utf-8"),
    # The title page is the book's own (title, subtitle, edition, date, licence).
    "maketitle": (_LATEX / "titlepage.tex")
    .read_text(encoding="utf-8")
    .replace("@SUBTITLE@", subtitle)
    .replace("@EDITION@", EDITION.capitalize()),
    "releasename": "Version",
}
latex_show_urls = "footnote"


def _xindy_options_in_latexmkrc(app: Any, exception: Exception | None) -> None:
    """Read the Docs runs latexmk directly, without the XINDYOPTS that Sphinx's Makefile
    exports, and xindy then fails: write the default into latexmkrc itself."""
    rc = Path(app.builder.outdir) / "latexmkrc"
    if exception is None and app.builder.name == "latex" and rc.is_file():
        default = "$ENV{'XINDYOPTS'} ||= '-L english -C utf8 -M sphinx.xdy';\n"
        text = rc.read_text(encoding="utf-8")
        if not text.startswith(default):
            rc.write_text(default + text, encoding="utf-8")
        _index_ranges_with_a_dash(Path(app.builder.outdir) / "sphinx.xdy")


def _index_ranges_with_a_dash(xdy: Path) -> None:
    """Sphinx's xindy style gives page ranges no separator, so 43-45 printed as "4345"."""
    text = xdy.read_text(encoding="utf-8") if xdy.is_file() else "(markup-range"
    if "(markup-range" not in text:
        xdy.write_text(text + '\n(markup-range :sep "\\textendash{}")\n', encoding="utf-8")


def _index_every_use_of_a_term(app: Any, doctree: Any, docname: str) -> None:
    """The book's index points to every page that uses a key term ({term} links), not only
    to the term's glossary entry."""
    if app.builder.name != "latex":
        return
    from docutils import nodes
    from sphinx import addnodes

    names = {
        labelid: name
        for (kind, name), (_doc, labelid) in app.env.domains["std"].objects.items()
        if kind == "term"
    }
    for ref in list(doctree.findall(nodes.reference)):
        target = (ref.get("refid") or ref.get("refuri", "")).rpartition("#")[2]
        if target in names and any("std-term" in c["classes"] for c in ref.findall(nodes.inline)):
            entry = addnodes.index(entries=[("single", names[target], "", "", None)])
            # Inside a macro's argument, as the glossary's own entries are: TeX then writes
            # "capacity-building" the same way for both, and the index has one entry for it.
            opening = nodes.raw("", r"\rpkitindexterm{", format="latex")
            closing = nodes.raw("", "}", format="latex")
            at = ref.parent.index(ref)
            ref.parent[at:at] = [opening, entry, closing]


def _epub_reads_the_book(app: Any) -> None:
    """The EPUB follows the book's table of contents (chapters and their sections), not the
    web site's landing page, whose tables of contents are hidden."""
    if app.builder.name.startswith("epub"):
        app.config.root_doc = "book"
        app.config.exclude_patterns.append("index.md")  # the site's landing page
        # Its own stylesheet (epub_css_files), kept out of the web site's _static.
        app.config.html_static_path.append(str(Path(__file__).parent / "_epub"))


def _attribution_with_an_em_dash(self: Any, node: Any) -> None:
    """Sphinx writes "---" and its xelatex fonts have no TeX ligatures: typeset the dash."""
    self.body.append("\n\\begin{rpkitattribution}\n\\textemdash{}")  # docs/_latex/preamble.tex


def _end_attribution(self: Any, node: Any) -> None:
    self.body.append("\n\\end{rpkitattribution}\n")


def setup(app: Any) -> None:
    from docutils import nodes

    app.connect("build-finished", _xindy_options_in_latexmkrc)
    app.connect("doctree-resolved", _index_every_use_of_a_term)
    app.connect("builder-inited", _epub_reads_the_book)
    app.add_node(
        nodes.attribution, override=True, latex=(_attribution_with_an_em_dash, _end_attribution)
    )


# -- EPUB ---------------------------------------------------------------------
epub_title = f"{project}: a course ({EDITION})"
# The same name as the PDF book: r2p-course.epub, r2p-course-instructor.epub.
epub_basename = _pdf_name
epub_author = author
epub_contributor = author
epub_language = language
epub_publisher = "r2p-kit contributors"
epub_tocdepth = 3
epub_tocdup = False
epub_copyright = copyright
# epubcheck wants the NCX uid (epub_uid) and the OPF identifier to be one XML-name-safe string.
epub_uid = epub_identifier = "r2pkit-" + ("instructor" if INSTRUCTOR else "student")
epub_scheme = "r2p-kit"
epub_description = "An open course on the Responsibility to Protect (R2P)."
epub_show_urls = "no"
# Sphinx keeps the last build's .buildinfo as .buildinfo.bak when the configuration changes,
# and the EPUB builder, which skips .buildinfo, warns about the copy: `make epub` then fails.
epub_exclude_files = ["search.html", ".buildinfo.bak"]
# Pages that fit a phone-sized e-reader, quizzes set as printed questions (docs/_epub).
epub_css_files = ["r2p-epub.css"]
