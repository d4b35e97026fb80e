"""Hostile and careless banks: each is a located problem a contributor can fix, never a crash.

Huge numbers, YAML 1.1 readings nobody predicts, text cut short by a ``#``, characters no
export can carry, and more entries than there are letters, all reported by the loader, so
lint, sheet, key, quiz, check and the Sphinx build (which all load through it) agree.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from r2p_kit.bank.load import load_module_bank
from r2p_kit.bank.model import Matching, Numeric, Ordering, TrueFalse
from r2p_kit.cli import main
from r2p_kit.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
HEAD = "module: origins\nquestions:\n  - id: origins/q\n"
HUGE = "9" * 309
HUGER = "9" * 5000
TOO_LARGE = (
    "is too large: 999999999999999999999999999999…999999999999999999999999999999; numbers "
    "in a bank are below 1,000,000,000,000,000, so every output shows them exactly"
)
TRUE_FALSE = "    type: true-false\n    prompt: p\n    answer: true\n"


def problems_of(tmp_path: Path, body: str) -> list[str]:
    """The problems of a one-question bank, without the file name."""
    path = tmp_path / "questions.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_module_bank(path)
    return [str(p).split(":", 1)[1] for p in raised.value.problems]


def loaded(tmp_path: Path, body: str) -> object:
    path = tmp_path / "questions.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_module_bank(path).questions[0].body


# -- numbers too long for a float, or for int() ----------------------------------------------

NUMERIC = "    type: numeric\n    prompt: p\n"
HUGE_NUMBERS = {
    "answer-309": (NUMERIC + f"    answer: {HUGE}\n", f"6:13: 'answer' {TOO_LARGE}"),
    "answer-5000": (NUMERIC + f"    answer: {HUGER}\n", f"6:13: 'answer' {TOO_LARGE}"),
    "answer-negative": (
        NUMERIC + f"    answer: -{HUGE}\n",
        f"6:13: 'answer' {TOO_LARGE.replace(': 9', ': -9', 1).replace('9…', '…', 1)}",
    ),
    "answer-float": (
        NUMERIC + f"    answer: {HUGER}.5\n",
        f"6:13: 'answer' {TOO_LARGE.replace('99;', '.5;', 1)}",
    ),
    "answer-float-exponent": (
        NUMERIC + "    answer: 1.0e+400\n",
        "6:13: 'answer' is too large: 1.0e+400; numbers in a bank are below "
        "1,000,000,000,000,000, so every output shows them exactly",
    ),
    "answer-exponent": (
        NUMERIC + "    answer: 1.0e+20\n",
        "6:13: 'answer' is too large: 1.0e+20; numbers in a bank are below "
        "1,000,000,000,000,000, so every output shows them exactly",
    ),
    "tolerance": (
        NUMERIC + f"    answer: 1\n    tolerance: {HUGE}\n",
        f"7:16: 'tolerance' {TOO_LARGE}",
    ),
    "range": (NUMERIC + f"    answer: 1\n    range: [0, {HUGER}]\n", f"7:16: 'range' {TOO_LARGE}"),
    "points": (TRUE_FALSE + f"    points: {HUGE}\n", f"7:13: 'points' {TOO_LARGE}"),
    "objective": (TRUE_FALSE + f"    objective: {HUGER}\n", f"7:16: 'objective' {TOO_LARGE}"),
    "typo-tolerance": (
        f"    type: short\n    prompt: p\n    answers: [genocide]\n    typo_tolerance: {HUGE}\n",
        f"7:21: 'typo_tolerance' {TOO_LARGE}",
    ),
    "prompt": (
        f"    type: true-false\n    prompt: {HUGER}\n    answer: true\n",
        "5:13: 'prompt' must be text, not the number "
        "999999999999999999999999999999…999999999999999999999999999999; "
        "put the value in quotes to make it text",
    ),
    "option": (
        f"    type: single\n    prompt: p\n    options:\n      - text: {HUGER}\n"
        "        correct: true\n      - text: b\n      - text: c\n",
        "7:15: 'text' must be text, not the number "
        "999999999999999999999999999999…999999999999999999999999999999; "
        "put the value in quotes to make it text",
    ),
    "answers-entry": (
        f"    type: short\n    prompt: p\n    answers: [{HUGER}]\n",
        "6:15: each entry of 'answers' must be text, not the number "
        "999999999999999999999999999999…999999999999999999999999999999; "
        "put the value in quotes to make it text",
    ),
    "bool": (
        f"    type: true-false\n    prompt: p\n    answer: {HUGER}\n",
        "6:13: 'answer' must be true or false, not the number "
        "999999999999999999999999999999…999999999999999999999999999999; write true or false",
    ),
}


@pytest.mark.parametrize("case", HUGE_NUMBERS, ids=list(HUGE_NUMBERS))
def test_huge_numbers_are_located_problems(tmp_path: Path, case: str) -> None:
    body, expected = HUGE_NUMBERS[case]
    assert problems_of(tmp_path, body) == [expected]


def test_the_largest_number_a_bank_holds_is_exact(tmp_path: Path) -> None:
    body = loaded(tmp_path, NUMERIC + "    answer: 999999999999999\n    tolerance: 1_000\n")
    assert body == Numeric(999999999999999.0, 1000.0)


# -- YAML 1.1 readings a contributor does not predict ----------------------------------------


def test_a_leading_zero_is_not_read_as_octal(tmp_path: Path) -> None:
    assert problems_of(tmp_path, NUMERIC + "    answer: 0700\n") == [
        "6:13: 'answer' is written 0700, which YAML reads as the octal number 448; "
        "write 700 without the leading zero, or quote the value if it is text"
    ]


def test_a_time_is_not_read_as_base_60(tmp_path: Path) -> None:
    assert problems_of(tmp_path, NUMERIC + "    answer: 1\n    range: [33:20, 1:00:00]\n") == [
        "7:13: 'range' is written 33:20, which YAML reads as a base-60 number (2000), like a "
        "time; write the number itself without ':', or quote the value if it is text",
        "7:20: 'range' is written 1:00:00, which YAML reads as a base-60 number (3600), like a "
        "time; write the number itself without ':', or quote the value if it is text",
    ]


def test_zero_and_ordinary_numbers_still_read(tmp_path: Path) -> None:
    body = loaded(tmp_path, NUMERIC + "    answer: 0\n    range: [-10, 10.5]\n")
    assert body == Numeric(0.0, low=-10.0, high=10.5)


@pytest.mark.parametrize("word", ["yes", "No", "on", "OFF"])
def test_yes_no_on_off_where_text_is_expected_ask_for_quotes(tmp_path: Path, word: str) -> None:
    body = (
        f"    type: single\n    prompt: p\n    options:\n      - text: {word}\n"
        "        correct: true\n      - text: b\n      - text: c\n"
    )
    assert problems_of(tmp_path, body) == [
        f"7:15: 'text' must be text, not the true/false value {word}; "
        "put the value in quotes to make it text"
    ]


def test_quoted_yes_is_text_and_yes_is_true_where_true_or_false_is_expected(
    tmp_path: Path,
) -> None:
    body = loaded(tmp_path, "    type: true-false\n    prompt: 'yes'\n    answer: yes\n")
    assert body == TrueFalse(True)


# -- text cut short by a comment -------------------------------------------------------------


def test_group_number_one_is_not_a_comment(tmp_path: Path) -> None:
    body = "    type: true-false\n    prompt: Group #1 acted first\n    answer: true\n"
    assert problems_of(tmp_path, body) == [
        "5:13: 'prompt' stops before '#1 acted first': YAML reads ' #' after unquoted text as "
        "the start of a comment; put the whole text in quotes to keep the '#', or move the "
        "comment to a line of its own"
    ]


def test_a_comment_after_a_list_entry_of_text_is_reported(tmp_path: Path) -> None:
    body = "    type: short\n    prompt: p\n    answers:\n      - Resolution #1674\n"
    assert problems_of(tmp_path, body) == [
        "7:9: 'answers' stops before '#1674': YAML reads ' #' after unquoted text as the start "
        "of a comment; put the whole text in quotes to keep the '#', or move the comment to a "
        "line of its own"
    ]


def test_quoted_hashes_and_comments_after_other_values_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(
        "module: origins\nquestions:\n  - id: origins/q # renamed in 2025\n"
        "    type: true-false # was single\n    prompt: 'Group #1 acted first' # a note\n"
        "    answer: true # checked\n    tags: [a#b, c] # hash inside a word\n"
        "    # a comment on its own line\n",
        encoding="utf-8",
    )
    question = load_module_bank(path).questions[0]
    assert question.prompt == "Group #1 acted first"
    assert question.tags == ("a#b", "c")


# -- characters an export cannot carry -------------------------------------------------------


@pytest.mark.parametrize(
    ("escape", "code", "what"),
    [
        ("\\x01", "0001", "control character"),
        ("\\e[31m", "001B", "control character"),
        ("\\x7f", "007F", "control character"),
        ("\\x85", "0085", "control character"),
        ("\\x9b", "009B", "control character"),
        ("\\r", "000D", "control character"),
        ("\\ud800", "D800", "lone surrogate (half a character)"),
        ("\\uffff", "FFFF", "control character"),
    ],
)
def test_control_characters_and_lone_surrogates_are_reported(
    tmp_path: Path, escape: str, code: str, what: str
) -> None:
    body = f'    type: true-false\n    prompt: p\n    answer: true\n    hints: ["a{escape}b"]\n'
    [problem] = problems_of(tmp_path, body)
    assert problem.startswith(
        f"7:13: 'hints' holds the {what} U+{code}, which quiz exports cannot carry; delete it: "
        'an escape such as "\\'
    )


def test_tabs_line_breaks_and_other_scripts_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(
        HEAD
        + '    type: true-false\n    prompt: "Côte d\'Ivoire\\tRuanda\\n😀"\n    answer: true\n',
        encoding="utf-8",
    )
    assert load_module_bank(path).questions[0].prompt == "Côte d'Ivoire\tRuanda\n😀"


# -- at most 26 letters ----------------------------------------------------------------------


def items(count: int) -> str:
    return "[" + ", ".join(f"item {n}" for n in range(count)) + "]"


def test_ordering_holds_at_most_26_items(tmp_path: Path) -> None:
    body = loaded(tmp_path, f"    type: ordering\n    prompt: p\n    items: {items(26)}\n")
    assert isinstance(body, Ordering) and len(body.items) == 26
    assert problems_of(
        tmp_path, f"    type: ordering\n    prompt: p\n    items: {items(27)}\n"
    ) == [
        "6:12: 'items' allows at most 26 entries, has 27; remove 1: students answer with the "
        "letters A to Z"
    ]


PAIRS = "    type: matching\n    prompt: p\n    pairs:\n" + "".join(
    f"      - {{left: l{n}, right: r{n}}}\n" for n in range(6)
)


def test_matching_holds_at_most_26_right_hand_entries(tmp_path: Path) -> None:
    body = loaded(tmp_path, PAIRS + f"    extra_right: {items(20)}\n")
    assert isinstance(body, Matching) and len(body.extra_right) == 20
    assert problems_of(tmp_path, PAIRS + f"    extra_right: {items(21)}\n") == [
        "13:18: the right-hand column has 27 entries (6 pairs and 21 in extra_right), more than "
        "the 26 letters A to Z; remove 1 from extra_right"
    ]


# -- every command that loads the bank reports the problem the same way ----------------------


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "course", root)
    monkeypatch.chdir(root)
    assert main(["sheet", "origins", "--out", str(tmp_path / "sheet.md")]) == 0
    bank = root / "docs/modules/01-origins/questions.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8")
        + f"  - id: origins/huge\n    type: numeric\n    prompt: p\n    answer: {HUGE}\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    "command",
    [
        ["sheet", "origins", "--stdout"],
        ["key", "origins"],
        ["quiz", "--format", "json", "--out", "quizzes"],
        ["check", "../sheet.md"],
        ["lint"],
    ],
    ids=["sheet", "key", "quiz", "check", "lint"],
)
def test_commands_report_a_huge_number_located(
    course: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(command)
    output = capsys.readouterr()
    text = output.out + output.err
    assert "Traceback" not in text
    bank = (course / "docs/modules/01-origins/questions.yaml").read_text(encoding="utf-8")
    line = bank.splitlines().index(f"    answer: {HUGE}") + 1
    assert f"docs/modules/01-origins/questions.yaml:{line}:" in text
    assert "'answer' is too large" in text
    assert code == (1 if command == ["lint"] else 2)
    assert not (course / "quizzes").exists()


# -- what YAML itself refuses is located too -------------------------------------------------


def test_a_control_character_in_the_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(HEAD + "    type: true-false\n    prompt: a\x07b\n    answer: true\n", "utf-8")
    with pytest.raises(UserError) as raised:
        load_module_bank(path)
    assert [str(p).split(":", 1)[1] for p in raised.value.problems] == [
        "5: the file holds the character U+0007, which YAML does not allow; delete it (most "
        "editors do not show it); tabs and line breaks are fine"
    ]


def test_nesting_deeper_than_any_bank_is_located(tmp_path: Path) -> None:
    deep = "[" * 1500 + "]" * 1500
    assert problems_of(tmp_path, f"    type: true-false\n    prompt: p\n    tags: {deep}\n") == [
        "6: invalid YAML: nested too deeply; flatten the structure; a bank needs a few levels "
        "of lists and mappings"
    ]


@pytest.mark.slow
def test_sphinx_build_reports_a_huge_number_located(tmp_path: Path) -> None:
    from quiz_support import BANK, copy_site, sphinx

    docs = copy_site(tmp_path / "site")
    bank = docs / BANK.relative_to(BANK.parents[2])
    lines = bank.read_text(encoding="utf-8").count("\n")
    bank.write_text(
        bank.read_text(encoding="utf-8")
        + f"  - id: sample/huge\n    type: numeric\n    prompt: p\n    answer: {HUGER}\n",
        encoding="utf-8",
    )
    result = sphinx("html", tmp_path / "_build", "-q", docs=docs, check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and "OverflowError" not in result.stderr
    assert f"questions.yaml:{lines + 4}:13: WARNING: 'answer' {TOO_LARGE}" in result.stderr


def test_messages_escape_what_a_terminal_cannot_show(tmp_path: Path) -> None:
    """Found by the fuzzer: an unassigned code point in a source label reached the message."""
    path = tmp_path / "questions.yaml"
    path.write_text(HEAD + TRUE_FALSE + "    source: '\U00012544\u202e'\n", encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_module_bank(path, {"origins-iciss"})
    [problem] = raised.value.problems
    assert problem.message == "source label '\\U00012544\\u202e' is not defined in the docs"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!custom x", "7:17: the tag '!custom' is not one a bank uses; remove the tag (the word "
         "starting with '!') before the value"),
        ("!!python/object:os.system x", "7:17: cannot read the value 'x': could not determine a "
         "constructor for the tag 'tag:yaml.org,2002:python/object:os.system'; put the value in "
         "quotes to make it text"),
    ],
)  # fmt: skip
def test_tags_are_reported_on_one_line(tmp_path: Path, value: str, message: str) -> None:
    """Found by the fuzzer: a constructor error's text spanned two lines."""
    assert problems_of(tmp_path, TRUE_FALSE + f"    difficulty: {value}\n") == [message]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("shuffle: !!bool maybe", "7:14: cannot read the value 'maybe': it is not a valid !!bool; "
         "remove the tag '!!bool' or fix the value"),
        ("points: !!int ''", "7:13: cannot read the value '': it is not a valid !!int; remove the "
         "tag '!!int' or fix the value"),
        ("points: !!timestamp maybe", "7:13: cannot read the value 'maybe': it is not a valid "
         "!!timestamp; remove the tag '!!timestamp' or fix the value"),
    ],
)  # fmt: skip
def test_explicit_tags_that_do_not_fit_their_value(tmp_path: Path, line: str, message: str) -> None:
    """Found by the fuzzer: PyYAML's constructors raise KeyError, IndexError, AttributeError."""
    assert problems_of(tmp_path, TRUE_FALSE + f"    {line}\n") == [message]
