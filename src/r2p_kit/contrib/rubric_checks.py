"""Essay rubrics that a marker can use: every criterion describes each level of work.

The instructor guide marks an essay criterion by choosing the level (excellent, good,
adequate, weak) whose description fits the work. A criterion with only ``keywords`` gives
the marker a list of words to look for, which the guide rules out as a way to mark, so
lint reports it (R2P080). The loader accepts it, so a draft essay still builds.
"""

from __future__ import annotations

from collections.abc import Iterator

from r2p_kit.bank.model import Essay
from r2p_kit.contrib.assessment import BankFile
from r2p_kit.contrib.bank_checks import key_line
from r2p_kit.contrib.findings import Finding


def check_rubric_levels(files: list[BankFile]) -> Iterator[Finding]:
    """R2P080: an essay's rubric criterion has no level descriptors."""
    for file in files:
        for question in file.bank.questions:
            body = question.body
            if not isinstance(body, Essay):
                continue
            for number, point in enumerate(body.rubric, start=1):
                if point.levels is not None:
                    continue
                line = point.location.line or key_line(file.lines, question, "rubric")
                yield Finding(
                    file.path,
                    line,
                    "R2P080",
                    f"{question.id}, rubric criterion {number}, has no level descriptors",
                    "add 'levels:' with one sentence each for excellent, good, adequate and "
                    "weak: what work at that level does for this criterion (CONTRIBUTING.md, "
                    "'Essay rubrics')",
                )
