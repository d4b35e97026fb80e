"""Cloze points that Moodle cannot keep.

Moodle marks a cloze (multianswer) question as the sum of its blanks' weights, which are
whole numbers, and ignores the question's default mark. A cloze worth 1 point with three
blanks is imported at 3 (the export writes weight 1 a blank and warns); only points that
are a whole multiple of the number of blanks survive the import.
"""

from __future__ import annotations

from collections.abc import Iterator

from r2p_kit.bank.model import Cloze
from r2p_kit.contrib.assessment import BankFile
from r2p_kit.contrib.bank_checks import key_line
from r2p_kit.contrib.findings import Finding


def check_cloze_weights(files: list[BankFile]) -> Iterator[Finding]:
    """R2P077: a cloze's points are not a whole multiple of its number of blanks."""
    for file in files:
        for question in file.bank.questions:
            body = question.body
            if not isinstance(body, Cloze):
                continue
            blanks = len(body.blanks)
            weight = question.points / blanks
            if abs(weight - round(weight)) < 1e-9 and round(weight) >= 1:
                continue
            points = f"{question.points:g}"
            yield Finding(
                file.path,
                key_line(file.lines, question, "points"),
                "R2P077",
                f"{question.id} is worth {points} point{'' if points == '1' else 's'} over "
                f"{blanks} blanks; Moodle sums whole blank weights, so the export gives each "
                f"blank 1 and Moodle marks it out of {blanks}",
                f"set `points: {blanks}` (or another multiple of {blanks}), or set the "
                "Moodle quiz slot's maximum mark by hand after import",
            )
