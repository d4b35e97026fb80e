"""The other ways of writing an accepted answer that a careful marker accepts, and slips.

A name can be written in full, abbreviated, surname first or with initials; an accepted
wording with an abbreviation in parentheses stands for either part. One slip (a letter
missing, added, changed or two letters swapped) is forgiven in a long answer. Each rule
here is stated so a student can predict it, and so the browser can apply it to hashes
without knowing the answer (see :func:`one_deletion_variants`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARENTHESISED = re.compile(r"^(?P<outside>[^()]+?)\s*\((?P<inside>[^()]+)\)\s*$")
# Typo tolerance is for long answers only: "ICC" and "ICJ" are different courts.
MIN_TYPO_LENGTH = 6


def accepted_forms(answer: str) -> tuple[str, ...]:
    """An accepted wording and the parts it stands for.

    "Security Council (UNSC)" -> ("Security Council (UNSC)", "Security Council", "UNSC"):
    a name with its abbreviation (or expansion) in parentheses accepts either part.
    """
    match = _PARENTHESISED.match(answer.strip())
    if match is None:
        return (answer,)
    return (answer, match["outside"].strip(), match["inside"].strip())


_ASIDE = re.compile(r"\s*\((?P<remark>[^()]*)\)")
_HEDGES = ("or", "and")
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir"})


@dataclass(frozen=True)
class Reading:
    """One way to read what a student wrote: the answer, and a remark after a comma."""

    answer: str
    remark: str = ""


def answer_readings(text: str) -> tuple[Reading, ...]:
    """The readings of what a student wrote, the text as written first.

    - Surname first: "Carlsson, Ingvar" is also read as "Ingvar Carlsson" (a single
      comma between two short runs of words).
    - A remark in parentheses is set aside: "Côte d'Ivoire (Ivory Coast)" is read as
      "Côte d'Ivoire".
    - A remark after a comma is set aside: "Ingvar Carlsson, former Prime Minister"
      is read as "Ingvar Carlsson"; the caller rejects a remark that offers another
      answer ("Ingvar Carlsson, Kofi Annan").
    A remark that starts with "or" or "and" is a second answer, never set aside.
    """
    readings = [Reading(text)]
    parts = text.split(",")
    if len(parts) == 2:
        surname, given = (part.strip() for part in parts)
        if 0 < len(surname.split()) <= 2 and 0 < len(given.split()) <= 3:
            readings.append(Reading(f"{given} {surname}"))
    remarks = [m["remark"].strip() for m in _ASIDE.finditer(text)]
    if remarks and not any(_is_hedge(r) for r in remarks):
        bare = _ASIDE.sub(" ", text).strip()
        if bare:
            readings.append(Reading(bare))
    head, comma, tail = text.partition(",")
    if comma and head.strip() and tail.strip() and not _is_hedge(tail):
        readings.append(Reading(head.strip(), tail.strip()))
    return tuple(readings)


def _is_hedge(remark: str) -> bool:
    words = remark.strip().lower().split()
    return bool(words) and words[0] in _HEDGES


def parenthesised_parts(text: str) -> tuple[str, str] | None:
    """ "UN-NGLS (United Nations Non-Governmental Liaison Service)" -> its two parts."""
    match = _PARENTHESISED.match(text.strip())
    return (match["outside"].strip(), match["inside"].strip()) if match else None


def initials_fit(written: list[str], accepted: list[str]) -> bool:
    """ "i carlsson" fits "ingvar carlsson": same last word, given names as their initials.

    Both are lists of normalised words. At least one given name must be an initial
    (otherwise the texts are simply equal or different).
    """
    if len(written) != len(accepted) or len(written) < 2 or written[-1] != accepted[-1]:
        return False
    initials = 0
    for mine, theirs in zip(written[:-1], accepted[:-1], strict=True):
        if mine == theirs:
            continue
        if len(mine) == 1 and theirs.startswith(mine):
            initials += 1
            continue
        return False
    return initials > 0


def one_deletion_variants(key: str) -> frozenset[str]:
    """The key itself and every string one character shorter that it contains.

    Two keys are within one slip of each other exactly when these sets meet: one letter
    missing, added or changed, or two letters swapped. The browser compares salted
    hashes of these sets, so it detects a slip without holding the answer.
    """
    return frozenset({key, *(key[:i] + key[i + 1 :] for i in range(len(key)))})


def within_one_slip(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` share a one-deletion variant (see above)."""
    if abs(len(a) - len(b)) > 1:
        return False
    return not one_deletion_variants(a).isdisjoint(one_deletion_variants(b))
