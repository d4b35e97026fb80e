"""The self-check in a real browser: every question type by mouse and by keyboard, the shared
match vectors through the page's own JavaScript, file:// use, and an axe-core audit.

Playwright drives Debian's Chromium (never a downloaded browser). The built fixture site
is served on 127.0.0.1; a failing test leaves a screenshot in test-results/quiz-browser/.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest

from _tools import axe_source
from browser import launched_chromium, serious_violations, serve
from check_support import question_from_spec
from conftest import REPO, Build, is_redirect_page, run_sphinx
from quiz_support import (
    HOSTILE_MODULE,
    HOSTILE_TEXT,
    MODULE_PAGE,
    build_site,
    fixture_bank,
    hostile_site,
    tokens_for,
)
from r2p_kit.bank.model import Cloze, Question
from r2p_kit.check.layout import layout_question, right_hand
from r2p_kit.check.match import match_answer, response_from_data
from r2p_kit.check.normalize import normalize_text, parse_number, read_number_answer
from r2p_kit.sphinx.quiz.selfcheck import self_check
from test_marking_labels import _bank as marking_bank
from test_marking_labels import _labelled as labelled_answers
from test_marking_labels import program_says_correct

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX

pytest.importorskip("playwright.sync_api")  # skip the module where Playwright is missing

SCREENSHOTS = REPO / "test-results" / "quiz-browser"
VECTORS = json.loads((REPO / "tests" / "match_vectors.json").read_text(encoding="utf-8"))
# Feedback only the Python matcher gives: a wrong number's direction (the page has hashes of
# the accepted numbers, not the range) and the rubric points an essay seems to touch.
PYTHON_ONLY = ("Your number is too", "Your answer seems to touch")
CORRECT, WRONG, PARTLY = "\u2713 Correct.", "\u2717 Not quite.", "\u25d1 Partly right"


# -- the site, the server and the browser -------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_site("html", tmp_path_factory.mktemp("quiz-browser"))


@pytest.fixture(scope="module")
def instructor_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_site("html", tmp_path_factory.mktemp("quiz-browser-i"), "-t", "instructor")


@pytest.fixture(scope="module")
def base_url(site: Build) -> Iterator[str]:
    server, url = serve(site.outdir)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@dataclasses.dataclass
class Tab:
    """A browser page and the script errors it raised."""

    page: Any
    errors: list[str]


@pytest.fixture
def tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Tab]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    failed_before = request.session.testsfailed
    yield Tab(page, errors)
    if request.session.testsfailed > failed_before:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()


def open_module(tab: Tab, base_url: str) -> Any:
    tab.page.goto(base_url + (MODULE_PAGE / "index.html").as_posix())
    tab.page.wait_for_selector(".r2p-actions:not([hidden])")
    return tab.page


def anchor(question: Question) -> str:
    return "#q-" + question.id.replace("/", "-")


def feedback(page: Any, question: Question) -> str:
    return page.locator(f"{anchor(question)} .r2p-feedback").inner_text()


# -- answering every type, by mouse ---------------------------------------------------------


def _letter_label(question: Question, right_index: int) -> str:
    rights = right_hand(question.body)
    return f"{layout_question(question).letter(right_index)}) {rights[right_index]}"


def answer_with_mouse(page: Any, question: Question, answer: Any) -> None:
    """Click options and buttons, pick from lists, type into boxes."""
    q = page.locator(anchor(question))
    kind = question.type
    if kind == "single":
        q.get_by_label(answer[0], exact=False).check()
    elif kind == "multiple":
        for option in q.locator(".r2p-option").all():
            wanted = any(text in option.inner_text() for text in answer)
            option.locator("input").set_checked(wanted)
    elif kind == "true-false":
        q.get_by_label(answer).check()
    elif kind in ("short", "numeric", "essay"):
        q.get_by_label("Your answer").click()
        q.get_by_label("Your answer").fill(answer)
    elif kind == "ordering":
        for item, position in answer.items():
            q.get_by_label(item).select_option(str(position))
    elif kind == "matching":
        for left, label in answer.items():
            q.get_by_label(left).select_option(label=label)
    elif kind == "cloze":
        for number, text in enumerate(answer, start=1):
            q.get_by_label(f"Blank {number}").fill(text)
    q.get_by_role("button", name="Check").click()


def scripted_answers() -> dict[str, tuple[Any, str, Any, str]]:
    """Per question id: (wrong answer, text in its feedback, right answer, its feedback)."""
    bank = {q.id: q for q in fixture_bank().questions}
    matching = bank["sample/document-symbols"]
    ordering = bank["sample/document-order"].body.items
    return {
        "sample/assembly-adopted": (
            ["the Security Council"], "FEEDBACKMARK-council", ["the General Assembly"], CORRECT
        ),
        "sample/strategy-pillars": (
            ["the protection responsibilities", "sanctions imposed"], "FEEDBACKMARK-unilateral",
            ["the protection responsibilities", "international assistance", "timely and decisive"],
            CORRECT,
        ),
        "sample/chapter-eight": ("False", "FEEDBACKMARK-false", "True", CORRECT),
        "sample/failing-words": (
            "unable", "FEEDBACKMARK-unable", "  The Manifestly-Failing. ", CORRECT
        ),
        "sample/dialogue-country": ("Ghana", WRONG, "Cote d\u2019Ivoire", CORRECT),
        "sample/member-count": ("192", WRONG, "193 States", CORRECT),
        "sample/year-range": ("2,011", WRONG, "2,007", CORRECT),
        "sample/document-order": (
            {item: len(ordering) - i for i, item in enumerate(ordering)},
            "0 of 6 pairs are in the right order.",
            {item: i + 1 for i, item in enumerate(ordering)},
            CORRECT,
        ),
        "sample/document-symbols": (
            {pair.left: _letter_label(matching, 3) for pair in matching.body.pairs},
            "0 of 3 pairs are matched correctly.",
            {pair.left: _letter_label(matching, i) for i, pair in enumerate(matching.body.pairs)},
            CORRECT,
        ),
        "sample/four-crimes": (
            ["ethnic cleansing", "terrorism"], "That answer belongs in another blank.",
            ["Genocide", "ethnic-cleansing"], CORRECT,
        ),
        "sample/why-regional": (
            "", "Answer the question first", "Neighbours are close.", "Answer noted."
        ),
    }  # fmt: skip


def test_every_type_answered_wrong_then_right_with_the_mouse(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    script = scripted_answers()
    for question in fixture_bank().questions:
        wrong, wrong_text, right, right_text = script[question.id]
        answer_with_mouse(page, question, wrong)
        page.wait_for_function(
            "([sel, text]) => document.querySelector(sel).textContent.includes(text)",
            arg=[f"{anchor(question)} .r2p-feedback", wrong_text],
        )
        show = page.locator(f"{anchor(question)} .r2p-show")
        explanation = page.locator(f"{anchor(question)} .r2p-explanation")
        if question.type != "essay":
            assert WRONG in feedback(page, question) or PARTLY in feedback(page, question)
            assert show.is_visible(), question.id
            assert not explanation.is_visible(), f"{question.id}: explained after a miss"
        answer_with_mouse(page, question, right)
        page.wait_for_function(
            "([sel, text]) => document.querySelector(sel).textContent.includes(text)",
            arg=[f"{anchor(question)} .r2p-feedback", right_text],
        )
        assert "EXPLAINMARK-" in explanation.inner_text(), question.id
    score = page.locator(".r2p-score").inner_text()
    assert score == "Score: 10 of 10 points (10 of 10 questions checked)."
    assert tab.errors == []


def test_partial_credit_matches_the_matcher(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    pillars = next(q for q in fixture_bank().questions if q.id == "sample/strategy-pillars")
    answer_with_mouse(page, pillars, ["the protection responsibilities", "timely and decisive"])
    page.wait_for_function("document.querySelector('#q-sample-strategy-pillars .r2p-status')")
    text = feedback(page, pillars)
    assert text.startswith(f"{PARTLY}: 0.67 of 1 point.")
    assert "You left out 1 correct option." in text
    assert "Score: 0.67 of 10 points (1 of 10 questions checked)." in page.inner_text(".r2p-score")


def test_show_answer_reveals_it_moves_focus_and_earns_no_points(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    crimes = next(q for q in fixture_bank().questions if q.id == "sample/four-crimes")
    answer_with_mouse(page, crimes, ["genocide", "piracy"])
    q = page.locator(anchor(crimes))
    q.get_by_role("button", name="Show answer").click()
    page.wait_for_function("document.activeElement.classList.contains('r2p-answer')")
    answer = q.locator(".r2p-answer").inner_text()
    assert "genocide" in answer and "ethnic cleansing" in answer
    assert not q.get_by_role("button", name="Show answer").is_visible()
    answer_with_mouse(page, crimes, ["genocide", "ethnic cleansing"])
    page.wait_for_function(
        "sel => document.querySelector(sel).textContent.includes('Correct')",
        arg="#q-sample-four-crimes .r2p-feedback",
    )
    assert "Score: 0.5 of 10 points" in page.inner_text(".r2p-score")


def test_the_explanation_waits_for_show_answer_after_a_miss(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    words = next(q for q in fixture_bank().questions if q.id == "sample/failing-words")
    q = page.locator(anchor(words))
    answer_with_mouse(page, words, "unable")
    page.wait_for_function("document.querySelector('#q-sample-failing-words .r2p-status')")
    assert "FEEDBACKMARK-unable" in feedback(page, words)
    assert not q.locator(".r2p-explanation").is_visible()
    q.get_by_role("button", name="Show answer").click()
    page.wait_for_function("document.activeElement.classList.contains('r2p-answer')")
    assert "EXPLAINMARK-short" in q.locator(".r2p-explanation").inner_text()


def test_changing_an_answer_clears_the_old_verdict(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    questions = {q.id: q for q in fixture_bank().questions}
    words, adopted = questions["sample/failing-words"], questions["sample/assembly-adopted"]
    answer_with_mouse(page, words, "unable")
    answer_with_mouse(page, adopted, ["the Security Council"])
    page.wait_for_function("document.querySelectorAll('.r2p-feedback .r2p-status').length === 2")
    page.locator(anchor(words)).get_by_label("Your answer").press("End")
    page.keyboard.type(" to protect")
    page.locator(anchor(adopted)).get_by_label("the General Assembly", exact=False).check()
    for question in (words, adopted):
        assert feedback(page, question) == "", question.id
        assert page.locator(f"{anchor(question)} [aria-invalid]").count() == 0
        assert page.locator(f"{anchor(question)} .r2p-wrong").count() == 0


def test_a_slip_is_accepted_with_a_note_and_a_near_miss_is_called_close(
    tab: Tab, base_url: str
) -> None:
    page = open_module(tab, base_url)
    words = next(q for q in fixture_bank().questions if q.id == "sample/failing-words")
    answer_with_mouse(page, words, "Manifestly faling")
    page.wait_for_function("document.querySelector('#q-sample-failing-words .r2p-status')")
    lines = [line for line in feedback(page, words).splitlines() if line.strip()]
    assert lines == [CORRECT, "Accepted, but check the spelling.", "The explanation is below."]
    assert "1 of 10 points" in page.inner_text(".r2p-score")
    html = page.content().casefold()
    assert "manifestly" not in html.replace("manifestly faling", "")


def test_wrong_parts_are_marked_in_words_and_for_assistive_technology(
    tab: Tab, base_url: str
) -> None:
    page = open_module(tab, base_url)
    crimes = next(q for q in fixture_bank().questions if q.id == "sample/four-crimes")
    answer_with_mouse(page, crimes, ["genocide", "terrorism"])
    q = page.locator(anchor(crimes))
    page.wait_for_function("document.querySelector('#q-sample-four-crimes .r2p-status')")
    assert q.get_by_label("Blank 2").get_attribute("aria-invalid") == "true"
    assert q.get_by_label("Blank 1").get_attribute("aria-invalid") is None
    marks = q.locator(".r2p-mark").all_inner_texts()
    assert [m.strip() for m in marks] == ["\u2713", "\u2717"]
    assert "Blank 2: FEEDBACKMARK-terrorism" in feedback(page, crimes)


def test_feedback_is_announced_through_the_live_region(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    question = fixture_bank().questions[0]
    region = page.locator(f"{anchor(question)} .r2p-feedback")
    assert region.get_attribute("aria-live") == "polite"
    page.evaluate(
        """sel => {
            const region = document.querySelector(sel);
            window.r2pAnnounced = [];
            new MutationObserver(() => window.r2pAnnounced.push(region.textContent))
              .observe(region, {childList: true, subtree: true, characterData: true});
        }""",
        f"{anchor(question)} .r2p-feedback",
    )
    page.locator(anchor(question)).get_by_role("button", name="Check").click()
    page.wait_for_function("window.r2pAnnounced.length > 0")
    assert "Answer the question first" in page.evaluate("window.r2pAnnounced.at(-1)")
    status = page.locator(anchor(question)).get_by_role("status")
    assert "Answer the question first, then press Check." in status.inner_text()


# -- by keyboard alone ------------------------------------------------------------------------


def focused(page: Any) -> dict[str, str]:
    return page.evaluate(
        "({id: document.activeElement.id, cls: document.activeElement.className,"
        " type: document.activeElement.type || ''})"
    )


def tab_to(page: Any, css_class: str, limit: int = 12) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if css_class in focused(page)["cls"].split():
            return
    raise AssertionError(f"Tab never reached .{css_class}")


def answer_with_keyboard(page: Any, question: Question, answer: Any) -> None:
    """Focus the question's first control (as Tab would), then keys only."""
    q = page.locator(anchor(question))
    keys = page.keyboard
    q.locator("[data-r2p-part]").first.focus()
    kind = question.type
    if kind in ("single", "true-false"):
        labels = q.locator("label").all_inner_texts()
        target = next(i for i, text in enumerate(labels) if answer[0] in text)
        keys.press("Space")
        for _ in range(target):
            keys.press("ArrowDown")
    elif kind == "multiple":
        labels = q.locator(".r2p-option label").all_inner_texts()
        for i, text in enumerate(labels):
            if any(choice in text for choice in answer):
                keys.press("Space")
            if i < len(labels) - 1:
                keys.press("Tab")
    elif kind in ("short", "numeric"):
        keys.type(answer)
        keys.press("Enter")
        return
    elif kind == "essay":
        keys.type(answer)
    elif kind in ("ordering", "matching"):
        for i, choice in enumerate(answer):
            keys.type(choice)
            if i < len(answer) - 1:
                keys.press("Tab")
    elif kind == "cloze":
        for i, text in enumerate(answer):
            keys.type(text)
            if i < len(answer) - 1:
                keys.press("Tab")
    tab_to(page, "r2p-check")
    keys.press("Space")


def keyboard_answers() -> dict[str, tuple[Any, Any]]:
    """Per question id: (wrong, right) as keys: option text, letters or positions to type."""
    bank = {q.id: q for q in fixture_bank().questions}
    order = bank["sample/document-order"]
    shown_order = [layout_question(order).shown.index(i) for i in range(len(order.body.items))]
    ordering_right = [str(shown_order.index(k) + 1) for k in range(len(order.body.items))]
    matching = bank["sample/document-symbols"]
    letters = [layout_question(matching).letter(i) for i in range(len(matching.body.pairs))]
    return {
        "sample/assembly-adopted": (["the Security Council"], ["the General Assembly"]),
        "sample/strategy-pillars": (
            ["sanctions imposed"],
            ["the protection responsibilities", "international assistance", "timely and decisive"],
        ),
        "sample/chapter-eight": (["False"], ["True"]),
        "sample/failing-words": ("unable", "manifestly failing"),
        "sample/dialogue-country": ("Ghana", "C\u00f4te d'Ivoire"),
        "sample/member-count": ("194", "193"),
        "sample/year-range": ("2005", "2010"),
        "sample/document-order": (["1", "1", "1", "1"], ordering_right),
        "sample/document-symbols": ([letters[1], letters[2], letters[0]], letters),
        "sample/four-crimes": (["war crimes", "piracy"], ["genocide", "ethnic cleansing"]),
        "sample/why-regional": ("They are close.", "They are close and legitimate."),
    }


def test_every_type_answered_wrong_then_right_with_the_keyboard_alone(
    tab: Tab, base_url: str
) -> None:
    page = open_module(tab, base_url)
    script = keyboard_answers()
    for question in fixture_bank().questions:
        wrong, right = script[question.id]
        answer_with_keyboard(page, question, wrong)
        page.wait_for_function(
            "sel => document.querySelector(sel).textContent !== ''",
            arg=f"{anchor(question)} .r2p-feedback",
        )
        text = feedback(page, question)
        if question.type == "essay":
            assert text.startswith("Answer noted.")
        elif question.type == "ordering":
            assert text.startswith("Give each item a different position.")
        else:
            assert text.startswith(WRONG), (question.id, text)
        if question.type not in ("ordering",):
            tab_to(page, "r2p-show")
            page.keyboard.press("Enter")
            page.wait_for_function("document.activeElement.classList.contains('r2p-answer')")
        page.locator(f"{anchor(question)} [data-r2p-part]").first.focus()
        clear_with_keyboard(page, question)
        answer_with_keyboard(page, question, right)
        page.wait_for_function(
            "([sel, text]) => document.querySelector(sel).textContent.startsWith(text)",
            arg=[
                f"{anchor(question)} .r2p-feedback",
                "Answer noted" if question.type == "essay" else CORRECT,
            ],
        )
    assert tab.errors == []


def clear_with_keyboard(page: Any, question: Question) -> None:
    """Empty the text boxes and untick the boxes of a question, by keys alone."""
    q = page.locator(anchor(question))
    if question.type in ("short", "numeric", "essay", "cloze"):
        for _ in range(q.locator("[data-r2p-part]").count()):
            page.keyboard.press("Control+A")
            page.keyboard.press("Delete")
            page.keyboard.press("Tab")
    elif question.type == "multiple":
        for box in q.locator("input[type=checkbox]").all():
            if box.is_checked():
                box.focus()
                page.keyboard.press("Space")


def test_tab_reaches_every_control_of_the_quiz_in_reading_order(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    page.locator(".r2p-quiz [data-r2p-part]").first.focus()
    seen = [focused(page)]
    for _ in range(80):
        page.keyboard.press("Tab")
        now = focused(page)
        if "r2p-exercise" in now["cls"] or not page.evaluate(
            "!!document.activeElement.closest('.r2p-quiz')"
        ):
            break
        seen.append(now)
    ids = [s["id"] for s in seen if s["id"]]
    expected = page.evaluate(
        """() => [...document.querySelectorAll('.r2p-quiz [data-r2p-part]')]
            .filter(e => e.type !== 'radio' || e === document.getElementsByName(e.name)[0])
            .map(e => e.id)"""
    )
    assert ids == expected
    checks = [s for s in seen if "r2p-check" in s["cls"].split()]
    assert len(checks) == 11


# -- the shared vectors through the page's JavaScript --------------------------------------------


def _vector_runs() -> list[dict[str, Any]]:
    runs = []
    for case in VECTORS["cases"]:
        question = question_from_spec(VECTORS["questions"][case["question"]], case["question"])
        check = self_check(question)
        expected = match_answer(question, response_from_data(question, case["answer"]))
        runs.append(
            {
                "case": case,
                "data": check.data,
                "response": tokens_for(question, check, case["answer"]),
                "feedback": check.feedback,
                "expected": {"status": expected.status, "score": expected.score},
                "lines": _lines_the_page_gives(question, expected),
            }
        )
    return runs


def _lines_the_page_gives(question: Question, result: Any) -> list[str]:
    """Python's feedback lines as the page words them: the page says the spelling slip
    without the answer, and cannot tell a wrong number's direction (PYTHON_ONLY)."""
    lines = [*result.feedback]
    if isinstance(question.body, Cloze):
        lines += [part.feedback for part in result.parts]
    lines = [re.sub(r"^(Accepted, but check the spelling): .*", r"\1.", line) for line in lines]
    return sorted(line for line in lines if line and not line.startswith(PYTHON_ONLY))


EVALUATE_ALL = """async runs => {
    const out = [];
    for (const run of runs) out.push(await R2PQuiz.evaluate(run.data, run.response));
    return out;
}"""


def _page_lines(result: dict[str, Any], sealed: dict[str, str]) -> list[str]:
    """The lines the page shows for an evaluation: its own, or sealed bank feedback."""
    items = [*result["feedback"], *(p.get("note") or "" for p in result["parts"])]
    lines = [sealed.get(i["key"], "") if isinstance(i, dict) else i for i in items]
    return sorted(line for line in lines if line)


def _check_vectors(page: Any) -> None:
    normalized = page.evaluate(
        "cases => cases.map(c => R2PQuiz.normalize(c.input, !!c.accents_optional))",
        VECTORS["normalize"],
    )
    assert normalized == [case["output"] for case in VECTORS["normalize"]]
    numbers = page.evaluate(
        "cases => cases.map(c => R2PQuiz.parseNumber(c.input))", VECTORS["numbers"]
    )
    assert numbers == [case["value"] for case in VECTORS["numbers"]]
    runs = _vector_runs()
    results = page.evaluate(EVALUATE_ALL, runs)
    mismatches = []
    for run, result in zip(runs, results, strict=True):
        expected = run["expected"]
        if (
            result["status"] != expected["status"]
            or abs(result["score"] - expected["score"]) > 1e-4
            or _page_lines(result, run["feedback"]) != run["lines"]
        ):
            mismatches.append((run["case"], result, run["lines"]))
    assert mismatches == [], json.dumps(mismatches, indent=1, ensure_ascii=False)


def test_shared_match_vectors_run_through_the_page_javascript(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    _check_vectors(page)
    assert tab.errors == []


# -- the careful marker's labelled answers through the page's JavaScript -------------------------

MARKING_FLOOR = 0.97  # the done-criterion for the in-page self-check


def _labelled_runs() -> tuple[list[Any], list[dict[str, Any]], dict[str, Any]]:
    """Every labelled answer of tests/marking/ as the page evaluates it, with the data the
    real bank gives its question (each question's data once, by id)."""
    bank = {question.id: question for question in marking_bank().questions}
    cases = labelled_answers()
    data = {qid: self_check(bank[qid]).data for qid in sorted({c.question for c in cases})}
    runs = []
    for case in cases:
        body = bank[case.question].body
        response: Any = case.answer
        if isinstance(body, Cloze):
            response = [""] * len(body.blanks)
            response[(case.blank or 1) - 1] = case.answer
        runs.append({"id": case.question, "blank": case.blank, "response": response})
    return cases, runs, data


EVALUATE_LABELLED = """async ([runs, data]) => {
    const out = [];
    for (const run of runs) {
        const result = await R2PQuiz.evaluate(data[run.id], run.response);
        const part = run.blank && (result.parts[run.blank - 1] || {});
        out.push(run.blank ? !!part.ok : result.status === "correct");
    }
    return out;
}"""


def test_the_page_agrees_with_the_careful_marker_and_with_the_checker(
    tab: Tab, base_url: str
) -> None:
    page = open_module(tab, base_url)
    cases, runs, data = _labelled_runs()
    says = page.evaluate(EVALUATE_LABELLED, [runs, data])
    bank = {question.id: question for question in marking_bank().questions}
    disagree = [(c, s) for c, s in zip(cases, says, strict=True) if s != (c.label == "correct")]
    false_credit = [c for c, s in disagree if s]
    assert not false_credit, "the page accepts answers labelled incorrect:\n" + "\n".join(
        f"  {c.question} {c.answer!r}: {c.reason}" for c in false_credit
    )
    agreement = 1 - len(disagree) / len(cases)
    assert agreement >= MARKING_FLOOR, (agreement, [(c.question, c.answer) for c, _ in disagree])
    unlike_checker = [
        (c.question, c.blank, c.answer, s)
        for c, s in zip(cases, says, strict=True)
        if s != program_says_correct(bank[c.question], c)
    ]
    assert unlike_checker == []
    assert tab.errors == []


def _slip(text: str, rng: random.Random) -> str:
    """``text`` with one slip: a character left out, added, changed or swapped."""
    if len(text) < 2:
        return text + "x"
    i, kind, char = rng.randrange(len(text)), rng.randrange(4), rng.choice(SLIP_CHARACTERS)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + char + text[i:]
    if kind == 2:
        return text[:i] + char + text[i + 1 :]
    j = min(i + 1, len(text) - 1)
    return text[:i] + text[j] + text[i + 1 : j] + text[i] + text[j + 1 :] if j > i else text


SLIP_CHARACTERS = "abcdefghijklmnopqrstuvwxyz ,.()-'"


def test_the_page_gives_the_checkers_verdicts_on_slips_of_the_labelled_answers(
    tab: Tab, base_url: str
) -> None:
    """Each labelled answer and seven slips of it (one or two edits): the page's status,
    score and feedback lines are the checker's, typo tolerance and rivals included."""
    page = open_module(tab, base_url)
    bank = {question.id: question for question in marking_bank().questions}
    rng = random.Random(11)
    runs, expected, sealed, data = [], [], {}, {}
    for case in labelled_answers():
        question = bank[case.question]
        if question.id not in data:
            check = self_check(question)
            data[question.id], sealed[question.id] = check.data, check.feedback
        slips = [_slip(case.answer, rng) for _ in range(6)]
        for text in [case.answer, *slips, _slip(_slip(case.answer, rng), rng)]:
            answer: Any = text
            if isinstance(question.body, Cloze):
                answer = [""] * len(question.body.blanks)
                answer[(case.blank or 1) - 1] = text
            result = match_answer(question, response_from_data(question, answer))
            runs.append({"id": question.id, "response": answer})
            expected.append(
                (result.status, round(result.score, 4), _lines_the_page_gives(question, result))
            )
    results = page.evaluate(
        """async ([runs, data]) => {
            const out = [];
            for (const run of runs) out.push(await R2PQuiz.evaluate(data[run.id], run.response));
            return out;
        }""",
        [runs, data],
    )
    mismatches = [
        (run, got, want)
        for run, result, want in zip(runs, results, expected, strict=True)
        if (
            got := (
                result["status"],
                round(result["score"], 4),
                _page_lines(result, sealed[run["id"]]),
            )
        )
        != want
    ]
    assert len(runs) > 4000
    assert mismatches == [], json.dumps(mismatches[:20], indent=1, ensure_ascii=False)


NUMBER_TOKENS = (
    "2005", "2,005", "1 000", "12", "January", "jan", "Sept", "14th", "of", "out", "in", "on",
    "by", "the", "year", "-", "\u2013", "/", ".", ",", "(", ")", "or", "and", "votes", "four",
    "hundred", "thousand", "sixty", "fifth", "%", "\u0662\u0660\u0660\u0665", "\u00bd",
    "\u00b2", "10-0-5", "2000-09-14", "12/01/2009", " ", "\u00ad", "\u2212", "+", "2.5",
    "0,125", "e5", "nan", "abstained", "ten",
)  # fmt: skip
TEXT_CHARACTERS = (
    "aAe\u00e9\u00c9\u00e8\u00e7\u00df\u1e9e\u0131\u0130iI\u03c3\u03c2\u03a3 \ufb01\uff21"
    "\uff11\u0662 -\u2013\u2014.,'\u2019()\u00ad\u200b\u0301\u0308\u01c5\u0149\u01f0"
    "\u1fb3\u03a9\u0623\u0431\u4e00\t\n\u00a0\u2009xyz0123"
)


def test_normalising_and_reading_numbers_agree_with_python_on_random_text(
    tab: Tab, base_url: str
) -> None:
    page = open_module(tab, base_url)
    rng = random.Random(7)
    texts = [
        "".join(rng.choice(TEXT_CHARACTERS) for _ in range(rng.randrange(1, 12)))
        for _ in range(3000)
    ]
    texts += [f"the {text}" for text in texts[:300]]
    got = page.evaluate(
        "ts => ts.map(t => [R2PQuiz.normalize(t, false), R2PQuiz.normalize(t, true)])", texts
    )
    want = [[normalize_text(t), normalize_text(t, accents_optional=True)] for t in texts]
    assert [(t, g) for t, g, w in zip(texts, got, want, strict=True) if g != w] == []
    numbers = [
        "".join(
            rng.choice(NUMBER_TOKENS) + rng.choice(("", " ")) for _ in range(rng.randrange(1, 6))
        )
        for _ in range(3000)
    ]
    got = page.evaluate(
        """ns => ns.map(n => [R2PQuiz.parseNumber(n), R2PQuiz.readNumberAnswer(n, false),
            R2PQuiz.readNumberAnswer(n, true)].map(r => r && typeof r === "object"
            ? [r.value, r.note || ""] : r))""",
        numbers,
    )
    want = [
        [
            parse_number(n),
            *([r.value, r.note] for r in (read_number_answer(n), read_number_answer(n, year=True))),
        ]
        for n in numbers
    ]
    assert [(n, g, w) for n, g, w in zip(numbers, got, want, strict=True) if g != w] == []


def test_without_web_crypto_the_page_says_it_cannot_check(tab: Tab, base_url: str) -> None:
    """Pages from https, localhost and file:// have Web Crypto; plain http from elsewhere not."""
    tab.page.add_init_script(
        "Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined});"
    )
    page = open_module(tab, base_url)
    first = fixture_bank().questions[0]
    answer_with_mouse(page, first, ["the General Assembly"])
    page.wait_for_function(
        "document.querySelector('#q-sample-assembly-adopted .r2p-feedback').textContent !== ''"
    )
    assert feedback(page, first).startswith("This browser cannot check answers on this page.")


def test_the_page_works_from_a_file_url(tab: Tab, site: Build) -> None:
    page = tab.page
    page.goto((site.outdir / MODULE_PAGE / "index.html").as_uri())
    page.wait_for_selector(".r2p-actions:not([hidden])")
    assert page.evaluate("isSecureContext && !!crypto.subtle")  # the hashes need Web Crypto
    questions = {q.id: q for q in fixture_bank().questions}
    answer_with_mouse(page, questions["sample/dialogue-country"], "cote d'ivoire")
    answer_with_mouse(page, questions["sample/document-order"], {
        item: i + 1 for i, item in enumerate(questions["sample/document-order"].body.items)
    })  # fmt: skip
    page.wait_for_function("document.querySelectorAll('.r2p-feedback.r2p-correct').length === 2")
    assert tab.errors == []


# -- accessibility audit --------------------------------------------------------------------------


def _pages(build: Build) -> list[str]:
    """The pages readers see: not the redirect stubs at moved modules' old addresses."""
    pages = (p for p in build.outdir.rglob("*.html") if not is_redirect_page(p))
    return sorted(p.relative_to(build.outdir).as_posix() for p in pages)


def test_axe_finds_no_serious_violation_on_any_page(tab: Tab, site: Build, base_url: str) -> None:
    axe = axe_source()
    found = {}
    for path in _pages(site):
        tab.page.goto(base_url + path)
        found[path] = serious_violations(tab.page, axe)
    assert found == {path: [] for path in found}


def test_axe_finds_no_serious_violation_after_answers_are_checked_and_shown(
    tab: Tab, base_url: str
) -> None:
    axe = axe_source()
    page = open_module(tab, base_url)
    for question in fixture_bank().questions:
        wrong = scripted_answers()[question.id][0]
        answer_with_mouse(page, question, wrong)
        page.wait_for_function(
            "sel => document.querySelector(sel).textContent !== ''",
            arg=f"{anchor(question)} .r2p-feedback",
        )
        show = page.locator(f"{anchor(question)} .r2p-show")
        if show.is_visible():
            show.click()
    assert serious_violations(page, axe) == []


def test_axe_finds_no_serious_violation_in_the_instructor_edition(
    tab: Tab, instructor_site: Build
) -> None:
    axe = axe_source()
    server, url = serve(instructor_site.outdir)
    try:
        tab.page.goto(url + (MODULE_PAGE / "index.html").as_posix())
        assert tab.page.locator(".r2p-key").count() == 11
        assert serious_violations(tab.page, axe) == []
    finally:
        server.shutdown()


def test_axe_finds_no_serious_violation_on_any_page_of_the_course(
    tab: Tab, student_html: Build
) -> None:
    axe = axe_source()
    server, url = serve(student_html.outdir)
    try:
        found = {}
        for path in _pages(student_html):
            tab.page.goto(url + path)
            found[path] = serious_violations(tab.page, axe)
    finally:
        server.shutdown()
    assert found == {path: [] for path in found}


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_page_of_the_course_scrolls_sideways(tab: Tab, student_html: Build, width: int) -> None:
    """A long matching option or a wide table stays inside the page at phone and desktop
    widths (its own box scrolls or cuts); the page itself never becomes wider than the screen."""
    tab.page.set_viewport_size({"width": width, "height": 900})
    server, url = serve(student_html.outdir)
    try:
        wider = {}
        for path in _pages(student_html):
            tab.page.goto(url + path)
            scroll = tab.page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                wider[path] = scroll
    finally:
        server.shutdown()
    assert wider == {}


# -- hostile bank text: shown as text, never run ---------------------------------------------

ANSWER_EVERYTHING_WRONG = """q => {
    for (const box of q.querySelectorAll("input[type=text], textarea")) box.value = "wrong";
    for (const choice of q.querySelectorAll("input[type=radio], input[type=checkbox]")) {
        const label = q.querySelector(`label[for="${choice.id}"]`).textContent;
        if (/OPTION-A|False/.test(label)) choice.checked = true;
    }
    const lists = [...q.querySelectorAll("select")];
    lists.forEach((list, i) => { list.selectedIndex = lists.length - i; });
}"""


def test_hostile_bank_text_is_shown_literally_and_never_runs(
    tab: Tab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    docs = hostile_site(tmp_path_factory.mktemp("hostile-browser") / "site")
    out = tmp_path_factory.mktemp("hostile-browser-out")
    run_sphinx("html", out, "-q", docs=docs)
    server, url = serve(out / "html")
    page = tab.page
    try:
        page.goto(url + (HOSTILE_MODULE / "index.html").as_posix())
        page.wait_for_selector(".r2p-actions:not([hidden])")
        questions = page.locator(".r2p-question[data-r2p]")
        assert questions.count() == 7
        for i in range(questions.count()):
            question = questions.nth(i)
            question.evaluate(ANSWER_EVERYTHING_WRONG)
            question.get_by_role("button", name="Check").click()
            page.wait_for_function(
                "q => q.querySelector('.r2p-feedback').textContent", arg=question.element_handle()
            )
            show = question.locator(".r2p-show")
            if show.is_visible():
                show.click()
                page.wait_for_function(
                    "q => !q.querySelector('.r2p-answer').hidden", arg=question.element_handle()
                )
        revealed = page.locator(".r2p-feedback, .r2p-explanation, .r2p-answer").all_inner_texts()
        text = "\n".join(revealed)
        for field in ("FEEDBACK-A", "FEEDBACK-FALSE", "FEEDBACK-WRONG", "EXPLANATION", "RUBRIC"):
            assert f"{field}-{HOSTILE_TEXT}" in " ".join(text.split()), field
        assert page.evaluate("window.r2pPwned") is None
        assert page.locator(".r2p-question img, .r2p-question script").count() == 0
        assert tab.errors == []
    finally:
        server.shutdown()


BUILD_HOSTILE_TREE = """() => {
    const box = document.createElement("div");
    box.append(...R2PQuiz.build([
        "<img src=x onerror=window.r2pPwned=1>",
        {tag: "img", children: ["alt"], href: "x"},
        {tag: "script", children: ["window.r2pPwned=2"]},
        {tag: "a", href: "java\\nscript:window.r2pPwned=3", children: ["bad"]},
        {tag: "a", href: " data:text/html,<script>", children: ["data"]},
        {tag: "a", href: "https://www.un.org/", children: ["web"]},
        {tag: "a", href: "../02-more/index.html#q-x", children: ["page"]},
        {tag: "em", children: [{tag: "strong", children: ["x"]}]},
    ]));
    document.body.append(box);
    return {
        tags: [...box.querySelectorAll("*")].map((e) => e.tagName.toLowerCase()),
        links: [...box.querySelectorAll("a")].map((a) => a.getAttribute("href")),
        text: box.textContent,
    };
}"""


def test_revealed_trees_become_text_and_known_tags_only(tab: Tab, base_url: str) -> None:
    page = open_module(tab, base_url)
    built = page.evaluate(BUILD_HOSTILE_TREE)
    assert built["tags"] == ["span", "span", "a", "a", "a", "a", "em", "strong"]
    assert built["links"] == [None, None, "https://www.un.org/", "../02-more/index.html#q-x"]
    assert built["text"].startswith("<img src=x onerror=window.r2pPwned=1>alt")
    assert page.evaluate("window.r2pPwned") is None
