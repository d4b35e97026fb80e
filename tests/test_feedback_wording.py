"""Feedback a student reads: counts in good English, and the student's own words as written.

Feedback lines are Markdown (bank feedback is), so a student's words quoted back in them are
escaped where the line is composed (check/match.py ``quoted``); the terminal, the JSON
report and the page then show ``*x*`` or ``[a](b)`` as typed. The page's half is held to the
same lines by tests/match_vectors.json (test_quiz_browser, test_sheet_check_browser).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from check_support import question_from_spec, write_demo_course
from r2p_kit.check.match import match_answer, response_from_data
from r2p_kit.check.report import totals_line
from r2p_kit.check.score import Totals
from r2p_kit.cli import main
from r2p_kit.markup import to_plain, to_terminal
from test_check_cli import write_answers

MARKUP_ANSWER = "*many* [a](b) <i>x</i> & \\ |~"
# What a numeric question says to it, as a student reads it everywhere.
LITERAL = f"“{MARKUP_ANSWER}” is not one number; write it like this: 42."


def feedback(spec: dict[str, object], answer: object) -> list[str]:
    question = question_from_spec(spec)
    result = match_answer(question, response_from_data(question, answer))
    return [*result.feedback, *(part.feedback for part in result.parts)]


@pytest.mark.parametrize(
    ("spec", "answer", "line"),
    [
        (
            {"type": "ordering", "items": ["1948", "1994", "2001", "2005"]},
            [3, 2, 0, 1],
            "1 of 6 pairs is in the right order.",
        ),
        (
            {"type": "ordering", "items": ["1948", "1994", "2001", "2005"]},
            [1, 0, 2, 3],
            "5 of 6 pairs are in the right order.",
        ),
        (
            {"type": "ordering", "items": ["2001", "2005"]},
            [1, 0],
            "0 of 1 pair is in the right order.",
        ),
        (
            {"type": "matching", "pairs": [{"left": f"l{i}", "right": f"r{i}"} for i in range(3)]},
            [0, 2, 1],
            "1 of 3 pairs is matched correctly.",
        ),
        (
            {
                "type": "cloze",
                "text": "The {{1}} of genocide.",
                "blanks": [{"answers": ["prevention"]}],
            },
            ["punishment"],
            "0 of 1 blank is correct.",
        ),
        (
            {
                "type": "cloze",
                "text": "{{1}} and {{2}}",
                "blanks": [{"answers": ["a1"]}, {"answers": ["b2"]}],
            },
            ["a1", "zz"],
            "1 of 2 blanks is correct.",
        ),
        (
            {"type": "ordering", "items": ["1948", "1994", "2001"]},
            [0, 1],
            "You left out 1 item.",
        ),
        (
            {
                "type": "essay",
                "words": [5, 20],
                "rubric": [{"point": "Names it", "keywords": ["x"]}],
            },
            "Genocide.",
            "Your answer has 1 word; the question asks for 5 to 20 words: say more.",
        ),
        (
            {"type": "essay", "rubric": [{"point": "Names it", "keywords": ["genocide"]}]},
            "Genocide.",
            "Your answer seems to touch 1 of 1 point a good answer covers; this is guidance, "
            "not a mark.",
        ),
    ],
)
def test_counts_agree_with_their_nouns(spec: dict[str, object], answer: object, line: str) -> None:
    assert line in feedback(spec, answer)


def test_totals_of_one_point_say_point() -> None:
    totals = Totals(
        score=0, max_score=1, correct=0, partial=0, incorrect=1, unanswered=0, to_mark=1,
        to_mark_points=1,
    )  # fmt: skip
    line = totals_line(totals)
    assert line.startswith("Total: 0 of 1 point (0%): ")
    assert line.endswith("; 1 essay (1 point) for your instructor to mark.")


def test_a_students_words_are_quoted_literally_in_every_rendering() -> None:
    [line] = feedback({"type": "numeric", "answer": 4}, MARKUP_ANSWER)
    assert to_plain(line) == LITERAL
    assert to_terminal(line, styled=True) == LITERAL  # no ANSI italics from "*many*"


def test_the_terminal_and_json_reports_show_the_answer_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write_demo_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["sheet", "demo"]) == 0
    sheet = write_answers(tmp_path, {"demo/members": MARKUP_ANSWER})
    capsys.readouterr()
    main(["check", str(sheet)])
    text = capsys.readouterr().out
    assert f"“{MARKUP_ANSWER}” is not one number" in text
    main(["check", "--json", str(sheet)])
    data = json.loads(capsys.readouterr().out)
    [members] = [q for q in data["questions"] if q["id"] == "demo/members"]
    assert [to_plain(line) for line in members["feedback"]] == [LITERAL]
