"""The "Check your exercise sheet" page in a real browser, against `r2p-kit check --json`.

Filled sheets are made from the real course: the bank's right answers, the labelled answers
of tests/marking (typos, accents, wrong names, numbers in words) and slips of them, letters
and pairs drawn by a seeded RNG, blanks left empty and questions cut out. The page, opened
as a file:// URL with every other request refused, must give each question the status and
score the command gives, the same feedback lines and the same totals line; a malformed sheet
must get the command's messages. Playwright drives Debian's Chromium, as test_quiz_browser.
"""

from __future__ import annotations

import difflib
import json
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _tools import axe_source
from browser import launched_chromium, serious_violations
from conftest import REPO, Build
from r2p_kit.bank.model import Choice, Cloze, Essay, Matching, Numeric, Ordering, Question
from r2p_kit.check.course import load_module
from r2p_kit.check.layout import LETTERS, layout_question
from r2p_kit.check.report import totals_line
from r2p_kit.check.score import Totals
from r2p_kit.check.solution import correct_answer
from r2p_kit.markup import to_plain
from r2p_kit.packaged import course_version
from test_marking_labels import _labelled as labelled_answers
from test_quiz_browser import PYTHON_ONLY

pytestmark = pytest.mark.slow  # builds the course and drives a browser

pytest.importorskip("playwright.sync_api")  # skip the module where Playwright is missing

PAGE = "start-here/check-sheet.html"
SHEETS = sorted((REPO / "exercises").glob("[0-9][0-9]-*.md"))
ROUNDS = 10  # filled sheets per module


# -- filling sheets -------------------------------------------------------------------------


def _labels() -> dict[tuple[str, int | None], list[str]]:
    found: dict[tuple[str, int | None], list[str]] = {}
    for case in labelled_answers():
        found.setdefault((case.question, case.blank), []).append(case.answer)
    return found


def _slip(text: str, rng: random.Random) -> str:
    """One typing slip: a letter dropped, doubled or two letters swapped."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1 :]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _text_answer(
    question: Question, blank: int | None, right: str, rng: random.Random, labels: Any
) -> str:
    choices = labels.get((question.id, blank), [])
    roll = rng.random()
    if choices and roll < 0.55:
        return rng.choice(choices)
    if choices and roll < 0.75:
        return _slip(rng.choice(choices), rng)
    if roll < 0.85:
        return right.upper() if rng.random() < 0.5 else _slip(right, rng)
    return right


def answer_lines(question: Question, rng: random.Random, labels: Any, k: int) -> list[str]:
    """What a student writes after 'Answer:' (first item) and on the lines below it."""
    body = question.body
    layout = layout_question(question)
    written, _meaning = correct_answer(question)
    if k == 1 or rng.random() < 0.08:
        return [""]  # left empty
    if isinstance(body, Choice):
        n = len(body.options)
        if k == 0:
            return [written]
        if rng.random() < 0.2:  # an option line copied from the sheet
            shown = layout.shown[0]
            return ["", f"{LETTERS[0].upper()}) {body.options[shown].text}"]
        picks = rng.sample(LETTERS[:n], rng.randint(1, 2 if body.multiple else 1))
        return [rng.choice([", ", " ", ";"]).join(picks)]
    if isinstance(body, Ordering):
        order = list(LETTERS[: len(body.items)])
        if k:
            rng.shuffle(order)
        return [", ".join(order[: len(order) - (rng.random() < 0.2)])]
    if isinstance(body, Matching):
        pairs = [
            f"{n}-{rng.choice(LETTERS[: len(layout.shown)])}" for n in range(1, len(body.pairs) + 1)
        ]
        if k == 0:
            pairs = written.split(", ")
        if rng.random() < 0.5:
            return ["", *pairs]
        return [", ".join(pairs)]
    if isinstance(body, Cloze):
        lines = [""]
        for i, blank in enumerate(body.blanks, start=1):
            value = (
                blank.answers[0]
                if k == 0
                else _text_answer(question, i, blank.answers[0], rng, labels)
            )
            lines.append(f"{i}: {value if rng.random() > 0.1 or k == 0 else ''}")
        return lines
    if isinstance(body, Essay):
        return ["", "The Council acted unanimously and the politicization of the norm followed."]
    if k == 0:
        return [written]
    if isinstance(body, Numeric) and rng.random() < 0.3:
        return [rng.choice(["1990", "sixty-fifth", "4 (four)", "12 July 2011", "ten"])]
    if question.type == "true-false":
        return [rng.choice(["true", "False", "yes", "n", "T"])]
    return [_text_answer(question, None, written, rng, labels)]


def fill(sheet: str, answers: dict[str, list[str]], cut: set[str]) -> str:
    """The sheet with ``answers`` written in, and the blocks of ``cut`` question ids removed."""
    out: list[str] = []
    current = ""
    for line in sheet.split("\n"):
        heading = re.match(r"## \d+\. \[([^\]]+)\]", line)
        if heading:
            current = heading.group(1)
        if current in cut:
            continue
        if line == "Answer:" and current in answers:
            first, *below = answers[current]
            out.append(f"Answer: {first}".rstrip())
            out += below
            continue
        if current in answers and len(answers[current]) > 1 and re.fullmatch(r"\d+[:-]", line):
            continue  # the printed "1:" and "1-" lines, replaced by the answer's own
        out.append(line)
    return "\n".join(out)


def filled_sheets() -> list[tuple[str, str]]:
    labels = _labels()
    sheets = []
    for sheet in SHEETS:
        module = load_module(REPO, sheet.stem)
        text = sheet.read_text(encoding="utf-8")
        for k in range(ROUNDS):
            rng = random.Random(f"sheet-check {sheet.stem} {k}")
            answers = {q.id: answer_lines(q, rng, labels, k) for q in module.questions}
            cut = {q.id for q in module.questions if k > 1 and rng.random() < 0.05}
            filled = fill(text, answers, cut).replace("student:", "student: s1234@example.edu", 1)
            sheets.append((f"{sheet.stem}-{k}.md", filled))
    return sheets


MALFORMED = {
    "second-answer.md": lambda s: s.replace("\nAnswer:\n", "\nAnswer: a\nAnswer: b\n", 2),
    "bad-letter.md": lambda s: s.replace("\nAnswer:\n", "\nAnswer: z\n", 1),
    "capital-word.md": lambda s: s.replace("\nAnswer:\n", "\nAnswer: Kofi Annan\n", 1),
    "unknown-id.md": lambda s: re.sub(r"\[([a-z-]+)/([a-z-]+)\]", r"[\1/\2-x]", s, count=1),
    "other-module.md": lambda s: re.sub(r"\[[a-z-]+/", "[prevention/", s, count=1),
    "no-module.md": lambda s: re.sub(r"module: .*", "module: nowhere", s, count=1),
    "open-front.md": lambda s: s.replace("---", "-- -", 2).replace("-- -", "---", 1),
    "no-answer-line.md": lambda s: s.replace("\nAnswer:\n", "\nReply:\n", 1),
    "empty.md": lambda s: " \n\n",
    "twice.md": lambda s: s + s[s.index("## 1.") : s.index("## 2.")],
}


# -- the browser and the command ------------------------------------------------------------


@pytest.fixture(scope="module")
def page(student_html: Build) -> Iterator[Any]:
    with launched_chromium() as browser:
        context = browser.new_context()
        requests: list[str] = []
        context.route(
            "**/*",
            lambda route: (
                route.continue_()
                if route.request.url.startswith("file://")
                else (requests.append(route.request.url), route.abort())[1]
            ),
        )
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto((student_html.outdir / PAGE).as_uri())
        tab.wait_for_function("() => globalThis.R2PSheet !== undefined")
        tab.requests, tab.errors = requests, errors  # type: ignore[attr-defined]
        yield tab


def run_check(folder: Path, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "r2p_kit", "check", "--json", "--course", str(REPO), name],
        capture_output=True, text=True, cwd=folder, check=False,
    )  # fmt: skip


def page_report(tab: Any) -> dict[str, Any]:
    return tab.evaluate(
        """() => ({
            questions: [...document.querySelectorAll('.r2p-sheet-report [data-id]')].map(e => ({
                id: e.dataset.id, status: e.dataset.status, score: +e.dataset.score,
                feedback: [...e.querySelectorAll('.r2p-line')].map(l => l.innerText.trim())})),
            total: document.querySelector('.r2p-sheet-total')?.textContent || '',
            problems: [...document.querySelectorAll('.r2p-sheet-report li')]
                .map(l => l.textContent),
        })"""
    )


def cli_report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    if result.returncode == 2:
        return {"questions": [], "total": "", "problems": result.stderr.strip().splitlines()}
    data = json.loads(result.stdout)
    totals = data["totals"]
    del totals["all_correct"]
    questions = [
        {
            "id": q["id"],
            "status": q["status"],
            "score": q["score"],
            "feedback": [
                " ".join(to_plain(line).split())
                for line in q["feedback"]
                if not line.startswith(PYTHON_ONLY)
            ],
        }
        for q in data["questions"]
    ]
    return {"questions": questions, "total": totals_line(Totals(**totals)), "problems": []}


def check_in_page(tab: Any, name: str, text: str) -> dict[str, Any]:
    tab.evaluate("([name, text]) => R2PSheet.check(name, text)", [name, text])
    report = page_report(tab)
    for question in report["questions"]:
        question["feedback"] = [
            " ".join(line.split())
            for line in question["feedback"]
            if not line.startswith(PYTHON_ONLY)
        ]
    return report


# -- tests ----------------------------------------------------------------------------------


def test_filled_sheets_get_the_commands_verdicts(page: Any, tmp_path: Path) -> None:
    sheets = filled_sheets()
    statuses: set[str] = set()
    differences = []
    for name, text in sheets:
        (tmp_path / name).write_text(text, encoding="utf-8")
        want = cli_report(run_check(tmp_path, name))
        got = check_in_page(page, name, text)
        statuses.update(q["status"] for q in want["questions"])
        if got != want:
            differences.append((name, got, want))
    assert not differences, differences[:2]
    assert statuses == {"correct", "partial", "incorrect", "unanswered"}
    assert page.errors == [] and page.requests == []


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_sheet_gets_the_commands_messages(page: Any, tmp_path: Path, name: str) -> None:
    text = MALFORMED[name](SHEETS[0].read_text(encoding="utf-8"))
    (tmp_path / name).write_text(text, encoding="utf-8")
    want = cli_report(run_check(tmp_path, name))
    assert want["problems"], f"{name} is not malformed for the command"
    assert check_in_page(page, name, text) == want


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "latin-1.md",
            "---\nmodule: origins\n---\n## 1. [origins/x] C\u00f4te\n".encode("latin-1"),
        ),
        ("utf-16.md", "---\nmodule: origins\n".encode("utf-16")),
        ("binary.md", b"---\nmodule: origins\n\0\0"),
    ],
)
def test_a_file_that_is_no_text_sheet_is_refused_as_the_command_does(
    page: Any, tmp_path: Path, name: str, data: bytes
) -> None:
    (tmp_path / name).write_bytes(data)
    want = cli_report(run_check(tmp_path, name))
    page.set_input_files("#r2p-sheet-file", str(tmp_path / name))
    page.wait_for_function(
        "n => document.querySelector('.r2p-sheet-report li')?.textContent.startsWith(n)", arg=name
    )
    assert page_report(page)["problems"] == want["problems"]


def test_a_chosen_file_and_a_pasted_sheet_are_checked_by_keyboard(
    page: Any, tmp_path: Path
) -> None:
    name, text = filled_sheets()[0]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    want = cli_report(run_check(tmp_path, name))
    page.set_input_files("#r2p-sheet-file", str(path))
    page.wait_for_function("() => document.activeElement.matches('.r2p-sheet-report')")
    assert page_report(page)["questions"][0]["status"] == want["questions"][0]["status"]
    page.fill("#r2p-sheet-text", "")
    page.focus("#r2p-sheet-text")
    page.keyboard.insert_text(text)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.querySelector('.r2p-sheet-report h2').textContent.endsWith('pasted sheet')"
    )
    statuses = [q["status"] for q in page_report(page)["questions"]]
    assert statuses == [q["status"] for q in want["questions"]]
    assert page.locator(".r2p-sheet-status").inner_text().startswith("Checked: Total:")


def test_hints_and_answers_open_on_request_and_reread_links_lead_into_the_course(
    page: Any, student_html: Build
) -> None:
    sheet = SHEETS[0]
    module = load_module(REPO, sheet.stem)
    wrong = {q.id: ["zzzz"] for q in module.questions if q.type == "short"}
    check_in_page(page, sheet.name, fill(sheet.read_text(encoding="utf-8"), wrong, set()))
    question = next(q for q in module.questions if q.id in wrong and q.hints and q.source)
    section = page.locator(f'[data-id="{question.id}"]')
    assert section.get_attribute("data-status") == "incorrect"
    assert "Hint:" not in section.inner_text()
    section.get_by_role("button", name="Show a hint").click()
    assert f"Hint: {to_plain(question.hints[0])}"[:40] in " ".join(section.inner_text().split())
    section.get_by_role("button", name="Show the answer").click()
    assert "Correct answer:" in section.inner_text()
    href = section.get_by_role("link").last.get_attribute("href")
    target = (student_html.outdir / PAGE).parent / href.split("#")[0]
    assert target.resolve().is_file() and f'id="{href.split("#")[1]}"' in target.read_text()


def test_the_page_is_accessible_with_a_report_shown(page: Any) -> None:
    name, text = filled_sheets()[2]
    check_in_page(page, name, text)
    for button in page.locator(".r2p-sheet-report button").all()[:6]:
        button.click()
    assert serious_violations(page, axe_source()) == []


def test_the_page_holds_no_answer_in_plain_text(student_html: Build) -> None:
    html = (student_html.outdir / PAGE).read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="r2p-sheet-data">(.*?)</script>', html, re.S).group(1))
    shown: list[str] = []  # what the sheet itself prints (ids, options), and titles
    for module in data:
        shown.append(module["title"])
        for question in module["questions"]:
            shown += [question["id"], *question.get("texts", []), *question.get("left", [])]
            shown += [
                question.get("reread", {}).get("title", ""),
                *question["d"].get("context", []),
            ]
    leaks = []
    for sheet in SHEETS:
        for question in load_module(REPO, sheet.stem).questions:
            body = question.body
            for blank in (
                body.blanks if isinstance(body, Cloze) else [getattr(body, "expected", None)]
            ):
                for answer in blank.answers if blank else ():
                    visible = answer.lower()
                    if (
                        len(visible) >= 6
                        and visible in html.lower()
                        and not any(visible in text.lower() for text in shown)
                    ):
                        leaks.append((question.id, answer))
            # Sixty characters: a shorter opening can be a page title the sidebar shows
            # ("The 2005 World Summit Outcome, ...").
            if question.explanation and len(question.explanation) > 60:
                assert to_plain(question.explanation)[:60] not in html, question.id
    assert leaks == []


def test_a_sheet_downloaded_from_its_module_page_is_checked_offline(
    page: Any, student_html: Build, tmp_path: Path
) -> None:
    module_page = student_html.outdir / "modules" / "01-origins" / "index.html"
    page.goto(module_page.as_uri())
    link = page.locator(".r2p-exercise a[download]")
    # From a file:// page Chromium shows the sheet (the student saves it with Ctrl+S); from
    # the website it downloads it. Either way it is the repository's sheet, byte for byte.
    saved = tmp_path / link.get_attribute("download")
    saved.write_bytes((module_page.parent / link.get_attribute("href")).read_bytes())
    assert saved.name == "01-origins.md"
    assert saved.read_bytes() == (REPO / "exercises" / "01-origins.md").read_bytes()
    link.click()
    page.wait_for_function("() => document.body.innerText.includes('module: origins')")
    page.go_back()
    filled = fill(saved.read_text(encoding="utf-8"), {"origins/iciss-report-year": ["c"]}, set())
    saved.write_text(filled, encoding="utf-8")
    page.locator(".r2p-exercise a", has_text="Check your exercise sheet").click()
    page.set_input_files("#r2p-sheet-file", str(saved))
    page.wait_for_selector("[data-id]")
    want = cli_report(run_check(tmp_path, saved.name))
    assert page_report(page)["questions"][0]["status"] == want["questions"][0]["status"]
    assert page.errors == [] and page.requests == []


def test_an_unknown_id_gets_difflibs_guess(page: Any) -> None:
    ids = [q.id for sheet in SHEETS for q in load_module(REPO, sheet.stem).questions]
    rng = random.Random("close ids")
    words = [_slip(_slip(rng.choice(ids), rng), rng) for _ in range(300)]
    words += [rng.choice(ids)[: rng.randrange(3, 20)] for _ in range(100)]
    got = page.evaluate(
        "([words, ids]) => words.map(w => R2PSheet.closeMatch(w, ids))", [words, ids]
    )
    want = [(difflib.get_close_matches(w, ids, n=1) or [""])[0] for w in words]
    assert [(w, g, x) for w, g, x in zip(words, got, want, strict=True) if g != x] == []


def test_every_page_footer_names_the_course_version_the_checker_prints(
    student_html: Build,
) -> None:
    version = course_version(REPO)  # what `r2p-kit check` prints (tests/test_wheel.py)
    for page in ("index.html", PAGE, "modules/01-origins/index.html"):
        assert version in (student_html.outdir / page).read_text(encoding="utf-8")


def test_marks_and_totals_are_written_as_the_command_writes_them(page: Any) -> None:
    from r2p_kit.check.report import amount
    from r2p_kit.figures import score_text

    values = sorted({k / d for d in range(1, 25) for k in range(0, 3 * d + 1)} | {0.125, 2.675})
    got = page.evaluate(
        "values => values.map(v => [R2PSheet.amount(v, 3), R2PSheet.num(v)])", values
    )
    assert got == [[amount(v, 3), score_text(v)] for v in values]


def test_the_page_loads_the_matcher_and_its_reader_but_not_the_quiz_form_styles(
    student_html: Build,
) -> None:
    html = (student_html.outdir / PAGE).read_text(encoding="utf-8")
    assert 0 < html.find("_static/quiz.js") < html.find("_static/sheet.js")
    assert "quiz.css" not in html and "sheet.css" in html
