"""What the browser needs to check an answer: salted hashes of right answers, never answers.

Every key is ``sha256(salt:part:value)`` cut to 16 hex digits, where ``value`` is an
answer in the canonical form the one matcher (:mod:`r2p_kit.check.match`) compares:
a comparison key of text, a token standing for an option, or a number on a fixed grid.
The page hashes what the student gave in the same way and looks the key up; it never
holds the answer itself. For text, the page follows ``match_text`` step by step, so it
also gets (per blank ``i``) the keys of wrong answers, of the module's rivals (every run
of a student's words is looked up there, to tell a remark from a second answer), of
accepted names with given names as initials, and, cut to 8 hex digits (``near``), of
one-deletion neighbourhoods: two keys are one slip apart exactly when their
neighbourhoods meet, so typo tolerance needs no answer in the page.

Text shown after an attempt (explanations, the answer, feedback) is *sealed*: XORed
with a SHA-256 keystream, so it is absent from view-source, search and find-in-page
until the student asks for it. Sealing is not secrecy: the salt is in the page. A
self-check grades nothing, and the issue asks only that nobody is spoiled.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
from r2p_kit.check.forms import HONORIFICS, MIN_TYPO_LENGTH, one_deletion_variants
from r2p_kit.check.layout import right_hand
from r2p_kit.check.match import (
    CLOSE_SPELLING,
    ESSAY_NOTE,
    FOREIGN_LETTERS,
    LEFT_EMPTY,
    NEGATIONS,
    OTHER_BLANK,
    SPELLING_SLIP,
    TextResponse,
    accepted_keys,
    accepted_words,
    given_words,
    match_answer,
    rival_keys,
)
from r2p_kit.check.normalize import MONTHS, YEAR_ONLY, comparison_key, foreign_letters
from r2p_kit.check.numbers import CARDINALS, ORDINAL_SCALES, ORDINALS, SCALES
from r2p_kit.check.stems import ENDINGS, MIN_STEM, SPELLING_ENDINGS

KEY_HEX_DIGITS = 16
NEAR_HEX_DIGITS = 8  # neighbourhood and rival keys: a collision only ever refuses credit
# Given names an accepted name may have as initials are listed up to this many words.
MAX_INITIALS_WORDS = 8
MAX_NUMERIC_KEYS = 500  # numbers on the grid a page may accept; wider ranges fall back
MAX_DECIMALS = 4


# The element that carries :func:`matcher_tables` on every page that loads quiz.js.
MATCHER_TABLES_ID = "r2p-matcher"


def matcher_tables() -> dict[str, Any]:
    """The word lists quiz.js matches with and the matcher's sentences, taken from the checker's
    own tables (numbers.py, stems.py, forms.py, normalize.py, match.py), so the two sides
    cannot drift apart."""
    return {
        "cardinals": {**CARDINALS, **SCALES},
        "ordinals": {**ORDINALS, **ORDINAL_SCALES},
        "spellings": [list(pair) for pair in SPELLING_ENDINGS],
        "endings": list(ENDINGS),  # longest first, as stems.stem tries them
        "min_stem": MIN_STEM,
        "honorifics": sorted(HONORIFICS),
        "negations": sorted(NEGATIONS),
        "months": list(MONTHS),
        "messages": {
            "foreign": FOREIGN_LETTERS,
            "other_blank": OTHER_BLANK,
            "slip": f"{SPELLING_SLIP}.",
            "close": CLOSE_SPELLING,
            "empty": LEFT_EMPTY,
            "essay": ESSAY_NOTE,
            "year": YEAR_ONLY,
        },
    }


def matcher_tables_json() -> str:
    """:func:`matcher_tables` as the body of a ``<script type="application/json">``."""
    text = json.dumps(matcher_tables(), separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c")  # nothing in a script body may close the element


def question_salt(question_id: str) -> str:
    """A per-question salt: the same on every build, different for every question."""
    return hashlib.sha256(f"r2p-kit self-check\0{question_id}".encode()).hexdigest()[:16]


def answer_key(salt: str, part: str, value: str) -> str:
    """The key for ``value`` given in ``part``; quiz.js computes the same string."""
    digest = hashlib.sha256(f"{salt}:{part}:{value}".encode()).hexdigest()
    return digest[:KEY_HEX_DIGITS]


def near_key(salt: str, part: str, value: str) -> str:
    """A short key, for the large sets: neighbourhoods and rivals."""
    return answer_key(salt, part, value)[:NEAR_HEX_DIGITS]


def token(salt: str, kind: str, index: int) -> str:
    """An opaque name for the bank's option, item or right-hand entry ``index``."""
    return hashlib.sha256(f"{salt}:{kind}:{index}".encode()).hexdigest()[:10]


def seal(salt: str, name: str, text: str) -> str:
    """``text`` XORed with a SHA-256 keystream, base64; quiz.js ``unseal`` reverses it."""
    return base64.b64encode(_keystream_xor(salt, name, text.encode())).decode()


def unseal(salt: str, name: str, sealed: str) -> str:
    """The inverse of :func:`seal` (XOR is its own inverse); used by tests."""
    return _keystream_xor(salt, name, base64.b64decode(sealed)).decode()


def _keystream_xor(salt: str, name: str, data: bytes) -> bytes:
    blocks = math.ceil(len(data) / 32)
    stream = b"".join(
        hashlib.sha256(f"{salt}:seal:{name}:{block}".encode()).digest() for block in range(blocks)
    )[: len(data)]
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(len(data), "big")


@dataclass
class SelfCheck:
    """The page's data for one question, the tokens the inputs carry, and feedback to seal.

    ``tokens`` are indexed like the bank: options, ordering items, or the right-hand
    entries of a matching question (partners first, then distractors). ``feedback``
    maps what the page computes for a response (a token, ``true``/``false``, or the key
    of a known wrong answer) to the bank's Markdown feedback for it. ``near`` collects
    the short keys of text questions (see :func:`_blank_keys`).
    """

    data: dict[str, Any]
    tokens: tuple[str, ...] = ()
    feedback: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    near: set[str] = field(default_factory=set)
    longest: int = 0  # the longest value with a key in ``near``: the page hashes no longer text


def self_check(question: Question) -> SelfCheck:
    """Build the self-check data for ``question``; see quiz.js ``evaluate`` for the reader."""
    salt = question_salt(question.id)
    data: dict[str, Any] = {"type": question.type, "salt": salt, "points": question.points}
    body = question.body
    result = SelfCheck(data)
    keys: list[str] = []
    if isinstance(body, Choice):
        result.tokens = tuple(token(salt, "option", i) for i in range(len(body.options)))
        if body.multiple:
            data["options"] = sorted(result.tokens)
            for tok, option in zip(result.tokens, body.options, strict=True):
                keys.append(answer_key(salt, tok, "1" if option.correct else "0"))
        else:
            keys += [answer_key(salt, "0", result.tokens[i]) for i in body.correct_indices]
        result.feedback = {
            tok: option.feedback
            for tok, option in zip(result.tokens, body.options, strict=True)
            if option.feedback
        }
    elif isinstance(body, TrueFalse):
        keys.append(answer_key(salt, "0", "true" if body.answer else "false"))
        result.feedback = {
            name: text
            for name, text in (("true", body.feedback_true), ("false", body.feedback_false))
            if text
        }
    elif isinstance(body, ShortAnswer):
        _text_data(question, [body.expected], given_words(question.prompt), keys, result)
    elif isinstance(body, Numeric):
        decimals, values, complete = _numeric_grid(question, body)
        data["decimals"] = decimals
        if body.asks == "year":
            data["year"] = 1
        keys += [answer_key(salt, "0", value) for value in values]
        if not complete:
            result.notes.append(
                f"the accepted range of {question.id} is too wide to list for the browser; "
                "the page accepts only the exact answer (r2p-kit check accepts the whole range)"
            )
    elif isinstance(body, Ordering):
        result.tokens = tuple(token(salt, "item", i) for i in range(len(body.items)))
        data["n"] = len(body.items)
        for i, first in enumerate(result.tokens):
            keys.append(answer_key(salt, f"p{i}", first))
            keys += [answer_key(salt, "o", f"{first}<{later}") for later in result.tokens[i + 1 :]]
    elif isinstance(body, Matching):
        result.tokens = tuple(token(salt, "right", i) for i in range(len(right_hand(body))))
        data["n"] = len(body.pairs)
        keys += [answer_key(salt, f"m{i}", result.tokens[i]) for i in range(len(body.pairs))]
    elif isinstance(body, Cloze):
        context = given_words(f"{question.prompt} {body.fill(lambda n: ' ')}")
        _text_data(question, list(body.blanks), context, keys, result)
    elif isinstance(body, Essay):
        _essay_data(body, data)
    data["keys"] = sorted(set(keys))
    if result.near:
        data["near"] = sorted(result.near)
        data["longest"] = result.longest
    return result


def _text_data(
    question: Question,
    blanks: list[TextAnswer],
    context: frozenset[str],
    keys: list[str],
    result: SelfCheck,
) -> None:
    """The data ``match_text`` needs for each blank (a short answer is blank 0), hashed.

    The context stems (the words the question itself shows) are given in clear.
    """
    data = result.data
    data["accents"] = [int(blank.accents_optional) for blank in blanks]
    data["foreign"] = [int(any(foreign_letters(a) for a in blank.answers)) for blank in blanks]
    data["context"] = sorted(context)
    data["nw"] = []
    for i, expected in enumerate(blanks):
        elsewhere = blanks[:i] + blanks[i + 1 :]
        data["nw"].append(_blank_keys(question, i, expected, elsewhere, keys, result))


def _blank_keys(
    question: Question,
    i: int,
    expected: TextAnswer,
    elsewhere: list[TextAnswer],
    keys: list[str],
    result: SelfCheck,
) -> list[str]:
    """Keys of blank ``i`` as ``match_text`` computes its sets; returns the keys of the
    wrong answers with feedback whose one-slip neighbourhoods the page tries, in order.

    Parts (suffixed with ``i``) in ``keys``: ``a`` accepted keys, ``i`` accepted names
    with initials, ``e`` and ``w`` wrong answers with accents kept and as compared
    (their keys name their sealed feedback), ``x`` other blanks' answers. In ``near``
    (8 hex digits): ``r`` rivals, and the one-deletion neighbourhoods ``c`` of accepted
    keys ("close"), ``t`` of those open to a slip, ``s`` of rivals within two characters
    of an accepted key's length, and ``n<key>`` of each wrong answer with feedback.
    """
    salt, accents = result.data["salt"], expected.accents_optional

    def hashed(part: str, values: set[str] | frozenset[str]) -> None:
        keys.extend(answer_key(salt, f"{part}{i}", value) for value in values)

    def neighbourhoods(part: str, values: set[str] | frozenset[str]) -> None:
        result.longest = max([result.longest, *map(len, values)])
        result.near.update(
            near_key(salt, part, variant)
            for value in values
            for variant in one_deletion_variants(value)
        )

    accepted = accepted_keys(expected)
    hashed("a", accepted)
    hashed("i", _initials_variants(question, accepted_words(expected), result))
    exact_wrong = {comparison_key(w.text): w.feedback for w in expected.wrong_answers}
    wrong = {comparison_key(w.text, accents): w.feedback for w in expected.wrong_answers}
    for part, wrong_keys in (("e", exact_wrong), ("w", wrong)):
        for value, feedback in wrong_keys.items():
            keys.append(answer_key(salt, f"{part}{i}", value))
            if feedback:
                result.feedback[answer_key(salt, f"{part}{i}", value)] = feedback
    other_blanks = {k for other in elsewhere for k in accepted_keys(other)} - accepted
    hashed("x", other_blanks)
    rivals = {*wrong, *other_blanks, *rival_keys(expected, elsewhere)} - accepted
    result.near.update(near_key(salt, f"r{i}", rival) for rival in rivals)
    result.longest = max([result.longest, *map(len, rivals)])
    lengths = {len(a) for a in accepted}
    neighbourhoods(f"c{i}", accepted)
    near_rivals = {r for r in rivals if any(abs(len(r) - n) <= 2 for n in lengths)}
    neighbourhoods(f"s{i}", near_rivals)
    if expected.typo_tolerance >= 1:
        neighbourhoods(f"t{i}", {a for a in accepted if len(a) >= MIN_TYPO_LENGTH})
    near_wrong = []
    for value, feedback in wrong.items():
        if feedback:
            wrong_key = answer_key(salt, f"w{i}", value)
            neighbourhoods(f"n{wrong_key}", {value})
            near_wrong.append(wrong_key)
    return near_wrong


def _initials_variants(
    question: Question, forms: tuple[tuple[str, ...], ...], result: SelfCheck
) -> set[str]:
    """Accepted names with one or more given names as initials ("i carlsson"), the way
    ``initials_fit`` accepts them, as space-joined words."""
    variants = set()
    for form in forms:
        if len(form) > MAX_INITIALS_WORDS:
            result.notes.append(
                f"{question.id}: the browser accepts no initials in an accepted answer of over "
                f"{MAX_INITIALS_WORDS} words (r2p-kit check does); list a shorter form of it"
            )
            continue
        given = len(form) - 1
        for mask in range(1, 2**given if given > 0 else 1):
            words = [w[0] if mask >> n & 1 else w for n, w in enumerate(form[:-1])]
            if words != list(form[:-1]):
                variants.add(" ".join([*words, form[-1]]))
    return variants


def _essay_data(body: Essay, data: dict[str, Any]) -> None:
    """The length asked for, which the page counts words against."""
    if body.words is not None:
        data["words"] = list(body.words)


def decimals_of(value: float) -> int:
    """Digits after the point that ``value`` needs: 2005.0 -> 0, 2.5 -> 1."""
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return min(MAX_DECIMALS, max(0, -int(exponent)))


def format_number(value: float, decimals: int) -> str:
    """The canonical text of a number on the grid; quiz.js writes ``v.toFixed(decimals)``."""
    return f"{value:.{decimals}f}"


def _numeric_grid(question: Question, body: Numeric) -> tuple[int, list[str], bool]:
    """The numbers the matcher accepts, on the finest grid the bank's numbers use.

    Each candidate goes through :func:`match_answer`, so the page accepts exactly what
    the checker accepts on that grid. Returns (decimals, accepted texts, complete).
    """
    low, high = body.bounds
    decimals = max(decimals_of(v) for v in (body.answer, low, high, body.tolerance))
    scale = 10**decimals
    first, last = math.ceil(low * scale - 1e-6), math.floor(high * scale + 1e-6)
    if last - first + 1 > MAX_NUMERIC_KEYS:
        return decimals, [format_number(body.answer, decimals)], False
    candidates = [format_number(k / scale, decimals) for k in range(first, last + 1)]
    accepted = [
        text
        for text in candidates
        if match_answer(question, TextResponse(text)).status == "correct"
    ]
    return decimals, accepted, True
