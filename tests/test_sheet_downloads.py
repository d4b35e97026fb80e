"""The sheets on the site (issue 15), without a build: the printable page of a sheet and the
data the "Check your exercise sheet" page reads a sheet with."""

from __future__ import annotations

import json

from conftest import REPO
from r2p_kit.check.course import load_module
from r2p_kit.check.layout import layout_question
from r2p_kit.check.solution import correct_answer
from r2p_kit.sphinx.quiz.selfcheck import unseal
from r2p_kit.sphinx.sheets.data import module_data
from r2p_kit.sphinx.sheets.downloads import printable_sheet

HOSTILE = (
    "---\nmodule: x\nstudent: <b>me</b>\n---\n# Sheet <script>alert(1)</script>\n\n"
    "## 1. [x/y] Which? <img src=x onerror=alert(1)>\n\n*Choose one letter.*\n\n"
    "a) first\nb) [link](javascript:alert(1))\n\nAnswer:\n"
)


def test_the_printable_sheet_escapes_everything_and_keeps_options_apart() -> None:
    page = printable_sheet(HOSTILE, "01-x.md")
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert 'href="javascript' not in page  # the link stays text
    assert "&lt;script&gt;" in page and "student: &lt;b&gt;me&lt;/b&gt;" in page
    assert "a) first<br />" in page  # one option a line, as on the Markdown sheet
    assert '<p class="r2p-answer">Answer:</p>' in page


def test_the_printable_sheet_names_every_way_to_check_it() -> None:
    sheet = (REPO / "exercises" / "01-origins.md").read_text(encoding="utf-8")
    page = printable_sheet(sheet, "01-origins.md")
    assert "Check your exercise sheet" in page
    assert "pip" in page and "r2p-kit check exercises/01-origins.md" in page
    assert "[____ 1 ____]" in page or "cloze" not in sheet  # blanks stay blanks


def test_page_data_maps_printed_letters_and_seals_what_the_report_shows() -> None:
    module = load_module(REPO, "01-origins")
    data = module_data(module, "Origins", {})
    assert [q["id"] for q in data["questions"]] == [q.id for q in module.questions]
    for question, entry in zip(module.questions, data["questions"], strict=True):
        salt = entry["d"]["salt"]
        sealed = entry["d"]["seal"]
        if "letters" in entry:
            shown = layout_question(question).shown
            assert entry["shown"] == list(shown)
            assert len(set(entry["letters"])) == len(shown)
        written, _meaning = correct_answer(question)
        if question.type != "essay":
            answer = json.loads(unseal(salt, "answer", sealed["answer"]))
            text = json.dumps(answer, ensure_ascii=False)
            assert written.split(";")[0].split(",")[0] in text
            assert "Correct answer:" in text
        if question.hints:
            hints = json.loads(unseal(salt, "hints", sealed["hints"]))
            assert len(hints) == len(question.hints)
        if question.type == "short":
            assert json.loads(unseal(salt, "spelling", sealed["spelling"])) == [
                question.body.expected.answers[0]  # type: ignore[union-attr]
            ]
    plain = json.dumps({k: v for k, v in data.items()}, ensure_ascii=False)
    assert "Correct answer" not in plain and "Hint:" not in plain
