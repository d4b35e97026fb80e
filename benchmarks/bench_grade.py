"""Benchmark: grade 10,000 generated sheets, and the cold start of ``r2p-kit check``.

Prints figures and asserts nothing (targets: grading 10,000 sheets in at most 10 s on
2 cores with memory that stays flat; ``r2p-kit check`` on one sheet within 120 ms).

- Grading runs in a fresh process per class size (1,000 and 10,000 sheets) so that
  each peak resident memory is that run's own; "flat" means the peak barely grows.
- Cold start compares ``r2p-kit check SHEET`` with ``python -c pass`` (median of
  several runs), with a warm bytecode cache as an installed package has, and also with
  no bytecode at all (``PYTHONDONTWRITEBYTECODE`` and an empty cache).

Run with ``make bench`` or ``python benchmarks/bench_grade.py [--sheets N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    ModuleBank,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from r2p_kit.check.course import load_module, module_title, resolve_module_dir
from r2p_kit.check.layout import layout_question
from r2p_kit.check.sheet import render_sheet
from r2p_kit.paths import module_dirs

REPO = Path(__file__).resolve().parents[1]
RUNS = 15


def pick_module() -> str:
    for folder in module_dirs(REPO):
        if (folder / "questions.yaml").is_file():
            return folder.name
    raise SystemExit("bench_grade: no module has a questions.yaml yet; nothing to grade")


def random_answer(question: Question, rng: random.Random) -> str:
    """A plausible answer: right about half the time, with the usual slips."""
    body = question.body
    layout = layout_question(question)
    if rng.random() < 0.05:
        return ""
    if isinstance(body, Choice):
        count = rng.randint(1, 2) if body.multiple else 1
        letters = rng.sample(layout.letters, count)
        return ", ".join(letter.upper() if rng.random() < 0.3 else letter for letter in letters)
    if isinstance(body, TrueFalse):
        return rng.choice(["true", "false", "True", "FALSE"])
    if isinstance(body, ShortAnswer):
        word = rng.choice(
            body.expected.answers + tuple(w.text for w in body.expected.wrong_answers)
        )
        return word if rng.random() < 0.7 else word[:-2] + word[-1:] + word[-2:-1]
    if isinstance(body, Numeric):
        return str(int(body.answer) + rng.choice([0, 0, 1, -1]))
    if isinstance(body, Ordering):
        return ", ".join(rng.sample(layout.letters, len(layout.letters)))
    if isinstance(body, Matching):
        return ", ".join(f"{n}-{rng.choice(layout.letters)}" for n in range(1, len(body.pairs) + 1))
    if isinstance(body, Cloze):
        return "\n" + "\n".join(
            f"{n}: {rng.choice(blank.answers)}" for n, blank in enumerate(body.blanks, 1)
        )
    if isinstance(body, Essay):
        return "Sovereignty as responsibility: Rwanda and Kosovo show both sides."
    return ""


def write_sheets(module: ModuleBank, title: str, folder: Path, count: int) -> int:
    """``count`` filled sheets in ``folder``; returns the bytes written."""
    head, *blocks = render_sheet(module, title).split("\n## ")
    cut = [block.split("\nAnswer:", 1)[0] + "\nAnswer: " for block in blocks]
    rng = random.Random(2011)
    total = 0
    for n in range(count):
        parts = [head.replace("\nstudent:\n", f"\nstudent: student{n:05d}@example.org\n", 1)]
        parts += [
            block + random_answer(question, rng) + "\n"
            for block, question in zip(cut, module.questions, strict=True)
        ]
        data = "\n## ".join(parts).encode("utf-8")
        (folder / f"sheet{n:05d}.md").write_bytes(data)
        total += len(data)
    return total


GRADE_CHILD = """
import resource, sys, time
from pathlib import Path
from r2p_kit.check.course import load_module
from r2p_kit.check.grade import detail_csv, grade_folder, gradebook_csv
from r2p_kit.check.items import item_analysis, items_csv, items_markdown
module = load_module(Path(sys.argv[1]), sys.argv[2])
start = time.perf_counter()
run = grade_folder(Path(sys.argv[3]), module)
graded = time.perf_counter()
stats = item_analysis(run)
outputs = [gradebook_csv(run, "moodle"), gradebook_csv(run, "canvas"), detail_csv(run),
           items_csv(stats), items_markdown(run, stats)]
done = time.perf_counter()
own, workers = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
cpu = own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
print(len(run.graded), len(run.skipped), graded - start, done - graded, own.ru_maxrss / 1024,
      workers.ru_maxrss / 1024, cpu)
"""


def grade_in_child(module_name: str, folder: Path) -> list[float]:
    """graded, skipped, grading s, output s, peak MB, worker peak MB, CPU s (all processes)."""
    result = subprocess.run(
        [sys.executable, "-c", GRADE_CHILD, str(REPO), module_name, str(folder)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [float(value) for value in result.stdout.split()]


def timings_ms(command: list[str], env: dict[str, str], cwd: Path, warm: bool) -> list[float]:
    """Wall-clock times of ``RUNS`` runs; a run that fails (exit status above 1) stops it."""
    if warm:
        subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, check=False)
        times.append(1000 * (time.perf_counter() - start))
        if done.returncode > 1:
            raise SystemExit(f"bench_grade: {' '.join(command)} failed:\n{done.stderr.decode()}")
    return times


def cold_start(sheet: Path, tmp: Path) -> None:
    script = Path(sys.executable).with_name("r2p-kit")
    check = [str(script), "check", str(sheet)] if script.exists() else [
        sys.executable, "-m", "r2p_kit", "check", str(sheet)
    ]  # fmt: skip
    base = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached = {**base, "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    uncached = {**base, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp / "none")}
    print(f"Cold start, {RUNS} runs each (median, and fastest in brackets):")
    for label, env, warm in (("bytecode cached", cached, True), ("no bytecode", uncached, False)):
        python = timings_ms([sys.executable, "-c", "pass"], env, REPO, warm)
        checker = timings_ms(check, env, REPO, warm)
        print(
            f"  {label:16} python -c pass {statistics.median(python):5.0f} ms ({min(python):3.0f})"
            f"   r2p-kit check {statistics.median(checker):5.0f} ms ({min(checker):3.0f})"
            f"   difference {statistics.median(checker) - statistics.median(python):5.0f} ms"
        )
    probe = (
        "import sys\nfrom r2p_kit.cli import main\nmain(['check', sys.argv[1]])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils')),"
        " file=sys.stderr)"
    )
    heavy = subprocess.run(
        [sys.executable, "-c", probe, str(sheet)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    ).stderr.strip()
    print(f"  Sphinx or docutils modules imported by check: {heavy or '?'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=10_000)
    args = parser.parse_args()
    name = pick_module()
    module = load_module(REPO, name)
    title = module_title(resolve_module_dir(REPO, name))
    print(f"bench_grade: module {name}, {len(module.questions)} questions, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="r2p-bench-") as tmp_name:
        tmp = Path(tmp_name)
        sizes = sorted({min(1_000, args.sheets), args.sheets})
        for count in sizes:
            folder = tmp / f"sheets-{count}"
            folder.mkdir()
            start = time.perf_counter()
            size = write_sheets(module, title, folder, count)
            made = time.perf_counter() - start
            graded, skipped, grade_s, out_s, peak, worker_peak, cpu = grade_in_child(name, folder)
            print(
                f"  {count:>6} sheets ({size / 1e6:.1f} MB, generated in {made:.1f} s): "
                f"graded {graded:.0f} (skipped {skipped:.0f}) in {grade_s:.2f} s, outputs in "
                f"{out_s:.2f} s, total {grade_s + out_s:.2f} s wall, {cpu:.2f} s CPU; "
                f"peak memory {peak:.0f} MB (workers {worker_peak:.0f} MB)"
            )
            if count != args.sheets:
                shutil.rmtree(folder)
        cold_start(next((tmp / f"sheets-{args.sheets}").iterdir()), tmp)


if __name__ == "__main__":
    main()
