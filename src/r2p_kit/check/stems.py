"""Word stems for essay guidance: "unanimously" finds "unanimous", "politicization" finds
"politicisation".

The essay guidance looks for a rubric's keywords in a student's answer. Students write
British or American spelling and any form of a word, so both sides are reduced to a
stem first. This is deliberately small and predictable (a few spelling pairs and common
endings), not a linguistic stemmer: it only has to make a keyword and its everyday
variants meet, and it is only ever guidance for a human marker.
"""

from __future__ import annotations

from functools import lru_cache

# British -> one shared spelling, tried on the end of a word, longest first.
SPELLING_ENDINGS: tuple[tuple[str, str], ...] = (
    ("isations", "ization"),
    ("isation", "ization"),
    ("izations", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ours", "ors"),
    ("our", "or"),
    ("tres", "ters"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
)
# Endings that make another form of the same word; removed once, longest first.
ENDINGS: tuple[str, ...] = tuple(
    sorted(
        [
            "ations",
            "ation",
            "ions",
            "ion",
            "ingly",
            "ously",
            "ous",
            "ness",
            "ments",
            "ment",
            "edly",
            "ings",
            "ing",
            "ities",
            "ity",
            "ties",
            "ty",
            "ies",
            "ied",
            "ally",
            "al",
            "ly",
            "ed",
            "es",
            "s",
            "y",
            "e",
        ],
        key=len,
        reverse=True,
    )
)
MIN_STEM = 4


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A crude, predictable stem of one lower-case word."""
    for british, shared in SPELLING_ENDINGS:
        if word.endswith(british) and len(word) - len(british) >= 3:
            word = word[: -len(british)] + shared
            break
    for _ in range(2):  # "selectively" -> "selective" -> "selectiv"
        ending = next(
            (e for e in ENDINGS if word.endswith(e) and len(word) - len(e) >= MIN_STEM), ""
        )
        if not ending:
            break
        word = word[: -len(ending)]
    return word


def stems(words: list[str]) -> tuple[str, ...]:
    return tuple(stem(word) for word in words)


def contains_phrase(text_stems: tuple[str, ...], phrase_stems: tuple[str, ...]) -> bool:
    """True when the phrase's stems appear in order, side by side, in the text's stems."""
    n = len(phrase_stems)
    if n == 0:
        return False
    return any(text_stems[i : i + n] == phrase_stems for i in range(len(text_stems) - n + 1))
