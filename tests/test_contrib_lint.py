"""``r2p-kit lint``: planted mistakes give their codes, and the real course is clean.

The cases are data: tests/fixtures/lint/<case>/ holds the files laid over a small clean
course (``base/``) and the expected output beside them (see the README there).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from r2p_kit.bank.load import load_module_bank
from r2p_kit.check.course import module_title
from r2p_kit.check.sheet import render_sheet, sheet_name
from r2p_kit.cli import main
from r2p_kit.contrib.findings import RULES, Finding, format_github
from r2p_kit.contrib.pages import parse_page
from r2p_kit.errors import UserError
from r2p_kit.paths import module_dirs

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "lint"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.txt").is_file())


def words(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.is_file() else []


def make_course(case: str, dest: Path) -> Path:
    """``base`` with the case's files laid over it and its removals made; sheets generated."""
    shutil.copytree(FIXTURES / "base", dest)
    if (FIXTURES / case / "files").is_dir():
        shutil.copytree(FIXTURES / case / "files", dest, dirs_exist_ok=True)
    removed = words(FIXTURES / case / "remove.txt")
    for name in removed:
        (dest / name).unlink(missing_ok=True)
    for folder in module_dirs(dest):
        try:
            bank = load_module_bank(folder / "questions.yaml")
        except UserError:
            continue
        sheet = dest / "exercises" / sheet_name(bank)
        if not sheet.exists() and sheet.relative_to(dest).as_posix() not in removed:
            sheet.parent.mkdir(exist_ok=True)
            sheet.write_text(render_sheet(bank, module_title(folder)), encoding="utf-8")
    return dest


def run_lint(
    course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, list[str]]:
    monkeypatch.chdir(course)
    code = main(["lint", *args])
    return code, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("case", CASES)
def test_planted_mistakes_give_their_codes(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = make_course(case, tmp_path / case)
    expected = (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    code, lines = run_lint(course, monkeypatch, capsys, *words(FIXTURES / case / "args.txt"))
    assert len(lines) == len(expected), "\n".join(lines)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), f"expected {start!r}, got {line!r}"
    assert code == (1 if expected else 0)


def test_every_code_is_planted_by_some_case() -> None:
    planted = set()
    for case in CASES:
        planted |= set(re.findall(r"R2P\d{3}", (FIXTURES / case / "expected.txt").read_text()))
    assert planted == {rule.code for rule in RULES}


def test_path_limits_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = make_course("toc", tmp_path / "toc")
    code, lines = run_lint(course, monkeypatch, capsys, "docs/reference")
    assert code == 1
    assert lines and all(line.startswith("docs/reference/") for line in lines)
    code, lines = run_lint(course, monkeypatch, capsys, "exercises")
    assert (code, lines) == (0, [])


def test_missing_path_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = make_course("clean", tmp_path / "clean")
    monkeypatch.chdir(course)
    assert main(["lint", "no/such/folder"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_outside_a_course_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["lint"]) == 2
    assert "not inside an r2p-kit course" in capsys.readouterr().err


def test_list_codes_names_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--list-codes"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()] == [rule.code for rule in RULES]


def test_contributing_documents_every_code() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(R2P\d{3})` \| `([a-z-]+)` \|", text, re.M)
    assert documented == [(rule.code, rule.name) for rule in RULES]


def test_contributing_question_examples_load(tmp_path: Path) -> None:
    """The YAML examples a contributor copies from CONTRIBUTING.md are valid questions."""
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    examples = [b for b in re.findall(r"```yaml\n(.*?)```", text, re.S) if b.startswith("  - id:")]
    assert examples
    folder = tmp_path / "01-my-slug"
    folder.mkdir()
    bank = folder / "questions.yaml"
    bank.write_text("module: my-slug\nquestions:\n" + "".join(examples), encoding="utf-8")
    assert len(load_module_bank(bank).questions) == sum(b.count("  - id:") for b in examples)


def test_github_annotations_escape_their_fields() -> None:
    finding = Finding(Path("x"), 3, "R2P032", "50% off,\nsecond line", "a: b")
    line = format_github(finding, Path("docs/a,b:c.md"))
    assert line == (
        "::error file=docs/a%2Cb%3Ac.md,line=3,title=R2P032 blockquote-uncited::"
        "50%25 off,%0Asecond line; a: b"
    )


def test_scanner_reads_nested_fences_and_wrapped_roles() -> None:
    text = (
        "(top)=\n# Title\n\n"
        "::::{instructor}\n(hidden)=\n:::{note}\nSee {term}`a\nterm`.\n:::\n::::\n\n"
        "````markdown\n```{toctree}\nnot/a/page\n```\n(code)=\n````\n"
    )
    page = parse_page(text, Path("p.md"))
    assert [(h.title, h.label) for h in page.headings] == [("Title", "top")]
    assert [(label.name, label.scope) for label in page.labels] == [
        ("top", ()),
        ("hidden", ("instructor",)),
    ]
    assert [(role.name, role.target, role.line) for role in page.roles] == [("term", "a term", 7)]
    assert [d.name for d in page.directives] == ["instructor", "note"]


def test_scanner_treats_a_bare_fence_as_code() -> None:
    page = parse_page(":::{note}\n```\n(not-a-label)=\n# Not a heading\n```\n:::\n", Path("p"))
    assert page.labels == () and page.headings == ()
    assert page.directives[0].end == 6


def test_the_real_course_lints_clean(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, lines = run_lint(REPO, monkeypatch, capsys)
    assert (code, lines) == (0, [])
