"""Near-duplicate questions: the same answer asked with much the same prompt.

Two such questions test one fact twice (Ban Ki-moon's four regional roots were asked in
three modules), and on a quiz drawn from several modules the second is free. A pair is
reported when the content words of their answers overlap by at least half (Jaccard) and
those of their prompts by at least three tenths. True-false questions have no answer
words to compare and are left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from r2p_kit.bank.cues import FUNCTION_WORDS, answers_shown, words
from r2p_kit.bank.model import Question
from r2p_kit.contrib.assessment import BankFile
from r2p_kit.contrib.bank_checks import key_line
from r2p_kit.contrib.findings import Finding

SAME_ANSWER = 0.5
SIMILAR_PROMPT = 0.3


def overlap(one: set[str], other: set[str]) -> float:
    """The Jaccard ratio: shared words over all words of the two."""
    union = one | other
    return len(one & other) / len(union) if union else 0.0


def check_duplicates(files: list[BankFile]) -> Iterator[Finding]:
    """R2P076: two questions anywhere in the course with the same answer and prompt."""
    entries = [
        (file, question, answer, _content(question.prompt))
        for file in files
        for question in file.bank.questions
        if (answer := _answer_words(question))
    ]
    for first, second in combinations(entries, 2):
        answers = overlap(first[2], second[2])
        prompts = overlap(first[3], second[3])
        if answers < SAME_ANSWER or prompts < SIMILAR_PROMPT:
            continue
        file, question = second[0], second[1]
        yield Finding(
            file.path,
            key_line(file.lines, question, "id"),
            "R2P076",
            f"{question.id} nearly repeats {first[1].id}: answers {answers:.0%} alike, "
            f"prompts {prompts:.0%} alike",
            "keep one of the two, or make them ask different things",
        )


def _content(text: str) -> set[str]:
    return set(words(text)) - FUNCTION_WORDS


def _answer_words(question: Question) -> set[str]:
    return {word for answer in answers_shown(question) for word in _content(answer.text)}
