"""The printed bibliography under its own heading, wherever its page sits in the book.

For LaTeX, Sphinx moves every citation out of its page into one list at the very end of
the document (``BibliographyTransform``). When the bibliography page is not the book's last
chapter, as in the instructor edition (the guide and the answer key follow it), the heading
stands alone on its page and the entries appear, unheaded, after the answer key. So a marker
is left where the first citation was, and the collected list is moved back to it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform

MARKER_CLASS = "r2p-bibliography-here"


class MarkBibliographyPlace(SphinxPostTransform):
    """Before Sphinx collects the citations (750): mark where the first one stands."""

    default_priority = 740
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        first = next(iter(self.document.findall(nodes.citation)), None)
        if first is not None:
            first.parent.insert(first.parent.index(first), nodes.comment(classes=[MARKER_CLASS]))


class PutBibliographyInPlace(SphinxPostTransform):
    """After Sphinx collects the citations: move the list to the marker."""

    default_priority = 760
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        comments = self.document.findall(nodes.comment)
        marker = next((node for node in comments if MARKER_CLASS in node["classes"]), None)
        listing = next(iter(self.document.findall(thebibliography)), None)
        if marker is None or listing is None:
            return
        listing.parent.remove(listing)
        marker.replace_self(listing)


def setup_bibliography_place(app: Sphinx) -> None:
    app.add_post_transform(MarkBibliographyPlace)
    app.add_post_transform(PutBibliographyInPlace)
