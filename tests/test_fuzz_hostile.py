"""Fuzzing the instructor's and the student's commands with hostile sheets and rosters (issue 16).

Every input must end, within a 30-second watchdog, in a result or a located error: no
traceback (an exception other than UserError escaping), no partial output (``grade``
writes its four files or none, ``quiz`` its folder or nothing), exit codes 0, 1 or 2.

The default number of examples keeps ``make test-fast`` fast; a long local run sets
``R2P_FUZZ_EXAMPLES``, e.g. ``R2P_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz_hostile.py``.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from check_support import demo_module, fill_sheet, write_demo_course
from r2p_kit.check.sheet import render_sheet
from r2p_kit.cli import main
from r2p_kit.errors import UserError
from r2p_kit.quiz.roster import read_roster

EXAMPLES = int(os.environ.get("R2P_FUZZ_EXAMPLES", "15"))
WATCHDOG_SECONDS = 30
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MODULE = demo_module()
BLANK = render_sheet(MODULE, "A demonstration module")
GRADE_OUTPUTS = ("g.csv", "g-questions.csv", "g-items.csv", "g-items.md")

# Pieces that have broken readers before: digit runs, space runs, escape sequences, BOMs,
# sheet syntax in the wrong place, invisible and wide characters.
HOSTILE_PIECES = [
    "1" * 5000, "9" * 4400 + "-a", " " * 3000, "\t" * 500, "\x1b[2J", "\x1b]0;x\x07", "\r",
    "\u202e", "\u200b", "\u00ad", "\ufeff", "Answer:", "answer: ", "## 1. [demo/", "## 3. [x/y]",
    "---", "student:", "module: demo", "1-", "2:", "1: ", "(1)", "a, b", "A C", "1-b, 2-a",
    "=cmd|' /C calc'!A0", "![x](http://t/x.png)", "<script>", "\\", "\"", "'", "\x00", "\x85",
    "\ud7ff", "Côte", "ﬁ", "\uff11\uff12", "٣", "\n", "\n\n",
]  # fmt: skip
piece = st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=40))
answers = st.dictionaries(
    st.sampled_from([q.id for q in MODULE.questions]),
    st.lists(piece, max_size=6).map("".join),
    max_size=len(MODULE.questions),
)


class Watchdog(Exception):
    """An input took longer than the watchdog allows."""


@contextlib.contextmanager
def watchdog(seconds: int = WATCHDOG_SECONDS) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Watchdog(f"an input took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def course() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_demo_course(root)
        cwd = Path.cwd()
        os.chdir(root)
        try:
            yield root
        finally:
            os.chdir(cwd)


def run_cli(*args: str) -> tuple[int, str]:
    """Exit code and everything printed; an exception other than UserError fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    printed = out.getvalue() + err.getvalue()
    assert "Traceback" not in printed
    return code, printed


def mutated_sheets() -> st.SearchStrategy[bytes]:
    filled = st.builds(lambda a, s: fill_sheet(BLANK, a, s), answers, piece)

    @st.composite
    def spliced(draw: st.DrawFn) -> str:
        lines = draw(filled).split("\n")
        for _ in range(draw(st.integers(0, 4))):
            at = draw(st.integers(0, len(lines)))
            lines.insert(at, draw(st.lists(piece, max_size=4).map("".join)))
        return "\n".join(lines)

    text = st.one_of(filled, spliced())
    encoded = text.map(lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(encoded, encoded.map(lambda b: b[: len(b) // 2]), st.binary(max_size=2000))


@FUZZ
@given(hostile=mutated_sheets(), with_force=st.booleans())
def test_fuzzed_sheets_grade_and_check_without_traceback_or_partial_output(
    hostile: bytes, with_force: bool
) -> None:
    with course() as root, watchdog():
        sheets = root / "sheets"
        sheets.mkdir()
        (sheets / "good.md").write_text(fill_sheet(BLANK, {"demo/summit-year": "b"}, "ana"))
        (sheets / "hostile.md").write_bytes(hostile)
        code, _ = run_cli("check", str(sheets / "hostile.md"))
        assert code in (0, 1, 2)
        if with_force:
            for name in GRADE_OUTPUTS:
                (root / name).write_text("old")
        args = ["grade", str(sheets), "--module", "demo", "--out", "g.csv"]
        code, printed = run_cli(*args, *(["--force"] if with_force else []))
        assert code in (0, 1), printed  # the good sheet is always graded
        written = [(root / name).read_text("utf-8") != "old" for name in GRADE_OUTPUTS]
        assert all(written)
        assert not [p for p in root.iterdir() if p.name.startswith(".r2p-kit-staging")]


roster_cell = st.one_of(
    st.sampled_from(
        ["id", "ID number", "Email address", "First name", "Student", "    Points Possible",
         "s1", "jane", "jane-key", "JANE", "ana@example.org", "\"", "\"open", "a;b", "a\tb",
         "../x", "x" * 300, "\x1b[2J", "\ufeff", "Ana López", "=1+1", ""]
    ),
    st.text(max_size=20),
)  # fmt: skip
roster_text = st.lists(
    st.lists(roster_cell, min_size=1, max_size=6).map(lambda cells: ",".join(cells)),
    max_size=8,
).map("\n".join)
roster_bytes = st.one_of(
    roster_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    roster_text.map(lambda t: b"\xef\xbb\xbf" + t.encode("utf-8", "surrogatepass")),
    roster_text.map(lambda t: t.encode("utf-16")),
    st.binary(max_size=500),
)


@FUZZ
@given(data=roster_bytes)
def test_fuzzed_rosters_read_or_give_located_errors(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder, watchdog():
        path = Path(folder) / "roster.csv"
        path.write_bytes(data)
        try:
            students = read_roster(path)
        except UserError as error:
            assert error.problems and all(str(p.location.path) for p in error.problems)
        else:
            ids = [s.id.casefold() for s in students]
            assert len(set(ids)) == len(ids)


@settings(FUZZ, max_examples=max(3, EXAMPLES // 3))
@given(data=roster_bytes)
def test_fuzzed_rosters_make_a_whole_quiz_or_nothing(data: bytes) -> None:
    with course() as root, watchdog():
        (root / "roster.csv").write_bytes(data)
        args = ["quiz", "--roster", "roster.csv", "--format", "markdown", "--out", "quiz"]
        code, printed = run_cli(*args)
        assert code in (0, 2), printed
        out = root / "quiz"
        if code == 2:
            assert not out.exists()
        else:
            assert (out / "answer-keys" / "answer-key.csv").is_file()
        assert not [p for p in root.iterdir() if p.name.startswith(".r2p-kit-staging")]
