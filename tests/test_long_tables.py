"""Column widths for tables that break across PDF pages (the rendered book is checked in
test_book_pdf.py): a rubric's narrow columns keep their words whole, the prose columns get
the rest of the line, and an author's own widths are left alone."""

from __future__ import annotations

from docutils import nodes
from docutils.core import publish_doctree

from r2p_kit.sphinx.long_tables import (
    WHOLE_WORD_CLASS,
    column_texts,
    opening_table,
    option_pieces,
    size_columns,
)

RUBRIC = """
.. list-table::
   :header-rows: 1

   * - Criterion
     - Weight
     - Excellent
   * - Feasibility
     - 25%
     - {long}
"""


def table_of(source: str) -> nodes.table:
    return next(publish_doctree(source).findall(nodes.table))


def widths(table: nodes.table) -> list[int]:
    return [spec["colwidth"] for spec in table.findall(nodes.colspec)]


def test_prose_columns_get_the_line_and_narrow_columns_their_longest_word() -> None:
    table = table_of(RUBRIC.format(long="Measures are specific and sequenced. " * 12))
    size_columns(table)
    criterion, weight, excellent = widths(table)
    assert criterion >= len("Feasibility") + 1
    assert weight >= len("Weight") + 1
    assert excellent > 3 * criterion
    assert "colwidths-given" in table["classes"]


def test_an_authors_widths_are_kept() -> None:
    source = RUBRIC.replace(":header-rows: 1", ":header-rows: 1\n   :widths: 10 10 80")
    table = table_of(source.format(long="Text. " * 40))
    size_columns(table)
    assert widths(table) == [10, 10, 80]


def test_a_table_with_spanning_cells_is_not_measured() -> None:
    grid = """
+-------+-------+
| Both columns  |
+-------+-------+
| a     | b     |
+-------+-------+
"""
    assert column_texts(table_of(grid)) is None


SECTIONS = """
Timeline
========

.. _anchor:

.. list-table::

   * - 1999
     - Kosovo

Reading
=======

Text first.

.. list-table::

   * - 2005
     - Summit
"""


def test_a_table_that_opens_a_section_is_found_and_one_after_text_is_not() -> None:
    """The PDF keeps such a table's heading with its first row (see test_book_pdf)."""
    timeline, reading = publish_doctree(SECTIONS).findall(nodes.section)
    assert opening_table(timeline) is next(timeline.findall(nodes.table))
    assert opening_table(reading) is None


def test_an_options_leading_dashes_stay_with_its_name_and_inner_hyphens_may_break() -> None:
    """In a narrow column "--" must not end a line with "pdf" on the next."""
    pieces = option_pieces("r2p-kit quiz --pdf --no-color answer-keys/")
    wholes = [piece.astext() for piece in pieces if isinstance(piece, nodes.inline)]
    assert wholes == ["--pdf", "--no"]
    assert (
        "".join(piece.astext() for piece in pieces) == "r2p-kit quiz --pdf --no-color answer-keys/"
    )
    assert option_pieces("--pdf")[0]["classes"] == [WHOLE_WORD_CLASS]
