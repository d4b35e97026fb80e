"""Which labels a question's ``source`` may name: the ones Sphinx links with a title.

The scanner in :mod:`r2p_kit.course_markdown` decides without Sphinx; the slow test builds
the same page with Sphinx and holds the two to the same verdict on every case. The same
scanner, and no other, gives ``r2p-kit check`` its "Re-read" sections and ``r2p-kit lint``
its headings, labels and blocks: the last tests hold them to the cases Sphinx agreed on.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import run_sphinx
from r2p_kit.bank.labels import find_labels, find_source_labels
from r2p_kit.bank.load import load_bank
from r2p_kit.check.sources import find_sections, sections_in_page
from r2p_kit.contrib.pages import parse_page
from r2p_kit.course_markdown import plain_title, scan_page
from r2p_kit.errors import UserError

FIXTURES = Path(__file__).parent / "fixtures" / "bank"

# (label, what follows it, the title Sphinx gives it or "" for none)
CASES = [
    ("heading", "## The heading", "The heading"),
    ("blank-then-heading", "\n## Heading after a blank line", "Heading after a blank line"),
    ("stacked", "(stacked-second)=\n## Two labels, one heading", "Two labels, one heading"),
    ("closing-hashes", "### Closed heading ###", "Closed heading"),
    ("role-in-heading", "## The {term}`genocide` convention", "The genocide convention"),
    ("setext", "Setext heading\n--------------", "Setext heading"),
    ("indented", "   ## Indented heading", "Indented heading"),
    ("in-note", "```{note}\n(in-note-heading)=\n### A heading in a note\n```", ""),
    ("figure", "```{figure} img.png\nThe caption.\n```", "The caption."),
    ("figure-no-caption", "```{figure} img.png\n:alt: x\n```", ""),
    ("code-caption", "```{code-block} python\n:caption: A listing\nx = 1\n```", "A listing"),
    ("table-title", "```{list-table} A table\n* - a\n```", "A table"),
    ("rubric", "```{rubric} A rubric\n```", "A rubric"),
    ("paragraph", "A paragraph.", ""),
    ("paragraph-then-heading", "A paragraph.\n## Too late", ""),
    ("list", "- an item", ""),
    ("note", "```{note}\nA note.\n```", ""),
    ("colon-note", ":::{note}\nA note.\n:::", ""),
    ("code", "```python\nx = 1\n```", ""),
    ("table", "| a | b |\n|---|---|\n| 1 | 2 |", ""),
    ("comment", "% a comment\n## After a comment", ""),
    ("rule", "---\n\n## After a rule", ""),
    ("hash-word", "#hashtag is not a heading", ""),
]
NOT_LABELS = "```markdown\n(in-code)=\n## Code\n```\n\n```{toctree}\n(in-toctree)=\n```\n"


def page_text() -> str:
    parts = ["# Cases", ""]
    for name, after, _ in CASES:
        parts += [f"({name})=", after, "", "A separating paragraph.", ""]
    return "\n".join(parts) + NOT_LABELS + "(at-the-end)=\n"


def expected_titles() -> dict[str, str]:
    titles = {name: title for name, _, title in CASES}
    titles |= {"stacked-second": "Two labels, one heading", "at-the-end": ""}
    titles |= {"in-note-heading": "A heading in a note"}
    return titles


def test_scanner_titles_labels_as_sphinx_does() -> None:
    page = scan_page(page_text())
    assert {label.name: label.title for label in page.labels} == expected_titles()
    assert page.title == "Cases"
    note = next(label for label in page.labels if label.name == "in-note-heading")
    assert note.scope == ("note",)


def test_front_matter_is_not_markdown() -> None:
    page = scan_page("---\nx: 1\n(front)=\n---\n(real)=\n# Title\n")
    assert [(label.name, label.title) for label in page.labels] == [("real", "Title")]


def test_plain_title_keeps_what_a_reader_sees() -> None:
    assert plain_title("{term}`crimes <crimes against humanity>` and {ref}`x`") == "crimes and x"


@pytest.mark.slow
def test_sphinx_agrees_with_the_scanner(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design"]\nmyst_enable_extensions = ["colon_fence"]\n'
        'exclude_patterns = ["_build"]\n',
        encoding="utf-8",
    )
    (docs / "img.png").write_bytes(b"")
    (docs / "index.md").write_text(
        page_text() + "\n```{toctree}\n:hidden:\nrefs\n```\n", encoding="utf-8"
    )
    refs = "".join(f"- {{ref}}`{name}`\n" for name in expected_titles())
    (docs / "refs.md").write_text("# Refs\n\n" + refs, encoding="utf-8")
    result = run_sphinx("html", tmp_path / "_build", "-q", docs=docs, check=False)
    untitled_by_sphinx = set(re.findall(r"A title or caption not found: '([^']+)'", result.stderr))
    untitled_by_scanner = {name for name, title in expected_titles().items() if not title}
    assert untitled_by_sphinx == untitled_by_scanner, result.stderr


# -- the loader and the course ---------------------------------------------------------------


def copy_course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "course", target)
    return target


def test_a_source_before_a_paragraph_is_reported(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    page = course / "docs/modules/01-origins/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("(origins-iciss)=\n", "(origins-iciss)=\nA paragraph.\n"), "utf-8")
    with pytest.raises(UserError) as raised:
        load_bank(course)
    messages = [str(p).split(": ", 1)[1] for p in raised.value.problems]
    assert messages[0] == (
        "source label 'origins-iciss' is not on a heading (docs/modules/01-origins/index.md:"
        f"{text[: text.index('(origins-iciss)=')].count(chr(10)) + 1}), so the link to it has no "
        "title and the Sphinx build fails; move '(origins-iciss)=' to the line just before the "
        "heading where the answer is taught"
    )
    assert "origins-iciss" in find_labels(course / "docs"), "still a label for other uses"


def test_a_source_in_instructor_notes_or_pages_is_reported(tmp_path: Path) -> None:
    course = copy_course(tmp_path)
    page = course / "docs/modules/01-origins/index.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace("(origins-iciss)=\n", "```{instructor}\n(origins-iciss)=\n## Notes\n```\n"),
        "utf-8",
    )
    (course / "docs/instructor").mkdir()
    (course / "docs/instructor/guide.md").write_text("(guide-only)=\n# Guide\n", "utf-8")
    bank = course / "docs/modules/02-pillars/questions.yaml"
    bank.write_text(bank.read_text("utf-8").replace("source: pillars-three", "source: guide-only"))
    labels = find_source_labels(course / "docs")
    line = text[: text.index("(origins-iciss)=")].count("\n") + 2
    assert labels.problem("origins-iciss") == (
        "source label 'origins-iciss' is only in the instructor edition "
        f"(docs/modules/01-origins/index.md:{line})",
        "point the question at a label students can read, outside instructor notes",
    )
    assert labels.problem("guide-only") == (
        "source label 'guide-only' is only in the instructor edition (docs/instructor/guide.md:1)",
        "point the question at a label students can read, outside instructor notes",
    )
    with pytest.raises(UserError) as raised:
        load_bank(course)
    instructor_only = [p for p in raised.value.problems if "instructor edition" in p.message]
    assert len(instructor_only) == 6  # four origins questions, two pillars questions


# -- the same scanner behind r2p-kit check's "Re-read" and r2p-kit lint ----------------------


def test_check_rereads_the_section_sphinx_links_the_label_with() -> None:
    sections = sections_in_page(page_text(), Path("modules/cases.md"))
    titles = {name: title if title != "Cases" else "" for name, title in expected_titles().items()}
    assert {name: section.title for name, section in sections.items()} == titles
    assert {section.page_title for section in sections.values()} == {"Cases"}
    # A heading inside a note does not title a label written before the note.
    assert sections["in-note"].describe() == "“Cases” (modules/cases.html#in-note)"


def test_check_finds_sections_on_the_pages_sphinx_reads(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for folder, name in [("", "read"), ("_build/html", "built"), (".cache", "hidden")]:
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / f"{name}.md").write_text(f"# Page\n\n({name})=\n## {name}\n", "utf-8")
    found = find_sections(docs, {"read", "built", "hidden"})
    assert {name: section.page.as_posix() for name, section in found.items()} == {"read": "read.md"}


def test_lint_reads_headings_labels_and_blocks_with_the_same_rules() -> None:
    text = page_text() + "\n:::{r2p-instructor}\n## Notes for {term}`teachers`\n:::\n"
    page = parse_page(text, Path("cases.md"))
    assert {label.name for label in page.labels} == set(expected_titles())
    headings = {heading.title: heading for heading in page.headings}
    assert "A heading in a note" not in headings, "a heading in a directive starts no section"
    assert headings["Setext heading"].label == "setext"
    assert headings["Two labels, one heading"].label == "stacked-second"
    assert headings["The genocide convention"].text == "The {term}`genocide` convention"
    [notes] = [h for h in page.all_headings if h.scope == ("instructor",)]
    assert (notes.title, notes.text) == ("Notes for teachers", "Notes for {term}`teachers`")
    [block] = page.directives_named("instructor")
    assert (block.line, block.end) == (notes.line - 1, notes.line + 1)
    assert [(role.name, role.target) for role in page.roles] == [
        ("term", "genocide"),
        ("term", "teachers"),
    ]
