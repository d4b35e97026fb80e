"""Essay rubrics with level descriptors: in every instructor output, in no student output.

The fixture site's essay has one criterion with descriptors (LEVELMARK-...) and one without,
so each output must show the four levels under the first and nothing invented under the second.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import REPO, bank_of, real_bank
from quiz_support import SITE, fixture_bank
from r2p_kit.bank.load import load_module_bank
from r2p_kit.bank.model import RUBRIC_LEVELS, Essay, LevelDescriptors
from r2p_kit.cli import main
from r2p_kit.errors import UserError
from r2p_kit.quiz.export.answer_key import export_answer_key
from r2p_kit.quiz.export.gift import export_gift
from r2p_kit.quiz.export.json_export import export_json, question_from_dict
from r2p_kit.quiz.export.markdown import export_markdown, export_markdown_key
from r2p_kit.quiz.export.moodle_xml import export_moodle_xml
from r2p_kit.quiz.export.qti import export_qti
from r2p_kit.quiz.generate import Selection, generate_quiz

ESSAY_ID = "sample/why-regional"
DESCRIPTORS = {
    "Excellent (85\u2013100%)": "LEVELMARK-excellent: explains how being close helps prevention",
    "Good (70\u201384%)": "LEVELMARK-good: explains how being close helps prevention",
    "Adequate (50\u201369%)": (
        "LEVELMARK-adequate: says they are close without saying why it matters"
    ),
    "Weak (below 50%)": "LEVELMARK-weak: does not make the point, or gets it wrong",
}


@pytest.fixture(scope="module")
def quiz():
    bank = bank_of(SITE)
    return generate_quiz(bank, Selection(), seed="rubric", variants=1)


def _in_order(text: str, parts: list[str]) -> None:
    """Each part appears in ``text``, after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} missing (or out of order) after position {at}"
        at = found + len(part)


LEVEL_LINES = [f"{name}:" for name in DESCRIPTORS]


def test_loader_reads_the_four_descriptors_best_first() -> None:
    essay = next(q for q in fixture_bank().questions if q.id == ESSAY_ID).body
    assert isinstance(essay, Essay)
    first, second = essay.rubric
    assert isinstance(first.levels, LevelDescriptors)
    assert [level for level, _ in first.levels.described()] == list(RUBRIC_LEVELS)
    assert first.levels.adequate.startswith("LEVELMARK-adequate")
    assert first.keywords == ("close", "neighbour")  # the self-check's hints, unchanged
    assert second.levels is None
    assert first.location.line > 0


def test_a_misspelt_level_is_a_located_error(tmp_path: Path) -> None:
    bank = tmp_path / "questions.yaml"
    bank.write_text(
        "module: sample\nquestions:\n  - id: sample/e\n    type: essay\n    prompt: 'Discuss.'\n"
        "    points: 3\n    rubric:\n      - point: 'A point'\n        levels:\n"
        "          excellent: 'a'\n          good: 'b'\n"
        "          adequte: 'c'\n          weak: 'd'\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as raised:
        load_module_bank(bank)
    text = str(raised.value)
    assert (
        "questions.yaml:12:11: unknown key 'adequte' in 'levels'; did you mean 'adequate'?" in text
    )
    assert "questions.yaml:10:11: missing required field 'adequate' in 'levels'" in text


def test_r2p_kit_key_shows_descriptors_in_markdown_csv_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    course = ["--course", str(SITE)]
    assert main(["key", "sample", *course]) == 0
    md = capsys.readouterr().out
    section = md[md.index(f"[{ESSAY_ID}]") :]
    _in_order(
        section,
        ["RUBRICMARK-proximity", *(f"**{n}:** {d}" for n, d in DESCRIPTORS.items()),
         "RUBRICMARK-legitimacy", "**Explanation:**"],
    )  # fmt: skip
    # The criterion without descriptors gets none invented.
    legitimacy = section[section.index("RUBRICMARK-legitimacy") : section.index("**Explanation:**")]
    assert "Excellent" not in legitimacy
    assert main(["key", "sample", "--format", "csv", *course]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if ESSAY_ID in line)
    _in_order(row, [f"{n}: {d}" for n, d in DESCRIPTORS.items()])
    assert main(["key", "sample", "--format", "json", *course]) == 0
    data = json.loads(capsys.readouterr().out)
    entry = next(q for q in data["questions"] if q["id"] == ESSAY_ID)
    _in_order(entry["meaning"], [f"{n}: {d}" for n, d in DESCRIPTORS.items()])


def test_quiz_keys_show_descriptors_and_the_handout_does_not(quiz) -> None:
    (variant,) = quiz.variants
    key = export_markdown_key("Quiz", variant)
    _in_order(
        key,
        ["Marked by hand with this rubric", "- RUBRICMARK-proximity",
         *(f"- **{n}:** {d}" for n, d in DESCRIPTORS.items()), "- RUBRICMARK-legitimacy"],
    )  # fmt: skip
    _in_order(export_answer_key(quiz), [f"{n}: {d}" for n, d in DESCRIPTORS.items()])
    handout = export_markdown("Quiz", variant)
    assert "LEVELMARK" not in handout and "RUBRICMARK" not in handout


def test_moodle_graderinfo_holds_the_descriptors_and_nothing_students_see_does(quiz) -> None:
    (variant,) = quiz.variants
    document = etree.fromstring(export_moodle_xml(quiz, variant).encode("utf-8"))
    (essay,) = [q for q in document.findall("question") if q.findtext("name/text") == ESSAY_ID]
    grader = etree.fromstring(f"<div>{essay.findtext('graderinfo/text')}</div>")
    criteria = grader.findall("ul/li")
    assert len(criteria) == 2
    levels = [" ".join("".join(li.itertext()).split()) for li in criteria[0].findall("ul/li")]
    assert len(levels) == 4
    for shown, (name, descriptor) in zip(levels, DESCRIPTORS.items(), strict=True):
        assert shown.startswith(f"{name}: {descriptor}")
    assert criteria[1].find("ul") is None
    for shown in ("questiontext/text", "generalfeedback/text", "responsetemplate/text"):
        assert "LEVELMARK" not in (essay.findtext(shown) or "")


def test_moodle_graderinfo_escapes_descriptor_html(tmp_path: Path) -> None:
    bank = tmp_path / "docs" / "modules" / "01-sample"
    bank.mkdir(parents=True)
    (bank / "questions.yaml").write_text(
        "module: sample\nquestions:\n  - id: sample/e\n    type: essay\n    prompt: 'Discuss.'\n"
        "    points: 3\n    rubric:\n      - point: 'A point'\n        levels:\n"
        "          excellent: '<script>alert(1)</script> *well*'\n          good: 'b'\n"
        "          adequate: 'c'\n          weak: 'd'\n",
        encoding="utf-8",
    )
    quiz = generate_quiz(bank_of(tmp_path), Selection(), seed="x")
    xml = export_moodle_xml(quiz, quiz.variants[0])
    grader = etree.fromstring(xml.encode("utf-8")).findtext(".//graderinfo/text") or ""
    assert "<script>" not in grader and "&lt;script&gt;" in grader
    assert "<em>well</em>" in grader


def test_gift_comments_carry_the_descriptors(quiz) -> None:
    (variant,) = quiz.variants
    comments = [line for line in export_gift(quiz, variant).splitlines() if line.startswith("//")]
    rubric = [line for line in comments if line.startswith("// rubric: RUBRICMARK")]
    assert len(rubric) == 2
    _in_order(rubric[0], [f"{n}: {d}" for n, d in DESCRIPTORS.items()])
    assert "Excellent" not in rubric[1]
    body = [line for line in export_gift(quiz, variant).splitlines() if not line.startswith("//")]
    assert not any("LEVELMARK" in line for line in body)  # Moodle imports none of it


def test_canvas_qti_leaves_descriptors_out_because_its_feedback_reaches_students(quiz) -> None:
    (variant,) = quiz.variants
    with zipfile.ZipFile(io.BytesIO(export_qti(quiz, variant))) as archive:
        text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert "LEVELMARK" not in text


def test_json_export_round_trips_the_descriptors(quiz) -> None:
    data = json.loads(export_json(quiz))
    entry = next(q for q in data["variants"][0]["questions"] if q["id"] == ESSAY_ID)
    assert list(entry["rubric"][0]["levels"]) == list(RUBRIC_LEVELS)
    assert entry["rubric"][1]["levels"] is None
    original = next(q for q in fixture_bank().questions if q.id == ESSAY_ID)
    assert question_from_dict(entry).body == original.body


def test_the_course_answer_key_gives_every_essay_criterion_its_four_levels(
    capsys: pytest.CaptureFixture[str],
) -> None:

    # A draft module (r2p-kit new module) may have no essay yet; the course as a whole has.
    with_essays = [
        m for m in real_bank().modules if any(isinstance(q.body, Essay) for q in m.questions)
    ]
    assert len(with_essays) >= 8
    for module in with_essays:
        essays = [q for q in module.questions if isinstance(q.body, Essay)]
        assert main(["key", module.slug, "--course", str(REPO)]) == 0
        key = capsys.readouterr().out
        for question in essays:
            assert isinstance(question.body, Essay)
            section = key[key.index(f"[{question.id}]") :]
            for point in question.body.rubric:
                assert point.levels is not None, (question.id, point.point)
                _in_order(
                    section,
                    [point.point, *(f"**{level.capitalize()} (" for level in RUBRIC_LEVELS)],
                )
                for _, descriptor in point.levels.described():
                    assert descriptor in section
