"""What a format cannot carry is said (warnings the command prints) or refused with a location."""

from __future__ import annotations

from pathlib import Path

import pytest

from export_meaning import edge_bank
from r2p_kit.bank.model import Bank, Choice, ModuleBank, Option, Question
from r2p_kit.errors import Location, UserError
from r2p_kit.quiz.export.options import ExportOptions, parse_moodle_version
from r2p_kit.quiz.generate import Selection, generate_quiz
from r2p_kit.quiz.render import render_quiz


def warnings_for(fmt: str, selection: Selection) -> tuple[str, ...]:
    quiz = generate_quiz(edge_bank(), selection, seed="warn")
    return render_quiz(quiz, fmt, Path("out")).warnings  # type: ignore[arg-type]


def test_gift_says_it_drops_points_split_clozes_and_arrow_answers() -> None:
    warnings = warnings_for("gift", Selection())
    assert any("GIFT cannot carry points" in w for w in warnings)
    assert any("one question per blank" in w for w in warnings)
    assert any("'->'" in w and "edge/special-short" in w for w in warnings)
    assert warnings_for("gift", Selection(types=("true-false",))) == ()


def test_moodle_names_each_cloze_whose_points_it_cannot_keep() -> None:
    (warning,) = warnings_for("moodle-xml", Selection(types=("cloze",)))
    assert warning.startswith("edge/cloze-odd-points: ") and "to 2 after importing" in warning


def test_canvas_says_where_wrong_answer_feedback_goes() -> None:
    warnings = warnings_for("qti", Selection(types=("short", "ordering")))
    assert any("incorrect-answer feedback" in w for w in warnings)
    assert any("no ordering type" in w for w in warnings)


def test_more_shares_than_moodle_grades_is_a_located_error() -> None:
    options = tuple(Option(f"option {n}", n < 2) for n in range(13))
    question = Question("m/many", "multiple", "m", "Pick.", Choice(options, multiple=True),
                        location=Location("m/questions.yaml", 7))  # fmt: skip
    quiz = generate_quiz(Bank((ModuleBank("m", 1, Path("m"), (question,)),)), Selection(), seed="1")
    for fmt in ("gift", "moodle-xml"):
        with pytest.raises(UserError) as caught:
            render_quiz(quiz, fmt, Path("out"))  # type: ignore[arg-type]
        assert str(caught.value).startswith("m/questions.yaml:7: question m/many splits")
    assert render_quiz(quiz, "qti", Path("out")).files


def test_moodle_version_is_read_or_refused() -> None:
    assert parse_moodle_version("4.5") == (4, 5) and parse_moodle_version("5") == (5, 0)
    with pytest.raises(UserError, match="is not a Moodle version"):
        parse_moodle_version("four")
    quiz = generate_quiz(edge_bank(), Selection(types=("ordering",)), seed="v")
    new = render_quiz(quiz, "moodle-xml", Path("o"), options=ExportOptions(moodle_version=(4, 5)))
    old = render_quiz(quiz, "moodle-xml", Path("o"))
    assert 'type="ordering"' in str(new.files[Path("o/quiz.xml")])
    assert 'type="matching"' in str(old.files[Path("o/quiz.xml")])
