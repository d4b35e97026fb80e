"""The self-check data the page gets for text questions: hashes only, and enough of them.

Fast checks without a browser; tests/test_quiz_browser.py runs the page on the same data.
"""

from __future__ import annotations

import json

from check_support import question_from_spec
from conftest import real_bank
from r2p_kit.bank.model import Cloze, ShortAnswer, TextAnswer
from r2p_kit.check.forms import accepted_forms
from r2p_kit.check.normalize import comparison_key, normalize_text
from r2p_kit.sphinx.quiz.selfcheck import answer_key, near_key, self_check


def _texts(body: object) -> list[TextAnswer]:
    if isinstance(body, ShortAnswer):
        return [body.expected]
    return list(body.blanks) if isinstance(body, Cloze) else []


def test_no_answer_of_the_course_is_in_its_page_data_outside_the_prompts_own_words() -> None:
    leaks = []
    for question in real_bank().questions:
        data = self_check(question).data
        shown = json.dumps({k: v for k, v in data.items() if k != "context"}).casefold()
        context = " ".join(data.get("context", []))
        for expected in _texts(question.body):
            wordings = [*expected.answers, *(w.text for w in expected.wrong_answers)]
            for wording in wordings:
                for form in (normalize_text(wording), comparison_key(wording, True)):
                    if len(form) >= 4 and form in shown:
                        leaks.append((question.id, wording))
            assert all(len(stem) < 40 for stem in context.split())
    assert leaks == []


def test_initials_are_hashed_so_the_page_accepts_them_without_the_name() -> None:
    question = question_from_spec({"type": "short", "answers": ["Ingvar Carlsson"]})
    data = self_check(question).data
    salt = data["salt"]
    assert answer_key(salt, "i0", "i carlsson") in data["keys"]
    assert answer_key(salt, "i0", "ingvar c") not in data["keys"]
    assert answer_key(salt, "a0", "ingvarcarlsson") in data["keys"]


def test_neighbourhoods_cover_each_slip_of_a_long_accepted_form_and_no_short_one() -> None:
    question = question_from_spec({"type": "short", "answers": ["genocide", "ICC"]})
    data = self_check(question).data
    salt, near = data["salt"], set(data["near"])
    assert {near_key(salt, "t0", v) for v in ("genocide", "enocide", "genocid")} <= near
    assert near_key(salt, "t0", "icc") not in near
    assert near_key(salt, "c0", "icc") in near  # "This is close" is for every form
    assert data["longest"] == len("genocide")


def test_an_official_spelling_gets_no_typo_neighbourhood() -> None:
    question = question_from_spec(
        {"type": "short", "answers": ["Côte d'Ivoire"], "spelling": "official"}
    )
    data = self_check(question).data
    key = comparison_key(accepted_forms("Côte d'Ivoire")[0])
    assert near_key(data["salt"], "t0", key) not in data["near"]
    assert near_key(data["salt"], "c0", key) in data["near"]
    assert data["accents"] == [0]


def test_a_long_accepted_name_is_reported_rather_than_hashed_in_hundreds() -> None:
    answer = "alpha beta gamma delta epsilon zeta eta theta iota"
    check = self_check(question_from_spec({"type": "short", "answers": [answer]}))
    assert len(check.notes) == 1 and "no initials" in check.notes[0]
    assert (
        answer_key(check.data["salt"], "i0", "a beta gamma delta epsilon zeta eta theta iota")
        not in check.data["keys"]
    )
    assert len(check.data["keys"]) < 5
