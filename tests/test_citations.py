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


def _document(howpublished: str) -> Entry:
    fields = {"title": "Charter", "howpublished": howpublished, "month": "August", "year": "1945"}
    return Entry("misc", fields=fields)


def _printed(entry: Entry) -> str:
    from pybtex.database import BibliographyData

    from r2p_kit.sphinx.citations import SymbolStyle, register_styles

    register_styles()
    data = BibliographyData(entries={"charter": entry})
    (formatted,) = SymbolStyle().format_bibliography(data)
    return formatted.text.render_as("text")


def test_a_document_that_states_its_date_does_not_print_it_again() -> None:
    """Not "signed in London on 8 August 1945, August 1945"; a bare one keeps its date."""
    said = _printed(_document("Signed in London on 8 August 1945"))
    assert said.count("August 1945") == 1, said
    assert "August 1945" in _printed(_document("Signed in London"))
