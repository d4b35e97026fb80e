"""Benchmark: what the quiz directives cost a course build, and what editing a bank costs.

1. Builds the course's HTML twice from private copies of docs/: once with every module
   page's quiz and exercise card (the snippet is added where a page lacks it), once
   with every quiz, question and exercise directive removed. Prints the best time of
   each and their ratio (target: at most 1.15).
2. Edits one questions.yaml in the first copy and rebuilds incrementally: prints the
   time and the pages Sphinx re-read (target: only the pages that use that bank).

Run with ``make bench`` or ``python benchmarks/bench_quiz_pages.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.15
SNIPPET = """
## Check your understanding

:::{quiz}
:::

:::{exercise}
:::
"""
QUIZ_BLOCK = re.compile(r"^(:{3,})\{(?:quiz|question|exercise)\}.*?^\1\s*$\n?", re.M | re.S)
INSTRUCTOR_BLOCK = re.compile(r"^:{3,}\{instructor\}", re.M)


def copy_course(target: Path) -> Path:
    shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "exercises", target / "exercises")
    return target / "docs"


def module_pages(docs: Path) -> list[Path]:
    return sorted(
        p / "index.md" for p in (docs / "modules").iterdir() if (p / "questions.yaml").is_file()
    )


def add_quizzes(docs: Path) -> int:
    """Give every module page with a bank its quiz and exercise card; returns pages changed."""
    changed = 0
    for page in module_pages(docs):
        text = page.read_text(encoding="utf-8")
        if "{quiz}" in text:
            continue
        found = INSTRUCTOR_BLOCK.search(text)
        at = found.start() if found else len(text)
        page.write_text(text[:at].rstrip() + "\n" + SNIPPET + "\n" + text[at:], encoding="utf-8")
        changed += 1
    return changed


def remove_quizzes(docs: Path) -> None:
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        stripped = QUIZ_BLOCK.sub("", text)
        if stripped != text:
            page.write_text(stripped, encoding="utf-8")


def build(docs: Path, out: Path) -> tuple[float, str]:
    command = [sys.executable, "-m", "sphinx", "-M", "html", str(docs), str(out), "-j", "1"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"sphinx-build failed:\n{result.stderr[-4000:]}")
    return elapsed, result.stdout


def best_of(runs: int, docs: Path, scratch: Path) -> float:
    times = []
    for run in range(runs):
        out = scratch / f"out-{run}"
        times.append(build(docs, out)[0])
        shutil.rmtree(out)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2, help="full builds of each variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="r2p-bench-quiz-") as tmp:
        scratch = Path(tmp)
        with_quiz = copy_course(scratch / "with")
        added = add_quizzes(with_quiz)
        without = copy_course(scratch / "without")
        add_quizzes(without)
        remove_quizzes(without)
        pages = len(module_pages(with_quiz))
        print(f"module pages with a bank: {pages} (quiz snippet added to {added} for the run)")

        plain = best_of(args.runs, without, scratch / "plain")
        quizzes = best_of(args.runs, with_quiz, scratch / "quiz")
        ratio = quizzes / plain
        verdict = "ok" if ratio <= TARGET_RATIO else f"over the target {TARGET_RATIO}"
        print(f"full HTML build without quizzes: {plain:6.2f} s (best of {args.runs})")
        print(f"full HTML build with quizzes:    {quizzes:6.2f} s (best of {args.runs})")
        print(f"ratio: {ratio:.3f} ({verdict})")

        out = scratch / "incremental"
        build(with_quiz, out)
        bank = module_pages(with_quiz)[0].parent / "questions.yaml"
        bank.write_text(bank.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
        elapsed, log = build(with_quiz, out)
        reread = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", log)
        edited = bank.relative_to(scratch / "with")
        print(f"incremental rebuild after editing {edited}: {elapsed:.2f} s")
        print(f"pages re-read: {', '.join(reread) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
