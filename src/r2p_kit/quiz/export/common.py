"""Small helpers the exporters share: numbers, inline Markdown to HTML, answer variants, cloze."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from r2p_kit import markup
from r2p_kit.bank.model import Cloze, Numeric, Question, TextAnswer

MARKER = re.compile(r"\{\{\s*(\d+)\s*\}\}")
ORDERING_NOTE = "Give each item its position in the correct order (1 = first)."


def number(value: float) -> str:
    """2005.0 -> '2005'; 0.5 -> '0.5': numbers as a person writes them."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def inline_html(text: str) -> str:
    """Inline Markdown as HTML through the one sanitiser: raw HTML in the input is escaped."""
    return markup.to_html(text)


def fold_accents(text: str) -> str:
    """'Côte d'Ivoire' -> 'Cote d'Ivoire'."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def accepted_texts(expected: TextAnswer) -> list[str]:
    """The accepted answers an LMS should list; unaccented forms added when accents are optional.

    LMSs cannot apply the checker's typo tolerance, so exports list exact forms only.
    """
    texts = list(expected.answers)
    if expected.accents_optional:
        texts += [fold_accents(t) for t in expected.answers]
    return list(dict.fromkeys(texts))


def prompt_with_unit(question: Question) -> str:
    """The prompt, plus the unit for numeric questions (no LMS format carries units well)."""
    body = question.body
    if isinstance(body, Numeric) and body.unit:
        return f"{question.prompt} (Answer in {body.unit}.)"
    return question.prompt


def cloze_pieces(cloze: Cloze) -> list[str | int]:
    """The passage split into text and blank numbers: 'a {{1}} b' -> ['a ', 1, ' b']."""
    pieces: list[str | int] = []
    position = 0
    for match in MARKER.finditer(cloze.text):
        pieces.append(cloze.text[position : match.start()])
        pieces.append(int(match[1]))
        position = match.end()
    pieces.append(cloze.text[position:])
    return pieces


def cloze_html(cloze: Cloze, blank: Callable[[int], str]) -> str:
    """The passage as HTML with ``blank(n)`` (already HTML) in place of each marker."""
    placeholder = "R2PKITBLANK{}X"
    marked = "".join(
        placeholder.format(p) if isinstance(p, int) else p for p in cloze_pieces(cloze)
    )
    html = inline_html(marked)
    return re.sub(r"R2PKITBLANK(\d+)X", lambda m: blank(int(m[1])), html)
