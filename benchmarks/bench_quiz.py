"""Benchmark: 1,000 per-student variants of a 20-question quiz, in every export format,
and the ``r2p-kit quiz`` command end to end for a class of 10,000 in every format.

Prints seconds per stage and peak memory, compares QTI output with text2qti (PyPI)
converting an equivalent 20-question quiz, and runs the command on a 10,000-student
roster once per format, reporting its wall time and peak resident memory against the
300 MB budget (issue 12, item 6). Run with ``make bench`` or
``python benchmarks/bench_quiz.py [--students N] [--questions N] [--scale N]``
(``--scale 0`` skips the command runs). text2qti is installed into .cache/bench-site on
first use if it is not importable.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from r2p_kit.bank.load import load_bank
from r2p_kit.output import write_stream
from r2p_kit.quiz.export.answer_key import export_answer_key
from r2p_kit.quiz.export.gift import export_gift
from r2p_kit.quiz.export.json_export import export_json
from r2p_kit.quiz.export.markdown import export_markdown, export_markdown_key
from r2p_kit.quiz.export.moodle_xml import export_moodle_xml
from r2p_kit.quiz.export.qti import export_qti
from r2p_kit.quiz.generate import Quiz, Selection, generate_quiz
from r2p_kit.quiz.render import stream_quiz
from r2p_kit.quiz.roster import Student

REPO = Path(__file__).resolve().parents[1]
BENCH_SITE = REPO / ".cache" / "bench-site"
TEXT2QTI = "text2qti==0.8.0"


def timed(function: Callable[[], object]) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def stages(quiz_args: dict, students: list[Student]) -> dict[str, Callable[[], object]]:  # type: ignore[type-arg]
    bank = quiz_args["bank"]
    selection = quiz_args["selection"]
    holder: dict[str, Quiz] = {}

    def generate() -> Quiz:
        holder["quiz"] = generate_quiz(bank, selection, seed="bench", students=students)
        return holder["quiz"]

    def each(export: Callable[[Quiz, object], object]) -> Callable[[], object]:
        return lambda: [export(holder["quiz"], v) for v in holder["quiz"].variants]

    return {
        "generate (select + shuffle)": generate,
        "gift": each(export_gift),
        "moodle-xml": each(export_moodle_xml),
        "qti (zip)": each(export_qti),
        "json": lambda: export_json(holder["quiz"]),
        "markdown + key": lambda: [
            (export_markdown("Quiz", v), export_markdown_key("Quiz", v))
            for v in holder["quiz"].variants
        ],
        "answer-key.csv": lambda: export_answer_key(holder["quiz"]),
    }


def run_stages(quiz_args: dict, students: list[Student]) -> dict[str, float]:  # type: ignore[type-arg]
    return {name: timed(step)[0] for name, step in stages(quiz_args, students).items()}


def peak_memory(quiz_args: dict, students: list[Student]) -> float:  # type: ignore[type-arg]
    tracemalloc.start()
    for step in stages(quiz_args, students).values():
        step()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def write_all(quiz: Quiz) -> float:
    """Render and atomically write every format's files (what ``r2p-kit quiz`` does)."""
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        for fmt in ("gift", "moodle-xml", "qti", "json", "markdown"):
            stream = stream_quiz(quiz, fmt, Path(folder) / fmt)
            write_stream(stream.paths, stream.files)
        return time.perf_counter() - start


# -- the command at scale ---------------------------------------------------------------------

FORMATS = ("gift", "moodle-xml", "qti", "json", "markdown")
RSS_BUDGET_MB = 300


def command_at_scale(students: int, questions: int) -> dict[str, tuple[float, float, int]]:
    """``r2p-kit quiz --roster`` for ``students`` in each format, in a fresh process each:
    format -> (seconds, peak resident MB, bytes written). Linux counts the parent's resident
    memory at the fork in a child's peak, so call this while the parent is small."""
    import os

    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        roster = Path(folder) / "roster.csv"
        rows = "".join(f"s{n:05d},Student {n},s{n:05d}@example.edu\n" for n in range(students))
        roster.write_text("id,name,email\n" + rows, encoding="utf-8")
        for fmt in FORMATS:
            out = Path(folder) / fmt
            command = [sys.executable, "-m", "r2p_kit", "quiz", "--roster", str(roster),
                       "--count", str(questions), "--seed", "bench", "--format", fmt,
                       "--out", str(out)]  # fmt: skip
            start = time.perf_counter()
            process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)  # fmt: skip
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            error = process.stderr.read().decode() if process.stderr else ""
            if process.returncode != 0:
                raise SystemExit(f"r2p-kit quiz --format {fmt} failed:\n{error}")
            size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
            figures[fmt] = (seconds, usage.ru_maxrss / 1024, size)
            shutil.rmtree(out)
    return figures


# -- text2qti ----------------------------------------------------------------------------------


def import_text2qti():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(BENCH_SITE))
    try:
        import text2qti  # noqa: F401
    except ImportError:
        print(f"installing {TEXT2QTI} into {BENCH_SITE.relative_to(REPO)} ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "--target", str(BENCH_SITE), TEXT2QTI],
            check=True,
        )
        # The failed import remembered the folder as missing or empty: forget that.
        sys.path_importer_cache.pop(str(BENCH_SITE), None)
        importlib.invalidate_caches()
    from text2qti.config import Config
    from text2qti.qti import QTI
    from text2qti.quiz import Quiz as T2Quiz

    return Config, T2Quiz, QTI


def text2qti_source(questions: int) -> str:
    """A quiz in text2qti's plain-text format with the same mix of types as ours."""
    blocks = ["Quiz title: Benchmark", "Quiz description: 20 questions on R2P.", ""]
    kinds = ["mc", "mc", "multi", "short", "num", "mc", "essay", "mc", "num", "short"]
    for n in range(1, questions + 1):
        kind = kinds[n % len(kinds)]
        prompt = f"{n}.  In which year did event number {n} on the *R2P* timeline happen?"
        if kind == "mc":
            body = "a) 1999\n... Kosovo.\n*b) 2001\nc) 2005\n... The World Summit.\nd) 2009"
        elif kind == "multi":
            body = "[*] Brazil\n[*] China\n[ ] Nigeria\n... Not an abstainer.\n[*] India"
        elif kind == "short":
            body = "* genocide\n* the crime of genocide"
        elif kind == "num":
            body = "=   2005 +- 0"
        else:
            body = "____"
        blocks += [prompt, "... An explanation that teaches.", body, ""]
    return "\n".join(blocks)


def bench_text2qti(questions: int, runs: int) -> float | None:
    """Seconds for text2qti to turn one quiz into QTI zip bytes (mean of ``runs``)."""
    try:
        Config, T2Quiz, QTI = import_text2qti()
    except (subprocess.CalledProcessError, ImportError) as error:
        print(f"text2qti unavailable ({error}); no ratio", file=sys.stderr)
        return None
    source = text2qti_source(questions)
    config = Config()  # defaults only: no config file is read or written

    def convert() -> bytes:
        return QTI(T2Quiz(source, config=config, source_name="bench.md")).zip_bytes()

    convert()  # warm up imports and caches, as we do for ours
    seconds, _ = timed(lambda: [convert() for _ in range(runs)])
    return seconds / runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--text2qti-runs", type=int, default=100)
    parser.add_argument("--scale", type=int, default=10_000, metavar="N",
                        help="students for the command runs (0: skip them)")  # fmt: skip
    args = parser.parse_args()
    # First, while this process is small: a child's peak RSS counts its parent's at the fork.
    figures = command_at_scale(args.scale, args.questions) if args.scale else {}

    bank = load_bank(REPO)
    students = [Student(f"s{n:04d}", f"Student {n}") for n in range(1, args.students + 1)]
    quiz_args = {"bank": bank, "selection": Selection(count=args.questions)}
    print(
        f"{args.students} variants x {args.questions} questions, drawn from "
        f"{len(bank.questions)} questions in {len(bank.modules)} modules"
    )
    run_stages(quiz_args, students[:20])  # warm-up: imports, Markdown cache
    times = run_stages(quiz_args, students)
    for name, seconds in times.items():
        print(f"  {name:<28} {seconds:7.3f} s")
    total = sum(times.values())
    print(f"  {'all formats, in memory':<28} {total:7.3f} s")
    quiz = generate_quiz(bank, quiz_args["selection"], seed="bench", students=students)
    written = write_all(quiz)
    print(f"  {'render + write every file':<28} {written:7.3f} s")
    peak = peak_memory(quiz_args, students)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak traced memory {peak:.1f} MB; max resident set {rss:.1f} MB")

    ours = times["generate (select + shuffle)"] + times["qti (zip)"]
    per_quiz = bench_text2qti(args.questions, args.text2qti_runs)
    if per_quiz is not None:
        theirs = per_quiz * args.students
        print(
            f"  QTI for {args.students} quizzes: r2p-kit {ours:.3f} s; text2qti "
            f"{per_quiz * 1000:.1f} ms per quiz -> {theirs:.2f} s; text2qti/r2p-kit = "
            f"{theirs / ours:.1f}x"
        )
    target = 2.0
    verdict = "within" if total <= target else "OVER"
    print(f"  target: all {args.students} variants in every format <= {target} s: {verdict}")
    if args.scale:
        print(f"r2p-kit quiz --roster ({args.scale:,} students x {args.questions} questions), "
              "one process per format:")  # fmt: skip
        for fmt, (seconds, rss, size) in figures.items():
            verdict = "within" if rss <= RSS_BUDGET_MB else "OVER"
            print(f"  {fmt:<12} {seconds:7.1f} s  peak RSS {rss:6.1f} MB ({verdict} "
                  f"{RSS_BUDGET_MB} MB)  {size / 2**20:7.1f} MB written")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
