"""The matcher against a careful human marker: the labelled answers in tests/marking/.

An independent reader wrote and labelled these answers before the marking rules were
rewritten, without seeing the rules (tests/marking/README.md). The files are never
edited to fit the program; the program is made to fit them. Two promises hold:
agreement on at least 97 answers in 100, and no answer labelled wrong marked right.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from conftest import REPO, real_bank
from r2p_kit.bank.model import Bank, Cloze, Numeric, Question, ShortAnswer
from r2p_kit.check.match import ClozeResponse, TextResponse, match_answer

LABELS = REPO / "tests" / "marking"
AGREEMENT_FLOOR = 0.97
# Questions removed from the bank after the labelling; their labels stay in the files,
# unchanged, and are left out of the comparison. Ids are never reused.
RETIRED = {
    "regional-arrangements/dialogue-number": "asked the same as three-pillars/dialogue-number "
    "(lint R2P076); replaced by regional-arrangements/report-order",
}


@dataclass(frozen=True)
class Labelled:
    path: Path
    question: str
    blank: int | None
    answer: str
    label: str
    reason: str


@cache
def _bank() -> Bank:
    return real_bank()


def _labelled() -> list[Labelled]:
    cases = []
    for path in sorted(LABELS.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            if entry["question"] in RETIRED:
                continue
            cases.append(
                Labelled(
                    path,
                    entry["question"],
                    entry.get("blank"),
                    str(entry["answer"]),
                    entry["label"],
                    entry.get("reason", ""),
                )
            )
    return cases


def program_says_correct(question: Question, case: Labelled) -> bool:
    """The verdict `r2p-kit check` gives this answer (for a cloze, on its one blank)."""
    body = question.body
    if isinstance(body, Cloze):
        assert case.blank is not None, f"{case.question}: a cloze answer needs its blank"
        blanks = [""] * len(body.blanks)
        blanks[case.blank - 1] = case.answer
        result = match_answer(question, ClozeResponse(tuple(blanks)))
        return result.status != "unanswered" and result.parts[case.blank - 1].correct
    assert isinstance(body, ShortAnswer | Numeric), f"{case.question} is not auto-marked text"
    return match_answer(question, TextResponse(case.answer)).status == "correct"


def _disagreements() -> tuple[int, list[tuple[Labelled, bool]]]:
    by_id = {question.id: question for question in _bank().questions}
    cases = _labelled()
    wrong = []
    for case in cases:
        says = program_says_correct(by_id[case.question], case)
        if says != (case.label == "correct"):
            wrong.append((case, says))
    return len(cases), wrong


def _describe(wrong: list[tuple[Labelled, bool]]) -> str:
    return "\n".join(
        f"  {case.question}{f' blank {case.blank}' if case.blank else ''}: {case.answer!r} "
        f"labelled {case.label} ({case.reason}), program says "
        f"{'correct' if says else 'incorrect'}"
        for case, says in wrong
    )


def test_labels_name_real_questions_and_are_enough() -> None:
    by_id = {question.id: question for question in _bank().questions}
    cases = _labelled()
    assert len(cases) >= 300
    unknown = sorted({case.question for case in cases} - set(by_id))
    assert not unknown, f"labelled answers for questions the bank does not have: {unknown}"
    assert {case.label for case in cases} == {"correct", "incorrect"}


def test_no_answer_labelled_wrong_is_marked_right() -> None:
    _, wrong = _disagreements()
    false_credit = [(case, says) for case, says in wrong if says]
    assert not false_credit, "marked correct, labelled incorrect:\n" + _describe(false_credit)


def test_the_matcher_agrees_with_the_careful_marker() -> None:
    total, wrong = _disagreements()
    agreement = 1 - len(wrong) / total
    if agreement < AGREEMENT_FLOOR:
        pytest.fail(
            f"agreement {agreement:.1%} on {total} answers is below {AGREEMENT_FLOOR:.0%}:\n"
            + _describe(wrong)
        )
