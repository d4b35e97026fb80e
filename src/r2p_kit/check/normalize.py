"""Turn what a student typed into a canonical form, so that only meaning is compared.

Students write with any keyboard and editor: curly quotes, "U.N." or "UN", a soft
hyphen pasted from Word, "the" in front, "sixty-fifth" or "65th". None of that should
cost a mark, so every text answer and every accepted form goes through
:func:`normalize_text` before they are compared. The browser self-check applies the
same steps in the same order (``quiz.js``; held together by ``tests/match_vectors.json``).

The rules, as a student reads them on the exercise sheets:

1. Letter case, punctuation (also inside words: U.N. = UN, d'Ivoire = dIvoire,
   non-governmental = nongovernmental = non governmental) and spacing never matter.
2. Invisible characters (soft hyphens, zero-width spaces, direction marks) are ignored;
   full-width letters and ligatures count as the letters they stand for.
3. Accents do not matter, except where a question asks for an official spelling.
4. Numbers may be written in words: "four" = 4, "sixty-fifth" = 65th.
5. One leading "the", "a" or "an" is ignored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from r2p_kit.check.numbers import words_to_digits

LEADING_ARTICLES: tuple[str, ...] = ("the", "a", "an")
_ARTICLE_RE = re.compile(r"^(?:" + "|".join(LEADING_ARTICLES) + r")\s+(?=\S)")
_EDGE_PUNCTUATION = " \t.,;:!?'\"()[]{}<>*_`~\u2018\u2019\u201c\u201d"
# Word characters: letters, digits and combining marks (Unicode categories L, N and M).
_WORD_CATEGORIES = ("L", "N", "M")


def strip_accents(text: str) -> str:
    """Remove combining marks (category Mn): "Côte" becomes "Cote". "ø" and "ß" stay letters."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", kept)


def remove_invisible(text: str) -> str:
    """Drop format characters (category Cf): soft hyphen, zero-width space/joiner, BOM, LRM."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")


def words_of(text: str) -> list[str]:
    """Runs of letters, digits and combining marks; everything else separates words."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if unicodedata.category(char)[0] in _WORD_CATEGORIES:
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def normalize_text(text: str, *, accents_optional: bool = False) -> str:
    """Canonical words of a text answer, applied identically to answers and accepted forms.

    In order: Unicode NFKC, invisible characters removed, case folded, accents removed
    when ``accents_optional``, one leading article dropped, then the words (letters and
    digits; all punctuation separates) with number words written as digits, joined by
    single spaces. Compare answers with :func:`comparison_key`, which also ignores spaces.
    """
    text = remove_invisible(unicodedata.normalize("NFKC", text)).casefold()
    if accents_optional:
        text = strip_accents(text)
    text = _ARTICLE_RE.sub("", text.strip(_EDGE_PUNCTUATION), count=1)
    return " ".join(words_to_digits(words_of(text)))


def tidy_text(text: str) -> str:
    """An answer as a person would list it in a report: the words as written, cleaned.

    Unicode NFKC, invisible characters removed, case folded, runs of spaces collapsed and
    surrounding punctuation stripped; inner punctuation stays ("côte d'ivoire"), so
    reports group answers that differ only in form and still show what students wrote.
    """
    text = remove_invisible(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


@lru_cache(maxsize=8192)
def normalized(text: str, accents_optional: bool = False) -> str:
    """:func:`normalize_text`, remembered: bank wordings are normalised once per run."""
    return normalize_text(text, accents_optional=accents_optional)


@lru_cache(maxsize=8192)
def comparison_key(text: str, accents_optional: bool = False) -> str:
    """What two answers must share to be the same answer: the normalised words, unspaced.

    So "non-governmental", "non governmental" and "nongovernmental" are one answer.
    """
    return normalized(text, accents_optional).replace(" ", "")


def foreign_letters(text: str) -> bool:
    """True when a letter outside the Latin alphabet is in ``text`` (a Cyrillic "a", say)."""
    return any(
        unicodedata.category(char)[0] == "L" and not unicodedata.name(char, "").startswith("LATIN")
        for char in unicodedata.normalize("NFKC", text)
    )


_NUMBER_RE = re.compile(
    r"""^\s*+
    (?P<sign>[-+\u2212]?)\s*+
    (?P<digits>[1-9]\d{0,2}(?:[,\s\u00a0\u202f']\d{3})+|\d+)?  # integer part, maybe grouped
    (?:(?P<point>[.,])(?P<fraction>\d+))?                     # decimal part
    \s*+(?P<unit>%|[^\W\d_][^\W\d]*+(?:\s++[^\W\d_][^\W\d]*+)*+)?  # a unit in words
    \s*+$""",
    re.VERBOSE,
)
_PARENTHESISED_TAIL = re.compile(r"\s*\([^()\d]*\)\s*$")
# Longer than any number a question asks for; bounds the work on a pasted essay.
MAX_NUMBER_TEXT = 200


def parse_number(text: str) -> float | None:
    """Read one number the way a person writes it, or ``None`` if there is not exactly one.

    Accepts a sign (including the Unicode minus), digits grouped by commas, spaces or
    apostrophes in threes ("2,005", "1 000 000"), a decimal point or comma ("2.5",
    "2,5"), trailing unit words or a percent sign ("191 votes", "50%"), a trailing
    remark in parentheses without digits ("4 (national, ethnical, racial, religious)"),
    and numbers in words ("four", "two thousand and five", "ten votes"). Commas between
    groups of three digits after a non-zero lead are thousands separators, so "2,005" is
    two thousand and five while "0,125" is an eighth. "nan" and "inf" are never numbers,
    and nothing is evaluated.
    """
    text = remove_invisible(unicodedata.normalize("NFKC", text)).strip().rstrip(".;")
    if len(text) > MAX_NUMBER_TEXT:
        return None
    text = _PARENTHESISED_TAIL.sub("", text)
    match = _NUMBER_RE.match(text)
    if match is None or (match["digits"] is None and match["fraction"] is None):
        return _number_in_words(text)
    digits = re.sub(r"[,\s\u00a0\u202f']", "", match["digits"] or "0")
    fraction = match["fraction"] or ""
    value = float(f"{digits}.{fraction}" if fraction else digits)
    return -value if match["sign"] in ("-", "\u2212") else value


def _number_in_words(text: str) -> float | None:
    """ "two thousand and five" -> 2005.0; "ten votes" -> 10.0; "the third" -> 3.0."""
    words = normalize_text(text).split()
    if not words:
        return None
    first = _ORDINAL_DIGITS.fullmatch(words[0])
    if first is None or any(any(char.isdigit() for char in word) for word in words[1:]):
        return None
    return float(first["value"])


_ORDINAL_DIGITS = re.compile(r"(?P<value>\d+)(?:st|nd|rd|th)?")
_LEAD_IN = re.compile(r"^(?:in|on|by)\s+(?:the\s+year\s+)?|^(?:the\s+)?year\s+", re.IGNORECASE)
_TALLY = re.compile(r"^(?P<first>\d+)\s*[-\u2010-\u2015]\s*\d+\s*[-\u2010-\u2015]\s*\d+$")
_OUT_OF = re.compile(r"^(?P<first>\d+)\s+(?:out\s+)?of\s+\d+(?:\s+[^\W\d_]+)*$", re.IGNORECASE)
_ANY_NUMBER = re.compile(r"\d+")
YEAR_ONLY = "The question asks only for the year."  # the note on an accepted date
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]


@dataclass(frozen=True)
class NumberReading:
    """The number a student gave, and a note when it was read from a longer answer."""

    value: float | None
    note: str = ""


def read_number_answer(text: str, *, year: bool = False) -> NumberReading:
    """The number in a numeric answer, read as a careful marker reads it.

    Beyond :func:`parse_number`: a remark in parentheses is set aside ("10 (5
    abstained)"), unless it offers another answer ("2000 (or 2001)"); "in 2000" and
    "the year 2000" are 2000; a vote tally "10-0-5" gives its first number, "10 out of
    15" its first; and where the question asks for a year, a full date gives its year
    ("14 September 2000", "2000-09-14", "12/01/2009"), with a note.
    """
    text = remove_invisible(unicodedata.normalize("NFKC", text)).strip()
    if len(text) > MAX_NUMBER_TEXT:
        return NumberReading(None)
    remarks = _ASIDE.findall(text)
    if any(remark.strip().lower().startswith(("or ", "and ")) for remark in remarks):
        return NumberReading(None)
    bare = _LEAD_IN.sub("", _ASIDE.sub(" ", text).strip().rstrip(".;")).strip()
    value = parse_number(bare)
    if value is not None:
        return NumberReading(value)
    for pattern in (_TALLY, _OUT_OF):
        match = pattern.match(bare)
        if match and not (year and pattern is _TALLY):
            return NumberReading(float(match["first"]))
    if year:
        return _year_of_date(bare)
    return NumberReading(None)


def _year_of_date(text: str) -> NumberReading:
    """The year of a date: one four-digit number, the rest days, months or month names."""
    numbers = [int(n) for n in _ANY_NUMBER.findall(text)]
    years = [n for n in numbers if 1000 <= n <= 2999]
    rest = [n for n in numbers if n not in years]
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w not in ("st", "nd", "rd", "th")]
    if len(years) != 1 or any(n > 31 for n in rest) or any(w not in MONTHS for w in words):
        return NumberReading(None)
    return NumberReading(float(years[0]), YEAR_ONLY)


_ASIDE = re.compile(r"\(([^()]*)\)")
