"""Selection, seeded variants, rosters, atomic output and the ``r2p-kit quiz`` command."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import real_bank, run_cli
from r2p_kit.bank.load import load_bank
from r2p_kit.bank.model import Choice, Matching, Ordering
from r2p_kit.errors import UserError
from r2p_kit.output import write_atomic, write_files
from r2p_kit.quiz.generate import (
    Selection,
    filter_questions,
    generate_quiz,
    select_questions,
    variant_rng,
)
from r2p_kit.quiz.roster import Student, read_roster

COURSE = Path(__file__).parent / "fixtures" / "bank" / "course"
BANK = load_bank(COURSE)


def ids(quiz_variant) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.question.id for item in quiz_variant.items]


# -- determinism ----------------------------------------------------------------------------


def test_variant_rng_is_a_pure_function_of_seed_and_key() -> None:
    rng, code = variant_rng("s", "alice")
    again, code_again = variant_rng("s", "alice")
    assert code == code_again == hashlib.sha256(b"r2p-kit quiz v1\0s\0alice").hexdigest()[:8]
    assert [rng.random() for _ in range(3)] == [again.random() for _ in range(3)]
    assert variant_rng("s", "bob")[1] != code
    assert variant_rng("t", "alice")[1] != code


def test_same_seed_and_student_give_the_same_variant_in_any_roster() -> None:
    alone = generate_quiz(BANK, Selection(count=8), seed="k", students=[Student("a1", "A")])
    crowd = generate_quiz(
        BANK, Selection(count=8), seed="k", students=[Student("z9", "Z"), Student("a1", "A")]
    )
    assert alone.variants[0] == crowd.variants[1]
    assert crowd.variants[0] != crowd.variants[1]


def test_python_hash_seed_does_not_matter() -> None:
    script = (
        "from pathlib import Path\n"
        "from r2p_kit.bank.load import load_bank\n"
        "from r2p_kit.quiz.generate import Selection, generate_quiz\n"
        "from r2p_kit.quiz.export.json_export import export_json\n"
        f"bank = load_bank(Path({str(COURSE)!r}))\n"
        "print(export_json(generate_quiz(bank, Selection(count=9), seed='x', variants=3)))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(outputs) == 1


# -- selection ------------------------------------------------------------------------------


def test_selection_filters() -> None:
    assert {q.module for q in filter_questions(BANK, Selection(modules=("pillars",)))} == {
        "pillars"
    }
    tagged = filter_questions(BANK, Selection(tags=("pillars", "iciss")))
    assert {q.id for q in tagged} == {
        "origins/iciss-year",
        "pillars/pillar-count",
        "pillars/which-pillar",
    }
    hard = filter_questions(BANK, Selection(difficulties=("hard",)))
    assert {q.difficulty for q in hard} == {"hard"}
    cloze = filter_questions(BANK, Selection(types=("cloze",)))
    assert [q.id for q in cloze] == ["pillars/para-138", "pillars/one-blank"]


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (
            Selection(modules=("pilars",)),
            "--module: unknown module 'pilars'; did you mean 'pillars'?",
        ),
        (Selection(tags=("nothing",)), "no question matches this selection"),
        (Selection(count=15), "cannot pick 15 auto-marked questions: 14 match the selection"),
        (Selection(count=0), "cannot pick 0 auto-marked questions"),
        (Selection(essays=2), "cannot pick 2 essays: 1 match the selection"),
        (Selection(types=("essai",)), "unknown type 'essai'; did you mean 'essay'?"),
    ],
)
def test_selection_errors(selection: Selection, message: str) -> None:
    with pytest.raises(UserError, match=message.replace("?", r"\?")):
        generate_quiz(BANK, selection)


def test_stratified_across_modules_difficulties_and_objectives() -> None:
    pool = list(BANK.questions)  # 9 origins + 6 pillars
    for n in range(40):
        rng, _ = variant_rng("strata", str(n))
        chosen = select_questions(pool, 5, rng)
        assert len(set(chosen)) == 5
        modules = Counter(q.module for q in chosen)
        assert modules == {"origins": 3, "pillars": 2}  # 5 * 9/15 = 3, 5 * 6/15 = 2
        origins = [q for q in chosen if q.module == "origins"]
        # Origins has easy 3, medium 3, hard 2 -> 3 picks take one of each difficulty.
        assert sorted(q.difficulty for q in origins) == ["easy", "hard", "medium"]
    # Within a module, picks spread over objectives before repeating one.
    rng, _ = variant_rng("strata", "objectives")
    pillars = [q for q in pool if q.module == "pillars"]
    easy = [q for q in pillars if q.difficulty == "easy"]
    assert len({q.objective for q in select_questions(easy, 2, rng)}) == 1  # both objective 1
    chosen = select_questions([q for q in pool if q.module == "origins"], 3, rng)
    assert len({q.objective for q in chosen}) >= 2


def test_variants_differ_but_have_the_same_shape() -> None:
    quiz = generate_quiz(BANK, Selection(count=6), seed="shape", variants=20)
    assert len({tuple(ids(v)) for v in quiz.variants}) > 10
    for variant in quiz.variants:
        assert Counter(item.question.module for item in variant.items) == {
            "origins": 4,
            "pillars": 2,
        }
    assert [v.label for v in quiz.variants[:2]] == ["v001", "v002"]


def test_options_shuffled_unless_shuffle_is_false() -> None:
    quiz = generate_quiz(BANK, Selection(), seed="opts", variants=30)
    orders = Counter()
    for variant in quiz.variants:
        for item in variant.items:
            question = item.question
            if question.id == "origins/iciss-year":  # shuffle: false
                assert isinstance(question.body, Choice)
                assert [o.text for o in question.body.options] == ["1999", "2001", "2005"]
            if question.id == "pillars/pillar-count":
                assert isinstance(question.body, Choice)
                orders[tuple(o.text for o in question.body.options)] += 1
                assert question.body.correct_indices == (
                    [o.text for o in question.body.options].index("Three"),
                )
            if isinstance(question.body, Ordering):
                assert item.display != question.body.items
                assert sorted(item.display) == sorted(question.body.items)
            if isinstance(question.body, Matching):
                rights = [p.right for p in question.body.pairs] + list(question.body.extra_right)
                assert sorted(item.display) == sorted(rights)
    assert len(orders) > 1


def test_variants_need_a_positive_count() -> None:
    with pytest.raises(UserError, match="at least 1"):
        generate_quiz(BANK, Selection(), variants=0)


# -- rosters --------------------------------------------------------------------------------


def write(tmp_path: Path, text: str, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_with_and_without_header(tmp_path: Path) -> None:
    with_header = write(tmp_path, '\ufeffid,name,email\ns1,Ana,ana@example.org\n\ns2,"Bo, B"\n')
    assert read_roster(with_header) == (
        Student("s1", "Ana", "ana@example.org"),
        Student("s2", "Bo, B"),
    )
    plain = write(tmp_path, "s1,Ana\n# a comment\ns2,Bo\n", "plain.csv")
    assert [s.id for s in read_roster(plain)] == ["s1", "s2"]


def test_roster_problems_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "id,name\ns1,Ana\n,No Id\nS1,Again\ns 3,Space\ns4\ns5,E,e@x,extra\n../x,Sneaky\n",
    )
    with pytest.raises(UserError) as raised:
        read_roster(path)
    assert [str(p).split(":", 1)[1] for p in raised.value.problems] == [
        "3: missing student id; put the student's id first",
        "4: duplicate student id 'S1' (as 's1': ids differing only in case or Unicode form "
        "are one id); ids must be unique; it is first used on line 2",
        "5: student id 's 3' cannot be used in a file name; "
        "use letters, digits and . _ @ + - only (at most 64)",
        "6: missing name for student 's4'; write each line as id,name[,email]",
        "7: expected at most 3 cells (id,name,email), found 4; "
        "the columns are separated by commas: put a name containing them in double quotes",
        "8: student id '../x' cannot be used in a file name; "
        "use letters, digits and . _ @ + - only (at most 64)",
    ]


def test_empty_or_missing_roster(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="the roster has no students"):
        read_roster(write(tmp_path, "id,name,email\n"))
    with pytest.raises(UserError, match="cannot read the roster"):
        read_roster(tmp_path / "missing.csv")


# -- atomic output --------------------------------------------------------------------------


def test_write_atomic_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    write_atomic(target, "one")
    with pytest.raises(UserError, match="output already exists; pass --force"):
        write_atomic(target, "two")
    assert target.read_text() == "one"
    write_atomic(target, b"three", force=True)
    assert target.read_bytes() == b"three"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]  # no temporary left


def test_write_atomic_unwritable_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(UserError, match="cannot write output"):
        write_atomic(blocker / "out.txt", "x")
    with pytest.raises(UserError, match="output is a folder"):
        write_atomic(tmp_path, "x", force=True)


def test_write_files_checks_everything_before_writing(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("old")
    with pytest.raises(UserError) as raised:
        write_files({tmp_path / "a.txt": "new", tmp_path / "b.txt": "new"})
    assert len(raised.value.problems) == 1
    assert not (tmp_path / "a.txt").exists()
    assert (tmp_path / "b.txt").read_text() == "old"


# -- the command ----------------------------------------------------------------------------


def r2p(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``r2p-kit quiz ARGS`` through the command's entry point, in this process."""
    return run_cli(cwd, "quiz", *args)


def r2p_process(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``r2p-kit quiz ARGS`` in a new process, with a hash seed of its own."""
    return subprocess.run(
        [sys.executable, "-m", "r2p_kit", "quiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": "random"},
    )


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(COURSE, target)
    (target / "roster.csv").write_text("id,name\nann,Ann\nbob,Bob\ncat,Cat\n")
    return target


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml", "qti", "json", "markdown"])
def test_two_runs_give_identical_bytes(course: Path, fmt: str) -> None:
    args = ["--roster", "roster.csv", "--seed", "exam-1", "--count", "7", "--format", fmt]
    first = r2p_process(course, *args, "--out", "one")  # two processes, two hash seeds
    second = r2p(course, *args, "--out", "two")
    assert first.returncode == second.returncode == 0, first.stderr
    assert digest(course / "one") == digest(course / "two")
    names = sorted(digest(course / "one"))
    assert "answer-keys/answer-key.csv" in names
    if fmt != "json":
        assert any(name.startswith("ann") for name in names)


def test_source_date_epoch_sets_zip_times(course: Path) -> None:
    import zipfile

    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(
        [sys.executable, "-m", "r2p_kit", "quiz", "--format", "qti", "--out", "o"],
        cwd=course, env=env, check=True, capture_output=True,
    )  # fmt: skip
    with zipfile.ZipFile(course / "o" / "quiz.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_bad_input_exits_2_without_traceback_or_output(course: Path) -> None:
    (course / "bad.csv").write_text("id,name\nann,Ann\nann,Again\n")
    cases = [
        (["--roster", "bad.csv"], "bad.csv:3: duplicate student id 'ann'"),
        (["--module", "nope"], "unknown module 'nope'"),
        (["--count", "99"], "cannot pick 99 auto-marked questions"),
    ]
    for extra, message in cases:
        result = r2p(course, "--format", "gift", "--out", "out", *extra)
        assert result.returncode == 2, result
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert not (course / "out").exists()
    bank = course / "docs/modules/01-origins/questions.yaml"
    bank.write_text(bank.read_text().replace("type: numeric", "type: numerical", 1))
    result = r2p(course, "--format", "gift", "--out", "out")
    assert result.returncode == 2
    assert (
        "questions.yaml:68:11: unknown type 'numerical'; did you mean 'numeric'?" in result.stderr
    )
    assert "Traceback" not in result.stderr and not (course / "out").exists()


def test_existing_output_needs_force(course: Path) -> None:
    assert r2p(course, "--format", "json", "--out", "out").returncode == 0
    before = digest(course / "out")
    refused = r2p(course, "--format", "json", "--out", "out", "--seed", "other")
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert digest(course / "out") == before
    forced = r2p(course, "--format", "json", "--out", "out", "--seed", "other", "--force")
    assert forced.returncode == 0 and digest(course / "out") != before


def test_unwritable_output_folder(course: Path) -> None:
    (course / "blocker").write_text("a file, not a folder")
    result = r2p(course, "--format", "gift", "--out", "blocker/out")
    assert result.returncode == 2
    assert "cannot write output" in result.stderr and "Traceback" not in result.stderr


def test_outside_a_course(tmp_path: Path) -> None:
    result = r2p(tmp_path, "--format", "gift", "--out", "out")
    assert result.returncode == 2
    assert "not inside an r2p-kit course" in result.stderr


def test_keys_have_their_own_folder_so_no_student_id_can_name_a_key(course: Path) -> None:
    (course / "roster.csv").write_text("id,name\njane,Jane\njane-key,Jane Key\nJane.K,J\n")
    result = r2p(course, "--roster", "roster.csv", "--format", "markdown", "--out", "q")
    assert result.returncode == 0, result.stderr
    names = sorted(digest(course / "q"))
    assert names == [
        "Jane.K.md", "answer-keys/Jane.K-key.md", "answer-keys/answer-key.csv",
        "answer-keys/jane-key-key.md", "answer-keys/jane-key.md", "jane-key.md", "jane.md",
        "variant-summary.csv",
    ]  # fmt: skip
    handout = (course / "q" / "jane-key.md").read_text()
    assert "Jane Key" in handout and "Answer key" not in handout


def test_the_summary_line_counts_in_words_a_person_would_use(course: Path) -> None:
    result = r2p(course, "--format", "gift", "--count", "1", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote 3 files to out (1 variant of 1 question)\n")
    result = r2p(course, "--format", "gift", "--count", "2", "--variants", "2", "--out", "two")
    assert result.stdout.startswith("wrote 4 files to two (2 variants of 2 questions)\n")


# -- scale: one variant at a time (issue 12 item 6, issue 16 item 11) -------------------------


def test_write_stream_writes_pieces_and_refuses_before_making_anything(tmp_path: Path) -> None:
    from r2p_kit.output import write_stream

    out = tmp_path / "out"
    made: list[str] = []

    def files():  # type: ignore[no-untyped-def]
        for name in ("a.txt", "b.bin"):
            made.append(name)
            yield out / name, (["one ", "piece ", "at a time"] if name == "a.txt" else [b"\0\1"])

    write_stream([out / "a.txt", out / "b.bin"], files())
    assert (out / "a.txt").read_text() == "one piece at a time"
    assert (out / "b.bin").read_bytes() == b"\0\1"
    made.clear()
    with pytest.raises(UserError, match="output already exists"):
        write_stream([out / "a.txt", out / "b.bin"], files())
    assert made == []  # refused before any content was made


def test_a_failure_while_streaming_leaves_nothing_behind(tmp_path: Path) -> None:
    from r2p_kit.output import write_stream

    out = tmp_path / "quiz"

    def files():  # type: ignore[no-untyped-def]
        yield out / "v1.txt", "first"
        raise UserError.at("bank.yaml", 3, "a question cannot be exported")

    with pytest.raises(UserError, match="cannot be exported"):
        write_stream([out / "v1.txt", out / "v2.txt"], files())
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a staging folder


@pytest.mark.parametrize("fmt", ["json", "gift", "markdown"])
def test_a_run_is_made_one_variant_at_a_time(fmt: str) -> None:
    from r2p_kit.quiz.export.json_export import export_json
    from r2p_kit.quiz.render import render_quiz, stream_quiz

    quiz = generate_quiz(BANK, Selection(count=4), seed="s", variants=30)
    stream = stream_quiz(quiz, fmt, Path("out"))  # type: ignore[arg-type]
    assert len(stream.paths) == len(set(stream.paths))
    largest = 0
    joined: dict[Path, str] = {}
    for path, content in stream.files:
        pieces = [content] if isinstance(content, str) else list(content)
        assert all(isinstance(piece, str) for piece in pieces)
        largest = max(largest, *(len(piece) for piece in pieces))
        joined[path] = "".join(pieces)  # type: ignore[arg-type]
    assert list(joined) == list(stream.paths)
    one_variant = max(len(v) for p, v in joined.items() if p.name != "answer-key.csv") / (
        30 if fmt == "json" else 1
    )
    assert largest < 3 * one_variant  # no piece holds the whole run
    assert joined == render_quiz(quiz, fmt, Path("out")).files  # type: ignore[arg-type]
    if fmt == "json":
        assert joined[Path("out/quiz.json")] == export_json(quiz)


def test_an_absurd_number_of_variants_needs_force(course: Path) -> None:
    result = r2p(course, "--format", "json", "--variants", "20000", "--out", "out")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("--variants: 20,000 variants is more than 5,000")
    assert "add --force" in result.stderr and not (course / "out").exists()


def test_a_question_that_shows_another_ones_answer_is_never_drawn_beside_it() -> None:
    from check_support import module_from_specs
    from r2p_kit.bank.cues import cue_conflicts
    from r2p_kit.bank.model import Bank

    def single(name: str, prompt: str, right: str) -> dict[str, object]:
        options = [{"text": right, "correct": True}, {"text": "Nobody"}, {"text": "Everybody"}]
        return {"id": f"cues/{name}", "type": "single", "prompt": prompt, "options": options}

    specs = [
        {"id": "cues/chair", "type": "short", "prompt": "Who chaired the inquiry?",
         "answers": ["Ingvar Carlsson"]},
        single("shown", "What did Ingvar Carlsson chair in 1999?", "The Rwanda inquiry"),
        *(single(f"other-{n}", f"Filler question {n}?", f"Answer {n}") for n in range(6)),
    ]  # fmt: skip
    bank = Bank((module_from_specs("cues", 1, specs),))
    assert cue_conflicts(bank.questions) == {frozenset({"cues/chair", "cues/shown"})}
    quiz = generate_quiz(bank, Selection(count=4), seed="cues", variants=200)
    drawn = [{item.question.id for item in v.items} for v in quiz.variants]
    together = [ids for ids in drawn if {"cues/chair", "cues/shown"} <= ids]
    alone = [ids for ids in drawn if {"cues/chair", "cues/shown"} & ids]
    assert alone and not together


def test_lms_settings_reach_the_exports(course: Path) -> None:
    import zipfile

    result = r2p(course, "--format", "qti", "--out", "qti", "--canvas-attempts", "3",
                 "--canvas-show-answers", "--canvas-no-shuffle")  # fmt: skip
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(course / "qti" / "quiz.zip") as package:
        meta = next(n for n in package.namelist() if n.endswith("assessment_meta.xml"))
        text = package.read(meta).decode()
    assert "<allowed_attempts>3</allowed_attempts>" in text
    assert "<show_correct_answers>true</show_correct_answers>" in text
    assert "<shuffle_answers>false</shuffle_answers>" in text
    older = r2p(course, "--format", "moodle-xml", "--out", "m41")
    newer = r2p(course, "--format", "moodle-xml", "--out", "m45", "--moodle-version", "4.5")
    assert older.returncode == newer.returncode == 0, older.stderr + newer.stderr
    assert 'type="ordering"' not in (course / "m41" / "quiz.xml").read_text()
    assert 'type="ordering"' in (course / "m45" / "quiz.xml").read_text()
    for bad, message in (("--moodle-version", "four"), ("--canvas-attempts", "0")):
        refused = r2p(course, "--format", "qti", "--out", "x", bad, message)
        assert refused.returncode == 2 and bad in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr and not (course / "x").exists()


def test_matching_answers_are_never_listed_in_step_with_their_items() -> None:
    """A shuffle of two pairs lists the answers in the items' order half the time, which
    gives the question away on screen and in every LMS export."""
    from dataclasses import replace

    from r2p_kit.bank.model import Matching
    from r2p_kit.quiz.generate import present

    question = next(q for q in real_bank().questions if isinstance(q.body, Matching))
    assert isinstance(question.body, Matching)
    two = replace(question, shuffle=True, body=Matching(question.body.pairs[:2]))
    for seed in range(40):
        item = present(two, random.Random(seed))
        assert isinstance(item.question.body, Matching)
        lefts_answers = [pair.right for pair in item.question.body.pairs]
        assert list(item.display) != lefts_answers, seed
