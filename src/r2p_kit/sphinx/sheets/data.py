"""What the "Check your exercise sheet" page knows about a module: the self-check data of
each question (salted hashes, never answers; :mod:`r2p_kit.sphinx.quiz.selfcheck`) plus
what reading a sheet needs (which token each printed letter stands for) and what the
report shows after an attempt (feedback, hints, the correct answer, the explanation),
sealed like the quizzes' text. sheet.js reads a sheet with it as check/sheet.py and
check/answers.py do, and marks it with quiz.js's matcher.
"""

from __future__ import annotations

import json
from typing import Any

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Matching,
    ModuleBank,
    Ordering,
    Question,
    ShortAnswer,
)
from r2p_kit.check.answers import FALSE_WORDS, MAX_ANSWER_CHARS, MAX_ESSAY_CHARS, TRUE_WORDS
from r2p_kit.check.layout import LETTERS, layout_question
from r2p_kit.check.normalize import normalized
from r2p_kit.check.report import status_words
from r2p_kit.check.sheet import MAX_SHEET_BYTES
from r2p_kit.check.solution import correct_answer
from r2p_kit.markup import Element, Node, parse_inline
from r2p_kit.sphinx.quiz.selfcheck import seal, self_check


def reading_rules() -> dict[str, Any]:
    """What sheet.js reads and reports with, from the tables ``r2p-kit check`` uses: the words
    for true and false, the letters, the size limits, and each status as the report words it."""
    return {
        "true": sorted(TRUE_WORDS),
        "false": sorted(FALSE_WORDS),
        "letters": LETTERS,
        "max_bytes": MAX_SHEET_BYTES,
        "max_answer": MAX_ANSWER_CHARS,
        "max_essay": MAX_ESSAY_CHARS,
        "status": status_words(),
    }


def tree(text: str) -> list[Any]:
    """Bank Markdown as the JSON tree quiz.js ``build`` turns into DOM nodes: one paragraph."""
    return [{"tag": "p", "children": [_node(n) for n in parse_inline(text)]}] if text else []


def _node(node: Node) -> Any:
    if isinstance(node, Element):
        out: dict[str, Any] = {"tag": node.tag, "children": [_node(c) for c in node.children]}
        if node.href:
            out["href"] = node.href
        return out
    return node


def _sealed(salt: str, name: str, value: Any) -> str:
    return seal(salt, name, json.dumps(value, separators=(",", ":"), ensure_ascii=False))


def question_data(number: int, question: Question, reread: dict[str, str]) -> dict[str, Any]:
    """One question of the sheet: ``d`` for quiz.js ``evaluate``, the rest for reading
    and reporting. ``reread`` is ``{"href", "title"}`` of the section to re-read, or empty."""
    check = self_check(question)
    data = dict(check.data)
    salt = data["salt"]
    sealed = {
        "feedback": _sealed(salt, "feedback", {k: tree(v) for k, v in check.feedback.items()})
    }
    if question.hints:
        sealed["hints"] = _sealed(salt, "hints", [tree(f"Hint: {h}") for h in question.hints])
    written, meaning = correct_answer(question)
    if question.type != "essay" and written:
        shown = f"{written} ({meaning})" if meaning else written
        sealed["answer"] = _sealed(salt, "answer", tree(f"Correct answer: {shown}"))
    blanks = body.blanks if isinstance(body := question.body, Cloze) else []
    if isinstance(body, ShortAnswer):
        blanks = [body.expected]
    if blanks:  # the CLI names the spelling of a slip it accepts: "Accepted, but ...: “X”."
        sealed["spelling"] = _sealed(salt, "spelling", [blank.answers[0] for blank in blanks])
    if question.explanation:
        sealed["explanation"] = _sealed(salt, "explanation", tree(f"Why: {question.explanation}"))
    data["seal"] = sealed
    entry: dict[str, Any] = {"id": question.id, "number": number, "d": data}
    shown_order = layout_question(question).shown
    if isinstance(body, Choice | Ordering | Matching):
        # The token of each printed letter, a, b, c ...: the sheet's letters in the page's terms.
        entry["letters"] = [check.tokens[i] for i in shown_order]
        entry["shown"] = list(shown_order)  # bank order, in which the CLI lists choices
    if isinstance(body, Choice):
        entry["texts"] = [normalized(body.options[i].text) for i in shown_order]
    elif isinstance(body, Ordering):
        entry["texts"] = [normalized(body.items[i]) for i in shown_order]
    elif isinstance(body, Matching):
        entry["left"] = [" ".join(pair.left.split()) for pair in body.pairs]
    if reread:
        entry["reread"] = reread
    return entry


def module_data(
    module: ModuleBank, title: str, rereads: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """Every question of ``module`` in bank order; ``rereads`` maps a source label to its link."""
    return {
        "slug": module.slug,
        "number": module.number,
        "title": title,
        "questions": [
            question_data(n, q, rereads.get(q.source, {}))
            for n, q in enumerate(module.questions, start=1)
        ],
    }
