"""Benchmark: the graded workflow of issue 12 at class sizes of 1,000 and 10,000 students.

For each size, in a fresh process (so that peak memory is that run's own):

1. a Moodle participants export (semicolons, byte-order mark) and a Canvas gradebook
   export (with its Points Possible row and a test student) are read as rosters;
2. one quiz variant per student (20 auto-marked questions from the course bank) is
   generated, and the fairness spread (points, types, objectives) is computed;
3. one sheet per student is written with ``sheet --roster``'s renderer, filled with
   random answers, graded, matched to the roster and turned into Moodle and Canvas
   gradebooks.

Prints time per step, peak resident memory, and how many students were matched; asserts
nothing. Run with ``make bench`` or ``python benchmarks/bench_roster.py [--sizes 1000]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIRST = ["Amina", "Jonas", "María José", "Chen", "Kofi", "Anne", "Ivan", "Leila", "Tomás", "Yuki"]
LAST = ["Diallo", "Becker", "García López", "Wei", "Mensah", "Dupont", "Petrov", "Haddad"]


def write_rosters(folder: Path, size: int) -> tuple[Path, Path]:
    """A Moodle participants export and a Canvas gradebook export of ``size`` students."""
    rng = random.Random(size)
    people = [(rng.choice(FIRST), rng.choice(LAST), f"{2024_00000 + n}") for n in range(size)]
    moodle = folder / "moodle.csv"
    lines = ["First name;Last name;ID number;Email address"]
    lines += [f"{f};{last};{i};s{i}@example.edu" for f, last, i in people]
    moodle.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode())
    canvas = folder / "canvas.csv"
    rows = ["Student,ID,SIS User ID,SIS Login ID,Section,Quiz (12)"]
    rows.append("    Points Possible,,,,,20.00")
    rows += [f'"{last}, {f}",{7000 + n},{i},login{i},Section A,' for n, (f, last, i) in
             enumerate(people)]  # fmt: skip
    rows.append('"Student, Test",9999,,test,Section A,')
    canvas.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return moodle, canvas


def one_size(size: int) -> None:
    from r2p_kit.bank.load import load_bank
    from r2p_kit.check.course import load_module
    from r2p_kit.check.grade import grade_folder
    from r2p_kit.check.gradebook import canvas_gradebook, match_roster, moodle_gradebook
    from r2p_kit.check.layout import layout_question
    from r2p_kit.check.sheet import render_sheet, student_sheet_name
    from r2p_kit.quiz.fairness import spread, summarize
    from r2p_kit.quiz.generate import Selection, generate_quiz
    from r2p_kit.quiz.roster import read_roster

    figures: list[tuple[str, float]] = []

    def step(name: str, start: float) -> None:
        figures.append((name, time.perf_counter() - start))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        moodle_path, canvas_path = write_rosters(folder, size)
        start = time.perf_counter()
        moodle = read_roster(moodle_path)
        canvas = read_roster(canvas_path)
        step("read both rosters", start)
        start = time.perf_counter()
        quiz = generate_quiz(load_bank(REPO), Selection(count=20), seed="bench", students=moodle)
        gap = spread([summarize(v) for v in quiz.variants])
        step(f"{size:,} fair variants", start)
        module = load_module(REPO, "origins")
        start = time.perf_counter()
        rng = random.Random(7)
        sheets = folder / "sheets"
        sheets.mkdir()
        for student in moodle:
            text = render_sheet(module, "", student)
            for question in module.questions:
                letters = layout_question(question).letters
                if question.type in ("single", "multiple"):
                    written = rng.choice(letters)
                elif question.type == "true-false":
                    written = rng.choice(("true", "false"))
                else:
                    continue
                if rng.random() < 0.9:
                    head, rest = text.split(f"[{question.id}]", 1)
                    before, after = rest.split("\nAnswer:", 1)
                    text = f"{head}[{question.id}]{before}\nAnswer: {written}{after}"
            (sheets / student_sheet_name(module, student)).write_text(text, encoding="utf-8")
        step(f"write {size:,} filled sheets", start)
        start = time.perf_counter()
        run = grade_folder(sheets, module, one_per_student=False)
        step("grade them", start)
        start = time.perf_counter()
        match = match_roster(run, moodle)
        moodle_csv = moodle_gradebook(match, "id-number")
        canvas_match = match_roster(run, canvas)
        canvas_csv = canvas_gradebook(canvas_match)
        step("match to the rosters, both gradebooks", start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{size:,} students (Moodle roster {len(moodle):,}, Canvas roster {len(canvas):,})")
    for name, seconds in figures:
        print(f"  {name:<40} {seconds:7.2f} s")
    print(
        f"  fairness spread: {gap.points:g} points, {gap.types} types, {gap.objectives} "
        f"objectives; {len({frozenset(i.question.id for i in v.items) for v in quiz.variants}):,}"
        " different question sets"
    )
    print(
        f"  graded {len(run.graded):,} sheets ({len(run.skipped)} problems); "
        f"matched: Moodle {len(match.graded):,} of {size:,} (unknown {len(match.unknown)}, "
        f"conflicts {len(match.conflicts)}); Canvas {len(canvas_match.graded):,} of {size:,}"
    )
    print(
        f"  gradebooks: Moodle {moodle_csv.count(chr(10)) - 1:,} rows, "
        f"Canvas {canvas_csv.count(chr(10)) - 2:,} rows"
    )
    print(f"  peak memory: {peak:.0f} MB (largest grading worker: {workers:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one_size(args.one)
        return
    for size in args.sizes:
        subprocess.run([sys.executable, __file__, "--one", str(size)], check=True)


if __name__ == "__main__":
    main()
