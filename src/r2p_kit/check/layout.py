"""Which letter stands for which option on an exercise sheet.

A sheet shows options, ordering items and matching partners in a shuffled order, and
the student answers with letters. The order is derived from the question id alone
(through SHA-256, never ``hash()``), so generating the sheet, reading a filled sheet
and printing the answer key always agree, on every machine, without storing anything.
"""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass
from functools import lru_cache

from r2p_kit.bank.model import Choice, Matching, Ordering, Question

LETTERS = string.ascii_lowercase


@dataclass(frozen=True)
class Layout:
    """``shown[k]`` is the bank index displayed with the k-th letter (a, b, c, ...)."""

    shown: tuple[int, ...] = ()

    def letter(self, index: int) -> str:
        """The letter a bank index is shown with."""
        return LETTERS[self.shown.index(index)]

    def index(self, letter: str) -> int:
        """The bank index behind a letter; raises ``ValueError`` for a letter not shown."""
        position = LETTERS.find(letter.lower())
        if not 0 <= position < len(self.shown) or len(letter) != 1:
            raise ValueError(letter)
        return self.shown[position]

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.shown)]


def _rng(question_id: str) -> random.Random:
    digest = hashlib.sha256(f"r2p-kit sheet\0{question_id}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


@lru_cache(maxsize=4096)  # a pure function of its arguments; grading asks again per sheet
def _shuffled(question_id: str, count: int, *, keep_apart: int = 0) -> tuple[int, ...]:
    """A seeded shuffle; the first ``keep_apart`` indices never all stay where they were."""
    order = list(range(count))
    _rng(question_id).shuffle(order)
    if keep_apart > 1 and order[:keep_apart] == list(range(keep_apart)):
        order = order[1:] + order[:1]  # a shown order that is already right gives it away
    return tuple(order)


def layout_question(question: Question) -> Layout:
    """The letters of one question: options, ordering items, or matching right-hand entries.

    Choice options are shuffled unless the bank says ``shuffle: false``. Ordering items
    and matching partners are always shuffled, and never shown already in the right order.
    """
    body = question.body
    if isinstance(body, Choice):
        count = len(body.options)
        if not question.shuffle:
            return Layout(tuple(range(count)))
        return Layout(_shuffled(question.id, count))
    if isinstance(body, Ordering):
        count = len(body.items)
        return Layout(_shuffled(question.id, count, keep_apart=count))
    if isinstance(body, Matching):
        count = len(body.pairs) + len(body.extra_right)
        return Layout(_shuffled(question.id, count, keep_apart=len(body.pairs)))
    return Layout()


def right_hand(body: Matching) -> tuple[str, ...]:
    """The right-hand entries in bank index order: partners first, then distractors."""
    return tuple(pair.right for pair in body.pairs) + body.extra_right
