"""The ``r2p-primary-source`` directive: a verbatim quotation that always carries its citation.

The citation is a required argument, so a quotation without its source cannot be
written, and every builder gets a standard block quote with an attribution.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from r2p_kit.sphinx.naming import add_directive


class PrimarySourceDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self) -> list[nodes.Node]:
        quote = nodes.block_quote(classes=["r2p-primary-source"])
        self.set_source_info(quote)
        self.state.nested_parse(self.content, self.content_offset, quote)
        citation, messages = self.state.inline_text(self.arguments[0], self.lineno)
        quote += nodes.attribution("", "", *citation)
        return [quote, *messages]


def setup_primary_source(app: Sphinx) -> None:
    add_directive(app, "primary-source", PrimarySourceDirective)
