"""Hints and feedback that give the answer away.

A hint names the reading, not the answer: a hint holding an accepted answer's words
(whole words, after normalisation, as for cues) answers the question for the student.
Feedback on a wrong option or a listed wrong answer is read before a second try, so it
must not name the correct option (all of the words that set it apart from the wrong
options) or an accepted answer. A hint that rules out every distractor without naming
the answer also gives it away; that needs a reader, and lint does not try.
"""

from __future__ import annotations

from collections.abc import Iterator

from r2p_kit.bank.cues import FUNCTION_WORDS, answers_shown, contains_words, words
from r2p_kit.bank.model import Choice, Question
from r2p_kit.contrib.assessment import BankFile, text_parts
from r2p_kit.contrib.bank_checks import line_with
from r2p_kit.contrib.findings import Finding


def check_hints(files: list[BankFile]) -> Iterator[Finding]:
    """R2P074: a hint holds an accepted answer (or the correct option) word for word."""
    for file in files:
        for question in file.bank.questions:
            answers = [
                (answer.text, needle)
                for answer in answers_shown(question)
                if set(needle := words(answer.text)) - FUNCTION_WORDS
            ]
            for number, hint in enumerate(question.hints, start=1):
                haystack = words(hint)
                named = next(
                    (text for text, needle in answers if contains_words(haystack, needle)), None
                )
                if named is not None:
                    yield Finding(
                        file.path,
                        line_with(file.lines, question, hint[:40]),
                        "R2P074",
                        f"hint {number} of {question.id} contains its answer '{named}'",
                        "point to where the answer is taught (a section, a document, a date) "
                        "without writing it",
                    )


def check_feedback(files: list[BankFile]) -> Iterator[Finding]:
    """R2P075: feedback on a wrong choice or wrong answer names the right one."""
    for file in files:
        for question in file.bank.questions:
            for text, feedback, named in _revealing(question):
                yield Finding(
                    file.path,
                    line_with(file.lines, question, feedback[:40]),
                    "R2P075",
                    f"the feedback on '{text}', a wrong answer of {question.id}, names the "
                    f"answer '{named}'",
                    "say why this answer is wrong and where to look, and leave the right "
                    "answer to the explanation, which is shown after a correct answer",
                )


def _revealing(question: Question) -> Iterator[tuple[str, str, str]]:
    """(wrong answer, its feedback, the right answer it names) for each give-away."""
    body = question.body
    if isinstance(body, Choice):
        wrong = [option for option in body.options if not option.correct]
        elsewhere = {word for option in wrong for word in words(option.text)}
        for option in wrong:
            feedback = set(words(option.feedback))
            for right in body.options:
                if not right.correct:
                    continue
                distinctive = set(words(right.text)) - elsewhere - FUNCTION_WORDS
                if distinctive and distinctive <= feedback:
                    yield option.text, option.feedback, right.text
                    break
    for part in text_parts(question):
        answers = [
            (answer, needle)
            for answer in part.expected.answers
            if set(needle := words(answer)) - FUNCTION_WORDS
        ]
        for wrong_answer in part.expected.wrong_answers:
            haystack = words(wrong_answer.feedback)
            named = next((a for a, needle in answers if contains_words(haystack, needle)), None)
            if named is not None:
                yield wrong_answer.text, wrong_answer.feedback, named
