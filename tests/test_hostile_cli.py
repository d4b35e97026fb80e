"""Issue 16, the command line against hostile and careless input: transactional output,
signals, terminal injection, broken pipes and full disks, FIFOs, spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from check_support import demo_module, fill_sheet, write_demo_course
from r2p_kit.check.grade import grade_folder
from r2p_kit.check.items import item_analysis, items_markdown
from r2p_kit.check.sheet import render_sheet
from r2p_kit.cli import main
from r2p_kit.console import clean
from r2p_kit.errors import UserError
from r2p_kit.output import STAGING_PREFIX, write_files
from r2p_kit.spreadsheet import csv_text

MODULE = demo_module()
BLANK = render_sheet(MODULE, "A demonstration module")


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_demo_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def r2p(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "r2p_kit", *args],
        capture_output=True,
        text=True,
        errors="replace",
        cwd=cwd,
        env={**os.environ, **env},
        check=False,
        timeout=120,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(STAGING_PREFIX))


# -- transactional output -----------------------------------------------------------------


def test_a_failed_rename_puts_every_old_file_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ["grades.csv", "grades-questions.csv", "grades-items.csv", "grades-items.md"]
    for name in names:
        (tmp_path / name).write_text("old")
    real_replace = os.replace
    calls = []

    def failing(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) == 5:  # in the middle of moving the new files in
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(UserError, match="No space left on device; nothing was written"):
        write_files({tmp_path / n: "new" for n in names}, force=True)
    monkeypatch.setattr(os, "replace", real_replace)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == dict.fromkeys(names, "old")


def test_an_interrupt_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen
    opened = []

    def interrupted(fd: int, *args: object, **kwargs: object) -> object:
        opened.append(fd)
        if len(opened) == 3:
            os.close(fd)
            raise KeyboardInterrupt
        return real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "fdopen", interrupted)
    files = {tmp_path / "quiz" / f"v{n}.gift": "x" for n in range(10)}
    with pytest.raises(KeyboardInterrupt):
        write_files(files)
    assert list(tmp_path.iterdir()) == []


def test_new_folders_appear_whole(tmp_path: Path) -> None:
    write_files({tmp_path / "out" / "keys" / "a-key.md": "k", tmp_path / "out" / "a.md": "h"})
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == [
        "out",
        "out/a.md",
        "out/keys",
        "out/keys/a-key.md",
    ]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow  # 3,000 sheets, so that the signal finds the workers busy
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_sigterm_to_grade_stops_its_workers_and_writes_nothing(course: Path) -> None:
    sheets = course / "sheets"
    sheets.mkdir()
    essay = "The State bears the primary responsibility to protect its population. " * 400
    text = fill_sheet(BLANK, {"demo/summit-year": "b", "demo/essay": essay})
    for n in range(3000):
        (sheets / f"s{n:04d}.md").write_text(text.replace("student:", f"student: s{n}", 1))
    out = course / "out" / "grades.csv"
    process = subprocess.Popen(
        [sys.executable, "-m", "r2p_kit", "grade", str(sheets), "--module", "demo",
         "--out", str(out)],
        cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    workers: list[int] = []
    while process.poll() is None and not workers:  # wait until the pool is grading
        workers = _children(process.pid)
        time.sleep(0.01)
    assert workers, "grading finished before any worker started; make the class larger"
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "Traceback" not in err and "terminated" in err
    for _ in range(500):  # the workers are stopped, not left blocked on a queue
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.01)
    assert not any(_alive(pid) for pid in workers)
    assert not (course / "out").exists() and leftovers(course) == []


def test_grade_force_replaces_all_four_outputs_or_none(course: Path) -> None:
    sheets = course / "sheets"
    sheets.mkdir()
    (sheets / "a.md").write_text(fill_sheet(BLANK, {"demo/summit-year": "b"}, "ana"))
    out = course / "grades.csv"
    assert main(["grade", str(sheets), "--module", "demo", "--out", str(out)]) == 0
    (course / "grades-items.md").unlink()
    (course / "grades-items.md").mkdir()  # a folder in the way of one output
    assert main(["grade", str(sheets), "--module", "demo", "--out", str(out), "--force"]) == 2
    assert out.read_text().startswith("ID number")
    assert leftovers(course) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "sheets", "--module", "demo", "--out", "."], "must name the gradebook file"),
        (["grade", "sheets", "--module", "demo", "--out", "out/"], "must name the gradebook"),
        (["quiz", "--format", "gift", "--out", ""], "no output folder given"),
        (["quiz", "--format", "gift", "--out", "  "], "no output folder given"),
    ],
)
def test_outputs_that_are_no_place_to_write_are_refused(
    course: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (course / "sheets").mkdir()
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in course.iterdir()) == ["docs", "sheets"]


# -- nothing from a sheet reaches the terminal as a command --------------------------------

HOSTILE = "\x1b]0;owned\x07\x1b[2J\x1b[8mhidden\x1b[0m\r\u202eevil\x9b31m\x01"


def test_clean_removes_sequences_controls_and_bidi_overrides() -> None:
    assert clean(HOSTILE + "\x00") == "hidden\nevil31m"
    assert clean("tab\tand\nnewline") == "tab\tand\nnewline"


def test_check_and_grade_never_echo_escape_sequences(course: Path) -> None:
    assert main(["sheet", "demo"]) == 0
    sheets = course / "sheets"
    sheets.mkdir()
    named = fill_sheet(BLANK, {"demo/summit-year": "b"}, f"Ana{HOSTILE}")
    (sheets / "named.md").write_text(named)
    refused = fill_sheet(BLANK, {"demo/summit-year": f"z{HOSTILE}"}, "ben")
    (sheets / f"bad{HOSTILE[:5]}.md").write_text(refused)
    results = [
        r2p(course, "check", str(sheets / "named.md")),
        r2p(course, "check", str(next(sheets.glob("bad*")))),
        r2p(course, "grade", str(sheets), "--module", "demo", "--out", "g.csv"),
    ]
    for result in results:
        assert "Traceback" not in result.stderr
        for stream in (result.stdout, result.stderr):
            assert not any(c in stream for c in "\x1b\x07\x01\x9b\u202e\r"), stream
    assert "Student: Ana" in results[0].stdout
    assert "is not one of this question's letters" in results[1].stderr


def test_grade_reports_escape_markdown_and_spreadsheet_formulas(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        fill_sheet(
            BLANK,
            {"demo/crime-name": "![x](https://tracker.example/p.png) [click](http://x)"},
            '=HYPERLINK("http://x")',
        )
    )
    run = grade_folder(tmp_path, MODULE)
    report = items_markdown(run, item_analysis(run))
    assert "![" not in report and "[click]" not in report
    assert r"x\](https://tracker.example/p.png) \[click\](http://x" in report
    table = list(csv.reader(io.StringIO(csv_text([["=1+1", "-2.5", "@SUM(A1)", "+x", "ok"]]))))
    assert table == [["'=1+1", "-2.5", "'@SUM(A1)", "'+x", "ok"]]


def test_key_csv_cells_cannot_run_as_formulas(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import yaml

    bank_path = course / "docs" / "modules" / "09-demo" / "questions.yaml"
    bank = yaml.safe_load(bank_path.read_text())
    bank["questions"][3]["answers"] = ["=cmd|' /C calc'!A0", "genocide"]
    bank["questions"][3]["explanation"] = "@SUM(1+1)"
    bank_path.write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False))
    assert main(["key", "demo", "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    crime = next(row for row in rows if row[1] == "demo/crime-name")
    assert crime[4].startswith("'=") and crime[8] == "'@SUM(1+1)"


# -- pipes, full disks and consoles that cannot show every character ------------------------


def test_a_closed_pipe_ends_quietly(course: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "r2p_kit", "sheet", "demo", "--stdout"],
        cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.close()  # like `| head` that has read enough before r2p-kit writes
    _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert process.returncode == 141


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_under_stdout_is_a_message(course: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "r2p_kit", "key", "demo"],
            cwd=course, stdout=full, stderr=subprocess.PIPE, text=True, check=False,
        )  # fmt: skip
    assert result.returncode == 2
    assert "cannot write the output: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr


def test_an_ascii_console_gets_replacement_characters_not_a_traceback(course: Path) -> None:
    assert main(["sheet", "demo"]) == 0
    sheet = course / "named.md"
    sheet.write_text(fill_sheet(BLANK, {"demo/country": "C\u00f4te d\u2019Ivoire"}, "Ana López"))
    for encoding in ("ascii", "latin-1"):
        result = r2p(course, "check", str(sheet), PYTHONIOENCODING=encoding)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "Student: Ana L" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_check_on_a_fifo_is_refused_without_waiting(course: Path) -> None:
    fifo = course / "sheet.md"
    os.mkfifo(fifo)
    result = r2p(course, "check", str(fifo))
    assert result.returncode == 2
    assert "sheet.md: this is not a regular file" in result.stderr


@pytest.mark.slow  # thousands of files, so that the signal arrives while they are written
def test_sigterm_while_quiz_writes_leaves_no_partial_output(tmp_path: Path) -> None:
    import shutil

    course = tmp_path / "course"
    shutil.copytree(Path(__file__).parent / "fixtures" / "bank" / "course", course)
    process = subprocess.Popen(
        [sys.executable, "-m", "r2p_kit", "quiz", "--variants", "4000", "--format", "markdown",
         "--out", "quiz"],
        cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    while process.poll() is None and not leftovers(course):  # wait for the staging folder
        time.sleep(0.005)
    assert process.poll() is None, "the quiz was written before the signal; make it larger"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 143, err
    assert "Traceback" not in err
    assert not (course / "quiz").exists() and leftovers(course) == []
