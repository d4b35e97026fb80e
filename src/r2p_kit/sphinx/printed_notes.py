"""Instructor notes in the PDF as ruled blocks, not framed boxes.

LaTeX's framed box cannot pass a page break to a table inside it, and an instructor note
often holds a rubric taller than a page: in a box, the rubric runs into the footer. In
print, the note becomes a block between two rules under its bold title, so its tables can
be longtables (:mod:`r2p_kit.sphinx.long_tables`) and break across pages. The web and
EPUB keep the admonition, with its colours.

A simulation's briefing card (an admonition with the class ``r2p-card``) is cut out and
handed to a student, so in print it is kept whole on one page.

A paragraph of bold text alone is a run-in heading ("Debrief questions.", a note's title):
in print it starts a page unless a few lines fit below it, and no page break follows it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from r2p_kit.sphinx.editions import INSTRUCTOR_CLASS
from r2p_kit.sphinx.long_tables import TABLE_UNDER_HEADING, ancestors

PRINTED_NOTE_CLASS = "r2p-instructor-print"  # an environment of docs/_latex/preamble.tex
CARD_CLASS = "r2p-card"
# Macros of docs/_latex/preamble.tex, set before and after a run-in heading.
BEFORE_RUN_IN_HEADING = r"\rpkitruninheading"
AFTER_RUN_IN_HEADING = r"\rpkitafterruninheading"
# Where a page cannot break anyway, or the preamble's page-break rules would misfire.
UNBREAKABLE = (nodes.table, nodes.Admonition, nodes.topic, nodes.sidebar, nodes.footnote)
WHOLE_CLASS = "r2p-whole"  # an environment of docs/_latex/preamble.tex: never split by a page


class RuledInstructorNotes(SphinxPostTransform):
    """Replace each instructor admonition with a container the LaTeX preamble rules off,
    and keep each briefing card on one page."""

    default_priority = 800  # before BreakLongTables (900) decides which tables may break
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for note in list(self.document.findall(nodes.admonition)):
            if INSTRUCTOR_CLASS not in note["classes"]:
                continue
            block = nodes.container(classes=[INSTRUCTOR_CLASS, PRINTED_NOTE_CLASS])
            for child in note.children:
                if isinstance(child, nodes.title):
                    block += nodes.paragraph("", "", nodes.strong("", "", *child.children))
                else:
                    block += child
            note.replace_self(block)
        for card in list(self.document.findall(nodes.Element)):
            if isinstance(card, nodes.Admonition) and CARD_CLASS in card["classes"]:
                whole = nodes.container(classes=[WHOLE_CLASS])
                card.replace_self(whole)
                whole += card


class KeepRunInHeadingsWithTheirText(SphinxPostTransform):
    """Keep a paragraph of bold text alone (a run-in heading) with what follows it."""

    default_priority = 801  # after RuledInstructorNotes has made the notes' titles paragraphs
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        for paragraph in list(self.document.findall(nodes.paragraph)):
            if is_run_in_heading(paragraph):
                parent = paragraph.parent
                at = parent.index(paragraph)
                if isinstance(parent[at + 1], nodes.table):  # its heading reserves its start
                    parent.insert(at + 1, nodes.raw("", TABLE_UNDER_HEADING, format="latex"))
                parent.insert(at + 1, nodes.raw("", AFTER_RUN_IN_HEADING, format="latex"))
                parent.insert(at, nodes.raw("", BEFORE_RUN_IN_HEADING, format="latex"))


def is_run_in_heading(paragraph: nodes.paragraph) -> bool:
    """Bold text alone in its paragraph, followed by more, where a page may break."""
    parent = paragraph.parent
    return (
        [type(child) for child in paragraph.children if child.astext().strip()] == [nodes.strong]
        and parent is not None
        and parent.index(paragraph) + 1 < len(parent.children)
        and not any(
            isinstance(above, UNBREAKABLE) or is_whole(above) for above in ancestors(paragraph)
        )
    )


def is_whole(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and WHOLE_CLASS in node["classes"]


def setup_printed_notes(app: Sphinx) -> None:
    app.add_post_transform(RuledInstructorNotes)
    app.add_post_transform(KeepRunInHeadingsWithTheirText)
