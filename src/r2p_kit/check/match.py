"""The one answer matcher: a question from the bank plus a response gives a scored result.

The checker, the grader and (through data generated from here) the browser self-check
all use :func:`match_answer`, so an answer earns the same marks everywhere. Responses
refer to options, items, pairs and blanks by their index in the bank, never by the
shuffled letters a sheet shows; :mod:`r2p_kit.check.layout` translates letters.

Scoring rules (a "fraction" is multiplied by the question's ``points``):

- single choice, true-false, short answer, numeric: all or nothing.
- multiple response: ``hits / correct_options - wrong_picks / wrong_options``, never
  below zero. Ticking every option therefore earns nothing, and each wrong tick costs
  as much as the share of wrong options it represents.
- ordering: ``(pairs in the right order - pairs in the wrong order) / all pairs``,
  never below zero (Kendall's tau, clamped). Swapping two neighbours among four items
  earns two thirds; a reversed or random order earns nothing on average. Items left
  out count as neither.
- matching: the share of left-hand items matched to their right-hand partner.
- cloze: the share of blanks filled correctly; each blank is matched like a short answer.
- essay: never scored. Rubric points whose keywords appear are returned as guidance
  for a human marker; the result has ``auto_scored=False`` and a score of 0.

Status: ``correct`` for full marks, ``partial`` for some, ``incorrect`` for none,
``unanswered`` when nothing was given. An answered essay is ``partial`` with
``auto_scored=False``: it is waiting for a human, not wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeVar, assert_never

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
)
from r2p_kit.check.forms import (
    HONORIFICS,
    MIN_TYPO_LENGTH,
    accepted_forms,
    answer_readings,
    initials_fit,
    parenthesised_parts,
    within_one_slip,
)
from r2p_kit.check.normalize import (
    comparison_key,
    foreign_letters,
    normalized,
    read_number_answer,
)
from r2p_kit.check.stems import contains_phrase, stem, stems
from r2p_kit.markup import literal_markdown

Status = Literal["correct", "partial", "incorrect", "unanswered"]
STATUSES: tuple[Status, ...] = ("correct", "partial", "incorrect", "unanswered")


@dataclass(frozen=True)
class ChoiceResponse:
    """Options chosen, as indices into the bank's option list (single or multiple)."""

    selected: tuple[int, ...]


@dataclass(frozen=True)
class TrueFalseResponse:
    value: bool


@dataclass(frozen=True)
class TextResponse:
    """Free text: a short answer, a number as written, or an essay."""

    text: str


@dataclass(frozen=True)
class OrderResponse:
    """Items in the order the student put them, as indices into the bank's (correct) order."""

    order: tuple[int, ...]


@dataclass(frozen=True)
class MatchingResponse:
    """For each left-hand item, the chosen right-hand index, or ``None``.

    Right-hand index ``i < len(pairs)`` is the partner of left item ``i``; higher
    indices are the bank's ``extra_right`` distractors, in order.
    """

    chosen: tuple[int | None, ...]


@dataclass(frozen=True)
class ClozeResponse:
    """One string per blank, in blank order; an empty string is a blank left empty."""

    blanks: tuple[str, ...]


Response = (
    ChoiceResponse
    | TrueFalseResponse
    | TextResponse
    | OrderResponse
    | MatchingResponse
    | ClozeResponse
)


@dataclass(frozen=True)
class PartResult:
    """One option, item, pair or blank of a question with several parts."""

    index: int
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class MatchResult:
    """The verdict on one answer. ``feedback`` never gives the correct answer away."""

    status: Status
    score: float
    max_score: float
    feedback: tuple[str, ...] = ()
    parts: tuple[PartResult, ...] = ()
    auto_scored: bool = True
    guidance: tuple[str, ...] = ()

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


@dataclass(frozen=True)
class TextVerdict:
    """How one piece of text compares with a :class:`TextAnswer`."""

    answered: bool
    correct: bool
    feedback: str = ""


def match_answer(question: Question, response: Response | None) -> MatchResult:
    """Score ``response`` (``None`` if the student wrote nothing) against ``question``."""
    points = question.points
    match question.body:
        case Choice() as body:
            return _match_choice(body, _expect(response, ChoiceResponse), points)
        case TrueFalse() as body:
            return _match_true_false(body, _expect(response, TrueFalseResponse), points)
        case ShortAnswer() as body:
            return _match_short(body, _expect(response, TextResponse), points, question.prompt)
        case Numeric() as body:
            return _match_numeric(body, _expect(response, TextResponse), points)
        case Ordering() as body:
            return _match_ordering(body, _expect(response, OrderResponse), points)
        case Matching() as body:
            return _match_matching(body, _expect(response, MatchingResponse), points)
        case Cloze() as body:
            return _match_cloze(body, _expect(response, ClozeResponse), points, question.prompt)
        case Essay() as body:
            return _match_essay(body, _expect(response, TextResponse), points)
        case unknown:
            assert_never(unknown)


_R = TypeVar("_R")


def _expect(response: Response | None, kind: type[_R]) -> _R | None:
    if response is None or isinstance(response, kind):
        return response
    raise TypeError(f"expected {kind.__name__}, got {type(response).__name__}")


def _result(fraction: float, points: float, feedback: list[str], **extra: Any) -> MatchResult:
    fraction = min(1.0, max(0.0, fraction))
    if fraction >= 1.0 - 1e-9:
        status: Status = "correct"
        fraction = 1.0
    elif fraction <= 1e-9:
        status = "incorrect"
        fraction = 0.0
    else:
        status = "partial"
    return MatchResult(status, fraction * points, points, tuple(f for f in feedback if f), **extra)


def quoted(text: str, limit: int = 40) -> str:
    """A student's words inside feedback, which is Markdown: in quotation marks, cut to
    ``limit`` characters and escaped, so ``*x*`` or ``[a](b)`` reads as written in the
    terminal, the JSON report and the page (quiz.js ``quoted`` composes the same)."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"“{literal_markdown(shown)}”"


def counted(count: int, noun: str) -> str:
    """``1 item``, ``2 items``, ``0 items``: a count with its noun in the right number."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def share(count: int, total: int, noun: str, predicate: str) -> str:
    """``1 of 3 pairs is matched``, ``2 of 3 pairs are``, ``0 of 1 blank is``: the noun
    agrees with the total and the verb with the count (quiz.js ``share`` says the same)."""
    verb = "is" if count == 1 or total == 1 else "are"
    return f"{count} of {counted(total, noun)} {verb} {predicate}."


def _unanswered(points: float, *, auto_scored: bool = True) -> MatchResult:
    return MatchResult("unanswered", 0.0, points, auto_scored=auto_scored)


# -- choice -----------------------------------------------------------------------------


def _match_choice(body: Choice, response: ChoiceResponse | None, points: float) -> MatchResult:
    selected = sorted(set(response.selected)) if response else []
    if not selected:
        return _unanswered(points)
    options = body.options
    correct = set(body.correct_indices)
    if not body.multiple:
        if len(selected) > 1:
            return _result(0.0, points, [f"Choose one option only; you chose {len(selected)}."])
        option = options[selected[0]]
        return _result(1.0 if option.correct else 0.0, points, [option.feedback])
    chosen = set(selected)
    hits = [i for i in selected if i in correct]
    wrong_picks = [i for i in selected if i not in correct]
    n_wrong = len(options) - len(correct)
    fraction = len(hits) / len(correct) - (len(wrong_picks) / n_wrong if n_wrong else 0.0)
    feedback = [options[i].feedback for i in wrong_picks]
    missed = len(correct) - len(hits)
    if missed:
        feedback.append(f"You left out {counted(missed, 'correct option')}.")
    if wrong_picks:
        n = len(wrong_picks)
        feedback.append(f"{n} of your choices {'is' if n == 1 else 'are'} not correct.")
    parts = tuple(
        PartResult(i, (i in correct) == (i in chosen), options[i].feedback if i in chosen else "")
        for i in range(len(options))
    )
    return _result(fraction, points, feedback, parts=parts)


def _match_true_false(
    body: TrueFalse, response: TrueFalseResponse | None, points: float
) -> MatchResult:
    if response is None:
        return _unanswered(points)
    feedback = body.feedback_true if response.value else body.feedback_false
    return _result(1.0 if response.value == body.answer else 0.0, points, [feedback])


# -- text -------------------------------------------------------------------------------


def match_text(
    text: str,
    expected: TextAnswer,
    *,
    elsewhere: Sequence[TextAnswer] = (),
    context: frozenset[str] = frozenset(),
) -> TextVerdict:
    """Compare ``text`` with the accepted forms of ``expected``, as a careful marker would.

    Correct: the text equals an accepted form after :func:`normalize_text` (case,
    punctuation, spacing, invisible characters, number words; accents unless the
    question asks for an official spelling), or is another way of writing one (see
    :mod:`r2p_kit.check.forms`: a part of "Name (ABBR)", surname first, initials, a
    remark beside the answer, words the question itself gives (``context``, as stems)
    repeated around it). Never by containment: "not genocide" is not "genocide".

    A listed wrong answer is wrong, accents and all ("Còte d'Ivoire" is the article's
    slip even where accents are optional).

    A slip (:func:`~r2p_kit.check.forms.within_one_slip`) is forgiven, with a note, in an
    accepted form of six or more characters, when the bank allows typos, and only when
    the text is not also within one slip of a known wrong answer, of another blank's
    answers (``elsewhere``) or of the module's other answers and distractors
    (``expected.rivals``). So "homocide" never passes for "genocide".
    """
    accents = expected.accents_optional
    key = comparison_key(text, accents)
    if not key:
        return TextVerdict(answered=False, correct=False)
    if foreign_letters(text) and not any(foreign_letters(a) for a in expected.answers):
        return TextVerdict(True, False, FOREIGN_LETTERS)
    exact_wrong = {comparison_key(w.text): w.feedback for w in expected.wrong_answers}
    if comparison_key(text) in exact_wrong:
        return TextVerdict(True, False, exact_wrong[comparison_key(text)])
    accepted = accepted_keys(expected)
    wrong = {comparison_key(w.text, accents): w.feedback for w in expected.wrong_answers}
    other_blanks = {k for other in elsewhere for k in accepted_keys(other)} - accepted
    rivals = frozenset({*wrong, *other_blanks, *rival_keys(expected, elsewhere)} - accepted)
    if _is_accepted(text, expected, accepted, rivals, context):
        return TextVerdict(True, True)
    for core in _cores(text, accents, rivals, context):
        if "".join(core) in wrong:
            return TextVerdict(True, False, wrong["".join(core)])
    if key in other_blanks:
        return TextVerdict(True, False, OTHER_BLANK)
    near_accepted = any(within_one_slip(key, a) for a in accepted)
    near_rival = any(within_one_slip(key, r) for r in rivals)
    if near_accepted and not near_rival and _typos_allowed(expected, key, accepted):
        return TextVerdict(True, True, f"{SPELLING_SLIP}: “{expected.answers[0]}”.")
    for wrong_key, feedback in wrong.items():
        if feedback and within_one_slip(key, wrong_key):
            return TextVerdict(True, False, feedback)
    if near_accepted and not near_rival:
        return TextVerdict(True, False, CLOSE_SPELLING)
    return TextVerdict(True, False)


FOREIGN_LETTERS = (
    "Your answer contains letters from another alphabet that look like Latin ones; "
    "type it again with a Latin keyboard layout."
)
# The matcher's own sentences; quiz.js gets them from here (selfcheck.matcher_tables).
SPELLING_SLIP = "Accepted, but check the spelling"  # the page says this much, the CLI adds the word
OTHER_BLANK = "That answer belongs in another blank."
CLOSE_SPELLING = "This is close: check the spelling."
LEFT_EMPTY = "Left empty."
ESSAY_NOTE = "Your instructor marks this answer; the checker gives no score for it."
# Longer answers are compared as written: setting words aside is for short answers.
MAX_CORE_WORDS = 16
# Never set aside as words the question gives: they change what the answer says.
NEGATIONS = frozenset({"not", "no", "never", "neither", "nor", "non", "without"})


@lru_cache(maxsize=4096)
def accepted_keys(expected: TextAnswer) -> frozenset[str]:
    accents = expected.accents_optional
    return frozenset(
        comparison_key(form, accents)
        for answer in expected.answers
        for form in accepted_forms(answer)
    )


@lru_cache(maxsize=4096)
def accepted_words(expected: TextAnswer) -> tuple[tuple[str, ...], ...]:
    accents = expected.accents_optional
    return tuple(
        tuple(normalized(form, accents).split())
        for answer in expected.answers
        for form in accepted_forms(answer)
    )


def rival_keys(expected: TextAnswer, elsewhere: Sequence[TextAnswer]) -> set[str]:
    accents = expected.accents_optional
    keys = {comparison_key(r, accents) for r in expected.rivals}
    for other in elsewhere:
        keys |= {comparison_key(w.text, accents) for w in other.wrong_answers}
    return keys


def _cores(
    text: str, accents: bool, rivals: frozenset[str], context: frozenset[str]
) -> Iterator[list[str]]:
    """The words a student's answer comes down to, each way it can fairly be read.

    Each reading of :func:`~r2p_kit.check.forms.answer_readings` (unless its remark names
    another answer), then its core once a leading honorific and words the question gives
    (never a negation, never another answer) are set aside.
    """
    for reading in answer_readings(text):
        if reading.remark and _names_a_rival(normalized(reading.remark, accents).split(), rivals):
            continue
        words = normalized(reading.answer, accents).split()
        start = 1 if words and words[0] in HONORIFICS else 0
        if len(words) > MAX_CORE_WORDS:  # not a short answer: read as written only
            yield words[start:]
            continue
        given = [stem(word) in context and word not in NEGATIONS for word in words]
        for first in range(start, len(words)):
            if not all(given[start:first]):
                break
            for last in range(len(words), first, -1):
                if not all(given[last:]):
                    break
                around = words[start:first] + words[last:]
                if not around or not _names_a_rival(around, rivals):
                    yield words[first:last]


def _is_accepted(
    text: str,
    expected: TextAnswer,
    accepted: frozenset[str],
    rivals: frozenset[str],
    context: frozenset[str],
) -> bool:
    accents = expected.accents_optional
    forms = accepted_words(expected)
    for core in _cores(text, accents, rivals, context):
        if "".join(core) in accepted or any(initials_fit(core, list(form)) for form in forms):
            return True
    parts = parenthesised_parts(text)
    return parts is not None and all(comparison_key(p, accents) in accepted for p in parts)


def _names_a_rival(words: list[str], rivals: frozenset[str]) -> bool:
    """True when a run of ``words`` is another answer: a hedge, not a remark."""
    longest = max(map(len, rivals), default=0)
    for first in range(len(words)):
        run = ""
        for word in words[first:]:
            run += word
            if len(run) > longest:
                break
            if run in rivals:
                return True
    return False


def _typos_allowed(expected: TextAnswer, key: str, accepted: frozenset[str]) -> bool:
    """On when the bank allows it, for accepted forms of six or more characters."""
    if expected.typo_tolerance < 1:
        return False
    return any(len(a) >= MIN_TYPO_LENGTH and within_one_slip(key, a) for a in accepted)


def given_words(text: str) -> frozenset[str]:
    """Stems of the words a question shows (its prompt; a cloze's passage too), which a
    student may repeat around an answer: "sovereignty as responsibility", "Chapter VIII"."""
    return frozenset(stems(normalized(text, True).split()))


def _match_short(
    body: ShortAnswer, response: TextResponse | None, points: float, prompt: str
) -> MatchResult:
    verdict = match_text(
        response.text if response else "", body.expected, context=given_words(prompt)
    )
    if not verdict.answered:
        return _unanswered(points)
    return _result(1.0 if verdict.correct else 0.0, points, [verdict.feedback])


def _match_numeric(body: Numeric, response: TextResponse | None, points: float) -> MatchResult:
    text = response.text.strip() if response else ""
    if not text:
        return _unanswered(points)
    reading = read_number_answer(text, year=body.asks == "year")
    if reading.value is None:
        return _result(0.0, points, [f"{quoted(text)} is not one number; write it like this: 42."])
    low, high = body.bounds
    slack = 1e-9 * max(1.0, abs(low), abs(high))
    if low - slack <= reading.value <= high + slack:
        return _result(1.0, points, [reading.note])
    direction = "high" if reading.value > high else "low"
    return _result(0.0, points, [f"Your number is too {direction}."])


# -- ordering, matching, cloze ----------------------------------------------------------


def _match_ordering(body: Ordering, response: OrderResponse | None, points: float) -> MatchResult:
    order = list(dict.fromkeys(response.order)) if response else []
    if not order:
        return _unanswered(points)
    n = len(body.items)
    position = {item: place for place, item in enumerate(order)}
    concordant = discordant = 0
    for first in range(n):
        for second in range(first + 1, n):
            if first in position and second in position:
                if position[first] < position[second]:
                    concordant += 1
                else:
                    discordant += 1
    total = n * (n - 1) // 2
    fraction = 1.0 if order == list(range(n)) else (concordant - discordant) / max(total, 1)
    feedback = [] if fraction >= 1.0 else [share(concordant, total, "pair", "in the right order")]
    missing = n - len(position)
    if missing:
        feedback.append(f"You left out {counted(missing, 'item')}.")
    parts = tuple(PartResult(i, position.get(i) == i) for i in range(n))
    return _result(fraction, points, feedback, parts=parts)


def _match_matching(
    body: Matching, response: MatchingResponse | None, points: float
) -> MatchResult:
    n = len(body.pairs)
    chosen = list(response.chosen[:n]) if response else []
    chosen += [None] * (n - len(chosen))
    if all(c is None for c in chosen):
        return _unanswered(points)
    parts = tuple(PartResult(i, chosen[i] == i) for i in range(n))
    right = sum(part.correct for part in parts)
    feedback = [] if right == n else [share(right, n, "pair", "matched correctly")]
    return _result(right / n, points, feedback, parts=parts)


def _match_cloze(
    body: Cloze, response: ClozeResponse | None, points: float, prompt: str
) -> MatchResult:
    n = len(body.blanks)
    given = list(response.blanks[:n]) if response else []
    given += [""] * (n - len(given))
    context = given_words(f"{prompt} {body.fill(lambda n: ' ')}")
    verdicts = [
        match_text(
            given[i], blank, elsewhere=body.blanks[:i] + body.blanks[i + 1 :], context=context
        )
        for i, blank in enumerate(body.blanks)
    ]
    if not any(v.answered for v in verdicts):
        return _unanswered(points)
    parts = tuple(
        PartResult(i, v.correct, v.feedback if v.answered else LEFT_EMPTY)
        for i, v in enumerate(verdicts)
    )
    right = sum(v.correct for v in verdicts)
    feedback = [] if right == n else [share(right, n, "blank", "correct")]
    return _result(right / n, points, feedback, parts=parts)


# -- essay ------------------------------------------------------------------------------


def _length_note(count: int, words: tuple[int, int] | None) -> str:
    """How the answer's length compares with the length the question asks for."""
    if words is None:
        return ""
    fewest, most = words
    asked = (
        f"Your answer has {counted(count, 'word')}; the question asks for {fewest} to {most} words"
    )
    if count < fewest:
        return f"{asked}: say more."
    if count > most:
        return f"{asked}: cut it down."
    return f"{asked}."


def _essay_stems(text: str) -> tuple[str, ...]:
    """The stems of an essay's words, so keywords match any form and spelling of a word."""
    return stems(normalized(text, True).split())


def _match_essay(body: Essay, response: TextResponse | None, points: float) -> MatchResult:
    text = response.text if response else ""
    essay = _essay_stems(text)
    if not essay:
        return _unanswered(points, auto_scored=False)
    guidance = []
    for rubric in body.rubric:
        found = [k for k in rubric.keywords if contains_phrase(essay, _essay_stems(k))]
        if found:
            guidance.append(f"{rubric.point} (mentions: {', '.join(found)})")
    feedback = [
        ESSAY_NOTE,
        _length_note(len(text.split()), body.words),
    ]
    if body.rubric:
        feedback.append(
            f"Your answer seems to touch {len(guidance)} of {counted(len(body.rubric), 'point')} "
            "a good answer covers; this is guidance, not a mark."
        )
    return MatchResult(
        "partial",
        0.0,
        points,
        tuple(f for f in feedback if f),
        auto_scored=False,
        guidance=tuple(guidance),
    )


# -- responses as plain data ------------------------------------------------------------


def response_from_data(question: Question, data: Any) -> Response | None:
    """Build a response from JSON-like data, the form shared test vectors and the browser use.

    single/multiple: list of option indices; true-false: boolean; short, numeric, essay:
    string; ordering: list of item indices; matching: list (one per left item) of right
    indices or null; cloze: list of strings. ``None`` means unanswered.
    """
    if data is None:
        return None
    body = question.body
    if isinstance(body, Choice):
        return ChoiceResponse(tuple(int(i) for i in data))
    if isinstance(body, TrueFalse):
        return TrueFalseResponse(bool(data))
    if isinstance(body, ShortAnswer | Numeric | Essay):
        return TextResponse(str(data))
    if isinstance(body, Ordering):
        return OrderResponse(tuple(int(i) for i in data))
    if isinstance(body, Matching):
        return MatchingResponse(tuple(None if i is None else int(i) for i in data))
    if isinstance(body, Cloze):
        return ClozeResponse(tuple(str(s) for s in data))
    raise TypeError(f"unknown question body {type(body).__name__}")
