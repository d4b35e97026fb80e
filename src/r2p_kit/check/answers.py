"""Read what a student wrote after ``Answer:`` into a response the matcher understands.

Forgiving about form (letters in any case, order or separator; option lines copied
whole; Windows line endings were already removed), strict about meaning: a letter that
is not an option or a number that is not a blank is an :class:`AnswerProblem` with the
line it is on, because guessing would mark the student on something they did not write.
"""

from __future__ import annotations

import re
import unicodedata

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from r2p_kit.check.layout import Layout, layout_question
from r2p_kit.check.match import (
    ChoiceResponse,
    ClozeResponse,
    MatchingResponse,
    OrderResponse,
    Response,
    TextResponse,
    TrueFalseResponse,
)
from r2p_kit.check.normalize import normalize_text, normalized

Line = tuple[int, str]  # (1-based line number in the sheet, text of that line)


class AnswerProblem(Exception):
    """An answer that cannot be read; carries the sheet line it is on."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


TRUE_WORDS = frozenset({"true", "t", "yes", "y", "correct", "right"})
FALSE_WORDS = frozenset({"false", "f", "no", "n", "incorrect", "wrong"})
# Copied option line, e.g. "b) Genocide" or "(b) Genocide": the letter is what counts.
_OPTION_LINE = re.compile(r"^\s*+[-*+]?\s*+\(?([a-zA-Z])\)\s*+(?:\S.*)?$")
_SEPARATORS = re.compile(r"(?:[\s,;/&+|>.\-\u2013\u2014\u2192\u27f6]|\band\b|\bthen\b)+")
_EMPHASIS = str.maketrans("", "", "*_`")
# Every pattern below runs in linear time: a match starts only at the first digit of a run
# ((?<!\d)) and possessive quantifiers never give back what they took, so a hostile
# answer of 50,000 digits costs one pass, not 50,000 (issue 16).
_PAIR = re.compile(
    r"(?<!\d)(\d++)\s*+(?:[-\u2013\u2014:=>.)\u2192]++\s*+)?([a-zA-Z])(?![a-zA-Z])"
    r"|(?<!\d)(\d++)\s*+[-\u2013\u2014:=>.)\u2192]*+\s*+(?=$|[,;\n])"
)
_INLINE_BLANKS = re.compile(r"[;,]\s*+(?=\(?\d++\s*+[:)]\s*+\S)")
_BLANK_LINE = re.compile(r"^\s*+[-*+]?\s*+\(?(\d++)\s*+[:.)\]=\-\u2013]\s?(.*)$")
_NOT_PAIRS = re.compile(r"[\s,;.]+")
# Item and blank numbers longer than this are no item or blank of any question; reading them
# with int() would also fail beyond 4,300 digits (Python's limit on int(str)).
_MAX_NUMBER_DIGITS = 6


def _position(digits: str) -> int:
    """An item or blank number as written; any absurdly long number reads as 0 (no such item)."""
    digits = digits.lstrip("0")
    return int(digits) if digits and len(digits) <= _MAX_NUMBER_DIGITS else 0


def shorten(text: str, limit: int = 40) -> str:
    """Student text quoted in a message: at most ``limit`` characters, so errors stay short."""
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# Bounds on the work one answer can cause: far above any honest answer, far below what
# would slow a class's grading down. An essay may be long; nothing else need be.
MAX_ANSWER_CHARS = 2_000
MAX_ESSAY_CHARS = 60_000


def read_answer(
    question: Question, lines: list[Line], layout: Layout | None = None
) -> Response | None:
    """The response in ``lines`` (the text after ``Answer:``), or ``None`` if it is empty."""
    lines = [(number, text.strip()) for number, text in lines]
    lines = [(number, text) for number, text in lines if text]
    if not lines:
        return None
    _check_length(question, lines)
    layout = layout or layout_question(question)
    body = question.body
    if isinstance(body, Choice):
        selected = _letters(lines, layout, option_texts=[o.text for o in body.options])
        return ChoiceResponse(tuple(sorted(selected)))  # order means nothing here
    if isinstance(body, TrueFalse):
        return _true_false(lines)
    if isinstance(body, ShortAnswer | Numeric):
        return TextResponse(" ".join(text for _, text in lines))
    if isinstance(body, Essay):
        return TextResponse("\n".join(text for _, text in lines))
    if isinstance(body, Ordering):
        order = _letters(lines, layout, option_texts=list(body.items), ordered=True)
        return OrderResponse(tuple(order))
    if isinstance(body, Matching):  # the printed "1-" lines alone are no answer
        matching = _matching(lines, layout, len(body.pairs))
        return None if all(c is None for c in matching.chosen) else matching
    if isinstance(body, Cloze):  # nor are the printed "1:" lines
        cloze = _cloze(lines, len(body.blanks))
        return cloze if any(b.strip() for b in cloze.blanks) else None
    raise TypeError(f"unknown question body {type(body).__name__}")


def _check_length(question: Question, lines: list[Line]) -> None:
    """Refuse an answer too long to be one, before any pattern or matcher sees it."""
    essay = isinstance(question.body, Essay)
    limit = MAX_ESSAY_CHARS if essay else MAX_ANSWER_CHARS
    size = sum(len(text) for _, text in lines)
    if size > limit:
        kind = "an essay" if essay else "an answer to this kind of question"
        raise AnswerProblem(
            lines[0][0],
            f"this answer is {size:,} characters long; {kind} may have at most {limit:,}",
            "shorten it (did text meant for another question, or a pasted document, end up here?)",
        )


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_EMPHASIS).strip()


def _letter_range(layout: Layout) -> str:
    letters = layout.letters
    return f"{letters[0]} to {letters[-1]}" if len(letters) > 1 else letters


def _letters(
    lines: list[Line], layout: Layout, *, option_texts: list[str], ordered: bool = False
) -> list[int]:
    """Option indices from letters like ``a, c``, ``A C``, ``c;a``, ``ac`` or copied option lines.

    For ``ordered`` answers the order is kept and a repeated letter is an error; otherwise
    repeats are harmless. The whole answer may also be one option's text, written out.
    """
    try:
        return _letter_tokens(lines, layout, option_texts=option_texts, ordered=ordered)
    except AnswerProblem:
        # Not letters: perhaps the whole answer is one option written out.
        whole = normalize_text(" ".join(text for _, text in lines))
        for index, text in enumerate(option_texts):
            if len(whole) > 1 and whole == normalized(text):
                return [index]
        raise


def _letter_tokens(
    lines: list[Line], layout: Layout, *, option_texts: list[str], ordered: bool
) -> list[int]:
    found: list[tuple[int, str, str]] = []  # line, token, the token as the student wrote it
    for number, text in lines:
        text = _plain(text)
        copied = _copied_option(text, layout, option_texts)
        if copied:
            found.append((number, copied, copied))
            continue
        for written in _SEPARATORS.split(text):
            written = written.strip("()[]{}:'\"!?")
            token = written.lower()
            if not token:
                continue
            if len(token) > 1 and all(char in layout.letters for char in token):
                found.extend((number, char, char) for char in token)  # "ac" means a and c
            else:
                found.append((number, token, written))
    indices: list[int] = []
    seen: dict[str, int] = {}
    for number, token, written in found:
        try:
            index = layout.index(token)
        except ValueError:
            raise AnswerProblem(
                number,
                f"'{shorten(written)}' is not one of this question's letters "
                f"({_letter_range(layout)})",
                "write only the letters of the options, e.g. 'b' or 'a, c'",
            ) from None
        if token in seen:
            if ordered:
                raise AnswerProblem(
                    number,
                    f"letter '{token}' appears twice in an order",
                    "list each letter once, first to last, e.g. 'c, a, b'",
                )
            continue
        seen[token] = number
        indices.append(index)
    return indices


def _copied_option(text: str, layout: Layout, option_texts: list[str]) -> str:
    """The letter of a line like ``b) Genocide`` copied from the sheet, else ``""``.

    The text after the letter must be (the start of) that option, so ``b) and c)`` is
    still read as two letters.
    """
    match = _OPTION_LINE.match(text)
    if match is None:
        return ""
    letter = match.group(1).lower()
    rest = normalize_text(text[match.end(1) + 1 :])
    try:
        option = normalize_text(option_texts[layout.index(letter)])
    except (ValueError, IndexError):
        return ""
    if rest and ((option.startswith(rest) and len(rest) >= 3) or rest.startswith(option)):
        return letter
    return ""


def _true_false(lines: list[Line]) -> TrueFalseResponse:
    number = lines[0][0]
    written = " ".join(text for _, text in lines).strip()
    word = normalize_text(written)
    if word in TRUE_WORDS:
        return TrueFalseResponse(True)
    if word in FALSE_WORDS:
        return TrueFalseResponse(False)
    raise AnswerProblem(
        number,
        f"'{shorten(written)}' is neither true nor false",
        "write 'true' or 'false' after 'Answer:'",
    )


def _matching(lines: list[Line], layout: Layout, count: int) -> MatchingResponse:
    """Pairs like ``1-b, 2-a`` (also ``1b``, ``1: b``, ``1 -> b``), on one line or several."""
    chosen: list[int | None] = [None] * count
    where: dict[int, int] = {}
    for number, text in lines:
        text = _plain(text)
        rest = _PAIR.sub(" ", text)
        if _NOT_PAIRS.sub("", rest):
            raise AnswerProblem(
                number,
                f"cannot read '{shorten(text)}' as pairs",
                "write a number and a letter for each pair, e.g. '1-b, 2-a, 3-c'",
            )
        for match in _PAIR.finditer(text):
            written = match.group(1) or match.group(3)
            left = _position(written)
            if not 1 <= left <= count:
                raise AnswerProblem(
                    number,
                    f"there is no item {shorten(written, 12)} to match (items are 1 to {count})",
                    "use the numbers shown in front of the items",
                )
            if match.group(2) is None:
                continue  # "2-" left as the sheet printed it
            letter = match.group(2).lower()
            try:
                right = layout.index(letter)
            except ValueError:
                raise AnswerProblem(
                    number,
                    f"'{letter}' is not one of this question's letters ({_letter_range(layout)})",
                    "match each number to one of the lettered entries",
                ) from None
            if left in where and chosen[left - 1] != right:
                raise AnswerProblem(
                    number,
                    f"item {left} is matched twice (also on line {where[left]})",
                    "give one letter for each number",
                )
            where[left] = number
            chosen[left - 1] = right
    return MatchingResponse(tuple(chosen))


def _cloze(lines: list[Line], count: int) -> ClozeResponse:
    """Blanks as ``1: genocide`` lines; unnumbered text fits only if it is unambiguous."""
    blanks: list[str] = [""] * count
    where: dict[int, int] = {}
    current: int | None = None
    loose: list[Line] = []
    # "1: prevent; 2: punish" on one line is read as two lines.
    lines = [(n, piece) for n, text in lines for piece in _INLINE_BLANKS.split(text)]
    for number, text in lines:
        match = _BLANK_LINE.match(text)
        blank, value = (_position(match.group(1)), match.group(2).strip()) if match else (0, "")
        if match is None or (not 1 <= blank <= count and not value):
            # Not numbered (or "2005." alone, an answer rather than blank 2005).
            if current is None:
                loose.append((number, text))
            else:  # a wrapped line continues the blank above
                blanks[current - 1] = f"{blanks[current - 1]} {text}".strip()
            continue
        if not 1 <= blank <= count:
            raise AnswerProblem(
                number,
                f"there is no blank {shorten(match.group(1), 12)} (blanks are 1 to {count})",
                "number your answers like the blanks in the text",
            )
        if blank in where and blanks[blank - 1] and value:
            raise AnswerProblem(
                number,
                f"blank {blank} is answered twice (also on line {where[blank]})",
                "give one answer for each blank",
            )
        where[blank] = number
        blanks[blank - 1] = blanks[blank - 1] or value
        current = blank
    if loose:
        if where:
            raise AnswerProblem(
                loose[0][0],
                "this line has no blank number",
                "start each answer with its blank number, e.g. '1: genocide'",
            )
        text = " ".join(t for _, t in loose)
        parts = [text] if count == 1 else [p.strip() for p in re.split(r"[;,]", text)]
        if len(parts) != count:
            raise AnswerProblem(
                loose[0][0],
                f"cannot tell which answer goes in which of the {count} blanks",
                "write one line per blank, e.g. '1: genocide' and '2: war crimes'",
            )
        blanks = parts
    return ClozeResponse(tuple(blanks))
