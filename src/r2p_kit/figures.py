"""Numbers as a person writes them, in every output: 2005, 0.5, 1000000; scores to 0.01.

One formatter for the bank's numbers and one for scores, so a sheet, a key, an export and
a gradebook never show the same number two ways (never 2005.0, never 1e+06).
"""

from __future__ import annotations


def plain_number(value: float) -> str:
    """A bank number exactly: 2005.0 -> '2005', 0.5 -> '0.5', 1e6 -> '1000000'."""
    number = float(value)
    if number.is_integer():
        return str(int(number))
    text = repr(number)
    if "e" in text:  # repr switches to exponents for very small or large numbers
        text = f"{number:.15f}".rstrip("0").rstrip(".")
    return text


def score_text(value: float) -> str:
    """A score rounded to hundredths: 2.0 -> '2', 0.333 -> '0.33', 1e6 -> '1000000'."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
