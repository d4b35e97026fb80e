"""Benchmark: the cost of reading and grading hostile sheets grows linearly with their size.

Issue 16 found answers whose cost grew with the square of their length (50,000 digits in a
matching answer took 90 s; a ``student:`` line with a long run of spaces likewise). Each
shape below is built at 10 KB, 100 KB and 1 MB (just under the sheet limit) and graded
through :func:`r2p_kit.check.grade.grade_sheet`, as ``r2p-kit grade`` does, refused or not.
The figures: milliseconds per sheet (best of three), and the ratio of the 1 MB time to
the 100 KB time: linear cost gives about 10 (the size ratio), quadratic cost 100. At 10 KB
the fixed cost of a sheet dominates, so the 10 KB column shows the floor.

Prints figures and asserts nothing. Run with ``make bench`` or
``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from r2p_kit.bank.model import ModuleBank
from r2p_kit.check.course import load_module
from r2p_kit.check.grade import grade_sheet
from r2p_kit.check.sheet import MAX_SHEET_BYTES, render_sheet
from r2p_kit.errors import UserError
from r2p_kit.paths import module_dirs

REPO = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000, MAX_SHEET_BYTES - 2_000)


def pick_module() -> ModuleBank:
    """The first module whose bank has a matching, a cloze and a numeric question."""
    for folder in module_dirs(REPO):
        if not (folder / "questions.yaml").is_file():
            continue
        module = load_module(REPO, folder.name)
        if {"matching", "cloze", "numeric"} <= {q.type for q in module.questions}:
            return module
    raise SystemExit("bench_hostile: no module has matching, cloze and numeric questions")


def answer_to(sheet: str, module: ModuleBank, kind: str, answer: str) -> str:
    """``sheet`` with ``answer`` after the ``Answer:`` of the first question of type ``kind``."""
    question = next(q for q in module.questions if q.type == kind)
    head, rest = sheet.split(f"[{question.id}]", 1)
    before, after = rest.split("\nAnswer:", 1)
    return f"{head}[{question.id}]{before}\nAnswer: {answer}\n{after}"


def shapes(module: ModuleBank, blank: str) -> dict[str, Callable[[int], str]]:
    """Hostile sheet builders: each takes a target size in bytes."""
    rng = random.Random(16)
    fill = len(blank)

    def pad(size: int) -> int:
        return max(1, size - fill)

    return {
        "matching: one run of digits": lambda n: answer_to(
            blank, module, "matching", "1" * pad(n) + "!"
        ),
        "matching: digit runs and separators": lambda n: answer_to(
            blank, module, "matching", ("12345678 - " * (pad(n) // 11)) + "?"
        ),
        "cloze: digits then a bracket": lambda n: answer_to(
            blank, module, "cloze", "1" * pad(n) + ")"
        ),
        "numeric: digit, spaces, '!'": lambda n: answer_to(
            blank, module, "numeric", "1" + " " * pad(n) + "!"
        ),
        "student: line with a run of spaces": lambda n: blank.replace(
            "student:", "student: a" + " " * pad(n) + "b", 1
        ),
        "heading with a run of spaces": lambda n: blank + "\n## 1" + " " * pad(n) + "x\n",
        "a cloze answer of many short lines": lambda n: answer_to(
            blank, module, "cloze", "\n".join(f"{i % 3 + 1}: x" for i in range(pad(n) // 6))
        ),
        "thousands of unknown questions": lambda n: (
            blank + "".join(f"\n## {i}. [x/q{i}]\nAnswer: a\n" for i in range(pad(n) // 24))
        ),
        "essay of random words": lambda n: answer_to(
            blank,
            module,
            "essay",
            " ".join(rng.choice(("state", "protect", "genocide", "x")) for _ in range(pad(n) // 6)),
        ),
        "printable noise": lambda n: "".join(
            rng.choice("ab1 -:#[]\n*>Answer") for _ in range(pad(n))
        ),
    }


def seconds(text: str, module: ModuleBank) -> tuple[float, str]:
    """Best of three: the time to grade ``text``, and whether it was graded or refused."""
    data = text.encode("utf-8")[:MAX_SHEET_BYTES]
    best, outcome = float("inf"), ""
    for _ in range(3):
        start = time.perf_counter()
        try:
            grade_sheet(Path("hostile.md"), module, data)
            outcome = "graded"
        except UserError:
            outcome = "refused"
        best = min(best, time.perf_counter() - start)
    return best, outcome


def main() -> None:
    module = pick_module()
    blank = render_sheet(module, "")
    print(f"Module {module.slug}; sizes {', '.join(f'{s:,}' for s in SIZES)} bytes")
    header = f"{'shape':<38}" + "".join(f"{s // 1000:>9,} KB" for s in SIZES) + "  1 MB/100 KB"
    print(header)
    worst = 0.0
    for name, build in shapes(module, blank).items():
        times = []
        outcomes = set()
        for size in SIZES:
            elapsed, outcome = seconds(build(size), module)
            times.append(elapsed)
            outcomes.add(outcome)
        ratio = times[-1] / times[1] if times[1] else float("inf")
        worst = max(worst, times[-1])
        cells = "".join(f"{1000 * t:>9.1f} ms" for t in times)
        print(f"{name:<38}{cells}   {ratio:>9.1f}x  ({'/'.join(sorted(outcomes))})")
    print(f"slowest 1 MB sheet: {1000 * worst:.0f} ms (linear: 1 MB/100 KB near 10x)")


if __name__ == "__main__":
    main()
