"""``r2p-kit sheet``, ``check`` and ``key`` on a small course: fair marks, teaching feedback,
exit codes, JSON and plain output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from check_support import demo_module, write_demo_course
from conftest import examples
from r2p_kit.check.layout import layout_question
from r2p_kit.cli import main
from r2p_kit.commands.check import wants_color


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_demo_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["sheet", "demo"]) == 0
    return tmp_path


def letters(question_id: str, *indices: int) -> list[str]:
    question = next(q for q in demo_module().questions if q.id == question_id)
    layout = layout_question(question)
    return [layout.letter(i) for i in indices]


def write_answers(course: Path, answers: dict[str, str], name: str = "filled.md") -> Path:
    """The generated sheet with ``answers`` written after each question's ``Answer:``."""
    text = (course / "exercises" / "09-demo.md").read_text(encoding="utf-8")
    blocks = text.split("\n## ")
    for i, block in enumerate(blocks):
        for question_id, answer in answers.items():
            if block.split("\n", 1)[0].split("] ")[0].endswith(f"[{question_id}"):
                head, _ = block.split("\nAnswer:", 1)
                blocks[i] = f"{head}\nAnswer: {answer}\n"
    path = course / name
    path.write_text("\n## ".join(blocks).replace("student:", "student: Ana López", 1), "utf-8")
    return path


def all_correct(course: Path) -> Path:
    return write_answers(
        course,
        {
            "demo/summit-year": "b",
            "demo/four-crimes": ", ".join(letters("demo/four-crimes", 0, 1, 3, 4)),
            "demo/binding": "false",
            "demo/crime-name": "genocide",
            "demo/country": "Côte d'Ivoire",
            "demo/members": "191",
            "demo/timeline": " ".join(letters("demo/timeline", 0, 1, 2, 3)),
            "demo/people": ", ".join(
                f"{n + 1}-{x}" for n, x in enumerate(letters("demo/people", 0, 1, 2))
            ),
            "demo/article-1": "\n1: prevent\n2: punish",
            "demo/essay": "Sovereignty as responsibility, as Rwanda showed.",
        },
    )


def typical_mistakes(course: Path) -> Path:
    """What students really write: capitals, typos, missing accents, half-right lists."""
    timeline = letters("demo/timeline", 1, 0, 2, 3)  # the first two swapped
    people = letters("demo/people", 0, 2, 1)  # two partners swapped
    return write_answers(
        course,
        {
            "demo/summit-year": "B",
            "demo/four-crimes": " ".join(letters("demo/four-crimes", 0, 1)).upper(),
            "demo/binding": "True",
            "demo/crime-name": "Genocdie.",
            "demo/country": "cote d\u2019ivoire",  # curly apostrophe
            "demo/members": "191 States",
            "demo/timeline": ";".join(timeline),
            "demo/people": f"1-{people[0]}\n2-{people[1]}\n3-{people[2]}",
            "demo/article-1": "\n1: Prevent\n2: punnish",
            "demo/essay": "",
        },
    )


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- marks and feedback -----------------------------------------------------------------


def test_sheet_command_writes_the_sheet_once(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = course / "exercises" / "09-demo.md"
    assert sheet.read_text(encoding="utf-8").startswith("---\nmodule: demo\n")
    capsys.readouterr()
    assert main(["sheet", "9"]) == 0
    assert "up to date" in capsys.readouterr().out
    sheet.write_text("edited by hand\n", encoding="utf-8")
    assert main(["sheet", "09-demo"]) == 2
    assert "output already exists" in capsys.readouterr().err
    assert main(["sheet", "demo", "--force"]) == 0
    assert sheet.read_text(encoding="utf-8").startswith("---\nmodule: demo\n")


def test_all_correct_exits_0(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, str(all_correct(course)))
    assert code == 0, out
    assert (
        "Total: 9 of 9 points (100%): 9 correct, 0 partly correct, 0 incorrect, 0 unanswered" in out
    )
    assert "1 essay (5 points) for your instructor to mark" in out


def test_typical_mistakes_get_fair_marks_and_helpful_feedback(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(capsys, str(typical_mistakes(course)))
    assert code == 1 and not err
    blocks = {block.split("]")[0].split("[")[-1]: block for block in out.split("\n\n")}
    # Capitals, a swapped-letter typo, a missing accent, a unit: all full marks.
    assert "CORRECT (1 of 1 point)" in blocks["demo/summit-year"]
    assert "CORRECT (1 of 1 point)" in blocks["demo/crime-name"]
    assert "check the spelling: “genocide”" in blocks["demo/crime-name"]
    assert "CORRECT (1 of 1 point)" in blocks["demo/country"]
    assert "CORRECT (1 of 1 point)" in blocks["demo/members"]
    assert "CORRECT (1 of 1 point)" in blocks["demo/article-1"]
    # Half the crimes, one swap in a timeline, two partners swapped: partial credit.
    assert "PARTLY CORRECT (0.5 of 1 point)" in blocks["demo/four-crimes"]
    assert "You left out 2 correct options." in blocks["demo/four-crimes"]
    assert "PARTLY CORRECT (2/3 of 1 point)" in blocks["demo/timeline"]
    assert "5 of 6 pairs are in the right order." in blocks["demo/timeline"]
    assert "PARTLY CORRECT (1/3 of 1 point)" in blocks["demo/people"]
    assert "2. Gareth Evans: not matched correctly." in blocks["demo/people"]
    # A wrong answer: the bank's feedback, the answer, and where to re-read.
    wrong = blocks["demo/binding"]
    assert "INCORRECT (0 of 1 point)" in wrong
    assert "No: it is a General Assembly resolution." in wrong
    assert "Correct answer: false" in wrong
    assert "Re-read: “The World Summit of 2005” in “9. A demonstration module”" in wrong
    built = (course / "docs" / "_build" / "html").as_uri()
    assert f"\n      {built}/modules/09-demo/index.html#demo-summit" in wrong
    # The explanation follows a correct answer without being asked for.
    assert "Why: Prevention comes first." in blocks["demo/article-1"]
    assert "UNANSWERED" in blocks["demo/essay"]
    assert (
        "Total: 6.5 of 9 points (72%): 5 correct, 3 partly correct, 1 incorrect, 1 unanswered."
        in out
    )


def test_hints_instead_of_answers_and_explain(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = str(typical_mistakes(course))
    _, out, _ = check(capsys, sheet, "--hints")
    assert "Correct answer" not in out
    assert "Hint: Four of them." in out
    assert "Why: Four crimes" not in out and "Why: Genocide, war crimes" not in out
    _, out, _ = check(capsys, sheet, "--explain")
    assert "Why: It is a resolution of the General Assembly, not a treaty." in out


def test_json_output(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(capsys, str(typical_mistakes(course)), "--json")
    assert code == 1
    data = json.loads(out)
    assert data["module"] == "demo" and data["student"] == "Ana López"
    assert len(data["questions"]) == 10
    for entry in data["questions"]:
        assert {"id", "status", "score", "max_score", "feedback"} <= entry.keys()
        assert entry["status"] in ("correct", "partial", "incorrect", "unanswered")
    by_id = {entry["id"]: entry for entry in data["questions"]}
    assert by_id["demo/four-crimes"]["score"] == 0.5
    assert by_id["demo/binding"]["correct_answer"] == "false"
    assert by_id["demo/binding"]["reread"]["url"] == "modules/09-demo/index.html#demo-summit"
    assert by_id["demo/essay"]["auto_scored"] is False
    assert data["totals"] == {
        "score": 6.5, "max_score": 9, "correct": 5, "partial": 3, "incorrect": 1,
        "unanswered": 1, "to_mark": 0, "to_mark_points": 0, "all_correct": False,
    }  # fmt: skip


def test_invalid_sheet_exits_2_with_a_located_message(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_answers(course, {"demo/summit-year": "q"})
    code, out, err = check(capsys, str(path))
    assert code == 2 and not out
    line = next(n for n, t in enumerate(path.read_text("utf-8").split("\n"), 1) if t == "Answer: q")
    assert err.startswith(f"{path}:{line}: 'q' is not one of this question's letters")
    assert "Traceback" not in err


def test_unknown_module_in_front_matter(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = all_correct(course)
    path.write_text(path.read_text("utf-8").replace("module: demo", "module: nowhere"), "utf-8")
    code, _, err = check(capsys, str(path))
    assert code == 2
    assert err.startswith(f"{path}:2: there is no module 'nowhere'")


def test_missing_file(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(capsys, "nope.md")
    assert code == 2 and "cannot read the sheet" in err


def test_key_formats(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["key", "demo"]) == 0
    text = capsys.readouterr().out
    assert "# Answer key. Module 9: A demonstration module" in text
    assert "- **Accepted:** genocide, the crime of genocide" in text
    assert "- **Known wrong answer:** homicide: Homicide is a domestic crime." in text
    assert main(["key", "demo", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    crime = next(q for q in data["questions"] if q["id"] == "demo/crime-name")
    assert crime["accepted"] == [["genocide", "the crime of genocide"]]
    assert main(["key", "demo", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("number,id,type,points,answer,meaning,accepted")
    out = course / "key.md"
    assert main(["key", "demo", "--out", str(out)]) == 0
    assert main(["key", "demo", "--out", str(out)]) == 2
    assert "output already exists" in capsys.readouterr().err


# -- terminals, colour and start-up -----------------------------------------------------


class FakeStream:
    def __init__(self, tty: bool, encoding: str = "utf-8") -> None:
        self.tty, self.encoding = tty, encoding

    def isatty(self) -> bool:
        return self.tty


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert wants_color(FakeStream(tty=True))
    assert not wants_color(FakeStream(tty=False))
    assert not wants_color(FakeStream(tty=True, encoding="ascii"))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_color(FakeStream(tty=True))


def test_colour_report_uses_symbols(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("r2p_kit.commands.check.wants_color", lambda stream: True)
    _, out, _ = check(capsys, str(typical_mistakes(course)))
    assert "\033[32m✓ correct\033[0m" in out
    assert "\033[31m✗ incorrect\033[0m" in out


def _run_cli(course: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "r2p_kit", *args],
        capture_output=True, text=True, cwd=course, env=environment, check=False,
    )  # fmt: skip


def test_piped_and_no_color_output_is_plain(course: Path) -> None:
    sheet = str(typical_mistakes(course))
    for env in ({}, {"NO_COLOR": "1"}):
        result = _run_cli(course, "check", sheet, **env)
        assert result.returncode == 1
        assert "\033[" not in result.stdout
        assert "INCORRECT (0 of 1 point)" in result.stdout


def test_check_never_imports_sphinx_or_docutils(course: Path) -> None:
    sheet = str(all_correct(course))
    code = (
        "import sys\nfrom r2p_kit.cli import main\ncode = main(['check', sys.argv[1]])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sphinx', 'docutils'))\n"
        "print(code, heavy, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, sheet], capture_output=True, text=True, cwd=course, check=False
    )
    assert result.stderr.strip() == "0 []"


# -- output for people (issue 17) -------------------------------------------------------


def _with_markdown_explanation(course: Path) -> None:
    bank = course / "docs" / "modules" / "09-demo" / "questions.yaml"
    text = bank.read_text(encoding="utf-8")
    assert "Prevention comes first." in text
    bank.write_text(text.replace("Prevention comes first.", "'*Prevention* comes **first**.'"))


def test_bank_markdown_is_plain_in_a_pipe_and_styled_on_a_terminal(
    course: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _with_markdown_explanation(course)
    sheet = str(typical_mistakes(course))
    _, out, _ = check(capsys, sheet)
    assert "Why: Prevention comes first." in out and "*" not in out
    monkeypatch.setattr("r2p_kit.commands.check.wants_color", lambda stream: True)
    _, out, _ = check(capsys, sheet)
    assert "Why: \033[3mPrevention\033[0m comes \033[1mfirst\033[0m." in out


def test_reread_links_open_the_local_build_and_say_when_it_is_missing(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = str(typical_mistakes(course))
    page = course / "docs" / "_build" / "html" / "modules" / "09-demo" / "index.html"
    link = f"{page.as_uri()}#demo-summit"
    _, out, _ = check(capsys, sheet)
    assert f"\n      {link}\n" in out
    assert "not built on this computer yet" in out and "make html" in out
    page.parent.mkdir(parents=True)
    page.write_text("<html></html>", encoding="utf-8")
    _, out, _ = check(capsys, sheet)
    assert f"\n      {link}\n" in out and "not built" not in out
    _, out, _ = check(capsys, sheet, "--json")
    reread = next(q for q in json.loads(out)["questions"] if q["id"] == "demo/binding")["reread"]
    assert reread["link"] == link


def test_reread_links_use_the_published_address_from_conf_py(
    course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = course / "docs" / "conf.py"
    conf.write_text('project = "x"\nhtml_baseurl = "https://example.org/r2p"\n', encoding="utf-8")
    _, out, _ = check(capsys, str(typical_mistakes(course)))
    assert "\n      https://example.org/r2p/modules/09-demo/index.html#demo-summit\n" in out
    assert "file://" not in out and "not built" not in out
    # conf.py is read, never run: an address computed by code is not guessed at
    conf.write_text('import os\nhtml_baseurl = os.environ["X"]\n', encoding="utf-8")
    _, out, _ = check(capsys, str(typical_mistakes(course)))
    assert "https://" not in out and "file://" in out


@pytest.mark.parametrize(
    ("score", "whole", "shown"),
    [
        (1 / 6, 1, "1/6 of 1 point"),
        (0.5, 1, "0.5 of 1 point"),
        (2 / 3, 1, "2/3 of 1 point"),
        (19 / 21, 1, "0.9 of 1 point"),  # 20 of 21 pairs in order: no 19/21
        (0.96, 1, "0.96 of 1 point"),  # a partial mark never reads as full marks
        (0.004, 1, "0.004 of 1 point"),  # nor as nothing
        (4 / 3, 2, "1.3 of 2 points"),
        (3, 4, "3 of 4 points"),
    ],
)
def test_partial_marks_read_as_people_write_them(score: float, whole: float, shown: str) -> None:
    from r2p_kit.check.report import marks

    assert marks(score, whole) == shown


def test_correct_answers_write_numbers_in_full() -> None:
    from check_support import question_from_spec
    from r2p_kit.check.solution import correct_answer

    question = question_from_spec({"type": "numeric", "answer": 1_000_000, "tolerance": 2500.5})
    assert correct_answer(question) == ("1000000", "anything from 997499.5 to 1002500.5")


@settings(max_examples=examples(400), deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_text_without_markup_skips_the_markdown_reader_and_reads_the_same(text: str) -> None:
    from r2p_kit.markup import to_plain, to_terminal

    assert " ".join(to_terminal(text, styled=False).split()) == " ".join(to_plain(text).split())
    assert "\x1b" not in to_terminal(text, styled=True).replace("\x1b[", "")  # only our styles
