"""The JSON export round-trips to the model exactly, and its shape is versioned."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import bank_of
from r2p_kit.bank.load import load_bank
from r2p_kit.quiz.export.json_export import (
    FORMAT,
    VERSION,
    export_json,
    question_from_dict,
    question_to_dict,
)
from r2p_kit.quiz.generate import Selection, generate_quiz
from r2p_kit.quiz.roster import Student

COURSE = Path(__file__).parent / "fixtures" / "bank" / "course"
REPO = Path(__file__).resolve().parents[1]


def test_every_question_round_trips() -> None:
    for root in (COURSE, REPO):
        for question in bank_of(root).questions:
            data = json.loads(json.dumps(question_to_dict(question)))
            assert question_from_dict(data) == question


def test_export_round_trips_each_variant() -> None:
    bank = load_bank(COURSE)
    students = [Student("s1", "Ana", "ana@example.org"), Student("s2", "Bo")]
    quiz = generate_quiz(bank, Selection(count=10), seed="json", students=students)
    document = json.loads(export_json(quiz))
    assert (document["format"], document["version"]) == (FORMAT, VERSION)
    assert (document["title"], document["seed"]) == (quiz.title, "json")
    for data, variant in zip(document["variants"], quiz.variants, strict=True):
        assert (data["label"], data["code"], data["points"]) == (
            variant.label,
            variant.code,
            variant.points,
        )
        assert data["student"] == {"id": variant.student.id, "name": variant.student.name,
                                   "email": variant.student.email}  # fmt: skip
        assert [question_from_dict(q) for q in data["questions"]] == [
            i.question for i in variant.items
        ]
        assert [tuple(q["display"]) for q in data["questions"]] == [
            i.display for i in variant.items
        ]


def test_numbered_variants_have_no_student() -> None:
    quiz = generate_quiz(load_bank(COURSE), Selection(count=3), variants=2)
    assert [v["student"] for v in json.loads(export_json(quiz))["variants"]] == [None, None]
