"""``r2p-kit new module``: a new module builds with -W and lints clean; refusals change nothing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from r2p_kit.cli import main
from r2p_kit.contrib.lint import lint_course
from r2p_kit.contrib.scaffold import slug_from_title

REPO = Path(__file__).resolve().parents[1]
LINT_BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
NEW_TITLE = "A module written by the tests"
NEW_SLUG = "module-written-by-the-tests"
MODULES = sorted(p.name for p in (REPO / "docs" / "modules").iterdir() if p.name[:2].isdigit())
LAST = int(MODULES[-1][:2])
NEW_FOLDER = f"{LAST + 1:02d}-{NEW_SLUG}"


def copy_repository(dest: Path) -> Path:
    """The parts of the repository a contributor's command touches; never the venv or builds."""
    dest.mkdir()
    shutil.copytree(REPO / "docs", dest / "docs", ignore=shutil.ignore_patterns("_build"))
    shutil.copytree(REPO / "exercises", dest / "exercises")
    for name in ("pyproject.toml", "README.md", "Makefile"):
        shutil.copy2(REPO / name, dest / name)
    return dest


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def findings(root: Path, **options: bool) -> set[tuple[str, str, str]]:
    return {
        (f.path.relative_to(root).as_posix(), f.code, f.message)
        for f in lint_course(root, **options)
    }


def sphinx(docs: Path, builder: str, out: Path, *extra: str) -> None:
    command = [
        sys.executable, "-m", "sphinx", "-b", builder, str(docs), str(out),
        "-W", "--keep-going", "-n", "-q", *extra,
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr[-4000:]


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_repository(tmp_path / "course")
    monkeypatch.chdir(root)
    return root


@pytest.mark.slow
def test_new_module_builds_and_lints_clean_at_once(
    course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = findings(course)
    before_strict = findings(course, strict=True)  # a draft elsewhere in the course is not ours
    assert main(["new", "module", NEW_TITLE]) == 0
    out = capsys.readouterr().out
    folder = course / "docs" / "modules" / NEW_FOLDER
    for path in (
        folder / "index.md",
        folder / "questions.yaml",
        course / "exercises" / f"{NEW_FOLDER}.md",
    ):
        assert path.is_file()
        assert f"created {path.relative_to(course)}" in out
    index = (course / "docs" / "index.md").read_text(encoding="utf-8")
    book = (course / "docs" / "book.md").read_text(encoding="utf-8")
    entry = f"modules/{MODULES[-1]}/index\nmodules/{NEW_FOLDER}/index\n"
    assert entry in index
    assert entry in book
    assert f":::{{grid-item-card}} {LAST + 1}. {NEW_TITLE}\n:link: mod-{NEW_SLUG}\n" in index

    assert findings(course) - before == set()
    sphinx(course / "docs", "html", tmp_path / "html")
    sphinx(course / "docs", "html", tmp_path / "instructor", "-t", "instructor")
    sphinx(course / "docs", "latex", tmp_path / "latex")

    # --strict turns the template's instructions into the author's to-do list.
    todo = findings(course, strict=True) - before_strict
    assert {(path, code) for path, code, _ in todo} == {
        ("docs/index.md", "R2P050"),  # the new module's card on the landing page
        (f"docs/modules/{NEW_FOLDER}/index.md", "R2P050"),
        (f"docs/modules/{NEW_FOLDER}/questions.yaml", "R2P050"),
        (f"docs/modules/{NEW_FOLDER}/questions.yaml", "R2P005"),
    }
    small = next(message for _, code, message in todo if code == "R2P005")
    assert small.startswith(f"module {NEW_FOLDER} has 7 questions;")


def test_template_questions_are_valid_examples_of_several_types(course: Path) -> None:
    from r2p_kit.bank.load import load_module_bank

    assert main(["new", "module", NEW_TITLE]) == 0
    bank = load_module_bank(course / "docs" / "modules" / NEW_FOLDER / "questions.yaml")
    types = [question.type for question in bank.questions]
    assert len(types) == len(set(types)) >= 5
    assert all(question.prompt.startswith("TODO") for question in bank.questions)


def test_existing_slug_is_refused_and_nothing_changes(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(course)
    assert main(["new", "module", "Anything", "--slug", MODULES[0][3:]]) == 2
    assert "already exists" in capsys.readouterr().err
    assert snapshot(course) == before


def test_after_a_number_in_the_middle_renumbers_the_later_modules(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "module", NEW_TITLE, "--after", "3"]) == 0
    out = capsys.readouterr().out
    fourth = MODULES[3][3:]
    assert f"renamed {MODULES[3]} -> 05-{fourth} (module 4 is now 5)" in out
    modules = course / "docs" / "modules"
    assert (modules / f"04-{NEW_SLUG}" / "index.md").is_file()
    assert (modules / f"05-{fourth}" / "index.md").is_file()
    assert not (modules / MODULES[3]).exists()
    assert not (course / "exercises" / f"{MODULES[3]}.md").exists()
    assert (course / "exercises" / f"05-{fourth}.md").is_file()


def test_after_the_last_module_is_the_default_place(course: Path) -> None:
    assert main(["new", "module", NEW_TITLE, "--after", str(LAST)]) == 0
    assert (course / "docs" / "modules" / NEW_FOLDER / "index.md").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["Title", "--after", "98"], "there is no module 98"),
        (["8. Numbered"], "without a number"),
        (["Title", "--slug", "Not A Slug"], "not a valid slug"),
        (["Дипломатия"], "--slug"),
        (["   "], "needs a title"),
        (["<script>alert(1)</script>"], "may not hold < >"),
        (["The {ref}`mod-origins` story"], "may not hold ` { }"),
        (["*Emphasis* and [links](https://example.org)"], "may not hold * [ ]"),
        (["Responsibility while protecting\x1b[31m"], "control character"),
        (["Responsibility " * 20], "at most 120"),
    ],
)
def test_bad_requests_are_usage_errors(
    course: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    before = snapshot(course)
    assert main(["new", "module", *arguments]) == 2
    assert message in capsys.readouterr().err
    assert snapshot(course) == before


def test_a_leftover_sheet_is_never_overwritten(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "exercises" / f"{NEW_FOLDER}.md").write_text("an old sheet\n", encoding="utf-8")
    before = snapshot(course)
    assert main(["new", "module", NEW_TITLE]) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert snapshot(course) == before


def test_windows_line_endings_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "small"
    shutil.copytree(LINT_BASE, root)
    index = root / "docs" / "index.md"
    index.write_bytes(index.read_bytes().replace(b"\n", b"\r\n"))
    monkeypatch.chdir(root)
    assert main(["new", "module", "Second"]) == 0
    data = index.read_bytes()
    assert b"modules/01-sample/index\r\nmodules/02-second/index\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_labels_already_in_the_course_are_refused(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = course / "docs" / "reference" / "timeline.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n(zeta-reading)=\n## Zeta\n", "utf-8")
    before = snapshot(course)
    assert main(["new", "module", "Zeta"]) == 2
    assert "zeta-reading" in capsys.readouterr().err
    assert snapshot(course) == before


def test_a_free_position_before_the_first_module_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "small"
    shutil.copytree(LINT_BASE, root)
    (root / "docs" / "modules" / "01-sample").rename(root / "docs" / "modules" / "03-sample")
    for name in ("index.md", "book.md"):
        page = root / "docs" / name
        page.write_text(page.read_text().replace("01-sample", "03-sample"), encoding="utf-8")
    monkeypatch.chdir(root)
    assert main(["new", "module", "First things", "--after", "0"]) == 0
    assert "no module cards" in capsys.readouterr().out
    for name in ("index.md", "book.md"):
        text = (root / "docs" / name).read_text()
        assert "modules/01-first-things/index\nmodules/03-sample/index" in text


def test_a_title_may_start_with_a_year(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "small"
    shutil.copytree(LINT_BASE, root)
    monkeypatch.chdir(root)
    assert main(["new", "module", "2005: the World Summit"]) == 0
    page = root / "docs" / "modules" / "02-2005-the-world-summit" / "index.md"
    assert "# 2. 2005: the World Summit\n" in page.read_text(encoding="utf-8")


def test_no_modules_toctree_refuses_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "small"
    shutil.copytree(LINT_BASE, root)
    (root / "docs" / "index.md").write_text("# A course without contents\n", encoding="utf-8")
    before = snapshot(root)
    monkeypatch.chdir(root)
    assert main(["new", "module", "Second"]) == 2
    assert "no toctree listing the modules" in capsys.readouterr().err
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Role of Regional Arrangements", "role-of-regional-arrangements"),
        ("Côte d'Ivoire, 2011", "cote-d-ivoire-2011"),
        ("R2P & the ICC: who decides?", "r2p-the-icc-who-decides"),
        (
            "A very long title that goes on and on about many things",
            "very-long-title-that-goes-on-and-on",
        ),
    ],
)
def test_slugs_are_made_from_titles(title: str, slug: str) -> None:
    assert slug_from_title(title) == slug


def test_a_failed_write_leaves_no_module_folder(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sheet cannot be written (a file is where the exercises folder should be): nothing
    of the new module may be left behind, not even an empty folder."""
    shutil.rmtree(course / "exercises")
    (course / "exercises").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(course)
    folders = sorted(p.name for p in (course / "docs" / "modules").iterdir())
    assert main(["new", "module", NEW_TITLE]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert snapshot(course) == before
    assert sorted(p.name for p in (course / "docs" / "modules").iterdir()) == folders
    assert not [p for p in course.rglob("*") if p.name.startswith(".r2p-kit-staging")]
