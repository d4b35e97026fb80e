"""Numbers written in English words: "four", "sixty-fifth", "two thousand and five".

Students write numbers as words as often as digits, so both the text matcher (where
"sixty-fifth session" must equal "65th session") and the numeric matcher read them.
The browser self-check reads these tables, sent with the page as data
(``selfcheck.matcher_tables``), and is held to these results by the shared test vectors.
"""

from __future__ import annotations

UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINAL_UNITS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
ORDINAL_TENS = [
    "twentieth",
    "thirtieth",
    "fortieth",
    "fiftieth",
    "sixtieth",
    "seventieth",
    "eightieth",
    "ninetieth",
]

CARDINALS: dict[str, int] = {
    **{word: n for n, word in enumerate(UNITS)},
    **{word: 10 * (n + 2) for n, word in enumerate(TENS)},
}
ORDINALS: dict[str, int] = {
    **{word: n for n, word in enumerate(ORDINAL_UNITS)},
    **{word: 10 * (n + 2) for n, word in enumerate(ORDINAL_TENS)},
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000}
ORDINAL_SCALES: dict[str, int] = {"hundredth": 100, "thousandth": 1000}
NUMBER_WORDS = frozenset([*CARDINALS, *ORDINALS, *SCALES, *ORDINAL_SCALES, "and"])


def ordinal_suffix(n: int) -> str:
    """1 -> 'st', 2 -> 'nd', 11 -> 'th', 65 -> 'th': the suffix a person writes after digits."""
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def read_number_words(words: list[str]) -> tuple[int, bool] | None:
    """The value of a run of lower-case number words, and whether it was an ordinal.

    ``["sixty", "fifth"]`` gives ``(65, True)``; ``["two", "thousand", "and", "five"]``
    gives ``(2005, False)``. ``None`` when the words are not one well-formed number
    (an ordinal must come last; "and" only between parts).
    """
    if not words or words[0] == "and" or words[-1] == "and":
        return None
    total = current = 0
    ordinal = False
    last_kind = ""
    for position, word in enumerate(words):
        if ordinal:  # an ordinal ends the number
            return None
        if word == "and":
            last_kind = "and"
            continue
        if word in CARDINALS or word in ORDINALS:
            value = CARDINALS.get(word, ORDINALS.get(word, 0))
            ordinal = word in ORDINALS
            small = current % 100
            if last_kind == "unit" or (last_kind == "tens" and (value >= 10 or small % 10)):
                return None
            current += value
            last_kind = "tens" if value >= 20 else "unit"
        elif word in SCALES or word in ORDINAL_SCALES:
            scale = SCALES.get(word, ORDINAL_SCALES.get(word, 0))
            ordinal = word in ORDINAL_SCALES
            if position == 0:
                current = 1
            if scale == 100:
                if current == 0 or current >= 100:
                    return None
                current *= 100
            else:
                total += (current or 1) * scale
                current = 0
            last_kind = "scale"
        else:
            return None
    return total + current, ordinal


def words_to_digits(words: list[str]) -> list[str]:
    """Replace each maximal run of number words by digits: ['sixty', 'fifth'] -> ['65th']."""
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in NUMBER_WORDS and words[i] != "and":
            j = i
            while j < len(words) and words[j] in NUMBER_WORDS:
                j += 1
            while j > i + 1 and words[j - 1] == "and":
                j -= 1
            reading = read_number_words(words[i:j])
            if reading is not None:
                value, ordinal = reading
                out.append(f"{value}{ordinal_suffix(value)}" if ordinal else str(value))
                i = j
                continue
        out.append(words[i])
        i += 1
    return out
