"""The page shows a student's own words in feedback as typed, never as markup (issue 16).

Feedback lines are Markdown on both sides; the answer quoted in them is escaped where the
line is composed (check/match.py and quiz.js ``quoted``), and the page shows its own lines
as text (quiz.js ``asText``). The module page's quiz (here) and the sheet page
(test_feedback_sheet_browser.py) show ``*many* [a](b) <i>x</i> & \\ |~`` as written, as
``r2p-kit check`` prints it.
"""

from __future__ import annotations

import pytest

import test_quiz_browser as quiz_browser
from quiz_support import fixture_bank
from test_feedback_wording import LITERAL, MARKUP_ANSWER
from test_quiz_browser import Tab, anchor, answer_with_mouse, feedback, open_module

# The module page's fixtures, by the names the test below asks for (the sheet page is in
# test_feedback_sheet_browser.py: one Playwright at a time).
site, base_url, browser, tab = (
    quiz_browser.site,
    quiz_browser.base_url,
    quiz_browser.browser,
    quiz_browser.tab,
)

pytestmark = pytest.mark.slow  # builds sites and drives a browser


def test_the_quiz_shows_a_students_words_as_written(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    numeric = next(q for q in fixture_bank().questions if q.type == "numeric")
    answer_with_mouse(page, numeric, MARKUP_ANSWER)
    page.wait_for_function(
        "sel => document.querySelector(sel).textContent.includes('not one number')",
        arg=f"{anchor(numeric)} .r2p-feedback",
    )
    assert LITERAL in feedback(page, numeric).splitlines()
    box = f"{anchor(numeric)} .r2p-feedback"
    assert page.locator(f"{box} em, {box} a, {box} i").count() == 0
    assert tab.errors == []
