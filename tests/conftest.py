"""Shared fixtures: the repository's paths, system-tool requirements, and course builds.

Course builds are expensive, so each edition and format is built once per test session
into a temporary folder and shared by every test that inspects it. So is the course's
question bank (:func:`real_bank`), which many tests read and none change.

`make test-fast` runs with ``--hypothesis-profile=fast``: each fuzz test declares its full
example count through :func:`examples` and runs a quarter of it there; `make test` and CI
run the full count.
"""

from __future__ import annotations

import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings

from r2p_kit.bank.load import load_bank
from r2p_kit.bank.model import Bank

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CACHE = REPO / ".cache"  # tools fetched from package registries by the tests (git ignores it)
SPHINX_WARNINGS_AS_ERRORS = ["-W", "--keep-going", "-n"]

TEX_INSTALL = (
    "sudo apt-get install --no-install-recommends latexmk texlive-latex-recommended "
    "texlive-latex-extra texlive-fonts-recommended tex-gyre texlive-xetex fonts-freefont-otf xindy"
)
PDFTOTEXT_INSTALL = "sudo apt-get install --no-install-recommends poppler-utils"
EPUBCHECK_INSTALL = "sudo apt-get install --no-install-recommends epubcheck"
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")


FAST_PROFILE = "fast"
FAST_SHARE = 4  # the fast profile runs 1/FAST_SHARE of each fuzz test's examples
settings.register_profile(FAST_PROFILE, max_examples=100 // FAST_SHARE)


def examples(full: int) -> int:
    """A fuzz test's example count: ``full`` in `make test` and CI, a quarter of it (at
    least 10) under ``--hypothesis-profile=fast``, the inner loop of `make test-fast`."""
    if settings.get_current_profile_name() == FAST_PROFILE:
        return min(full, max(10, full // FAST_SHARE))
    return full


@functools.cache
def bank_of(root: Path) -> Bank:
    """The question bank of a course that no test changes (the repository's, a fixture
    course), loaded once per test process. The model is frozen dataclasses and tuples, so
    sharing it cannot let one test change another's bank."""
    return load_bank(root)


def real_bank() -> Bank:
    """The course's own question bank (see :func:`bank_of`)."""
    return bank_of(REPO)


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``r2p-kit ARGS`` from ``cwd``, run in this process through the same entry point as
    the installed command (:func:`r2p_kit.cli.main`), with its exit code and what it printed.

    A subprocess costs a fresh interpreter and imports per call; tests about the process
    itself (environment, signals, hash seeds, imports) still start one."""
    from r2p_kit.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse's usage errors and --help
            code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
    return subprocess.CompletedProcess(["r2p-kit", *args], code, out.getvalue(), err.getvalue())


# A test module whose every test is slow says so once, at the top.
WHOLLY_SLOW = re.compile(r"^pytestmark = \[?pytest\.mark\.slow\b", re.MULTILINE)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Under ``-m "not slow"`` (`make test-fast`), leave out a module whose every test is
    slow without importing it: each test process would import Sphinx, the browser helpers
    and their fixtures only to deselect every test they hold."""
    if config.option.markexpr != "not slow" or not collection_path.name.startswith("test_"):
        return None
    if collection_path.suffix == ".py" and WHOLLY_SLOW.search(
        collection_path.read_text(encoding="utf-8")
    ):
        return True
    return None


@contextlib.contextmanager
def cache_lock() -> Iterator[None]:
    """Hold while checking for and installing a tool under .cache/: test processes run side
    by side (`make test-fast` uses two), and two installs into one folder corrupt it."""
    CACHE.mkdir(exist_ok=True)
    with FileLock(CACHE / ".lock"):
        yield


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def require(available: bool, what: str, install: str) -> None:
    """Skip when a system tool is missing, with the line that installs it; fail in CI."""
    if available:
        return
    message = f"{what} is not installed; install it with: {install}"
    if in_ci():
        pytest.fail(f"CI=true but {message}")
    pytest.skip(message)


def require_commands(*names: str, install: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    require(not missing, " and ".join(missing) or "tool", install)


@dataclass(frozen=True)
class Build:
    """One finished Sphinx build: where its output is and what it printed."""

    outdir: Path
    stderr: str

    def files(self) -> list[Path]:
        return sorted(path for path in self.outdir.rglob("*") if path.is_file())


def run_sphinx(
    builder: str, outdir: Path, *extra: str, docs: Path = DOCS, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -M builder`` with warnings as errors; with ``check``, fail on any warning."""
    command = [
        sys.executable, "-m", "sphinx", "-M", builder, str(docs), str(outdir),
        *SPHINX_WARNINGS_AS_ERRORS, "--no-color", *extra,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    if check and (result.returncode != 0 or "WARNING" in result.stderr or "ERROR" in result.stderr):
        pytest.fail(f"sphinx-build -M {builder} {' '.join(extra)} failed:\n{result.stderr[-6000:]}")
    return result


def sphinx_build(builder: str, outdir: Path, *extra: str) -> Build:
    """Build the real course quietly; fail the test with Sphinx's output on any warning."""
    return Build(outdir, run_sphinx(builder, outdir, "-q", *extra).stderr)


@pytest.fixture(scope="session")
def student_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    out = tmp_path_factory.mktemp("student")
    build = sphinx_build("html", out)
    return Build(out / "html", build.stderr)


@pytest.fixture(scope="session")
def instructor_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    out = tmp_path_factory.mktemp("instructor")
    build = sphinx_build("html", out, "-t", "instructor")
    return Build(out / "html", build.stderr)


@pytest.fixture(scope="session")
def student_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_commands("latexmk", "xelatex", install=TEX_INSTALL)
    out = tmp_path_factory.mktemp("student-pdf")
    sphinx_build("latexpdf", out)
    return out / "latex" / "r2p-course.pdf"


@pytest.fixture(scope="session")
def instructor_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_commands("latexmk", "xelatex", install=TEX_INSTALL)
    out = tmp_path_factory.mktemp("instructor-pdf")
    sphinx_build("latexpdf", out, "-t", "instructor")
    return out / "latex" / "r2p-course-instructor.pdf"


@pytest.fixture(scope="session")
def student_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("student-epub")
    sphinx_build("epub", out)
    (epub,) = (out / "epub").glob("*.epub")
    return epub


@pytest.fixture(scope="session")
def instructor_epub(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("instructor-epub")
    sphinx_build("epub", out, "-t", "instructor")
    (epub,) = (out / "epub").glob("*.epub")
    return epub


@pytest.fixture
def course_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The course's pages, sheets and README copied into tmp, as the working folder: for
    tests that change the course (a new or moved module) and build it."""
    root = tmp_path / "course"
    root.mkdir()
    shutil.copytree(DOCS, root / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "exercises", root / "exercises")
    shutil.copy2(REPO / "README.md", root / "README.md")
    monkeypatch.chdir(root)
    return root


def is_redirect_page(page: Path) -> bool:
    """A page the build writes at a moved module's old address: it only sends readers on."""
    return 'http-equiv="refresh"' in page.read_text(encoding="utf-8", errors="replace")[:2000]


def pdf_text(pdf: Path) -> str:
    require_commands("pdftotext", install=PDFTOTEXT_INSTALL)
    result = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout
