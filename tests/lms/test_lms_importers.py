"""Moodle's own importers (4.1 and 4.5) and Canvas's import path read our exports as the bank means.

Moodle: tools/lms/moodle_import.php runs Moodle's GIFT and XML question formats, the cloze
parser, the ordering type's importer and the grade check, on every export of the real bank
and of the edge cases. Canvas: instructure/QTIMigrationTool converts each QTI package to
QTI 2.1 as Canvas does on import, and canvas_reader.py reads that by canvas-lms's rules.
Run with ``make test-lms``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, require, require_commands
from export_meaning import edge_bank, expected, from_moodle_import
from lms.canvas_reader import read_item
from r2p_kit.bank.load import load_bank
from r2p_kit.bank.model import (
    Bank,
    Body,
    Choice,
    Matching,
    ModuleBank,
    Option,
    Ordering,
    Pair,
    Question,
    QuestionType,
    TrueFalse,
)
from r2p_kit.quiz.export.common import accepted_texts
from r2p_kit.quiz.export.gift import export_gift
from r2p_kit.quiz.export.moodle_xml import export_moodle_xml
from r2p_kit.quiz.export.qti import export_qti
from r2p_kit.quiz.generate import Quiz, Selection, generate_quiz

PHP_INSTALL = "sudo apt-get install -y php-cli php-xml php-mbstring"
HARNESS = REPO / "tools" / "lms" / "moodle_import.php"
SOURCES = Path(os.environ.get("R2P_LMS_SOURCES", REPO.parent / "shared" / "lms"))
MOODLE_TARBALL = SOURCES / "moodle-question-formats.tar.xz"
QTI_TOOL = Path(os.environ.get("R2P_QTI_MIGRATION_TOOL", REPO / ".cache" / "QTIMigrationTool"))
QTI_TOOL_INSTALL = (
    "git clone https://github.com/instructure/QTIMigrationTool .cache/QTIMigrationTool"
)
MOODLES = {"4.1": "moodle41", "4.5": "moodle50"}


@pytest.fixture(scope="module")
def moodle_root() -> Path:
    require_commands("php", install=PHP_INSTALL)
    require(MOODLE_TARBALL.is_file(), f"Moodle's question formats ({MOODLE_TARBALL})",
            "set R2P_LMS_SOURCES to the folder holding moodle-question-formats.tar.xz")  # fmt: skip
    target = REPO / ".cache" / "lms"
    if not (target / "moodle50" / "version.php").is_file():
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(MOODLE_TARBALL) as archive:
            archive.extractall(target, filter="data")
    return target


def quizzes() -> list[Quiz]:
    real = load_bank(REPO)
    return [
        generate_quiz(real, Selection(), seed="lms", variants=2),
        generate_quiz(edge_bank(), Selection(), seed="lms", variants=3),
    ]


def moodle_read(root: Path, version: str, fmt: str, text: str, tmp: Path) -> dict:  # type: ignore[type-arg]
    path = tmp / f"export.{fmt}"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        ["php", str(HARNESS), str(root / MOODLES[version]), fmt, str(path)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("version", "fmt", "lms"),
    [("4.1", "xml", "moodle41"), ("4.5", "xml", "moodle45"), ("4.5", "xml", "moodle41"),
     ("4.1", "gift", "gift"), ("4.5", "gift", "gift")],
)  # fmt: skip
def test_moodle_imports_the_bank_meaning(
    moodle_root: Path, version: str, fmt: str, lms: str, tmp_path: Path
) -> None:
    target = (4, 5) if lms == "moodle45" else (4, 1)
    for quiz in quizzes():
        for variant in quiz.variants:
            if fmt == "gift":
                text = export_gift(quiz, variant)
            else:
                text = export_moodle_xml(quiz, variant, target)
            read = moodle_read(moodle_root, version, fmt, text, tmp_path)
            assert read["errors"] == []
            found = {q["name"]: from_moodle_import(q) for q in read["questions"]}
            wanted = [m for item in variant.items for m in expected(item, lms)]
            assert sorted(found) == sorted(m["id"] for m in wanted)
            for meaning in wanted:
                assert found[meaning["id"]] == meaning, (version, fmt, meaning["id"])
            if fmt == "gift":
                stored = {q["name"]: q for q in read["questions"]}
                for item in variant.items:
                    if item.question.id in stored:
                        assert stored[item.question.id]["idnumber"] == item.question.id
                        assert stored[item.question.id]["tags"] == list(item.question.tags)


def test_moodle_41_has_no_ordering_type(moodle_root: Path, tmp_path: Path) -> None:
    """Why ordering is matching unless the export names Moodle 4.5 or later."""
    quiz = generate_quiz(edge_bank(), Selection(types=("ordering",)), seed="lms")
    text = export_moodle_xml(quiz, quiz.variants[0], (4, 5))
    read = moodle_read(moodle_root, "4.1", "xml", text, tmp_path)
    assert read["questions"] == []
    assert any("ordering" in error for error in read["errors"])


@pytest.fixture(scope="module")
def qti_tool() -> Path:
    require((QTI_TOOL / "migrate.py").is_file(), "Canvas's QTIMigrationTool", QTI_TOOL_INSTALL)
    return QTI_TOOL


def test_canvas_imports_the_bank_meaning(qti_tool: Path, tmp_path: Path) -> None:
    for n, quiz in enumerate(quizzes()):
        for variant in quiz.variants:
            source, out = tmp_path / f"in{n}{variant.label}", tmp_path / f"out{n}{variant.label}"
            with zipfile.ZipFile(__import__("io").BytesIO(export_qti(quiz, variant))) as archive:
                archive.extractall(source)
            result = subprocess.run(
                [sys.executable, "migrate.py", "--ucvars", "--nogui", "--overwrite",
                 f"--cpout={out}", str(source)],
                cwd=qti_tool, capture_output=True, text=True, check=False, timeout=300,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
            found = {}
            for path in sorted((out / "assessmentItems").glob("*.xml")):
                meaning = read_item(path)
                found[meaning["id"]] = meaning
            wanted = [m for item in variant.items for m in expected(item, "canvas")]
            assert sorted(found) == sorted(m["id"] for m in wanted)
            for meaning in wanted:
                assert found[meaning["id"]] == meaning, meaning["id"]


def adjacent_formatting_bank() -> Bank:
    """Texts with two formatted words side by side, in every HTML field Moodle imports."""

    bodies: dict[QuestionType, Body] = {
        "single": Choice((Option("*x* *y*", True, "*p* *q*"), Option("z"))),
        "true-false": TrueFalse(True, "*t* *u*", "*v* *w*"),
        "matching": Matching((Pair("*l* *m*", "r1"), Pair("n", "r2"))),
        "ordering": Ordering(("*o* *p*", "q r")),
    }
    questions = tuple(
        Question(f"adjacent/{kind}", kind, "98-adjacent", "Is *A* *B* **C** `D`?", body,
                 explanation="*E* *F*")
        for kind, body in bodies.items()
    )  # fmt: skip
    return Bank((ModuleBank("98-adjacent", 98, Path("adjacent.yaml"), questions),))


@pytest.mark.parametrize(
    ("version", "fmt", "lms"),
    [("4.1", "xml", "moodle41"), ("4.5", "xml", "moodle45"), ("4.5", "gift", "gift")],
)
def test_moodle_keeps_the_space_between_two_formatted_words(
    moodle_root: Path, version: str, fmt: str, lms: str, tmp_path: Path
) -> None:
    """Moodle's xmlize drops whitespace between two entities: "*A* *B*" written as escaped
    HTML would import as "AB". Written as CDATA it keeps "A B" (issue 10)."""
    quiz = generate_quiz(adjacent_formatting_bank(), Selection(), seed="lms")
    (variant,) = quiz.variants
    target = (4, 5) if lms == "moodle45" else (4, 1)
    text = export_gift(quiz, variant) if fmt == "gift" else export_moodle_xml(quiz, variant, target)
    read = moodle_read(moodle_root, version, fmt, text, tmp_path)
    found = {q["name"]: from_moodle_import(q) for q in read["questions"]}
    for item in variant.items:
        (meaning,) = expected(item, lms)
        assert found[meaning["id"]] == meaning
    assert found["adjacent/single"]["general_feedback"] == "E F"


def moodle_accepts(response: str, pattern: str) -> bool:
    """qtype_shortanswer_question::compare_string_with_wildcard, case ignored: a run of
    unescaped ``*`` matches anything, ``\\*`` is a star."""
    bits = re.split(r"(?<!\\)\*+", pattern)
    regexp = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    return re.fullmatch(regexp, response.strip(), re.IGNORECASE | re.DOTALL) is not None


@pytest.mark.parametrize(("version", "fmt"), [("4.1", "xml"), ("4.5", "xml"), ("4.1", "gift")])
def test_a_star_in_a_text_answer_is_a_star_not_moodles_wildcard(
    moodle_root: Path, version: str, fmt: str, tmp_path: Path
) -> None:
    """An accepted answer with a ``*`` scores only when typed with the star; a known wrong
    answer "*" does not catch every answer (Moodle's wildcard, escaped by the exporters)."""
    quiz = generate_quiz(edge_bank(), Selection(types=("short", "cloze")), seed="lms")
    (variant,) = quiz.variants
    text = export_gift(quiz, variant) if fmt == "gift" else export_moodle_xml(quiz, variant)
    read = moodle_read(moodle_root, version, fmt, text, tmp_path)
    patterns: dict[str, list[str]] = {}
    for entry in read["questions"]:
        groups = entry.get("subquestions") or [entry]
        for group in groups:
            for answer in group["answers"]:
                kept = patterns.setdefault(entry["name"].split(" (blank")[0], [])
                kept.append(answer["text"]["text"])
    starred = 0
    for item in variant.items:
        stored = patterns[item.question.id]
        assert not any(moodle_accepts("an answer nobody listed", p) for p in stored)
        for blank in item.question.text_answers:
            for accepted in accepted_texts(blank):
                if "->" in accepted and fmt == "gift":
                    continue  # GIFT cannot write it (the exporter warns)
                assert any(moodle_accepts(accepted, p) for p in stored), accepted
                if "*" in accepted:
                    starred += 1
                    other = accepted.replace("*", "something else")
                    assert not any(moodle_accepts(other, p) for p in stored), (accepted, stored)
    assert starred >= 2  # the edge cases hold starred answers in a short answer and a cloze
