"""Turn what a student typed into a canonical form, so that only meaning is compared.

Students write with any keyboard and editor: curly or straight quotes, en dashes,
double spaces, a full stop at the end, "the" in front. None of that should cost a
mark, so every text answer and every accepted variant goes through
:func:`normalize_text` before they are compared. The browser self-check must apply
the same steps in the same order (see ``tests/match_vectors.json``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Every apostrophe- or quote-like character becomes the straight one it stands for.
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u02b9\u0060\u00b4\uff07"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb\uff02"
# Hyphens, dashes and minus signs; all become a space (see normalize_text).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d-"
_QUOTE_TABLE = str.maketrans(
    {**dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"')}
)
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")
_SPACE_RE = re.compile(r"\s+")
# Punctuation and Markdown emphasis that may surround an answer without changing it.
_SURROUNDING = " \t.,;:!?'\"()[]{}<>*_`~"
LEADING_ARTICLES: tuple[str, ...] = ("the", "a", "an")
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(LEADING_ARTICLES) + r") (?=\S)")


def strip_accents(text: str) -> str:
    """Remove combining marks: "Côte" becomes "Cote". Letters like "ø" are kept."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", kept)


def normalize_text(text: str, *, accents_optional: bool = False) -> str:
    """Canonical form of a text answer, applied identically to answers and accepted variants.

    In order: Unicode NFKC (full-width letters, ligatures, non-breaking spaces), case
    folding, accents removed when ``accents_optional``, curly quotes and apostrophes made
    straight, hyphens and dashes read as spaces ("sub-regional" = "sub regional"),
    runs of whitespace collapsed, surrounding punctuation and emphasis stripped, and one
    leading English article ("the", "a", "an") dropped.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if accents_optional:
        text = strip_accents(text)
    text = text.translate(_QUOTE_TABLE)
    text = _DASH_RE.sub(" ", text)
    text = _SPACE_RE.sub(" ", text).strip(_SURROUNDING)
    text = _ARTICLE_RE.sub("", text, count=1)
    return text.strip(_SURROUNDING)


@lru_cache(maxsize=8192)
def normalized(text: str, accents_optional: bool = False) -> str:
    """:func:`normalize_text`, remembered: bank wordings are normalised once per run."""
    return normalize_text(text, accents_optional=accents_optional)


_NUMBER_RE = re.compile(
    r"""^\s*
    (?P<sign>[-+\u2212]?)\s*
    (?P<digits>[1-9]\d{0,2}(?:[,\s\u00a0\u202f']\d{3})+|\d+)?  # integer part, maybe grouped
    (?:(?P<point>[.,])(?P<fraction>\d+))?                     # decimal part
    \s*(?P<unit>%|[^\W\d_][^\W\d]*(?:\s+[^\W\d_][^\W\d]*)*)?  # an optional unit in words
    \s*$""",
    re.VERBOSE,
)


def parse_number(text: str) -> float | None:
    """Read one number the way a person writes it, or ``None`` if there is not exactly one.

    Accepts a sign (including the Unicode minus), digits grouped by commas, spaces or
    apostrophes in threes ("2,005", "1 000 000"), a decimal point or comma ("2.5",
    "2,5"), and trailing unit words or a percent sign ("191 votes", "50%"), which are
    ignored. Commas between groups of three digits after a non-zero lead are thousands
    separators, so "2,005" is two thousand and five while "0,125" is an eighth. Words
    like "nan" or "inf" are never numbers, and nothing is evaluated.
    """
    text = unicodedata.normalize("NFKC", text).strip().rstrip(".;")
    match = _NUMBER_RE.match(text)
    if match is None or (match["digits"] is None and match["fraction"] is None):
        return None
    digits = re.sub(r"[,\s\u00a0\u202f']", "", match["digits"] or "0")
    fraction = match["fraction"] or ""
    value = float(f"{digits}.{fraction}" if fraction else digits)
    return -value if match["sign"] in ("-", "\u2212") else value
