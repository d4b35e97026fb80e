"""Long tables that may break across PDF pages.

Sphinx sets a table in LaTeX as one unbreakable box unless it has more than 30 rows or the
class ``longtable``. A rubric of five rows with a paragraph in every cell is taller than a
page, so the box runs past the foot of the page into the footer. This post-transform gives
the class to every table with enough text to risk that, for LaTeX builders only, so authors
write plain Markdown tables and never think about page breaks.

A longtable cannot size its columns to their text as Sphinx's default (tabulary) does, and
equal columns squeeze a rubric's "Criterion" and "Weight" beside its paragraphs; so each
column gets room for its longest word, and the rest of the line goes to the columns with
the most text.

A table inside a box (an admonition, a topic, a sidebar) cannot be a longtable: LaTeX's
framed boxes do not pass page breaks through. Such tables keep Sphinx's default; put a long
table outside the box.

A longtable that opens a section starts a new page when its first row does not fit, leaving
its heading alone at the foot of the page. A heading cannot know how tall that row will be;
so a table that opens a section is marked, the preamble (docs/_latex/preamble.tex) has TeX
record the height the table's start needs, and on the next run the heading reserves it.

In a narrow column the preamble lets code break after a hyphen (a sheet's long file name), but
an option must not break after its leading dashes ("--" at a line's end, "pdf" on the next):
each word of code in a table that starts with dashes keeps them with its first letters.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

LONG_TABLE_CLASS = "longtable"
# About a third of a page of table text at the tables' small size: shorter tables fit on a
# page, and a short table set as a longtable would only lose its centring.
LONG_TABLE_CHARACTERS = 1500
BOXES = (nodes.Admonition, nodes.topic, nodes.sidebar)
# Tells the preamble that the next table is the first thing under the heading just set.
TABLE_UNDER_HEADING = r"\rpkittableunderheading"
# What a heading may have before its first table without anything being printed between.
INVISIBLE = (
    nodes.title,
    nodes.target,
    addnodes.index,
    nodes.comment,
    nodes.substitution_definition,
)
# An option's leading dashes and what follows up to its next hyphen: "--pdf", "--no" of "--no-x".
LEADING_DASHES = re.compile(r"(?<!\S)-+[^\s-]+")
WHOLE_WORD_CLASS = "r2p-whole-word"  # set in one piece by the preamble
LINE_CHARACTERS = 100  # characters of table text across the text block, roughly
WIDEST_WORD = 24  # a long web address must not claim a column of its own


def ancestors(node: nodes.Node) -> list[nodes.Node]:
    """The node's parent, its parent's parent, and so on up to the document."""
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def is_in_box(node: nodes.Node) -> bool:
    return any(isinstance(parent, BOXES) for parent in ancestors(node))


class BreakLongTables(SphinxPostTransform):
    """Mark long tables outside boxes as longtables for the LaTeX writer."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if (
                LONG_TABLE_CLASS not in table["classes"]
                and len(table.astext()) > LONG_TABLE_CHARACTERS
                and not is_in_box(table)
            ):
                table["classes"].append(LONG_TABLE_CLASS)
                size_columns(table)


class KeepHeadingsWithTheirTables(SphinxPostTransform):
    """Mark each table that opens a section, for the preamble to keep it with its heading."""

    default_priority = 901
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for section in self.document.findall(nodes.section):
            table = opening_table(section)
            if table is not None:
                marker = nodes.raw("", TABLE_UNDER_HEADING, format="latex")
                table.parent.insert(table.parent.index(table), marker)


class KeepOptionsWhole(SphinxPostTransform):
    """Keep the leading dashes of an option in a table's code with the option's name."""

    default_priority = 902
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            for literal in table.findall(nodes.literal):
                for text in list(literal.findall(nodes.Text)):
                    if LEADING_DASHES.search(text):
                        text.parent.replace(text, option_pieces(str(text)))


def option_pieces(text: str) -> list[nodes.Node]:
    """The text with each option's leading dashes and first letters in a whole-word inline."""
    pieces: list[nodes.Node] = []
    at = 0
    for option in LEADING_DASHES.finditer(text):
        if option.start() > at:
            pieces.append(nodes.Text(text[at : option.start()]))
        pieces.append(nodes.inline(option.group(), option.group(), classes=[WHOLE_WORD_CLASS]))
        at = option.end()
    if at < len(text):
        pieces.append(nodes.Text(text[at:]))
    return pieces


def opening_table(section: nodes.section) -> nodes.table | None:
    """The table that comes first under the section's title, if one does."""
    for child in section.children:
        if isinstance(child, nodes.table):
            return child
        if not isinstance(child, INVISIBLE):
            return None
    return None


def size_columns(table: nodes.table) -> None:
    """Give the columns widths from their text, unless the author gave widths."""
    if "colwidths-given" in table["classes"]:
        return
    columns = column_texts(table)
    if columns is None:
        return
    floors = [min(max(map(len, " ".join(texts).split()), default=1), WIDEST_WORD) + 3
              for texts in columns]  # fmt: skip
    means = [sum(map(len, texts)) / len(texts) for texts in columns]
    spare = max(LINE_CHARACTERS - sum(floors), 0)
    share = spare / (sum(means) or 1)
    widths = [round(floor + share * mean) for floor, mean in zip(floors, means, strict=True)]
    for colspec, width in zip(own_colspecs(table), widths, strict=True):
        colspec["colwidth"] = max(width, 1)
    table["classes"].append("colwidths-given")


def own_parts(table: nodes.table) -> list[nodes.Node]:
    """The children of the table's column groups: colspecs, head and body."""
    groups = [child for child in table.children if isinstance(child, nodes.tgroup)]
    return [part for group in groups for part in group.children]


def own_colspecs(table: nodes.table) -> list[nodes.colspec]:
    """The table's own column specifications, not those of a table nested in a cell."""
    return [spec for spec in own_parts(table) if isinstance(spec, nodes.colspec)]


def column_texts(table: nodes.table) -> list[list[str]] | None:
    """Each column's cell texts, or None for a table with spanning cells."""
    columns: list[list[str]] = [[] for _ in own_colspecs(table)]
    sections = [part for part in own_parts(table) if isinstance(part, (nodes.thead, nodes.tbody))]
    for row in (row for section in sections for row in section.children):
        entries = [child for child in row.children if isinstance(child, nodes.entry)]
        if len(entries) != len(columns) or any(
            entry.get("morecols") or entry.get("morerows") for entry in entries
        ):
            return None
        for texts, entry in zip(columns, entries, strict=True):
            texts.append(entry.astext())
    return columns if columns and all(columns) else None


def setup_long_tables(app: Sphinx) -> None:
    app.add_post_transform(BreakLongTables)
    app.add_post_transform(KeepHeadingsWithTheirTables)
    app.add_post_transform(KeepOptionsWhole)
