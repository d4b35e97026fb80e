"""The matcher against the shared vectors in match_vectors.json (the browser will be too)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from check_support import question_from_spec
from r2p_kit.check.match import STATUSES, TextResponse, match_answer, response_from_data
from r2p_kit.check.normalize import normalize_text, parse_number, read_number_answer
from test_fuzz_hostile import watchdog

VECTORS = json.loads((Path(__file__).parent / "match_vectors.json").read_text(encoding="utf-8"))


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['question']}:{json.dumps(case['answer'], ensure_ascii=False)}"


@pytest.mark.parametrize("case", VECTORS["normalize"], ids=lambda c: c["input"])
def test_normalize_vectors(case: dict[str, Any]) -> None:
    accents = case.get("accents_optional", False)
    assert normalize_text(case["input"], accents_optional=accents) == case["output"]


@pytest.mark.parametrize("case", VECTORS["numbers"], ids=lambda c: c["input"] or "empty")
def test_number_vectors(case: dict[str, Any]) -> None:
    assert parse_number(case["input"]) == case["value"]


@pytest.mark.parametrize("case", VECTORS["cases"], ids=_case_id)
def test_match_vectors(case: dict[str, Any]) -> None:
    spec = VECTORS["questions"][case["question"]]
    question = question_from_spec(spec, f"vectors/{case['question']}")
    result = match_answer(question, response_from_data(question, case["answer"]))
    assert result.status == case["status"]
    assert result.score == pytest.approx(case["score"], abs=1e-4)
    assert result.max_score == spec.get("points", 1)
    assert result.auto_scored == case.get("auto_scored", True)
    if "feedback_contains" in case:
        lines = [*result.feedback, *(part.feedback for part in result.parts)]
        assert any(case["feedback_contains"] in line for line in lines), lines
    if "guidance" in case:
        assert len(result.guidance) == case["guidance"]


def test_vectors_cover_every_question_type() -> None:
    used = {VECTORS["questions"][case["question"]]["type"] for case in VECTORS["cases"]}
    assert used == {
        "single", "multiple", "true-false", "short", "numeric", "ordering", "matching",
        "cloze", "essay",
    }  # fmt: skip
    assert {case["status"] for case in VECTORS["cases"]} == set(STATUSES)


def test_every_vector_question_is_used() -> None:
    used = {case["question"] for case in VECTORS["cases"]}
    assert used == set(VECTORS["questions"])


def test_homicide_never_passes_for_genocide_whatever_the_tolerance() -> None:
    for tolerance in range(6):
        spec = {"type": "short", "answers": ["genocide"], "typo_tolerance": tolerance}
        question = question_from_spec(spec)
        result = match_answer(question, response_from_data(question, "homicide"))
        assert result.status == "incorrect", tolerance


def test_essay_is_never_scored_even_when_every_keyword_is_there() -> None:
    spec = VECTORS["questions"]["essay"]
    question = question_from_spec(spec)
    result = match_answer(question, response_from_data(question, "genocide war crimes Rwanda"))
    assert result.score == 0
    assert not result.auto_scored
    assert len(result.guidance) == 2
    assert any("not a mark" in line for line in result.feedback)


def test_wrong_response_kind_is_a_programming_error() -> None:
    question = question_from_spec(VECTORS["questions"]["single"])
    with pytest.raises(TypeError):
        match_answer(
            question,
            response_from_data(question_from_spec({"type": "short", "answers": ["x"]}), "x"),
        )


# -- hostile answers: the marking rules stay cheap on anything a student can paste -------------

_PIECES = st.sampled_from(
    ["a", "the", "Mr", "not", "or", "and", "Security", "Council", "UNSC", "genocide", "Ivoire",
     "Côte", "1", "2005", "10-0-5", "out of", "(", ")", ",", ".", "'", "-", " ", "  ", "\u00ad",
     "\u0430", "sixty-fifth", "January", "Carlsson", "I."]
)  # fmt: skip
_HOSTILE_QUESTION = question_from_spec(
    {
        "type": "short",
        "prompt": "Which council, the Security Council or the General Assembly, acts?",
        "answers": ["Security Council (UNSC)", "the Council"],
        "wrong_answers": [{"text": "General Assembly", "feedback": "It considers."}],
        "rivals": ["General Assembly", "Council of Europe", "genocide"],
    }
)


@settings(max_examples=int(os.environ.get("R2P_FUZZ_EXAMPLES", "40")), deadline=None)
@given(st.lists(_PIECES, max_size=700).map(" ".join))
def test_marking_any_answer_finishes_within_the_watchdog(text: str) -> None:
    """Answers are capped at 2,000 characters; no rule may be worse than about linear in them."""
    text = text[:2000]
    with watchdog():
        result = match_answer(_HOSTILE_QUESTION, TextResponse(text))
        read_number_answer(text, year=True)
    assert result.status in STATUSES
