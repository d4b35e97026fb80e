"""HTML fixes that screen readers need and Sphinx does not give.

Sphinx writes a toctree caption as ``<p role="heading">`` without ``aria-level``, which
axe-core reports as a critical violation (aria-required-attr). The captions sit just below
the page's one ``<h1>``-level site title, so they are level-2 headings.

A table wider than the page scrolls inside Furo's wrapper; a scrollable region must take
keyboard focus (axe-core: scrollable-region-focusable, serious), so the wrapper gets
``tabindex="0"`` and a name.

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

    def visit_container(self, node: nodes.container) -> None:
        if "table-wrapper" in node.get("classes", []):
            visit_table_wrapper(self, node)
        else:
            super().visit_container(node)

    def visit_citation(self, node: nodes.citation) -> None:
        if not isinstance(node.previous_sibling(), nodes.citation):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def visit_table_wrapper(translator: HTML5Translator, node: nodes.container) -> None:
    """A wide table scrolls sideways in its wrapper (Furo's ``table-wrapper``): the wrapper
    is a named region that takes keyboard focus, so the arrow keys scroll it."""
    titles = [
        child.astext()
        for table in node.findall(nodes.table)
        for child in table.children
        if isinstance(child, nodes.title)
    ]
    attributes: dict[str, Any] = {"aria-label": titles[0] if titles else "Table"}
    translator.body.append(
        translator.starttag(
            node, "div", CLASS="docutils container", tabindex="0", role="region", **attributes
        )
    )


def _wrap_container_handler(app: Sphinx) -> None:
    """Extensions that register their own ``container`` visitor (MyST, sphinx-design) take
    precedence over any translator class: keep theirs for every other container."""
    handlers = app.registry.translation_handlers.get(app.builder.name, {})
    registered = handlers.get("container")
    if registered is None:
        return
    visit, depart = registered

    def visit_container(translator: HTML5Translator, node: nodes.container) -> None:
        if "table-wrapper" in node.get("classes", []):
            visit_table_wrapper(translator, node)
        else:
            visit(translator, node)

    handlers["container"] = (visit_container, depart)


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
    _wrap_container_handler(app)


def setup_accessibility(app: Sphinx) -> None:
    app.connect("builder-inited", _apply_to_builder, priority=900)  # after others' choices
