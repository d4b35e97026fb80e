"""Citation labels that readers of UN material recognise: the document symbol.

"[S/RES/1973]" tells a student which document is meant; "[United Nations Security
Council, 2011]" could be any of four. Each BibTeX entry gives its label in a
``shorthand`` field; entries without one fall back to the author and year.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx


class ShorthandLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        for entry in sorted_entries:
            shorthand = entry.fields.get("shorthand")
            if shorthand:
                yield str(shorthand)
            else:
                authors = entry.persons.get("author") or []
                name = " ".join(str(part) for part in authors[0].rich_last_names) if authors else ""
                yield f"{name} {entry.fields.get('year', '')}".strip() or entry.key


class SymbolStyle(PlainStyle):
    """pybtex's plain style, labelled by document symbol."""

    default_label_style = "r2p-shorthand"


def setup_citations(app: Sphinx) -> None:
    register_plugin("pybtex.style.labels", "r2p-shorthand", ShorthandLabelStyle)
    register_plugin("pybtex.style.formatting", "r2p-symbol", SymbolStyle)
