"""Cues on a sheet: another question's stem or options showing an auto-marked answer.

:mod:`r2p_kit.bank.cues` finds the pairs; a pair is fine once the bank records it with
a reason (``cue_ok`` on the question whose answer is shown). Lint reports every other
pair, and every record that no longer names a cue, so the records stay true.
"""

from __future__ import annotations

from collections.abc import Iterator

from r2p_kit.bank.cues import find_cues
from r2p_kit.contrib.assessment import BankFile
from r2p_kit.contrib.bank_checks import key_line, line_with
from r2p_kit.contrib.findings import Finding


def check_cues(files: list[BankFile]) -> Iterator[Finding]:
    """R2P072 for an unrecorded cue, R2P073 for a record that names no cue."""
    for file in files:
        questions = {question.id: question for question in file.bank.questions}
        cues = find_cues(file.bank.questions)
        shown = {(cue.answer.question, cue.shown_by) for cue in cues}
        for cue in cues:
            if cue.recorded:
                continue
            answered = questions[cue.answer.question]
            part = f" ({cue.answer.part})" if cue.answer.part else ""
            yield Finding(
                file.path,
                key_line(file.lines, answered, "id"),
                "R2P072",
                f"the answer '{cue.answer.text}' of {answered.id}{part} is shown in the "
                f"{cue.where} of {cue.shown_by}, on the same sheet",
                "reword one of them if it gives the answer away in the role asked; if not, "
                f"record it on {answered.id}: `cue_ok: [{{question: {cue.shown_by}, "
                'reason: "..."}]`',
            )
        for question in file.bank.questions:
            for record in question.cue_ok:
                if (question.id, record.question) in shown:
                    continue
                why = (
                    "no longer shows its answer"
                    if record.question in questions
                    else "is not a question of this module"
                )
                yield Finding(
                    file.path,
                    line_with(file.lines, question, record.question),
                    "R2P073",
                    f"{question.id} records a cue from {record.question}, which {why}",
                    "remove the record from cue_ok",
                )
