"""The wheel `make dist` builds gives a student the checker without the repository (issue 15).

The sdist and the wheel are built with `python -m build` (the wheel from the sdist, so both
are proved), the wheel is installed into a fresh virtual environment (its dependencies come
from the package registry, cached under .cache/pip), and a filled sheet is checked from a
temporary folder outside the course: same verdicts as the repository's checker, the course
version it marks against, and no Sphinx anywhere in that environment.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, require
from r2p_kit.packaged import course_version

pytestmark = pytest.mark.slow  # builds and installs a wheel

PIP_CACHE = REPO / ".cache" / "pip"
BUILD_INSTALL = f"{sys.executable} -m pip install build"


def run(*command: str | Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {"PIP_CACHE_DIR": str(PIP_CACHE), "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require(importlib.util.find_spec("build") is not None, "build", BUILD_INSTALL)
    out = tmp_path_factory.mktemp("dist")
    result = run(sys.executable, "-m", "build", "--outdir", out, REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def student_venv(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("student-venv")
    venv.create(folder, with_pip=True)
    (wheel,) = dist.glob("*.whl")
    result = run(folder / "bin" / "python", "-m", "pip", "install", "--quiet", wheel)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder


def test_make_dist_builds_a_wheel_and_an_sdist_that_carry_the_banks(dist: Path) -> None:
    (wheel,) = dist.glob("r2p_kit-*.whl")
    (sdist,) = dist.glob("r2p_kit-*.tar.gz")
    names = zipfile.ZipFile(wheel).namelist()
    banks = sorted(
        p.relative_to(REPO).as_posix() for p in REPO.glob("docs/modules/*/questions.yaml")
    )
    assert banks and all(f"r2p_kit/course/{bank}" in names for bank in banks)
    assert "r2p_kit/course/docs/modules/concepts.yaml" in names
    assert not [n for n in names if n.startswith(("tests/", "docs/"))]
    print(f"wheel {wheel.name}: {wheel.stat().st_size:,} bytes; sdist {sdist.stat().st_size:,}")


def test_the_installed_wheel_checks_a_sheet_in_any_folder_without_sphinx(
    student_venv: Path, tmp_path: Path
) -> None:
    python = student_venv / "bin" / "python"
    for library in ("sphinx", "docutils", "myst_parser"):
        found = run(python, "-c", f"import importlib.util as u; print(u.find_spec('{library}'))")
        assert found.stdout.strip() == "None", f"{library} was installed with the wheel"
    sheet = (REPO / "exercises" / "01-origins.md").read_text(encoding="utf-8")
    sheet = sheet.replace("student:", "student: s1234@example.edu", 1)
    sheet = sheet.replace("\nAnswer:\n", "\nAnswer: b\n", 3)
    elsewhere = tmp_path / "my documents"
    elsewhere.mkdir()
    (elsewhere / "01-origins.md").write_text(sheet, encoding="utf-8")
    checker = student_venv / "bin" / "r2p-kit"
    text = run(checker, "check", "01-origins.md", cwd=elsewhere)
    assert text.returncode in (0, 1), text.stderr
    assert "Module 1 (origins)" in text.stdout
    assert course_version(REPO) in text.stdout  # the same words as the site's footer
    installed = json.loads(run(checker, "check", "--json", "01-origins.md", cwd=elsewhere).stdout)
    (elsewhere / "01-origins.md").rename(tmp_path / "01-origins.md")
    here = run(
        sys.executable,
        "-m",
        "r2p_kit",
        "check",
        "--json",
        "--course",
        REPO,
        "01-origins.md",
        cwd=tmp_path,
    )
    ours = json.loads(here.stdout)
    assert [(q["id"], q["status"]) for q in installed["questions"]] == [
        (q["id"], q["status"]) for q in ours["questions"]
    ]
