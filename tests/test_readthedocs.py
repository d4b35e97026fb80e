"""The PDF as Read the Docs builds it from .readthedocs.yaml: sphinx's latex builder run from
docs/, then latexmk run directly on the output (not through Sphinx's Makefile), as its
documented build steps do. Without the Makefile, xindy gets no options unless latexmkrc
carries them, and the PDF loses its index.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import DOCS, REPO, TEX_INSTALL, require_commands

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX


def test_readthedocs_config_asks_for_what_these_steps_build() -> None:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["sphinx"] == {"configuration": "docs/conf.py", "fail_on_warning": True}
    assert set(config["formats"]) == {"pdf", "epub"}


def test_pdf_builds_with_read_the_docs_commands(tmp_path: Path) -> None:
    require_commands("latexmk", "xelatex", "xindy", install=TEX_INSTALL)
    out = tmp_path / "pdf"
    sphinx = [
        sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "latex",
        "-d", str(tmp_path / "doctrees"), "-D", "language=en", ".", str(out),
    ]  # fmt: skip
    built = subprocess.run(sphinx, cwd=DOCS, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if k not in ("XINDYOPTS", "LATEXOPTS")}
    latexmk = [
        "latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=r2p-kit",
        "-interaction=nonstopmode",
    ]  # fmt: skip
    result = subprocess.run(latexmk, cwd=out, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert (out / "r2p-kit.pdf").stat().st_size > 100_000
    assert "genocide" in (out / "r2p-kit.ind").read_text(encoding="utf-8").lower()
