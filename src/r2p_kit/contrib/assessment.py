"""What the assessment-quality checks share: each module's bank with its file's lines.

The checks on answers, cues, give-aways, duplicates and cloze weights report at a line
of ``questions.yaml``, so each needs the loaded bank beside the text it came from.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from r2p_kit.bank.model import Cloze, ModuleBank, Question, ShortAnswer, TextAnswer
from r2p_kit.contrib.bank_checks import LoadedBanks
from r2p_kit.contrib.page_checks import PLACEHOLDER
from r2p_kit.contrib.tree import CourseTree


@dataclass(frozen=True)
class BankFile:
    """One module's loaded bank, the file it came from and that file's lines."""

    path: Path
    bank: ModuleBank
    lines: list[str]


@dataclass(frozen=True)
class TextPart:
    """A text answer of a question: a short answer (``part`` "") or a cloze blank."""

    question: Question
    part: str
    expected: TextAnswer

    @property
    def name(self) -> str:
        return f"{self.question.id} {self.part}" if self.part else self.question.id


def bank_files(tree: CourseTree, loaded: LoadedBanks) -> list[BankFile]:
    """The banks that loaded, in course order, without draft questions.

    A question whose prompt still holds the template's ``TODO`` is a draft: R2P050 reports
    it under ``--strict``, and the quality checks wait until it is written.
    """
    files = []
    for module in tree.modules:
        bank = loaded.banks.get(module.folder)
        if bank is not None:
            written = tuple(q for q in bank.questions if not PLACEHOLDER.search(q.prompt))
            lines = (tree.read_text(module.bank) or "").splitlines()
            files.append(BankFile(module.bank, replace(bank, questions=written), lines))
    return files


def text_parts(question: Question) -> Iterator[TextPart]:
    """The question's text answers: its short answer, or each blank of its cloze."""
    body = question.body
    if isinstance(body, ShortAnswer):
        yield TextPart(question, "", body.expected)
    elif isinstance(body, Cloze):
        for number, blank in enumerate(body.blanks, start=1):
            yield TextPart(question, f"blank {number}", blank)


def quoted(texts: list[str], most: int = 3) -> str:
    """'a', 'b', 'c' and 2 more: a short list for a one-line message."""
    shown = ", ".join(f"'{text}'" for text in texts[:most])
    rest = len(texts) - most
    return f"{shown} and {rest} more" if rest > 0 else shown
