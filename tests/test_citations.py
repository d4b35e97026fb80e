"""Citation labels: the document symbol, else author and year, never one label for two works."""

from __future__ import annotations

from pybtex.database import Entry, Person


def _work(key: str, year: str, shorthand: str = "") -> Entry:
    fields = {"title": key, "year": year} | ({"shorthand": shorthand} if shorthand else {})
    return Entry("book", fields=fields, persons={"author": [Person("Evans, Gareth")]})


def test_labels_are_symbols_or_author_year_and_never_shared() -> None:
    from r2p_kit.sphinx.citations import ShorthandLabelStyle  # imports Sphinx: only when run

    entries = [
        _work("a", "2008"),
        _work("b", "2008"),
        _work("c", "2009"),
        _work("d", "2008", "S/RES/1973"),
    ]
    labels = list(ShorthandLabelStyle().format_labels(entries))
    assert labels == ["Evans 2008a", "Evans 2008b", "Evans 2009", "S/RES/1973"]
