"""Rosters as instructors have them (issue 12, item 1): the LMS's own exports and a plain CSV,
any delimiter, UTF-8 with or without a BOM; every malformed line a located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from r2p_kit.errors import UserError
from r2p_kit.quiz.roster import Student, read_roster

ROSTERS = Path(__file__).parent / "fixtures" / "rosters"


def problems(path: Path, id_column: str | None = None) -> list[str]:
    with pytest.raises(UserError) as raised:
        read_roster(path, id_column)
    return [str(p) for p in raised.value.problems]


def test_moodle_grade_export_uses_id_number_by_default() -> None:
    students = read_roster(ROSTERS / "moodle-grades.csv")
    assert [s.id for s in students] == ["2024001", "2024002", "2024003", "2024004"]
    assert students[2] == Student(
        "2024003", "María José García López", "mj.garcia@example.edu", id_number="2024003"
    )


def test_moodle_export_with_semicolons_bom_and_crlf() -> None:
    students = read_roster(ROSTERS / "moodle-participants-semicolon.csv")
    assert [(s.id, s.name) for s in students] == [
        ("2024001", "Amina Diallo"),
        ("2024002", "Jonas Becker"),
        ("2024005", "Anne; Marie Dupont"),
    ]


def test_identifier_column_is_chosen_or_defaults_to_email_then_username() -> None:
    tabbed = ROSTERS / "moodle-participants-tab.txt"
    assert [s.id for s in read_roster(tabbed)] == [
        "chen.wei@example.edu",
        "kofi.mensah@example.edu",
    ]
    assert [s.id for s in read_roster(tabbed, "username")] == ["cwei", "kmensah"]
    emails = read_roster(ROSTERS / "moodle-grades.csv", "email")
    assert emails[0].id == "amina.diallo@example.edu" and emails[0].id_number == "2024001"
    first, second = problems(tabbed, "id-number")
    assert first.endswith(
        "moodle-participants-tab.txt:2: missing id number; fill in the id number for Chen Wei, "
        "or choose another --id-column"
    )
    assert ":3: missing id number" in second


def test_canvas_gradebook_skips_points_possible_and_the_test_student() -> None:
    students = read_roster(ROSTERS / "canvas-gradebook.csv")
    assert students == (
        Student("2024001", "Amina Diallo", "", "2024001", "adiallo", "4501", "R2P 101 Section A"),
        Student("2024002", "Jonas Becker", "", "2024002", "jbecker", "4502", "R2P 101 Section A"),
        Student(
            "2024003", "María José García López", "", "2024003", "mgarcia", "4503",
            "R2P 101 Section B",
        ),
    )  # fmt: skip
    assert [s.id for s in read_roster(ROSTERS / "canvas-gradebook.csv", "username")] == [
        "adiallo",
        "jbecker",
        "mgarcia",
    ]


def test_plain_roster_with_header_names_in_any_order_and_case(tmp_path: Path) -> None:
    assert [s.name for s in read_roster(ROSTERS / "plain.csv")] == [
        "Amina Diallo",
        "Becker, Jonas",
        "Chen Wei",
    ]
    path = tmp_path / "r.csv"
    path.write_text("EMAIL;Name;Id\na@example.org;Ana;s1\n", encoding="utf-8")
    assert read_roster(path) == (Student("s1", "Ana", "a@example.org"),)


def test_an_unterminated_quote_is_an_error_on_its_line_not_a_merge() -> None:
    path = ROSTERS / "unterminated-quote.csv"
    (message,) = problems(path)
    assert "unterminated-quote.csv:3: a quotation mark opened on this line is not closed" in message


def test_other_encodings_are_located_errors(tmp_path: Path) -> None:
    path = ROSTERS / "windows-1252.csv"
    (message,) = problems(path)
    assert "windows-1252.csv:2:4: byte 0xed is not UTF-8" in message
    for codec, name in (("utf-16", "UTF-16"), ("utf-32", "UTF-32")):
        wide = tmp_path / f"{codec}.csv"
        wide.write_bytes("id,name\ns1,Ana\n".encode(codec))
        assert f"saved as {name}" in problems(wide)[0]


def test_ids_differing_in_case_or_unicode_form_are_one_id(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name\njane,Jane\nJANE,Jane Again\n", encoding="utf-8")
    (message,) = problems(path)
    assert ":3: duplicate student id 'JANE' (as 'jane'" in message


def test_control_characters_and_bidi_overrides_never_reach_names(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,name\ns1,Ana\x1b[2J \u202eLópez\n", encoding="utf-8")
    assert read_roster(path)[0].name == "Ana[2J López"


def test_a_semicolon_roster_is_not_reported_as_bad_ids(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("s1;Ana Diallo;ana@example.org\ns2;Jonas Becker;\n", encoding="utf-8")
    assert [s.id for s in read_roster(path)] == ["s1", "s2"]


def test_roster_names_are_text_in_the_handouts(tmp_path: Path) -> None:
    from r2p_kit.bank.load import load_bank
    from r2p_kit.quiz.export.markdown import export_markdown
    from r2p_kit.quiz.generate import Selection, generate_quiz

    path = tmp_path / "r.csv"
    path.write_text('id,name\ns1,"![x](https://t.example/p.png) *Ana* <b>"\n', encoding="utf-8")
    bank = load_bank(Path(__file__).parent / "fixtures" / "bank" / "course")
    quiz = generate_quiz(bank, Selection(count=2), seed="n", students=read_roster(path))
    handout = export_markdown(quiz.title, quiz.variants[0])
    assert r"**Student:** \!\[x\](https://t.example/p.png) \*Ana\* \<b\> (s1)" in handout
