"""Moodle's own XML importer (4.1 and 4.5) keeps every essay's level descriptors for graders.

An instructor who imports a quiz marks its essays in Moodle with what the question's
"information for graders" says; Moodle never shows that field to the student. So each
criterion's four descriptors must survive the import there, and only there.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from conftest import REPO
from lms.test_lms_importers import moodle_read, moodle_root  # noqa: F401 (a fixture)
from r2p_kit.bank.load import load_bank
from r2p_kit.bank.model import Essay
from r2p_kit.bank.rubric import level_name
from r2p_kit.quiz.export.common import plain
from r2p_kit.quiz.export.moodle_xml import export_moodle_xml
from r2p_kit.quiz.generate import Selection, generate_quiz


def _words(html: str) -> str:
    """Text without tags and with single spaces, to compare with the bank's plain text."""
    return " ".join(lxml.html.fromstring(f"<div>{html}</div>").text_content().split())


@pytest.mark.parametrize("version", ["4.1", "4.5"])
def test_moodle_keeps_each_essays_descriptors_in_the_graders_field_only(
    moodle_root: Path,  # noqa: F811
    version: str,
    tmp_path: Path,
) -> None:
    bank = load_bank(REPO)
    essays = {q.id: q for q in bank.questions if isinstance(q.body, Essay)}
    assert len(essays) >= 8
    quiz = generate_quiz(bank, Selection(count=0, essays=len(essays)), seed="rubrics")
    (variant,) = quiz.variants
    read = moodle_read(moodle_root, version, "xml", export_moodle_xml(quiz, variant), tmp_path)
    assert read["errors"] == []
    imported = {q["name"]: q for q in read["questions"] if q["qtype"] == "essay"}
    assert sorted(imported) == sorted(essays)
    for qid, question in essays.items():
        assert isinstance(question.body, Essay)
        entry = imported[qid]
        grader = _words(entry["graderinfo"]["text"])
        student = _words(entry["questiontext"]["text"] + entry["generalfeedback"]["text"])
        for point in question.body.rubric:
            assert point.levels is not None, (qid, point.point)
            for level, descriptor in point.levels.described():
                shown = f"{level_name(level)}: {' '.join(plain(descriptor).split())}"
                assert shown in grader, (version, qid, shown)
                assert plain(descriptor) not in student, (version, qid, level)
