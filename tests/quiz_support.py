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
MARKERS = ("FEEDBACKMARK", "EXPLAINMARK", "RUBRICMARK", "LEVELMARK", "r2p-instructor", "Answer key")
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


# -- a hostile bank: raw HTML in every field a contributor writes ---------------------------

# The HTML payloads set window.r2pPwned if a browser ever runs them; the last one reads a
# file into a PDF if LaTeX ever runs it.
HOSTILE_PAYLOADS = (
    "<img src=x onerror=window.r2pPwned=1>",
    "<script>window.r2pPwned=2</script>",
    "\\input{/etc/hostname}",
)
HOSTILE_TEXT = " ".join(HOSTILE_PAYLOADS)
HOSTILE_MODULE = Path("modules") / "03-hostile"


def _hostile(field: str) -> str:
    """A field's text: its name (to find it on the page) and every payload."""
    return f"{field.upper()}-{HOSTILE_TEXT}"


def hostile_bank_yaml() -> str:
    """A bank whose prompts, options, items, hints, explanations and feedback all carry HTML."""
    import json as _json

    h = lambda field: _json.dumps(_hostile(field))  # noqa: E731 (YAML accepts JSON strings)
    return f"""module: hostile
questions:
  - id: hostile/single
    type: single
    prompt: {h("prompt")}
    options:
      - text: {h("option-a")}
        feedback: {h("feedback-a")}
      - text: {h("option-b")}
        correct: true
      - text: {h("option-c")}
    hints: [{h("hint")}]
    explanation: {h("explanation")}
    objective: 1
  - id: hostile/true-false
    type: true-false
    prompt: {h("tf-prompt")}
    answer: true
    feedback_false: {h("feedback-false")}
    explanation: {h("tf-explanation")}
    objective: 1
  - id: hostile/short
    type: short
    prompt: {h("short-prompt")}
    answers: ["hostile answer"]
    wrong_answers:
      - text: "wrong"
        feedback: {h("feedback-wrong")}
    explanation: {h("short-explanation")}
    objective: 1
  - id: hostile/ordering
    type: ordering
    prompt: {h("ordering-prompt")}
    items: [{h("item-1")}, {h("item-2")}, {h("item-3")}]
    explanation: {h("ordering-explanation")}
    objective: 1
  - id: hostile/matching
    type: matching
    prompt: {h("matching-prompt")}
    pairs:
      - left: {h("left-1")}
        right: {h("right-1")}
      - left: {h("left-2")}
        right: {h("right-2")}
      - left: {h("left-3")}
        right: {h("right-3")}
    explanation: {h("matching-explanation")}
    objective: 1
  - id: hostile/cloze
    type: cloze
    prompt: {h("cloze-prompt")}
    text: {_json.dumps("CLOZE-TEXT " + HOSTILE_PAYLOADS[0] + " {{1}} " + HOSTILE_PAYLOADS[1])}
    blanks:
      - answers: ["blank answer"]
    explanation: {h("cloze-explanation")}
    objective: 1
  - id: hostile/essay
    type: essay
    prompt: {h("essay-prompt")}
    points: 2
    rubric:
      - point: {h("rubric")}
    explanation: {h("essay-explanation")}
    objective: 1
"""


HOSTILE_FIELDS = (
    "prompt", "option-a", "feedback-a", "option-b", "option-c", "hint", "explanation", "tf-prompt",
    "feedback-false", "tf-explanation", "short-prompt", "feedback-wrong", "short-explanation",
    "ordering-prompt", "item-1", "item-2", "item-3", "ordering-explanation", "matching-prompt",
    "left-1", "right-1", "left-2", "right-2", "left-3", "right-3", "matching-explanation",
    "cloze-prompt", "cloze-explanation", "essay-prompt", "rubric", "essay-explanation",
)  # fmt: skip


def hostile_site(target: Path) -> Path:
    """The fixture site plus a module page whose bank carries HTML in every field."""
    docs = copy_site(target)
    module = docs / HOSTILE_MODULE
    module.mkdir(parents=True)
    (module / "questions.yaml").write_text(hostile_bank_yaml(), encoding="utf-8")
    (module / "index.md").write_text("# 3. Hostile bank\n\n:::{quiz}\n:::\n", encoding="utf-8")
    index = docs / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "modules/02-more/index\n", "modules/02-more/index\nmodules/03-hostile/index\n"
        ),
        encoding="utf-8",
    )
    return docs
