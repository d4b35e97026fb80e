"""Turn one bank question into builder-neutral quiz nodes.

Options, ordering items and matching partners are shown in the order (and with the
letters) of :func:`r2p_kit.check.layout.layout_question`, so the page, the printed book,
the exercise sheet and the answer key all call the same option "b".
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from r2p_kit.bank.instructions import TASKS
from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
)
from r2p_kit.bank.rubric import level_name
from r2p_kit.check.layout import LETTERS, layout_question, right_hand
from r2p_kit.markup import to_docutils as bank_text
from r2p_kit.sphinx.quiz import nodes as qn
from r2p_kit.sphinx.quiz.selfcheck import SelfCheck, self_check

# Private-use characters survive inline parsing untouched, unlike ``{{n}}``, whose braces
# and digits could join the Markdown around them.
_HOLE = "\ue000{}\ue001"
_HOLE_RE = re.compile("\ue000(\\d+)\ue001")
NO_SEARCH = "no-search"  # Sphinx leaves nodes with this class out of the search index

# Said in every format, because the prompt alone does not tell how many to choose.
# On the page only multiple response needs saying: the other inputs show what they want.
INSTRUCTIONS = {"multiple": TASKS["multiple"]}


class QuestionRenderer:
    """Builds the nodes of questions on one page.

    Bank text goes through :func:`r2p_kit.markup.to_docutils` (never the page's MyST or
    reST parser), so raw HTML, roles and directives in a bank are text in every builder.
    """

    def __init__(self, docname: str, instructor: bool = False) -> None:
        self.docname = docname
        # The instructor edition adds each essay criterion's level descriptors to its answer.
        self.instructor = instructor

    def render(
        self, question: Question, number: int, anchor: str
    ) -> tuple[qn.r2p_question, SelfCheck]:
        check = self_check(question)
        node = qn.r2p_question(
            qid=question.id,
            qtype=question.type,
            number=number,
            points=question.points,
            docname=self.docname,
            check=check.data,
            ids=[anchor],
            classes=["r2p-question"],
        )
        form = qn.r2p_question_form()
        form += self._prompt(question, number)
        form += self._body(question, check, anchor)
        node += form
        if question.hints:
            hints = qn.r2p_question_hints()
            for hint in question.hints:
                hints += nodes.paragraph("", "", *bank_text(hint))
            node += hints
        node += self._answer(question)
        explanation = self._explanation(question)
        if explanation is not None:
            node += explanation
        for key, text in check.feedback.items():
            feedback = qn.r2p_question_feedback(key=key, classes=[NO_SEARCH])
            feedback += nodes.paragraph("", "", *bank_text(text))
            node += feedback
        return node, check

    # -- what the student sees -------------------------------------------------------

    def _prompt(self, question: Question, number: int) -> qn.r2p_question_prompt:
        prompt = qn.r2p_question_prompt("", "", number=number, points=question.points)
        prompt += bank_text(question.prompt)
        instruction = INSTRUCTIONS.get(question.type)
        if instruction:
            prompt += nodes.Text(" ")
            prompt += nodes.inline("", instruction, classes=["r2p-instruction"])
        return prompt

    def _body(self, question: Question, check: SelfCheck, anchor: str) -> nodes.Element:
        body = question.body
        layout = layout_question(question)
        if isinstance(body, Choice):
            kind = "multiple" if body.multiple else "single"
            options = qn.r2p_choice_list(kind=kind, name=anchor)
            for k, i in enumerate(layout.shown):
                option = qn.r2p_choice_option(
                    "",
                    "",
                    letter=LETTERS[k],
                    token=check.tokens[i],
                    input_id=f"{anchor}-{LETTERS[k]}",
                )
                option += bank_text(body.options[i].text)
                options += option
            return options
        if isinstance(body, TrueFalse):
            options = qn.r2p_choice_list(kind="true-false", name=anchor)
            for k, (value, label) in enumerate((("true", "True"), ("false", "False"))):
                options += qn.r2p_choice_option(
                    "", label, letter=LETTERS[k], token=value, input_id=f"{anchor}-{value}"
                )
            return options
        if isinstance(body, ShortAnswer | Numeric | Essay):
            kind = question.type
            unit = body.unit if isinstance(body, Numeric) else ""
            return qn.r2p_text_entry(kind=kind, input_id=f"{anchor}-answer", unit=unit)
        if isinstance(body, Ordering):
            items = qn.r2p_ordering_list(count=len(body.items))
            for k, i in enumerate(layout.shown):
                item = qn.r2p_ordering_item(
                    "",
                    "",
                    letter=LETTERS[k],
                    token=check.tokens[i],
                    input_id=f"{anchor}-{LETTERS[k]}",
                )
                item += bank_text(body.items[i])
                items += item
            return items
        if isinstance(body, Matching):
            return self._matching(body, check, anchor, layout.shown)
        if isinstance(body, Cloze):
            return self._cloze(body, anchor)
        raise TypeError(f"unknown question body {type(body).__name__}")

    def _matching(
        self, body: Matching, check: SelfCheck, anchor: str, shown: tuple[int, ...]
    ) -> qn.r2p_matching_table:
        table = qn.r2p_matching_table()
        rights = right_hand(body)
        choices = []
        right_nodes = []
        for k, i in enumerate(shown):
            right = qn.r2p_matching_right("", "", letter=LETTERS[k], token=check.tokens[i])
            right += bank_text(rights[i])
            right_nodes.append(right)
            choices.append((check.tokens[i], f"{LETTERS[k]}) {right.astext()}"))
        table["choices"] = choices
        for i, pair in enumerate(body.pairs):
            left = qn.r2p_matching_left(
                "", "", number=i + 1, part=f"m{i}", input_id=f"{anchor}-m{i + 1}"
            )
            left += bank_text(pair.left)
            table += left
        for right in right_nodes:
            table += right
        return table

    def _cloze(self, body: Cloze, anchor: str) -> qn.r2p_cloze_text:
        text = body.fill(_HOLE.format)
        passage = qn.r2p_cloze_text("", "", count=len(body.blanks))
        passage += bank_text(text)
        for text_node in list(passage.findall(nodes.Text)):
            pieces = _HOLE_RE.split(str(text_node))
            if len(pieces) == 1:
                continue
            replacement: list[nodes.Node] = []
            for n, piece in enumerate(pieces):
                if n % 2 == 0:
                    if piece:
                        replacement.append(nodes.Text(piece))
                else:
                    number = int(piece)
                    replacement.append(
                        qn.r2p_cloze_blank(
                            number=number, part=f"b{number - 1}", input_id=f"{anchor}-b{number}"
                        )
                    )
            text_node.parent.replace(text_node, replacement)
        return passage

    # -- what is revealed after an attempt -------------------------------------------

    def _answer(self, question: Question) -> qn.r2p_question_answer:
        """The correct answer with the shown letters; sealed in the student HTML."""
        answer = qn.r2p_question_answer(classes=[NO_SEARCH])
        body = question.body
        layout = layout_question(question)
        if isinstance(body, Choice):
            right = sorted(layout.letter(i) for i in body.correct_indices)
            for letter in right:
                option = body.options[layout.index(letter)]
                answer += nodes.paragraph("", f"{letter}) ", *bank_text(option.text))
        elif isinstance(body, TrueFalse):
            answer += nodes.paragraph("", "True" if body.answer else "False")
        elif isinstance(body, ShortAnswer):
            answer += self._accepted(body.expected)
        elif isinstance(body, Numeric):
            answer += nodes.paragraph("", _numeric_answer(body))
        elif isinstance(body, Ordering):
            order = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            for i, item in enumerate(body.items):
                order += nodes.list_item(
                    "", nodes.paragraph("", f"{layout.letter(i)}) ", *bank_text(item))
                )
            answer += order
        elif isinstance(body, Matching):
            pairs = nodes.bullet_list()
            for i, pair in enumerate(body.pairs):
                pairs += nodes.list_item(
                    "",
                    nodes.paragraph(
                        "",
                        f"{i + 1} → {layout.letter(i)}) ",
                        *bank_text(pair.right),
                        nodes.Text(" ("),
                        *bank_text(pair.left),
                        nodes.Text(")"),
                    ),
                )
            answer += pairs
        elif isinstance(body, Cloze):
            blanks = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
            for blank in body.blanks:
                blanks += nodes.list_item("", *self._accepted(blank))
            answer += blanks
        elif isinstance(body, Essay):
            answer += nodes.paragraph("", "A good answer:")
            points = nodes.bullet_list()
            for point in body.rubric:
                criterion = nodes.list_item("", nodes.paragraph("", "", *bank_text(point.point)))
                if self.instructor and point.levels is not None:
                    levels = nodes.bullet_list()
                    for level, text in point.levels.described():
                        name = nodes.strong("", f"{level_name(level)}:")
                        levels += nodes.list_item(
                            "", nodes.paragraph("", "", name, nodes.Text(" "), *bank_text(text))
                        )
                    criterion += levels
                points += criterion
            answer += points
        return answer

    def _accepted(self, expected: TextAnswer) -> list[nodes.Node]:
        paragraph = nodes.paragraph("", "", nodes.strong("", expected.answers[0]))
        if len(expected.answers) > 1:
            paragraph += nodes.Text(f" (also accepted: {'; '.join(expected.answers[1:])})")
        return [paragraph]

    def _explanation(self, question: Question) -> qn.r2p_question_explanation | None:
        if not question.explanation and not question.source:
            return None
        explanation = qn.r2p_question_explanation(classes=[NO_SEARCH])
        if question.explanation:
            explanation += nodes.paragraph("", "", *bank_text(question.explanation))
        if question.source:
            label = question.source.lower()
            xref = addnodes.pending_xref(
                "",
                nodes.inline("", label, classes=["xref", "std", "std-ref"]),
                refdomain="r2p",  # any label: before a section or before a paragraph
                reftype="source",
                reftarget=label,
                refexplicit=False,
                refwarn=True,
                refdoc=self.docname,
                r2p_question=question.id,
            )
            explanation += nodes.paragraph("", "Read more: ", xref, classes=["r2p-source"])
        return explanation


def _number(value: float) -> str:
    """2005.0 -> "2005", 2.5 -> "2.5": never an exponent, never a trailing ".0"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _numeric_answer(body: Numeric) -> str:
    unit = f" {body.unit}" if body.unit else ""
    low, high = body.bounds
    text = f"{_number(body.answer)}{unit}"
    if low != high:
        text += f" (any number from {_number(low)} to {_number(high)} is accepted)"
    return text
