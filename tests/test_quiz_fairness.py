"""Fair variants (issue 12, item 2): every variant has the same points, the same question types
and the same learning objectives; --count counts auto-marked questions; essays only on request."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import bank_of, examples, real_bank, run_cli
from r2p_kit.quiz.fairness import spread, summarize, summary_csv, summary_text
from r2p_kit.quiz.generate import Selection, generate_quiz
from r2p_kit.quiz.roster import Student

FIXTURE = Path(__file__).parent / "fixtures" / "bank" / "course"
COURSE_BANK = real_bank()
FIXTURE_BANK = bank_of(FIXTURE)


def test_a_class_of_a_thousand_gets_equal_exams_from_the_course_bank() -> None:
    students = [Student(f"s{n:04d}", f"Student {n}") for n in range(1000)]
    quiz = generate_quiz(COURSE_BANK, Selection(count=20), seed="exam", students=students)
    summaries = [summarize(v) for v in quiz.variants]
    assert spread(summaries).fair
    assert {s.questions for s in summaries} == {20} and len({s.points for s in summaries}) == 1
    assert all(item.question.type != "essay" for v in quiz.variants for item in v.items)
    # Fair, and still different: most students get a set of questions of their own.
    assert len({frozenset(i.question.id for i in v.items) for v in quiz.variants}) > 900


def test_points_stay_equal_when_questions_are_worth_different_marks() -> None:
    # The course bank has essays worth 5, 6 and 10 points and a 2-point cloze.
    quiz = generate_quiz(COURSE_BANK, Selection(count=30, essays=2), seed="w", variants=300)
    summaries = [summarize(v) for v in quiz.variants]
    gap = spread(summaries)
    assert gap.fair, gap
    assert all(Counter(i.question.type for i in v.items)["essay"] == 2 for v in quiz.variants)
    essay_points = {
        tuple(sorted(i.question.points for i in v.items if i.question.type == "essay"))
        for v in quiz.variants
    }
    assert len(essay_points) == 1


def test_count_is_auto_marked_and_essays_come_only_when_asked_for() -> None:
    plain = generate_quiz(FIXTURE_BANK, Selection(count=5), seed="e", variants=5)
    assert all(len(v.items) == 5 for v in plain.variants)
    assert all(i.question.type != "essay" for v in plain.variants for i in v.items)
    asked = generate_quiz(FIXTURE_BANK, Selection(count=5, essays=1), seed="e", variants=5)
    assert all(len(v.items) == 6 for v in asked.variants)
    assert all(sum(i.question.type == "essay" for i in v.items) == 1 for v in asked.variants)


@settings(max_examples=examples(40), deadline=None)
@given(
    count=st.integers(1, 14),
    modules=st.sampled_from([(), ("origins",), ("pillars",)]),
    seed=st.text(max_size=8),
)
def test_any_selection_gives_equal_variants(
    count: int, modules: tuple[str, ...], seed: str
) -> None:
    pool = [
        q
        for q in FIXTURE_BANK.questions
        if q.type != "essay" and (not modules or q.module in modules)
    ]
    quiz = generate_quiz(
        FIXTURE_BANK, Selection(modules=modules, count=min(count, len(pool))), seed=seed,
        variants=12,
    )  # fmt: skip
    assert spread([summarize(v) for v in quiz.variants]).fair


def test_summary_is_printed_and_written(tmp_path: Path) -> None:
    import shutil

    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    (course / "roster.csv").write_text("id,name\nann,Ann\nbob,Bob\ncat,Cat\n")
    result = run_cli(course, "quiz", "--roster", "roster.csv", "--count", "6",
                     "--format", "gift", "--out", "out")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "3 variants: 6 questions" in result.stdout
    assert "spread between variants: 0 points, 0 in any type, 0 in any objective" in result.stdout
    rows = list(csv.DictReader(io.StringIO((course / "out" / "variant-summary.csv").read_text())))
    assert [r["student"] for r in rows] == ["ann", "bob", "cat"]
    assert {r["points"] for r in rows} == {rows[0]["points"]}


def test_a_selection_with_no_choice_says_how_to_widen_it() -> None:
    quiz = generate_quiz(FIXTURE_BANK, Selection(types=("true-false",)), seed="x", variants=3)
    text = summary_text(quiz)
    assert "1 different sets of questions" in text
    assert "widen the selection" in text
    assert summary_csv(quiz).count("\r\n") == 4
