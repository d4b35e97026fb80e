"""The course version a checker marks against and the site's footer shows (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from r2p_kit import __version__
from r2p_kit.commands._course import course_to_check
from r2p_kit.errors import UserError
from r2p_kit.packaged import banks_hash, course_version, packaged_course


def copy_banks(target: Path) -> Path:
    for bank in [*REPO.glob("docs/modules/*/questions.yaml"), REPO / "docs/modules/concepts.yaml"]:
        destination = target / bank.relative_to(REPO)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bank, destination)
    return target


def test_the_version_names_the_package_and_the_banks(tmp_path: Path) -> None:
    version = course_version(REPO)
    assert version == f"r2p-kit {__version__}, question banks {banks_hash(REPO)}"
    assert course_version(copy_banks(tmp_path)) == version  # pages and tests do not count


def test_a_changed_bank_changes_the_version(tmp_path: Path) -> None:
    copy = copy_banks(tmp_path)
    before = banks_hash(copy)
    bank = next(copy.glob("docs/modules/*/questions.yaml"))
    bank.write_text(bank.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert banks_hash(copy) != before


def test_a_checkout_carries_no_packaged_course_and_check_says_where_to_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert packaged_course() is None  # the editable install of a checkout
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError):
        course_to_check(None, near=tmp_path)
