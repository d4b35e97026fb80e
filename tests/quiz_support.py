"""The quiz fixture site and helpers shared by the quiz tests (Sphinx builds and browser).

The fixture (tests/fixtures/quiz-site) is a tiny course with one bank holding every
question type, so these tests never depend on the real course, which is still being
written. Every question's feedback and explanation starts with a marker word
(FEEDBACKMARK-, EXPLAINMARK-, RUBRICMARK-) that the leak tests look for.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from conftest import REPO, Build, run_sphinx
from r2p_kit.bank.load import load_module_bank
from r2p_kit.bank.model import ModuleBank, Question
from r2p_kit.sphinx.quiz.selfcheck import SelfCheck

SITE = REPO / "tests" / "fixtures" / "quiz-site"
DOCS = SITE / "docs"
BANK = DOCS / "modules" / "01-sample" / "questions.yaml"
MODULE_PAGE = Path("modules") / "01-sample"
# Text that only the instructor edition, sealed data or a revealed answer may contain.
MARKERS = ("FEEDBACKMARK", "EXPLAINMARK", "RUBRICMARK", "r2p-instructor", "Answer key")
# Accepted text answers of the fixture: none of them appears in the pages' own prose.
TEXT_ANSWERS = ("manifestly fail", "Ivory Coast", "Ivoire", "genocide", "ethnic cleansing")


def fixture_bank() -> ModuleBank:
    return load_module_bank(BANK)


def sphinx(
    builder: str, out: Path, *extra: str, docs: Path = DOCS, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``sphinx-build -M builder`` on the fixture (or ``docs``) with warnings as errors."""
    return run_sphinx(builder, out, *extra, docs=docs, check=check)


def build_site(builder: str, out: Path, *extra: str) -> Build:
    result = sphinx(builder, out, "-q", *extra)
    return Build(out / builder.replace("latexpdf", "latex"), result.stderr)


def copy_site(target: Path) -> Path:
    """A private copy of the fixture (docs and exercises) for tests that edit it."""
    shutil.copytree(SITE, target, ignore=shutil.ignore_patterns("_build"))
    return target / "docs"


def tokens_for(question: Question, check: SelfCheck, answer: Any) -> Any:
    """A response in bank indices (as in match_vectors.json) in the page's tokens."""
    if answer is None:
        return None
    if question.type in ("single", "multiple", "ordering"):
        return [check.tokens[i] for i in answer]
    if question.type == "matching":
        return [None if i is None else check.tokens[i] for i in answer]
    return answer
