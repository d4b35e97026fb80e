"""Text answers that mark the same answer differently, and answers the matcher misreads.

An answer must never be right in one module and wrong in another: two questions that
accept a common form of a name but not the same forms should share one list
(``concept: NAME`` in ``docs/modules/concepts.yaml``). And every form the bank lists
must be marked as the bank says by :func:`~r2p_kit.check.match.match_text`, the one
matcher: an accepted form marked wrong, or a known wrong answer let through by a
tolerance or a reading rule, is a bank the students cannot predict.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from r2p_kit.bank.model import Cloze, TextAnswer
from r2p_kit.check.forms import accepted_forms
from r2p_kit.check.match import given_words, match_text
from r2p_kit.check.normalize import comparison_key
from r2p_kit.contrib.assessment import BankFile, TextPart, quoted, text_parts
from r2p_kit.contrib.bank_checks import line_with
from r2p_kit.contrib.findings import Finding


def check_concepts(files: list[BankFile]) -> Iterator[Finding]:
    """R2P070: two text answers share an accepted form but not the whole list of forms."""
    parts = [(file, part) for file in files for q in file.bank.questions for part in text_parts(q)]
    forms = [_forms(part) for _, part in parts]
    for first, second in combinations(range(len(parts)), 2):
        if parts[first][1].question.id == parts[second][1].question.id:
            continue  # two blanks of one cloze: another rule keeps them apart
        one, other = forms[first], forms[second]
        shared = one.keys() & other.keys()
        if not shared or one.keys() == other.keys():
            continue
        file, later = parts[second]
        earlier = parts[first][1]
        lacks_later = [one[key] for key in one if key not in other]
        lacks_earlier = [other[key] for key in other if key not in one]
        missing = []
        if lacks_later:
            missing.append(f"{later.name} does not accept {quoted(lacks_later)}")
        if lacks_earlier:
            missing.append(f"{earlier.name} does not accept {quoted(lacks_earlier)}")
        yield Finding(
            file.path,
            line_with(file.lines, later.question, later.expected.answers[0]),
            "R2P070",
            f"{later.name} and {earlier.name} both accept "
            f"'{one[sorted(shared)[0]]}' but not the same forms: {'; '.join(missing)}",
            "list every form once in docs/modules/concepts.yaml and give both "
            "`concept: NAME`, so an answer is never right in one module and wrong in another",
        )


def _forms(part: TextPart) -> dict[str, str]:
    """Each accepted form's comparison key (accents kept), with the form as written."""
    found: dict[str, str] = {}
    for answer in part.expected.answers:
        for form in accepted_forms(answer):
            found.setdefault(comparison_key(form), form)
    return found


def check_marking(files: list[BankFile]) -> Iterator[Finding]:
    """R2P071: the matcher marks an accepted answer wrong, or a listed wrong answer right."""
    for file in files:
        for question in file.bank.questions:
            body = question.body
            context = given_words(question.prompt)
            blanks = body.blanks if isinstance(body, Cloze) else ()
            if isinstance(body, Cloze):
                context = given_words(f"{question.prompt} {body.fill(lambda n: ' ')}")
            for index, part in enumerate(text_parts(question)):
                elsewhere = blanks[:index] + blanks[index + 1 :]
                yield from _misread(file, part, elsewhere, context)


def _misread(
    file: BankFile, part: TextPart, elsewhere: tuple[TextAnswer, ...], context: frozenset[str]
) -> Iterator[Finding]:
    expected = part.expected
    for answer in expected.answers:
        verdict = match_text(answer, expected, elsewhere=elsewhere, context=context)
        if not verdict.correct:
            why = f" (it says: {verdict.feedback})" if verdict.feedback else ""
            yield Finding(
                file.path,
                line_with(file.lines, part.question, answer),
                "R2P071",
                f"the matcher marks '{answer}', an accepted answer of {part.name}, wrong{why}",
                "a wrong answer with the same words takes precedence: remove one of the two, "
                "or write the accepted answer so that it differs",
            )
    for wrong in expected.wrong_answers:
        verdict = match_text(wrong.text, expected, elsewhere=elsewhere, context=context)
        if verdict.correct:
            yield Finding(
                file.path,
                line_with(file.lines, part.question, wrong.text),
                "R2P071",
                f"the matcher marks '{wrong.text}', a wrong answer of {part.name}, right",
                "a typo tolerance or a reading rule lets it pass: set `typo_tolerance: 0`, or "
                "reword the accepted answers so the wrong one is not read as one of them",
            )
