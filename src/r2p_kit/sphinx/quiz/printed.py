"""Quizzes for paper and e-readers: standard nodes instead of a self-check form.

For every builder but interactive HTML (LaTeX, EPUB, text, gettext, linkcheck, ...)
this post-transform rewrites each question as numbered text with lettered options and
answer lines, so no builder needs a visitor for the quiz nodes. Answers and
explanations are dropped from the student edition. In the instructor edition they go
where a reader of that format looks for them: an answer key at the end of the book
(LaTeX), an "Answers" section at the end of each chapter (EPUB), or after each
question (anything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from r2p_kit.sphinx.editions import is_instructor_edition
from r2p_kit.sphinx.quiz import nodes as qn
from r2p_kit.sphinx.quiz.html import is_interactive

KEY_TITLE = "Answer key"
KEY_CLASS = "r2p-key"  # not r2p-instructor: explanations may quote the reading verbatim
KEY_ENTRY_CLASS = "r2p-key-entry"  # an environment of docs/_latex/preamble.tex
CHAPTER_ANSWERS_TITLE = "Answers"
LATEX_LINE = r"\rule[-0.3ex]{12em}{0.4pt}"
LATEX_ESSAY_LINES = (
    "\\par\\vspace{2ex}" + "\\noindent\\rule{\\linewidth}{0.4pt}\\par\\vspace{3ex}" * 6 + "\n"
)
TEXT_LINE = "________________"


@dataclass
class KeyEntry:
    """One question's answer and explanation, kept for the key."""

    docname: str
    number: int
    anchor: str
    content: list[nodes.Node]


class QuizForPrint(SphinxPostTransform):
    """Replace quiz nodes with standard nodes for every non-interactive builder."""

    default_priority = 200  # after ReferencesResolver (10): explanations hold resolved links

    def is_supported(self) -> bool:
        return not is_interactive(self.app.builder)

    def run(self, **kwargs: Any) -> None:
        builder = self.app.builder
        self.latex = builder.format == "latex"
        instructor = is_instructor_edition(self.config)
        entries: list[KeyEntry] = []
        for question in list(self.document.findall(qn.r2p_question)):
            printed, entry = self.print_question(question)
            if instructor and not (self.latex or builder.name.startswith("epub")):
                printed.append(_inline_key(entry))
            elif instructor:
                entries.append(entry)
            question.replace_self(printed)
        for quiz in list(self.document.findall(qn.r2p_quiz)):
            quiz.replace_self(nodes.container("", *quiz.children, classes=["r2p-quiz"]))
        if entries and self.latex:
            self.add_book_key(entries)
        elif entries:
            self.add_chapter_answers(entries)

    # -- questions -------------------------------------------------------------------

    def line(self) -> nodes.Node:
        if self.latex:
            return nodes.raw("", LATEX_LINE, format="latex")
        return nodes.Text(TEXT_LINE)

    def print_question(self, question: qn.r2p_question) -> tuple[list[nodes.Node], KeyEntry]:
        number = question["number"]
        anchor = question["ids"][0]
        box = nodes.container(classes=["r2p-question"])
        for part in question.children:
            if isinstance(part, qn.r2p_question_form):
                for child in part.children:
                    box += self.print_part(child, question)
        content: list[nodes.Node] = []
        for kind in (qn.r2p_question_answer, qn.r2p_question_explanation):
            for found in question.findall(kind):
                content += [child.deepcopy() for child in found.children]
        entry = KeyEntry(question["docname"], number, anchor, content)
        return [nodes.target("", "", ids=[anchor]), box], entry

    def print_part(self, part: nodes.Node, question: qn.r2p_question) -> list[nodes.Node]:
        if isinstance(part, qn.r2p_question_prompt):
            prompt = nodes.paragraph("", "", nodes.strong("", f"Question {part['number']}."))
            prompt += nodes.Text(" ")
            prompt += _copies(part)
            if part["points"] != 1:  # a no-break space: never "(5" over "points)"
                prompt += nodes.Text(f" ({part['points']:g}\u00a0points)")
            return [prompt]
        if isinstance(part, qn.r2p_choice_list):
            options = self.lettered(_elements(part))
            return [*options, self.answer_line("Answer: ")]
        if isinstance(part, qn.r2p_text_entry):
            if part["kind"] == "essay":
                return [nodes.paragraph("", "Answer:"), *self.essay_lines()]
            line = self.answer_line("Answer: ")
            if part["unit"]:
                line += nodes.Text(f" {part['unit']}")
            return [line]
        if isinstance(part, qn.r2p_ordering_list):
            items = self.lettered(_elements(part))
            return [*items, self.answer_line("Order, first to last: ")]
        if isinstance(part, qn.r2p_matching_table):
            lefts = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            for left in part.findall(qn.r2p_matching_left):
                lefts += nodes.list_item(
                    "", nodes.paragraph("", "", *_copies(left), nodes.Text(" → "), self.line())
                )
            rights = self.lettered(list(part.findall(qn.r2p_matching_right)))
            return [lefts, *rights]
        if isinstance(part, qn.r2p_cloze_text):
            passage = nodes.paragraph()
            for child in part.children:
                if isinstance(child, qn.r2p_cloze_blank):
                    passage += nodes.Text(f"({child['number']}) ")
                    passage += self.line()
                else:
                    passage += child.deepcopy()
            return [passage]
        return []

    def lettered(self, items: list[nodes.Element]) -> list[nodes.Node]:
        """Options as "a) ...": a lettered list in LaTeX, lettered paragraphs elsewhere
        (the text writer numbers every list 1, 2, 3, which would not match the key)."""
        if self.latex:
            listing = nodes.enumerated_list(enumtype="loweralpha", prefix="", suffix=")")
            for item in items:
                listing += nodes.list_item("", nodes.paragraph("", "", *_copies(item)))
            return [listing]
        return [
            nodes.paragraph("", f"{item['letter']}) ", *_copies(item), classes=["r2p-option"])
            for item in items
        ]

    def answer_line(self, label: str) -> nodes.paragraph:
        return nodes.paragraph("", label, self.line(), classes=["r2p-answer-line"])

    def essay_lines(self) -> list[nodes.Node]:
        if self.latex:
            return [nodes.raw("", LATEX_ESSAY_LINES, format="latex")]
        # A class for the EPUB's stylesheet, which cuts the lines at the page's width.
        return [nodes.paragraph("", TEXT_LINE * 4, classes=["r2p-essay-line"]) for _ in range(4)]

    # -- keys --------------------------------------------------------------------------

    def add_book_key(self, entries: list[KeyEntry]) -> None:
        """A last chapter with every answer, grouped by chapter, with page references."""
        key = nodes.section(ids=["r2p-answer-key"], classes=[KEY_CLASS])
        key += nodes.title("", KEY_TITLE)
        key += nodes.paragraph(
            "",
            "Answers and explanations for every question in this book, chapter by chapter. "
            "This key appears only in the instructor edition.",
        )
        for index, (docname, group) in enumerate(_by_page(entries), start=1):
            chapter = nodes.section(ids=[f"r2p-answer-key-{index}"])
            chapter += nodes.title("", self._title(docname))
            for entry in group:
                heading = nodes.paragraph()
                heading += nodes.reference(
                    "",
                    "",
                    nodes.strong("", f"Question {entry.number}"),
                    internal=True,
                    refuri=f"%{docname}#{entry.anchor}",
                )
                heading += nodes.raw(
                    "",
                    f" (page~\\pageref{{\\detokenize{{{docname}:{entry.anchor}}}}})",
                    format="latex",
                )
                answer = nodes.container(classes=[KEY_ENTRY_CLASS])  # kept with its heading
                answer += heading
                answer += [_from_elsewhere(node.deepcopy(), docname) for node in entry.content]
                chapter += answer
            key += chapter
        top = self.document.next_node(nodes.section)
        (top if top is not None else self.document).append(key)

    def add_chapter_answers(self, entries: list[KeyEntry]) -> None:
        """An "Answers" section at the end of this chapter (one EPUB file per page)."""
        answers = nodes.section(ids=["r2p-answers"], classes=[KEY_CLASS])
        answers += nodes.title("", CHAPTER_ANSWERS_TITLE)
        for entry in entries:
            answers += nodes.paragraph(
                "",
                "",
                nodes.reference(
                    "",
                    "",
                    nodes.strong("", f"Question {entry.number}"),
                    internal=True,
                    refid=entry.anchor,
                ),
            )
            answers += [node.deepcopy() for node in entry.content]
        top = self.document.next_node(nodes.section)
        (top if top is not None else self.document).append(answers)

    def _title(self, docname: str) -> str:
        title = self.env.titles.get(docname)
        return title.astext() if title is not None else docname


def _elements(node: nodes.Element) -> list[nodes.Element]:
    return [child for child in node.children if isinstance(child, nodes.Element)]


def _copies(node: nodes.Element) -> list[nodes.Node]:
    return [child.deepcopy() for child in node.children]


def _from_elsewhere(node: nodes.Node, docname: str) -> nodes.Node:
    """Links resolved within ``docname`` (``refid``), made to work from another chapter.

    LaTeX reads ``%docname#id`` as a label in that document, as Sphinx writes
    cross-document references in an assembled book.
    """
    if isinstance(node, nodes.Element):
        for reference in node.findall(nodes.reference):
            if "refid" in reference:
                reference["refuri"] = f"%{docname}#{reference.attributes.pop('refid')}"
    return node


def _inline_key(entry: KeyEntry) -> nodes.container:
    key = nodes.container(classes=[KEY_CLASS])
    key += nodes.paragraph("", "", nodes.strong("", "Answer:"))
    key += [node.deepcopy() for node in entry.content]
    return key


def _by_page(entries: list[KeyEntry]) -> list[tuple[str, list[KeyEntry]]]:
    groups: dict[str, list[KeyEntry]] = {}
    for entry in entries:
        groups.setdefault(entry.docname, []).append(entry)
    return list(groups.items())
