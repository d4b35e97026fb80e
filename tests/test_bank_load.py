"""Loading the question bank: the model it builds, and every problem it reports, located.

The bad banks under tests/fixtures/bank/bad/ carry their expected messages in
``# expect:`` lines, so each new mistake the loader learns to catch is one new file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, examples
from r2p_kit.bank.labels import find_labels, labels_in_text
from r2p_kit.bank.load import load_bank, load_module_bank
from r2p_kit.bank.model import (
    QUESTION_TYPES,
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    ShortAnswer,
    TrueFalse,
)
from r2p_kit.errors import UserError
from r2p_kit.paths import display_path, find_course_root, module_dirs

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
COURSE = FIXTURES / "course"
BAD = sorted((FIXTURES / "bad").glob("*.yaml"))
LABELS = find_labels(COURSE / "docs")


def messages(error: UserError, path: Path) -> list[str]:
    """Problems without the leading file name, as the fixtures write them."""
    prefix = f"{display_path(path)}:"
    texts = [str(problem) for problem in error.problems]
    assert all(text.startswith(prefix) for text in texts), texts
    return [text[len(prefix) :].lstrip() for text in texts]


# -- the good course ------------------------------------------------------------------------


def test_fixture_course_loads_into_the_model() -> None:
    bank = load_bank(COURSE)
    assert [(m.number, m.slug, len(m.questions)) for m in bank.modules] == [
        (1, "origins", 9),
        (2, "pillars", 6),
    ]
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)
    first = bank.question("origins/iciss-year")
    assert isinstance(first.body, Choice)
    assert [o.text for o in first.body.options] == ["1999", "2001", "2005"]
    assert first.body.correct_indices == (1,)
    assert (first.source, first.objective, first.difficulty, first.shuffle) == (
        "origins-iciss",
        1,
        "easy",
        False,
    )
    assert first.tags == ("iciss", "dates")
    assert first.module == "origins"
    assert first.location.line == 4


def test_type_specific_bodies() -> None:
    bank = load_bank(COURSE)
    multiple = bank.question("origins/special-characters")
    assert isinstance(multiple.body, Choice) and multiple.body.multiple
    assert multiple.points == 2.0
    assert multiple.prompt.endswith("or a backslash \\?")
    tf = bank.question("origins/iciss-canada").body
    assert tf == TrueFalse(
        True, "Right: Canada announced it in 2000.", "It was Canada, not the UN."
    )
    short = bank.question("origins/crime-name").body
    assert isinstance(short, ShortAnswer)
    assert short.expected.answers == ("genocide", "the crime of genocide")
    assert short.expected.accents_optional and short.expected.typo_tolerance == 1
    assert short.expected.wrong_answers[0].text == "homicide"
    assert bank.question("origins/summit-year").body == Numeric(2005.0)
    assert bank.question("origins/abstentions").body == Numeric(5.0, 0.0, unit="states")
    decade = bank.question("origins/decade").body
    assert isinstance(decade, Numeric) and decade.bounds == (1994.0, 1995.0)
    order = bank.question("origins/order").body
    assert isinstance(order, Ordering) and order.items[0] == "Genocide Convention"
    match = bank.question("pillars/match").body
    assert isinstance(match, Matching) and match.extra_right == ("Humanitarian intervention",)
    cloze = bank.question("pillars/para-138").body
    assert isinstance(cloze, Cloze) and [b.answers for b in cloze.blanks] == [
        ("genocide",),
        ("war crimes",),
    ]
    essay = bank.question("pillars/essay")
    assert isinstance(essay.body, Essay) and essay.points == 4.0
    assert essay.body.rubric[0].keywords == ("pillar",)


def test_defaults_follow_the_model() -> None:
    question = load_bank(COURSE).question("pillars/one-blank")
    assert (question.difficulty, question.points, question.shuffle, question.hints) == (
        "medium",
        1.0,
        True,
        (),
    )
    assert question.explanation == "" and question.source == ""


# -- bad banks: every message, located ------------------------------------------------------


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_bank_reports_expected_messages(path: Path) -> None:
    expected = [
        line.removeprefix("# expect:").strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect:")
    ]
    assert expected, f"{path.name} has no '# expect:' lines"
    with pytest.raises(UserError) as raised:
        load_module_bank(path, LABELS)
    assert messages(raised.value, path) == expected


def test_every_problem_has_a_hint_and_a_line() -> None:
    for path in BAD:
        with pytest.raises(UserError) as raised:
            load_module_bank(path, LABELS)
        for problem in raised.value.problems:
            assert problem.hint or "must be one of" in problem.message, problem
            if path.name != "empty-file.yaml":
                assert problem.location.line > 0, problem


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "questions.yaml"
    path.write_bytes(b"module: origins\nquestions:\n  - id: caf\xe9\n")
    with pytest.raises(UserError) as raised:
        load_module_bank(path)
    assert messages(raised.value, path) == [
        "3: the file is not valid UTF-8 text; save it with UTF-8 encoding"
    ]


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="cannot read the file"):
        load_module_bank(tmp_path / "questions.yaml")


def copy_course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    return target


def test_module_field_must_match_the_folder(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    bank = course / "docs/modules/02-pillars/questions.yaml"
    bank.write_text(bank.read_text().replace("module: pillars", "module: pilars"))
    with pytest.raises(UserError) as raised:
        load_bank(course)
    assert [str(p).split(": ", 1)[1] for p in raised.value.problems] == [
        "module is 'pilars' but the folder is 02-pillars; "
        "write 'module: pillars' (the folder name without its number)"
    ]


def test_duplicate_ids_across_modules_and_all_files_reported_together(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    third = course / "docs/modules/03-more"
    third.mkdir()
    # The same id in another module is caught even though the prefix is also wrong.
    (third / "questions.yaml").write_text(
        "module: more\nquestions:\n  - id: origins/iciss-year\n    type: true-false\n"
        "    prompt: x\n    answer: true\n"
    )
    pillars = course / "docs/modules/02-pillars/questions.yaml"
    pillars.write_text(pillars.read_text().replace("source: pillars-three", "source: nope", 1))
    with pytest.raises(UserError) as raised:
        load_bank(course)
    text = str(raised.value)
    assert "02-pillars/questions.yaml:11:13: source label 'nope' is not defined" in text
    assert "03-more/questions.yaml:3:9: id 'origins/iciss-year' does not start with" in text


def test_cross_module_duplicate_id_points_to_the_first(tmp_path: Path) -> None:
    from r2p_kit.bank import load as load_module

    course = copy_course(tmp_path)
    path = course / "docs/modules/01-origins/questions.yaml"
    problems = load_module._cross_module_problems([load_module_bank(path), load_module_bank(path)])
    assert problems, "the same module twice must clash"
    assert "module slug 'origins' is used by two folders" in str(problems[0])
    assert any("duplicate question id 'origins/iciss-year'" in str(p) for p in problems)
    assert "first used at" in str(problems[1])


def test_sources_are_not_checked_when_asked_not_to(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    for page in (course / "docs").rglob("*.md"):
        page.unlink()
    with pytest.raises(UserError):
        load_bank(course)
    assert len(load_bank(course, check_sources=False).questions) == 15


def test_folders_without_a_bank_or_not_named_nn_slug_are_skipped(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    (course / "docs/modules/03-empty").mkdir()
    (course / "docs/modules/_template").mkdir()
    (course / "docs/modules/_template/questions.yaml").write_text("not: a bank\n")
    assert [p.name for p in module_dirs(course)] == ["01-origins", "02-pillars", "03-empty"]
    assert [m.slug for m in load_bank(course).modules] == ["origins", "pillars"]


# -- labels and paths -----------------------------------------------------------------------


def test_labels_skip_code_but_read_directives() -> None:
    text = "\n".join(
        [
            "(top)=",
            "# Title",
            "```{note}",
            "(in-note)=",
            "```",
            "````markdown",
            "(in-code)=",
            "```",
            "(still-code)=",
            "````",
            "  (indented)=  ",
            "(not label)=",
            "text (inline)= here",
        ]
    )
    assert labels_in_text(text) == {"top", "in-note", "indented"}


def test_find_labels_ignores_build_output(tmp_path: Path) -> None:
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build/page.md").write_text("(built)=\n")
    (tmp_path / "page.md").write_text("(real)=\n# Page\n")
    assert find_labels(tmp_path) == {"real"}


def test_find_course_root_walks_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = copy_course(tmp_path)
    inner = course / "docs/modules/01-origins"
    monkeypatch.chdir(inner)
    assert find_course_root() == course.resolve()
    assert find_course_root(inner) == course.resolve()
    with pytest.raises(UserError, match="not inside an r2p-kit course"):
        find_course_root(tmp_path)


# -- arbitrary input never escapes as anything but UserError --------------------------------

YAML_BITS = st.sampled_from(
    [
        "module: origins\n", "questions:\n", "  - id: origins/x\n", "    type: single\n",
        "    type: cloze\n", "    type: numeric\n", "    prompt: p\n", "    options:\n",
        "      - text: a\n", "        correct: true\n", "    answer: 2005\n",
        "    range: [1, 0]\n", "    text: '{{1}} {{2}}'\n", "    blanks: [{answers: []}]\n",
        "    pairs: [{left: a}]\n", "    rubric: []\n", "    points: .nan\n", "  - [\n",
        "&a [*a]\n", "!!python/object:os.system 1\n", "? [a]\n: b\n", "<<: {a: 1}\n",
        "%YAML 1.1\n---\n", "--- 1\n--- 2\n", "\t- tab\n", "key: 2005-13-45\n",
        "    objective: 99999999999999999999999\n", "\x00\n", "'unterminated\n",
    ]
)  # fmt: skip


def load_text(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "questions.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        load_module_bank(path, {"origins-iciss"})
    except UserError as error:
        assert error.problems
        assert all(str(problem) for problem in error.problems)


@settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(YAML_BITS, max_size=12))
def test_loader_raises_only_user_error_on_yaml_like_input(tmp_path: Path, bits: list[str]) -> None:
    load_text(tmp_path, "".join(bits))


@settings(
    max_examples=examples(200),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.binary(max_size=300))
def test_loader_raises_only_user_error_on_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    load_text(tmp_path, data)


@settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "type",
                        "prompt",
                        "options",
                        "text",
                        "answer",
                        "range",
                        "blanks",
                        "pairs",
                        "x",
                    ]
                ),
                children,
                max_size=5,
            )
        ),
        max_leaves=20,
    )
)
def test_loader_raises_only_user_error_on_arbitrary_structures(
    tmp_path: Path, data: object
) -> None:
    import yaml

    document = {"module": "origins", "questions": [data]}
    load_text(tmp_path, yaml.safe_dump(document, allow_unicode=True))


def test_deep_nesting_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError):
        load_module_bank_text(tmp_path, "[" * 20000)


def load_module_bank_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(text)
    load_module_bank(path)


# -- the real course ------------------------------------------------------------------------


def test_real_bank_every_module_has_a_bank_and_all_types_are_used() -> None:
    """The 12-question minimum is a publishing bar: `r2p-kit lint --strict` (R2P005)."""
    bank = load_bank(REPO)
    counts = {m.slug: len(m.questions) for m in bank.modules}
    folders = [p.name.split("-", 1)[1] for p in module_dirs(REPO)]
    assert sorted(counts) == sorted(folders), "every module folder needs a questions.yaml"
    assert {q.type for q in bank.questions} == set(QUESTION_TYPES)


# -- cloze markers: one definition on the model ---------------------------------------------


def test_cloze_pieces_and_fill_follow_the_markers() -> None:
    cloze = Cloze("From {{1}} to {{ 2 }}; {{x}} and {{{3}}} stay.", ())
    assert cloze.pieces() == ("From ", 1, " to ", 2, "; {{x}} and {", 3, "} stay.")
    assert cloze.fill(lambda n: f"[{n}]") == "From [1] to [2]; {{x}} and {[3]} stay."
    assert Cloze("no blanks", ()).pieces() == ("no blanks",)


@pytest.mark.parametrize("inside", ["²", "٣", "1.5", "-1", "1 2", "1234567", "9" * 5000])
def test_markers_without_a_plain_blank_number_are_reported(tmp_path: Path, inside: str) -> None:
    path = tmp_path / "questions.yaml"
    path.write_text(
        "module: origins\nquestions:\n  - id: origins/c\n    type: cloze\n    prompt: p\n"
        f'    text: "a {{{{1}}}} b {{{{{inside}}}}}"\n    blanks: [{{answers: [x]}}]\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError) as raised:
        load_module_bank(path)
    [problem] = raised.value.problems
    assert problem.location.line == 6
    assert "is not a blank number" in problem.message
    assert len(str(problem)) < 300
