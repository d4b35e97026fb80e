"""JSON: every variant of a run in one documented, versioned file, for other tools to read.

Schema ``r2p-kit-quiz``, version 1::

    {"format": "r2p-kit-quiz", "version": 1, "title": str, "seed": str,
     "variants": [{"label": str, "code": str, "points": number,
                   "student": {"id", "name", "email"} | null,
                   "questions": [QUESTION, ...]}]}

QUESTION has the keys of the bank format (``docs/modules/NN-slug/questions.yaml``:
id, type, prompt, explanation, hints, source, objective, difficulty, level, points, shuffle,
tags, cue_ok and the type's own fields, always all present) plus ``module``, and ``display``:
the shown order of ordering items or matching right-hand column. Options and pairs
are in the order this variant shows them. :func:`question_from_dict` reads a QUESTION
back into the model, and the tests check that the round trip is exact.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, assert_never

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    CueRecord,
    Essay,
    LevelDescriptors,
    Matching,
    Numeric,
    Option,
    Ordering,
    Pair,
    Question,
    RubricPoint,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
    WrongAnswer,
)
from r2p_kit.quiz.generate import Quiz

FORMAT = "r2p-kit-quiz"
VERSION = 1


def export_json(quiz: Quiz) -> str:
    """The document, one question per line so that it stays readable and fast to write."""
    return "".join(json_chunks(quiz))


def json_chunks(quiz: Quiz) -> Iterator[str]:
    """:func:`export_json` in pieces, one per variant, so a large run is written as it is
    made instead of held in memory whole (issue 12, item 6)."""
    head = json.dumps(
        {"format": FORMAT, "version": VERSION, "title": quiz.title, "seed": quiz.seed},
        indent=2,
        ensure_ascii=False,
    )
    yield f'{head[:-2]},\n  "variants": [\n'
    separator = ""
    for variant in quiz.variants:
        student = None
        if variant.student is not None:
            student = {
                "id": variant.student.id,
                "name": variant.student.name,
                "email": variant.student.email,
            }
        fields = _compact(
            {"label": variant.label, "code": variant.code, "points": variant.points,
             "student": student}
        )  # fmt: skip
        questions = ",\n      ".join(
            f'{_question_json(item.question)[:-1]}, "display": {_compact(list(item.display))}}}'
            for item in variant.items
        )
        yield f'{separator}    {fields[:-1]}, "questions": [\n      {questions}\n    ]}}'
        separator = ",\n"
    yield "\n  ]\n}\n"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


@lru_cache(maxsize=4096)
def _question_json(question: Question) -> str:
    return _compact(question_to_dict(question))


def question_to_dict(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type,
        "module": question.module,
        "prompt": question.prompt,
        "explanation": question.explanation,
        "hints": list(question.hints),
        "source": question.source,
        "objective": question.objective,
        "difficulty": question.difficulty,
        "level": question.level,
        "points": question.points,
        "shuffle": question.shuffle,
        "tags": list(question.tags),
        "cue_ok": [{"question": c.question, "reason": c.reason} for c in question.cue_ok],
    }
    match question.body:
        case Choice() as body:
            data["options"] = [
                {"text": o.text, "correct": o.correct, "feedback": o.feedback} for o in body.options
            ]
        case TrueFalse() as body:
            data.update(
                answer=body.answer,
                feedback_true=body.feedback_true,
                feedback_false=body.feedback_false,
            )
        case ShortAnswer() as body:
            data.update(_text_answer(body.expected))
        case Numeric() as body:
            data.update(
                answer=body.answer,
                tolerance=body.tolerance,
                range=None if body.low is None else [body.low, body.high],
                unit=body.unit,
                asks=body.asks,
            )
        case Ordering() as body:
            data["items"] = list(body.items)
        case Matching() as body:
            data["pairs"] = [{"left": p.left, "right": p.right} for p in body.pairs]
            data["extra_right"] = list(body.extra_right)
        case Cloze() as body:
            data["text"] = body.text
            data["blanks"] = [_text_answer(b) for b in body.blanks]
        case Essay() as body:
            data["rubric"] = [_rubric_point(p) for p in body.rubric]
            data["words"] = None if body.words is None else list(body.words)
        case _ as never:
            assert_never(never)
    return data


def question_from_dict(data: dict[str, Any]) -> Question:
    """The inverse of :func:`question_to_dict` (the location is not carried)."""
    qtype = data["type"]
    return Question(
        id=data["id"],
        type=qtype,
        module=data["module"],
        prompt=data["prompt"],
        body=_body_from_dict(qtype, data),
        explanation=data["explanation"],
        hints=tuple(data["hints"]),
        source=data["source"],
        objective=data["objective"],
        difficulty=data["difficulty"],
        level=data.get("level"),
        points=float(data["points"]),
        shuffle=data["shuffle"],
        tags=tuple(data["tags"]),
        cue_ok=tuple(CueRecord(c["question"], c["reason"]) for c in data.get("cue_ok", [])),
    )


def _body_from_dict(qtype: str, data: dict[str, Any]) -> Any:
    if qtype in ("single", "multiple"):
        options = tuple(Option(o["text"], o["correct"], o["feedback"]) for o in data["options"])
        return Choice(options, multiple=qtype == "multiple")
    if qtype == "true-false":
        return TrueFalse(data["answer"], data["feedback_true"], data["feedback_false"])
    if qtype == "short":
        return ShortAnswer(_text_answer_from(data))
    if qtype == "numeric":
        low, high = data["range"] if data["range"] is not None else (None, None)
        return Numeric(data["answer"], data["tolerance"], low, high, data["unit"], data["asks"])
    if qtype == "ordering":
        return Ordering(tuple(data["items"]))
    if qtype == "matching":
        pairs = tuple(Pair(p["left"], p["right"]) for p in data["pairs"])
        return Matching(pairs, tuple(data["extra_right"]))
    if qtype == "cloze":
        return Cloze(data["text"], tuple(_text_answer_from(b) for b in data["blanks"]))
    if qtype == "essay":
        rubric = tuple(
            RubricPoint(
                p["point"],
                tuple(p["keywords"]),
                None if p.get("levels") is None else LevelDescriptors(**p["levels"]),
            )
            for p in data["rubric"]
        )
        return Essay(rubric, None if data["words"] is None else tuple(data["words"]))
    raise ValueError(f"unknown question type {qtype!r}")


def _rubric_point(point: RubricPoint) -> dict[str, Any]:
    levels = None if point.levels is None else dict(point.levels.described())
    return {"point": point.point, "keywords": list(point.keywords), "levels": levels}


def _text_answer(expected: TextAnswer) -> dict[str, Any]:
    return {
        "answers": list(expected.answers),
        "accents_optional": expected.accents_optional,
        "typo_tolerance": expected.typo_tolerance,
        "wrong_answers": [{"text": w.text, "feedback": w.feedback} for w in expected.wrong_answers],
        "rivals": list(expected.rivals),
        "spelling": expected.spelling,
    }


def _text_answer_from(data: dict[str, Any]) -> TextAnswer:
    return TextAnswer(
        tuple(data["answers"]),
        data["accents_optional"],
        data["typo_tolerance"],
        tuple(WrongAnswer(w["text"], w["feedback"]) for w in data["wrong_answers"]),
        tuple(data["rivals"]),
        data["spelling"],
    )
