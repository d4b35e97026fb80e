"""Every lint code fires on its documented case (tests/lint_cases/R2P0NN.yaml), and only there.

The cases are data: a change to the clean base course and every line lint prints for it
(see tests/lint_cases/README.md). A code in ``RULES`` without a case fails the suite, so a
rule that is documented but never fires cannot go unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from lint_support import copy_base, generate_sheets
from r2p_kit.cli import main
from r2p_kit.contrib.findings import RULES

CASES_DIR = Path(__file__).parent / "lint_cases"
CASES = sorted(path.stem for path in CASES_DIR.glob("R2P*.yaml"))


def load_case(code: str) -> dict[str, Any]:
    case = yaml.safe_load((CASES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
    assert isinstance(case, dict) and case.get("about") and case.get("expect"), code
    return case


def apply_case(case: dict[str, Any], course: Path) -> list[Path]:
    """Make the case's changes to ``course``; return the files that must be unreadable."""
    for name, pairs in case.get("replace", {}).items():
        path = course / name
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{name} does not contain {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    for name, text in case.get("append", {}).items():
        path = course / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    for encoding, key in (("utf-8", "write"), ("latin-1", "write_latin1")):
        for name, text in case.get(key, {}).items():
            (course / name).parent.mkdir(parents=True, exist_ok=True)
            (course / name).write_bytes(text.encode(encoding))
    removed = list(case.get("remove", []))
    for name in removed:
        (course / name).unlink(missing_ok=True)
    generate_sheets(course, removed)
    return [(course / name).resolve() for name in case.get("unreadable", [])]


def refuse_reading(monkeypatch: pytest.MonkeyPatch, locked: list[Path]) -> None:
    """Tests may run as root, where chmod cannot make a file unreadable: fail the read itself."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.resolve() in locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("code", CASES)
def test_code_fires_on_its_documented_case(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = load_case(code)
    course = copy_base(tmp_path / "course")
    locked = apply_case(case, course)
    refuse_reading(monkeypatch, locked)
    monkeypatch.chdir(course)
    status = main(["lint", *case.get("args", [])])
    lines = capsys.readouterr().out.splitlines()
    assert lines == case["expect"]
    assert status == 1
    assert any(f": {code} " in line for line in lines), f"{code} did not fire on its case"


def test_every_code_has_a_documented_case() -> None:
    assert [rule.code for rule in RULES] == CASES


def test_the_base_course_is_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    course = copy_base(tmp_path / "course")
    generate_sheets(course, [])
    monkeypatch.chdir(course)
    assert main(["lint", "--strict"]) == 1  # the base course is a draft: a small bank
    assert main(["lint"]) == 0
    captured = capsys.readouterr()
    assert "r2p-kit lint: 1 module, 3 questions, 0 findings\n" in captured.err


def test_module_count_substitutions_follow_the_table_of_contents(tmp_path: Path) -> None:
    from r2p_kit.contrib.counts import module_substitutions
    from r2p_kit.contrib.scaffold import create_module

    course = copy_base(tmp_path / "course")
    generate_sheets(course, [])
    assert module_substitutions(course / "docs") == {
        "module_count": "1",
        "module_count_words": "one",
        "module_count_words_capital": "One",
    }
    create_module(course, "Prevention")
    assert module_substitutions(course / "docs")["module_count_words"] == "two"


def test_the_real_course_counts_its_modules_only_through_the_substitution() -> None:
    """After a new module, no page or README would still say the old number."""
    from r2p_kit.contrib.counts import COUNT

    repo = Path(__file__).resolve().parents[1]
    pages = [*(repo / "docs").glob("[!_]*.md"), *(repo / "docs").glob("[!_]*/*.md")]
    for path in [repo / "README.md", *pages]:
        text = path.read_text(encoding="utf-8")
        assert not COUNT.search(text), f"{path.relative_to(repo)}: {COUNT.search(text)}"
