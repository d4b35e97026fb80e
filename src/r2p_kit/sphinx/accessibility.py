"""HTML fixes that screen readers need and Sphinx does not give.

Sphinx writes a toctree caption as ``<p role="heading">`` without ``aria-level``, which
axe-core reports as a critical violation (aria-required-attr). The captions sit just below
the page's one ``<h1>``-level site title, so they are level-2 headings.

Docutils marks each bibliography entry ``role="doc-biblioentry"`` inside a ``role="list"``;
that role is deprecated and axe-core reports the list as missing its items
(aria-required-children), so entries are plain list items.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

CAPTION_LEVEL = "2"
HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "epub")


class AccessibleHTMLTranslator(HTML5Translator):
    def visit_title(self, node: nodes.title) -> None:
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            attributes: dict[str, Any] = {"aria-level": CAPTION_LEVEL}
            self.body.append(
                self.starttag(node, "p", "", CLASS="caption", ROLE="heading", **attributes)
            )
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
            return
        super().visit_title(node)

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), nodes.citation):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def setup_accessibility(app: Sphinx) -> None:
    for builder in HTML_BUILDERS:
        app.set_translator(builder, AccessibleHTMLTranslator, override=True)
