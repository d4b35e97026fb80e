"""The ``r2p-quiz``, ``r2p-question`` and ``r2p-exercise`` directives.

They run while a page is read: load the bank (registered as a dependency of the page),
select questions, and emit builder-neutral nodes. Problems become typed warnings
(``r2p.bank``, ``r2p.quiz``, ``r2p.exercise``) located in the bank file or the page, so
``-W`` fails the build and ``suppress_warnings`` can silence a kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from r2p_kit.bank.model import ModuleBank, Question
from r2p_kit.paths import split_module_dir
from r2p_kit.sphinx.editions import is_instructor_edition
from r2p_kit.sphinx.quiz import nodes as qn
from r2p_kit.sphinx.quiz.banks import (
    QuizSelection,
    SelectionError,
    find_bank_file,
    find_question,
    module_slugs,
    read_bank,
    select,
)
from r2p_kit.sphinx.quiz.domain import QuizDomain
from r2p_kit.sphinx.quiz.render import QuestionRenderer

logger = logging.getLogger(__name__)
WARNING_TYPE = "r2p"


def _words(text: str) -> tuple[str, ...]:
    return tuple(word for word in re.split(r"[\s,]+", text.strip()) if word)


class _BankDirective(SphinxDirective):
    """Shared by ``quiz`` and ``question``: loading banks and placing questions."""

    def warn(self, message: str, subtype: str = "quiz", location: str | None = None) -> None:
        logger.warning(
            message,
            location=location or self.get_location(),
            type=WARNING_TYPE,
            subtype=subtype,
        )

    def load_bank(self, name: str) -> ModuleBank | None:
        srcdir = Path(self.env.srcdir)
        page_dir = Path(self.env.doc2path(self.env.docname)).parent
        path = find_bank_file(srcdir, page_dir, self.config.r2p_quiz_modules, name)
        if path is None:
            self.warn(self._missing_bank(name, srcdir))
            return None
        self.env.note_dependency(str(path))
        bank, problems = read_bank(path)
        for problem in problems:
            text = problem.message + (f"; {problem.hint}" if problem.hint else "")
            self.warn(text, "bank", str(problem.location))
        return bank

    def _missing_bank(self, name: str, srcdir: Path) -> str:
        if not name:
            return (
                "no questions.yaml beside this page; name a module, e.g. "
                f"'{{{self.name}}} origins', or a bank file ending in .yaml"
            )
        known = module_slugs(srcdir, self.config.r2p_quiz_modules)
        return (
            f"no question bank for '{name}' (looked in {self.config.r2p_quiz_modules}/NN-{name}/"
            f"questions.yaml); modules with a bank: {', '.join(known) or 'none'}"
        )

    def place(self, renderer: QuestionRenderer, question: Question) -> qn.r2p_question:
        """Render ``question`` with the page's next number and a unique anchor."""
        number = self.env.new_serialno("r2p-question") + 1
        anchor = "q-" + nodes.make_id(question.id)
        document = self.state.document
        if anchor in document.ids:
            anchor = f"{anchor}-{number}"
        node, check = renderer.render(question, number, anchor)
        self.set_source_info(node)
        document.set_id(node)
        for note in check.notes:
            self.warn(note, "quiz_range", str(question.location))
        domain = cast(QuizDomain, self.env.get_domain(QuizDomain.name))
        domain.note_question(question.id, self.env.docname, anchor, number)
        return node


class QuizDirective(_BankDirective):
    """A self-check quiz from one module's bank.

    The argument names the bank (a module slug or a ``.yaml`` path); without it, the
    ``questions.yaml`` beside the page. ``:ids:`` and ``:tags:`` narrow the selection,
    ``:count:`` picks that many with ``:seed:`` (default ``r2p_quiz_seed``).
    """

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "ids": directives.unchanged,
        "tags": directives.unchanged,
        "count": directives.positive_int,
        "seed": directives.unchanged,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        bank = self.load_bank(self.arguments[0] if self.arguments else "")
        if bank is None:
            return []
        choice = QuizSelection(
            ids=_words(self.options.get("ids", "")),
            tags=_words(self.options.get("tags", "")),
            count=self.options.get("count"),
            seed=str(self.options.get("seed", self.config.r2p_quiz_seed)),
        )
        try:
            questions = select(bank, choice)
        except SelectionError as error:
            self.warn(str(error))
            return []
        title = self.options.get("title", "Self-check quiz")
        quiz = qn.r2p_quiz(title=title, module=bank.slug, classes=["r2p-quiz"])
        self.set_source_info(quiz)
        renderer = QuestionRenderer(self.env.docname, is_instructor_edition(self.config))
        for question in questions:
            quiz += self.place(renderer, question)
        return [quiz]


class QuestionDirective(_BankDirective):
    """One question by id, e.g. ``origins/iciss-report-year``.

    The bank is the page's own when it holds the id, otherwise the module named by the
    id's prefix, or the ``:bank:`` option.
    """

    required_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"bank": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        question_id = self.arguments[0].strip()
        bank = self._bank_for(question_id)
        if bank is None:
            return []
        try:
            question = find_question(bank, question_id)
        except SelectionError as error:
            self.warn(str(error))
            return []
        return [
            self.place(
                QuestionRenderer(self.env.docname, is_instructor_edition(self.config)), question
            )
        ]

    def _bank_for(self, question_id: str) -> ModuleBank | None:
        if "bank" in self.options:
            return self.load_bank(self.options["bank"].strip())
        page_dir = Path(self.env.doc2path(self.env.docname)).parent
        srcdir = Path(self.env.srcdir)
        modules = self.config.r2p_quiz_modules
        own = find_bank_file(srcdir, page_dir, modules, "")
        if own is not None:
            bank = self.load_bank("")
            if bank is None or any(q.id == question_id for q in bank.questions):
                return bank
        return self.load_bank(question_id.split("/", 1)[0])


class ExerciseDirective(SphinxDirective):
    """A card pointing to the module's exercise sheet and to ``r2p-kit check``.

    The argument is the sheet's name, ``NN-slug``; by default the page's folder name.
    """

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"title": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        page_dir = Path(self.env.doc2path(self.env.docname)).parent
        name = self.arguments[0].strip() if self.arguments else page_dir.name
        name = name.removesuffix(".md")
        if split_module_dir(Path(name)) is None:
            logger.warning(
                f"'{name}' is not an exercise sheet name; give the module folder's name, "
                "e.g. '{r2p-exercise} 01-origins'",
                location=self.get_location(),
                type=WARNING_TYPE,
                subtype="exercise",
            )
            return []
        exercises = Path(self.env.srcdir, self.config.r2p_exercises_dir)
        shown = f"{exercises.name}/{name}.md"
        if not (exercises / f"{name}.md").is_file():
            logger.warning(
                f"the exercise sheet {shown} does not exist; write it with 'r2p-kit sheet {name}'",
                location=self.get_location(),
                type=WARNING_TYPE,
                subtype="exercise",
            )
        return [self._card(name, shown)]

    def _card(self, name: str, shown: str) -> nodes.admonition:
        card = nodes.admonition(classes=["r2p-exercise"], r2p_sheet=name)  # sheets.downloads
        self.set_source_info(card)
        card += nodes.title("", self.options.get("title", "Exercise sheet"))
        sheet: nodes.Node = nodes.literal("", shown)
        base_url = self.config.r2p_exercises_url
        if base_url:
            sheet = nodes.reference("", "", sheet, refuri=base_url.rstrip("/") + f"/{name}.md")
        card += nodes.paragraph(
            "",
            "Practise with this module's exercise sheet, ",
            sheet,
            nodes.Text(". Open it in any text editor, write each answer after "),
            nodes.literal("", "Answer:"),
            nodes.Text(", save it, and check it as “Start here” explains; from the course folder:"),
        )
        command = f"r2p-kit check {shown}"
        card += nodes.literal_block(command, command, language="text")
        card += nodes.paragraph(
            "",
            "The checker marks every answer, explains what to revisit, and forgives small "
            "spelling slips. It runs on your own computer: nothing is sent anywhere.",
        )
        return card
