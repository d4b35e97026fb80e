"""Citation labels that readers of UN material recognise: the document symbol.

"[S/RES/1973]" tells a student which document is meant; "[United Nations Security
Council, 2011]" could be any of four. Each BibTeX entry gives its label in a
``shorthand`` field; entries without one fall back to the author and year.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from string import ascii_lowercase
from typing import Any

from pybtex.database import Entry
from pybtex.plugin import register_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field, optional, optional_field, sentence
from sphinx.application import Sphinx


class ShorthandLabelStyle(BaseLabelStyle):
    def format_labels(self, sorted_entries: Iterable[Entry]) -> Iterator[str]:
        """The shorthand, or author and year; two works of one author and year become
        "Evans 2008a" and "Evans 2008b", in the bibliography's order, so no label is shared."""
        labels = [_base_label(entry) for entry in sorted_entries]
        counts = Counter(labels)
        seen: Counter[str] = Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield f"{label}{ascii_lowercase[(seen[label] - 1) % 26]}"
            else:
                yield label


def _base_label(entry: Entry) -> str:
    shorthand = entry.fields.get("shorthand")
    if shorthand:
        return str(shorthand)
    authors = entry.persons.get("author") or []
    name = " ".join(str(part) for part in authors[0].rich_last_names) if authors else ""
    return f"{name} {entry.fields.get('year', '')}".strip() or str(entry.key)


def states_its_date(entry: Entry) -> bool:
    """Whether a document's ``howpublished`` or ``note`` already gives its month and year
    ("signed in London on 8 August 1945"), so that printing them again would read
    "... on 8 August 1945, August 1945"."""
    month = str(entry.fields.get("month", "")).strip()  # as printed: pybtex expands "aug"
    year = str(entry.fields.get("year", "")).strip()
    if not (month and year):
        return False
    said = " ".join(str(entry.fields.get(key, "")) for key in ("howpublished", "note"))
    return re.search(rf"\b{re.escape(month)} {re.escape(year)}\b", said) is not None


class SymbolStyle(PlainStyle):
    """pybtex's plain style, labelled by document symbol; a document's date once."""

    default_label_style = "r2p-shorthand"

    def get_misc_template(self, e: Entry) -> Any:
        if not states_its_date(e):
            return super().get_misc_template(e)
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[optional[field("howpublished")]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


def register_styles() -> None:
    """Make the two styles known to pybtex by the names docs/conf.py uses."""
    register_plugin("pybtex.style.labels", "r2p-shorthand", ShorthandLabelStyle)
    register_plugin("pybtex.style.formatting", "r2p-symbol", SymbolStyle)


def setup_citations(app: Sphinx) -> None:
    register_styles()
