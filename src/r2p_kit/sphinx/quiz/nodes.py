"""Builder-neutral doctree nodes for quizzes, named ``r2p_*`` so no other extension's
node (and its visitors) can share a name with them.

They say what a question *is* (a prompt, options, blanks, an answer, an explanation),
not how it looks. HTML builders render them as a self-check form (:mod:`.html`);
every other builder gets standard docutils nodes from :mod:`.printed` before writing.
Option nodes never record which option is right: only the hashed ``check`` data on
:class:`r2p_question` and the :class:`r2p_question_answer` subtree know.
"""

from __future__ import annotations

from docutils import nodes


class r2p_quiz(nodes.General, nodes.Element):
    """A group of questions with a running score."""


class r2p_question(nodes.General, nodes.Element):
    """One question. Attributes: ``qid``, ``qtype``, ``number``, ``points``, ``docname``
    and ``check`` (the JSON-ready self-check data, with hashes only)."""


class r2p_question_form(nodes.General, nodes.Element):
    """What the student sees and answers: the prompt and the type's body."""


class r2p_question_prompt(nodes.Part, nodes.TextElement):
    """The question text (inline), preceded by "Question N"."""


class r2p_choice_list(nodes.General, nodes.Element):
    """Options of a single, multiple or true-false question, in the shown order."""


class r2p_choice_option(nodes.Part, nodes.TextElement):
    """One option: ``letter``, ``token`` (the value the page hashes), ``input_id``."""


class r2p_text_entry(nodes.General, nodes.Element):
    """A box for a short answer, a number or an essay: ``kind``, ``input_id``, ``unit``."""


class r2p_ordering_list(nodes.General, nodes.Element):
    """Items to put in order, shown scrambled."""


class r2p_ordering_item(nodes.Part, nodes.TextElement):
    """One item: ``letter``, ``token``, ``input_id``."""


class r2p_matching_table(nodes.General, nodes.Element):
    """Left-hand items (numbered) and right-hand entries (lettered, shuffled)."""


class r2p_matching_left(nodes.Part, nodes.TextElement):
    """A left-hand item: ``number``, ``part``, ``input_id``."""


class r2p_matching_right(nodes.Part, nodes.TextElement):
    """A right-hand entry: ``letter``, ``token``."""


class r2p_cloze_text(nodes.Part, nodes.TextElement):
    """A passage with :class:`r2p_cloze_blank` nodes where the blanks are."""


class r2p_cloze_blank(nodes.Inline, nodes.Element):
    """One blank: ``number`` (1-based), ``part``, ``input_id``."""


class r2p_question_hints(nodes.General, nodes.Element):
    """Hints that point to the reading; they never give the answer."""


class r2p_question_answer(nodes.General, nodes.Element):
    """The correct answer, written out. Sealed in the student HTML, keyed in print."""


class r2p_question_explanation(nodes.General, nodes.Element):
    """The teaching explanation and a link to the source paragraph."""


class r2p_question_feedback(nodes.General, nodes.Element):
    """Feedback on one option or known wrong answer; ``key`` is what the page looks up."""


REVEAL_NODES = (r2p_question_answer, r2p_question_explanation, r2p_question_feedback)
ALL_NODES = (
    r2p_quiz,
    r2p_question,
    r2p_question_form,
    r2p_question_prompt,
    r2p_choice_list,
    r2p_choice_option,
    r2p_text_entry,
    r2p_ordering_list,
    r2p_ordering_item,
    r2p_matching_table,
    r2p_matching_left,
    r2p_matching_right,
    r2p_cloze_text,
    r2p_cloze_blank,
    r2p_question_hints,
    r2p_question_answer,
    r2p_question_explanation,
    r2p_question_feedback,
)
