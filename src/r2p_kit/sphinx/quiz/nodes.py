"""Builder-neutral doctree nodes for quizzes.

They say what a question *is* (a prompt, options, blanks, an answer, an explanation),
not how it looks. HTML builders render them as a self-check form (:mod:`.html`);
every other builder gets standard docutils nodes from :mod:`.printed` before writing.
Option nodes never record which option is right: only the hashed ``check`` data on
:class:`question` and the :class:`question_answer` subtree know.
"""

from __future__ import annotations

from docutils import nodes


class quiz(nodes.General, nodes.Element):
    """A group of questions with a running score."""


class question(nodes.General, nodes.Element):
    """One question. Attributes: ``qid``, ``qtype``, ``number``, ``points``, ``docname``
    and ``check`` (the JSON-ready self-check data, with hashes only)."""


class question_form(nodes.General, nodes.Element):
    """What the student sees and answers: the prompt and the type's body."""


class question_prompt(nodes.Part, nodes.TextElement):
    """The question text (inline), preceded by "Question N"."""


class choice_list(nodes.General, nodes.Element):
    """Options of a single, multiple or true-false question, in the shown order."""


class choice_option(nodes.Part, nodes.TextElement):
    """One option: ``letter``, ``token`` (the value the page hashes), ``input_id``."""


class text_entry(nodes.General, nodes.Element):
    """A box for a short answer, a number or an essay: ``kind``, ``input_id``, ``unit``."""


class ordering_list(nodes.General, nodes.Element):
    """Items to put in order, shown scrambled."""


class ordering_item(nodes.Part, nodes.TextElement):
    """One item: ``letter``, ``token``, ``input_id``."""


class matching_table(nodes.General, nodes.Element):
    """Left-hand items (numbered) and right-hand entries (lettered, shuffled)."""


class matching_left(nodes.Part, nodes.TextElement):
    """A left-hand item: ``number``, ``part``, ``input_id``."""


class matching_right(nodes.Part, nodes.TextElement):
    """A right-hand entry: ``letter``, ``token``."""


class cloze_text(nodes.Part, nodes.TextElement):
    """A passage with :class:`cloze_blank` nodes where the blanks are."""


class cloze_blank(nodes.Inline, nodes.Element):
    """One blank: ``number`` (1-based), ``part``, ``input_id``."""


class question_hints(nodes.General, nodes.Element):
    """Hints that point to the reading; they never give the answer."""


class question_answer(nodes.General, nodes.Element):
    """The correct answer, written out. Sealed in the student HTML, keyed in print."""


class question_explanation(nodes.General, nodes.Element):
    """The teaching explanation and a link to the source paragraph."""


class question_feedback(nodes.General, nodes.Element):
    """Feedback on one option or known wrong answer; ``key`` is what the page looks up."""


REVEAL_NODES = (question_answer, question_explanation, question_feedback)
ALL_NODES = (
    quiz,
    question,
    question_form,
    question_prompt,
    choice_list,
    choice_option,
    text_entry,
    ordering_list,
    ordering_item,
    matching_table,
    matching_left,
    matching_right,
    cloze_text,
    cloze_blank,
    question_hints,
    question_answer,
    question_explanation,
    question_feedback,
)
