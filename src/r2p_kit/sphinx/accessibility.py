"""HTML fixes that screen readers need and Sphinx does not give.

Sphinx writes a toctree caption as ``<p role="heading">`` without ``aria-level``, which
axe-core reports as a critical violation (aria-required-attr). The captions sit just below
the page's one ``<h1>``-level site title, so they are level-2 headings.

Docutils marks each bibliography entry ``role="doc-biblioentry"`` inside a ``role="list"``;
that role is deprecated and axe-core reports the list as missing its items
(aria-required-children), so entries are plain list items.

The fixes are a mixin on whatever translator the HTML builder already uses (Sphinx's, a
theme's or another extension's), applied once the builder exists: the extension never
replaces a translator wholesale, so it composes with extensions that set their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

CAPTION_LEVEL = "2"

if TYPE_CHECKING:
    _Translator = HTML5Translator
else:
    _Translator = object


class AccessibleHTMLMixin(_Translator):
    """Put before an :class:`HTML5Translator` subclass in the bases of a new class."""

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


def accessible_translator(base: type[HTML5Translator]) -> type[HTML5Translator]:
    """``base`` with the fixes: a subclass of both, named after ``base``."""
    if issubclass(base, AccessibleHTMLMixin):
        return base
    return type(f"Accessible{base.__name__}", (AccessibleHTMLMixin, base), {})


def _apply_to_builder(app: Sphinx) -> None:
    """``builder-inited``: extend the translator this HTML builder would use."""
    if app.builder.format != "html":
        return  # gettext, linkcheck and others have no translator at all
    base = app.builder.get_translator_class()
    if isinstance(base, type) and issubclass(base, HTML5Translator):
        app.set_translator(app.builder.name, accessible_translator(base), override=True)


def setup_accessibility(app: Sphinx) -> None:
    app.connect("builder-inited", _apply_to_builder, priority=900)  # after others' choices
