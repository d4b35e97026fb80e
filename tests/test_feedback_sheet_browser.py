"""The sheet page shows a student's own words in feedback as ``r2p-kit check`` prints them:
as typed, never as markup (issue 16; the module page's quiz is in test_feedback_browser.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import test_sheet_check_browser as sheet_browser
from conftest import REPO
from r2p_kit.check.course import load_module
from test_feedback_wording import LITERAL, MARKUP_ANSWER
from test_sheet_check_browser import SHEETS, check_in_page, cli_report, fill, run_check

sheet_page = sheet_browser.page  # the sheet page's fixture, by the name the test asks for

pytestmark = pytest.mark.slow  # builds the course and drives a browser


def test_the_sheet_page_shows_a_students_words_as_the_command_does(
    sheet_page: Any, tmp_path: Path
) -> None:
    sheet = SHEETS[0]
    numeric = next(q for q in load_module(REPO, sheet.stem).questions if q.type == "numeric")
    text = fill(sheet.read_text(encoding="utf-8"), {numeric.id: [MARKUP_ANSWER]}, set())
    (tmp_path / "markup.md").write_text(text, encoding="utf-8")
    want = cli_report(run_check(tmp_path, "markup.md"))
    got = check_in_page(sheet_page, "markup.md", text)
    assert got == want
    [question] = [q for q in got["questions"] if q["id"] == numeric.id]
    assert question["feedback"] == [LITERAL]
