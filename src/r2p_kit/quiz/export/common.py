"""Small helpers the exporters share: numbers, inline Markdown to HTML, answer variants, cloze."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache

from r2p_kit import markup
from r2p_kit.bank.model import Cloze, Matching, Numeric, Question, TextAnswer
from r2p_kit.check.forms import accepted_forms
from r2p_kit.check.normalize import strip_accents
from r2p_kit.figures import plain_number
from r2p_kit.quiz.generate import Quiz, QuizItem, Variant

DEFAULT_TITLE = "R2P quiz"
ORDERING_NOTE = "Give each item its position in the correct order (1 = first)."


number = plain_number  # the exporters' short name for the one formatter


def inline_html(text: str) -> str:
    """Inline Markdown as HTML through the one sanitiser: raw HTML in the input is escaped."""
    return markup.to_html(text)


@lru_cache(maxsize=16384)
def bank_html(text: str) -> str:
    """:func:`inline_html`, remembered: every variant of a quiz repeats the same bank texts."""
    return inline_html(text)


@lru_cache(maxsize=16384)
def plain(text: str) -> str:
    """Inline Markdown as plain text, for fields an LMS shows as text (matching answers)."""
    return markup.to_plain(text)


def accepted_texts(expected: TextAnswer) -> list[str]:
    """The accepted answers an LMS should list: every form of each (both parts of "Security
    Council (UNSC)"), and unaccented forms when accents are optional.

    LMSs compare text exactly (case aside), so exports list exact forms; what only
    ``r2p-kit check`` accepts (typos, number words, initials) is on the instructor page.
    """
    texts = [form for answer in expected.answers for form in accepted_forms(answer)]
    if expected.accents_optional:
        texts += [strip_accents(t) for t in texts]
    return list(dict.fromkeys(texts))


def prompt_with_unit(question: Question) -> str:
    """The prompt, plus the unit for numeric questions (no LMS format carries units well)."""
    body = question.body
    if isinstance(body, Numeric) and body.unit:
        return f"{question.prompt} (Answer in {body.unit}.)"
    return question.prompt


def cloze_html(cloze: Cloze, blank: Callable[[int], str]) -> str:
    """The passage as HTML with ``blank(n)`` (already HTML) in place of each marker."""
    placeholder = "R2PKITBLANK{}X"
    marked = "".join(placeholder.format(p) if isinstance(p, int) else p for p in cloze.pieces())
    html = bank_html(marked)
    return re.sub(r"R2PKITBLANK(\d+)X", lambda m: blank(int(m[1])), html)


def quiz_identity(quiz: Quiz, variant: Variant) -> tuple[str, str]:
    """An identifier and a title for one variant, as an LMS sees them.

    The identifier is a digest of the variant's code (seed and student) and its questions
    (the selection), so it differs between modules, selections, seeds and students and is
    the same on every rerun: importing it again replaces that quiz and no other. The
    default title names the modules and the variant for the same reason.
    """
    ids = [item.question.id for item in variant.items]
    digest = hashlib.sha256("\0".join([variant.code, variant.label, *ids]).encode()).hexdigest()
    title = quiz.title
    if title == DEFAULT_TITLE:
        modules = sorted({item.question.module for item in variant.items})
        named = ", ".join(modules) if len(modules) <= 3 else f"{len(modules)} modules"
        title = f"{title}: {named} ({variant.label}, {variant.code})"
    elif len(quiz.variants) > 1 or variant.student is not None:
        title = f"{title} ({variant.label})"
    return f"r2p-{digest[:20]}", title


def right_column(item: QuizItem) -> tuple[str, ...]:
    """A matching item's right-hand entries (answers and distractors) in the shown order."""
    body = item.question.body
    assert isinstance(body, Matching)
    return item.display or tuple(p.right for p in body.pairs) + body.extra_right


def wrong_answer_notes(expected: TextAnswer) -> list[str]:
    """Feedback on known wrong answers as HTML lines, for formats that cannot attach it."""
    return [
        f"If you answered “{bank_html(w.text)}”: {bank_html(w.feedback)}"
        for w in expected.wrong_answers
        if w.feedback
    ]
