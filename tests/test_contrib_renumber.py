"""Renumbering modules: ``r2p-kit move module`` and ``new module --after`` in a small course.

Everything that says a module's number follows (folders, sheets, headings, toctrees, cards,
the instructor guide's list), old addresses are kept in docs/redirects.yaml, the course
lints clean afterwards, and a failed or refused run leaves every file as it was.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import yaml

from lint_support import copy_base, generate_sheets
from r2p_kit import output
from r2p_kit.cli import main
from r2p_kit.contrib.lint import lint_course
from r2p_kit.contrib.redirects import updated
from r2p_kit.contrib.renumber import renumber_lists

CARD = """:::{{grid-item-card}} {number}. {title}
:link: mod-{slug}
:link-type: ref
{title} in one line.
:::
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def folders(course: Path) -> list[str]:
    return sorted(p.name for p in (course / "docs" / "modules").iterdir())


def module_entries(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if "modules/" in line]


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The lint base course (module 1, sample) with modules alpha, beta and gamma added by
    ``new module``, landing-page cards and the instructor guide's list of modules."""
    root = copy_base(tmp_path / "course")
    generate_sheets(root, [])
    glossary = root / "docs" / "reference" / "glossary.md"
    term = "sovereignty as responsibility\n  A State's responsibility for its people.\n"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("prevention\n", term + "\nprevention\n")
    )
    index = root / "docs" / "index.md"
    card = CARD.format(number=1, title="A sample module", slug="sample")
    index.write_text(
        index.read_text(encoding="utf-8") + f"\n::::{{grid}} 1 1 2 2\n\n{card}::::\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    for title in ("Alpha", "Beta", "Gamma"):
        assert main(["new", "module", title]) == 0
    guide = root / "docs" / "instructor" / "guide.md"
    items = "".join(
        f"{n}. {{ref}}`mod-{slug}`\n"
        for n, slug in enumerate(["sample", "alpha", "beta", "gamma"], start=1)
    )
    guide.write_text(guide.read_text(encoding="utf-8") + f"\nThe modules:\n\n{items}")
    assert lint_course(root) == []
    return root


def test_move_renames_renumbers_and_reorders_everything(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["move", "module", "gamma", "--after", "sample"]) == 0
    out = capsys.readouterr().out
    assert "renamed 04-gamma -> 02-gamma (module 4 is now 2)" in out
    assert "renamed 02-alpha -> 03-alpha (module 2 is now 3)" in out

    assert folders(course) == ["01-sample", "02-gamma", "03-alpha", "04-beta"]
    assert sorted(p.name for p in (course / "exercises").iterdir()) == [
        "01-sample.md", "02-gamma.md", "03-alpha.md", "04-beta.md",
    ]  # fmt: skip
    order = ["01-sample", "02-gamma", "03-alpha", "04-beta"]
    for name in ("index.md", "book.md"):
        assert module_entries(course / "docs" / name) == [f"modules/{f}/index" for f in order]
    alpha = course / "docs" / "modules" / "03-alpha"
    assert "\n# 3. Alpha\n" in (alpha / "index.md").read_text(encoding="utf-8")
    assert "module: alpha\n" in (alpha / "questions.yaml").read_text(encoding="utf-8")
    sheet = (course / "exercises" / "03-alpha.md").read_text(encoding="utf-8")
    assert "# Exercise sheet. Module 3: Alpha" in sheet
    assert "r2p-kit check exercises/03-alpha.md" in sheet and "02-alpha" not in sheet

    index = (course / "docs" / "index.md").read_text(encoding="utf-8")
    cards = [line for line in index.splitlines() if line.startswith(":::{grid-item-card}")]
    assert cards == [
        ":::{grid-item-card} 1. A sample module",
        ":::{grid-item-card} 2. Gamma",
        ":::{grid-item-card} 3. Alpha",
        ":::{grid-item-card} 4. Beta",
    ]
    assert index.index(":link: mod-gamma") < index.index(":link: mod-alpha")
    guide = (course / "docs" / "instructor" / "guide.md").read_text(encoding="utf-8")
    assert "1. {ref}`mod-sample`\n2. {ref}`mod-gamma`\n3. {ref}`mod-alpha`\n4. {ref}`mod-beta`" in (
        guide
    )
    redirects = yaml.safe_load((course / "docs" / "redirects.yaml").read_text(encoding="utf-8"))
    assert redirects == {
        "modules/02-alpha/index": "modules/03-alpha/index",
        "modules/03-beta/index": "modules/04-beta/index",
        "modules/04-gamma/index": "modules/02-gamma/index",
    }
    assert lint_course(course) == []
    assert main(["sheet", "--all"]) == 0  # the renamed sheets are what the banks generate


def test_moving_back_follows_old_addresses_and_drops_live_ones(course: Path) -> None:
    assert main(["move", "module", "gamma", "--after", "sample"]) == 0
    assert main(["move", "module", "gamma", "--after", "beta"]) == 0
    assert folders(course) == ["01-sample", "02-alpha", "03-beta", "04-gamma"]
    redirects = yaml.safe_load((course / "docs" / "redirects.yaml").read_text(encoding="utf-8"))
    # Every address ever published leads to a page; none of them shadows a page of today.
    assert redirects == {
        "modules/02-gamma/index": "modules/04-gamma/index",
        "modules/03-alpha/index": "modules/02-alpha/index",
        "modules/04-beta/index": "modules/03-beta/index",
    }
    assert lint_course(course) == []


def test_new_module_after_a_slug_renumbers_the_later_modules(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "module", "Delta", "--after", "alpha"]) == 0
    assert folders(course) == ["01-sample", "02-alpha", "03-delta", "04-beta", "05-gamma"]
    assert "renamed 03-beta -> 04-beta" in capsys.readouterr().out
    index = (course / "docs" / "index.md").read_text(encoding="utf-8")
    assert ":::{grid-item-card} 3. Delta\n:link: mod-delta" in index
    assert ":::{grid-item-card} 5. Gamma" in index
    assert module_entries(course / "docs" / "index.md")[2:] == [
        "modules/03-delta/index", "modules/04-beta/index", "modules/05-gamma/index",
    ]  # fmt: skip
    guide = (course / "docs" / "instructor" / "guide.md").read_text(encoding="utf-8")
    assert "2. {ref}`mod-alpha`\n3. {ref}`mod-delta`\n4. {ref}`mod-beta`\n5. {ref}`mod-gamma`" in (
        guide
    )
    assert (course / "exercises" / "03-delta.md").is_file()
    assert lint_course(course) == []


def test_a_failed_write_leaves_nothing_half_moved(
    course: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(course)
    real = output._stage
    calls = []

    def full_disk(staged: Path, content: output.Content) -> None:
        calls.append(staged)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device", str(staged))
        real(staged, content)

    monkeypatch.setattr(output, "_stage", full_disk)
    assert main(["move", "module", "gamma", "--after", "sample"]) == 2
    assert "nothing was written" in capsys.readouterr().err
    assert snapshot(course) == before


def test_a_file_in_the_way_is_refused_before_anything_changes(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (course / "exercises" / "03-alpha.md").write_text("left over\n", encoding="utf-8")
    before = snapshot(course)
    assert main(["move", "module", "gamma", "--after", "sample"]) == 2
    err = capsys.readouterr().err
    assert "exercises/03-alpha.md" in err and "in the way" in err
    assert snapshot(course) == before


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["move", "module", "omega", "--after", "sample"], "there is no module 'omega'"),
        (["move", "module", "gamma", "--after", "gamma"], "after itself"),
        (["new", "module", "Delta", "--after", "omega"], "there is no module 'omega'"),
    ],
)
def test_unknown_modules_are_usage_errors(
    course: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    before = snapshot(course)
    assert main(arguments) == 2
    assert message in capsys.readouterr().err
    assert snapshot(course) == before


def test_moving_to_where_it_is_changes_nothing(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(course)
    assert main(["move", "module", "beta", "--after", "alpha"]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot(course) == before


def test_module_lists_keep_their_other_text_and_lists_of_other_things() -> None:
    text = (
        "1. {ref}`mod-a` (week one)\n2. {ref}`mod-b`\n\n"
        "3. {ref}`mod-b` is a discussion question, alone in its list\n"
    )
    assert renumber_lists(text, {"a": 2, "b": 1}) == (
        "1. {ref}`mod-b`\n2. {ref}`mod-a` (week one)\n\n"
        "3. {ref}`mod-b` is a discussion question, alone in its list\n"
    )


def test_redirects_follow_moves_and_drop_live_addresses() -> None:
    known = {"m/01-a": "m/02-a", "m/05-x": "m/03-x"}
    moved = {"m/02-a": "m/04-a", "m/03-x": "m/05-x"}
    live = {"m/04-a", "m/05-x"}
    assert updated(known, moved, live) == {
        "m/01-a": "m/04-a",
        "m/02-a": "m/04-a",
        "m/03-x": "m/05-x",
    }
