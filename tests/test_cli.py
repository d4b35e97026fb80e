"""The ``r2p-kit`` entry points answer --version and --help without a course or Sphinx."""

from __future__ import annotations

import subprocess
import sys

from r2p_kit import __version__


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "r2p_kit", *args], capture_output=True, text=True, check=False
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"r2p-kit {__version__}"


def test_help_lists_usage() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "usage: r2p-kit" in result.stdout


def test_console_script_is_installed() -> None:
    from importlib.metadata import entry_points

    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts.get("r2p-kit") == "r2p_kit.cli:main"


def test_unknown_command_is_a_usage_error() -> None:
    result = run("no-such-command")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
