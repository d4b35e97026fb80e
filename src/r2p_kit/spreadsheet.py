"""CSV for spreadsheets and learning platforms, with no cell that a spreadsheet would run.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|...``).
Every CSV r2p-kit writes goes through :func:`csv_text`, which prefixes such cells with an
apostrophe, the spreadsheets' own "this is text" mark; plain numbers such as ``-2.5``
are left alone, since they cannot be formulas and must stay numbers (issue 16).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d{1,20}(?:\.\d{1,20})?")


def safe_cell(value: object) -> str:
    """``value`` as a cell's text, made inert if a spreadsheet would read it as a formula."""
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return f"'{text}"
    return text


def csv_text(rows: Iterable[Iterable[object]], *, line_end: str = "\r\n") -> str:
    """RFC 4180 CSV (CRLF line ends, as Moodle and Canvas export) with every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


class SafeWriter:
    """A ``csv.writer`` whose rows are made safe cell by cell, for code that writes row by row."""

    def __init__(self, stream: io.StringIO, *, line_end: str = "\r\n") -> None:
        self._writer = csv.writer(stream, lineterminator=line_end)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([safe_cell(cell) for cell in row])
