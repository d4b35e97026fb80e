"""The browser tests find Chromium or Chrome where CI runners and Debian put it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser import ENVIRONMENT, find_chromium


def executable(path: Path) -> Path:
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_the_environment_variable_wins(tmp_path: Path) -> None:
    chrome = executable(tmp_path / "my-chrome")
    assert find_chromium({ENVIRONMENT: str(chrome)}, path="") == chrome


def test_a_wrong_environment_variable_is_an_error_not_a_fall_back(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=ENVIRONMENT):
        find_chromium({ENVIRONMENT: str(tmp_path / "missing")}, path="")


def test_debian_chromium_comes_before_the_path(tmp_path: Path) -> None:
    debian = executable(tmp_path / "chromium")
    (tmp_path / "bin").mkdir()
    executable(tmp_path / "bin" / "google-chrome")
    assert find_chromium({}, path=str(tmp_path / "bin"), debian=debian) == debian


def test_google_chrome_on_the_path_is_found_without_debian_chromium(tmp_path: Path) -> None:
    """As on GitHub's ubuntu-24.04 runner, which ships Google Chrome."""
    chrome = executable(tmp_path / "google-chrome")
    none = tmp_path / "no-chromium"
    assert find_chromium({}, path=str(tmp_path), debian=none) == chrome
    assert find_chromium({}, path=os.devnull, debian=none) is None
