"""HTML rendering: each question becomes an accessible self-check form.

A question is a ``<fieldset>`` whose ``<legend>`` holds the prompt, with native inputs
that each have a ``<label>``, a Check button and an ``aria-live`` feedback region.
Everything shown after an attempt (answer, explanation, feedback) is taken out of the
page body and sealed into the question's ``data-r2p`` attribute (see :mod:`.selfcheck`)
as a JSON tree of text and a few known tags (:func:`reveal_tree`), never as HTML: the
page's script builds DOM nodes from it with ``createElement`` and ``textContent``, so
nothing from a bank is ever parsed as HTML in the browser. The instructor edition also
shows the answer and explanation inline, written by the translator like any other
content. ``static/quiz/quiz.js`` does the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.writers.html5 import HTML5Translator

from r2p_kit.sphinx.editions import is_instructor_edition
from r2p_kit.sphinx.quiz import nodes as qn
from r2p_kit.sphinx.quiz.selfcheck import MATCHER_TABLES_ID, matcher_tables_json, seal

ASSET_DIR = Path(__file__).resolve().parent.parent / "static" / "quiz"
QUIZ_JS = "quiz.js"
QUIZ_CSS = "quiz.css"

QUIZ_NOTE = (
    "Answer a question and press <strong>Check</strong>. Your answers stay in this "
    "browser; nothing is sent or saved. Answers are marked as <code>r2p-kit check</code> "
    "marks them: capitals, punctuation and (unless a question asks for an official "
    "spelling) accents do not matter, and one slip is forgiven in a long answer."
)
NOSCRIPT = (
    "<noscript><p>Checking answers needs JavaScript; you can still read the questions.</p>"
    "</noscript>"
)


def is_interactive(builder: Builder) -> bool:
    """HTML pages get the self-check; EPUB readers and every other format get print."""
    return builder.format == "html" and not builder.name.startswith("epub")


# docutils nodes the page's script may rebuild, by the tag it gives them; any other
# element contributes its content only. quiz.js knows the same tags.
REVEAL_TAGS: dict[type[nodes.Element], str] = {
    nodes.paragraph: "p",
    nodes.bullet_list: "ul",
    nodes.enumerated_list: "ol",
    nodes.list_item: "li",
    nodes.emphasis: "em",
    nodes.strong: "strong",
    nodes.literal: "code",
    nodes.reference: "a",
}


@dataclass
class _Question:
    """What the translator collects while inside one question: the key's HTML for the
    instructor edition, and the JSON trees to seal."""

    placeholder: int
    answer: str = ""
    explanation: str = ""
    sealed: dict[str, Any] = field(default_factory=dict)


@dataclass
class _PageState:
    """Per translator (one page): the open questions and where each capture started."""

    questions: list[_Question] = field(default_factory=list)
    captures: list[int] = field(default_factory=list)


_pages: WeakKeyDictionary[HTML5Translator, _PageState] = WeakKeyDictionary()


def _state(translator: HTML5Translator) -> _PageState:
    return _pages.setdefault(translator, _PageState())


def _attrs(**attributes: Any) -> str:
    return "".join(
        f' {name.replace("_", "-")}="{escape(str(value), quote=True)}"'
        for name, value in attributes.items()
        if value is not None
    )


def _mark() -> str:
    return '<span class="r2p-mark" aria-hidden="true"></span>'


# -- quiz and question ---------------------------------------------------------------


def visit_quiz(self: HTML5Translator, node: qn.r2p_quiz) -> None:
    attributes: dict[str, Any] = {"aria-label": node["title"]}
    self.body.append(self.starttag(node, "section", **attributes))
    self.body.append(f'<p class="r2p-quiz-note">{QUIZ_NOTE}</p>{NOSCRIPT}\n')


def depart_quiz(self: HTML5Translator, node: qn.r2p_quiz) -> None:
    self.body.append('<p class="r2p-score" hidden></p>\n</section>\n')


def visit_question(self: HTML5Translator, node: qn.r2p_question) -> None:
    _state(self).questions.append(_Question(placeholder=len(self.body)))
    self.body.append("")  # the opening tag, written at departure with the sealed data


def depart_question(self: HTML5Translator, node: qn.r2p_question) -> None:
    collected = _state(self).questions.pop()
    data = dict(node["check"])
    salt = data["salt"]
    data["seal"] = {
        name: seal(salt, name, json.dumps(tree, separators=(",", ":"), ensure_ascii=False))
        for name, tree in collected.sealed.items()
        if tree
    }
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    attributes: dict[str, Any] = {"data-r2p": payload}
    self.body[collected.placeholder] = self.starttag(node, "div", **attributes)
    self.body.append(
        '<div class="r2p-actions" hidden>'
        '<button type="button" class="r2p-check">Check</button> '
        '<button type="button" class="r2p-show" hidden>Show answer</button></div>\n'
        '<div class="r2p-feedback" role="status" aria-live="polite" aria-atomic="true"></div>\n'
        '<div class="r2p-explanation" tabindex="-1" hidden></div>\n'
        '<div class="r2p-answer" tabindex="-1" hidden></div>\n'
    )
    if is_instructor_edition(self.builder.config):
        self.body.append(_instructor_key(collected))
    self.body.append("</div>\n")


def _instructor_key(collected: _Question) -> str:
    """The answer and explanation, shown in the instructor edition only.

    Marked ``r2p-key`` rather than ``r2p-instructor``: an explanation may repeat a
    sentence of the reading word for word, which is not instructor material leaking.
    """
    parts = ['<div class="r2p-key">']
    if collected.answer:
        parts.append(f'<p class="r2p-label">Answer</p>{collected.answer}')
    if collected.explanation:
        parts.append(f'<p class="r2p-label">Explanation</p>{collected.explanation}')
    parts.append("</div>\n")
    return "".join(parts)


def visit_form(self: HTML5Translator, node: qn.r2p_question_form) -> None:
    self.body.append('<fieldset class="r2p-fieldset">')


def depart_form(self: HTML5Translator, node: qn.r2p_question_form) -> None:
    self.body.append("</fieldset>\n")


def visit_prompt(self: HTML5Translator, node: qn.r2p_question_prompt) -> None:
    self.body.append(
        f'<legend class="r2p-legend"><span class="r2p-number">Question {node["number"]}</span> '
    )


def depart_prompt(self: HTML5Translator, node: qn.r2p_question_prompt) -> None:
    points = node["points"]
    if points != 1:
        self.body.append(f' <span class="r2p-points">({points:g} points)</span>')
    self.body.append("</legend>\n")


# -- answer widgets ------------------------------------------------------------------


def visit_choice_list(self: HTML5Translator, node: qn.r2p_choice_list) -> None:
    self.body.append(f'<div class="r2p-options r2p-{node["kind"]}">\n')


def depart_choice_list(self: HTML5Translator, node: qn.r2p_choice_list) -> None:
    self.body.append("</div>\n")


def visit_choice_option(self: HTML5Translator, node: qn.r2p_choice_option) -> None:
    parent = node.parent
    kind = "checkbox" if parent["kind"] == "multiple" else "radio"
    attrs = _attrs(
        type=kind,
        name=parent["name"],
        id=node["input_id"],
        value=node["token"],
        data_r2p_part=node["token"],
    )
    self.body.append(
        f'<div class="r2p-option"><input{attrs}> <label for="{escape(node["input_id"])}">'
        f'<span class="r2p-letter">{node["letter"]})</span> '
    )


def depart_choice_option(self: HTML5Translator, node: qn.r2p_choice_option) -> None:
    self.body.append(f"</label>{_mark()}</div>\n")


def visit_text_entry(self: HTML5Translator, node: qn.r2p_text_entry) -> None:
    input_id = node["input_id"]
    self.body.append(f'<div class="r2p-field"><label for="{escape(input_id)}">Your answer</label> ')
    common = {"id": input_id, "data_r2p_part": "0", "autocomplete": "off", "spellcheck": "false"}
    if node["kind"] == "essay":
        self.body.append(f'<textarea class="r2p-essay" rows="6"{_attrs(**common)}></textarea>')
    elif node["kind"] == "numeric":
        self.body.append(
            f'<input type="text" inputmode="decimal" class="r2p-number-input"{_attrs(**common)}>'
        )
        if node["unit"]:
            self.body.append(f' <span class="r2p-unit">{escape(node["unit"])}</span>')
    else:
        self.body.append(
            f'<input type="text" class="r2p-text" autocapitalize="off"{_attrs(**common)}>'
        )
    self.body.append(f"{_mark()}</div>\n")
    raise nodes.SkipNode


def visit_rows(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append('<div class="r2p-rows">\n')


def depart_rows(self: HTML5Translator, node: nodes.Element) -> None:
    self.body.append("</div>\n")


def visit_ordering_item(self: HTML5Translator, node: qn.r2p_ordering_item) -> None:
    self.body.append(
        f'<div class="r2p-row"><label for="{escape(node["input_id"])}">'
        f'<span class="r2p-letter">{node["letter"]})</span> '
    )


def depart_ordering_item(self: HTML5Translator, node: qn.r2p_ordering_item) -> None:
    count = node.parent["count"]
    options = "".join(f'<option value="{n}">{n}</option>' for n in range(1, count + 1))
    attrs = _attrs(id=node["input_id"], data_r2p_part=node["token"])
    self.body.append(
        f'</label> <select{attrs}><option value="">Position…</option>{options}</select>'
        f"{_mark()}</div>\n"
    )


def visit_matching_left(self: HTML5Translator, node: qn.r2p_matching_left) -> None:
    self.body.append(
        f'<div class="r2p-row"><label for="{escape(node["input_id"])}">'
        f'<span class="r2p-letter">{node["number"]}.</span> '
    )


def depart_matching_left(self: HTML5Translator, node: qn.r2p_matching_left) -> None:
    choices = "".join(
        f'<option value="{escape(token)}">{escape(label)}</option>'
        for token, label in node.parent["choices"]
    )
    attrs = _attrs(id=node["input_id"], data_r2p_part=node["part"])
    self.body.append(
        f'</label> <select{attrs}><option value="">Choose…</option>{choices}</select>'
        f"{_mark()}</div>\n"
    )


def visit_cloze_text(self: HTML5Translator, node: qn.r2p_cloze_text) -> None:
    self.body.append('<p class="r2p-cloze">')


def depart_cloze_text(self: HTML5Translator, node: qn.r2p_cloze_text) -> None:
    self.body.append("</p>\n")


def visit_cloze_blank(self: HTML5Translator, node: qn.r2p_cloze_blank) -> None:
    attrs = _attrs(
        id=node["input_id"],
        aria_label=f"Blank {node['number']}",
        data_r2p_part=node["part"],
        autocomplete="off",
        spellcheck="false",
    )
    self.body.append(f'<input type="text" class="r2p-blank" size="14"{attrs}>{_mark()}')
    raise nodes.SkipNode


def visit_hints(self: HTML5Translator, node: qn.r2p_question_hints) -> None:
    label = "Hints" if len(node.children) > 1 else "Hint"
    self.body.append(f'<details class="r2p-hints"><summary>{label}</summary>\n')


def depart_hints(self: HTML5Translator, node: qn.r2p_question_hints) -> None:
    self.body.append("</details>\n")


def skip(self: HTML5Translator, node: nodes.Element) -> None:
    raise nodes.SkipNode


# -- sealed parts: rendered, then taken out of the page ---------------------------------


def visit_sealed(self: HTML5Translator, node: nodes.Element) -> None:
    _state(self).captures.append(len(self.body))


def depart_sealed(self: HTML5Translator, node: nodes.Element) -> None:
    state = _state(self)
    start = state.captures.pop()
    html = "".join(self.body[start:]).strip()
    del self.body[start:]
    if not state.questions:
        return
    current = state.questions[-1]
    tree = reveal_tree(node.children)
    if isinstance(node, qn.r2p_question_answer):
        current.answer = html
        current.sealed["answer"] = tree
    elif isinstance(node, qn.r2p_question_explanation):
        current.explanation = html
        current.sealed["explanation"] = tree
    else:
        current.sealed.setdefault("feedback", {})[node["key"]] = tree


def reveal_tree(children: list[nodes.Node]) -> list[Any]:
    """Resolved doctree content as the JSON tree quiz.js rebuilds: strings are text, and
    ``{"tag", "children", "href"}`` one of :data:`REVEAL_TAGS` (the inline ones are the
    tags of :func:`r2p_kit.markup.to_json`)."""
    out: list[Any] = []
    for child in children:
        if isinstance(child, nodes.Text):
            _add(out, str(child))
        elif isinstance(child, nodes.Element):
            content = reveal_tree(child.children)
            tag = next((t for kind, t in REVEAL_TAGS.items() if isinstance(child, kind)), None)
            if tag is None:
                for item in content:
                    _add(out, item)
                continue
            element: dict[str, Any] = {"tag": tag, "children": content}
            if tag == "a":
                element["href"] = child.get("refuri") or "#" + child.get("refid", "")
            out.append(element)
    return out


def _add(tree: list[Any], item: Any) -> None:
    """Append ``item``, joining it to a string just before it."""
    if isinstance(item, str) and tree and isinstance(tree[-1], str):
        tree[-1] += item
    else:
        tree.append(item)


HTML_VISITORS: dict[type[nodes.Element], tuple[Any, Any]] = {
    qn.r2p_quiz: (visit_quiz, depart_quiz),
    qn.r2p_question: (visit_question, depart_question),
    qn.r2p_question_form: (visit_form, depart_form),
    qn.r2p_question_prompt: (visit_prompt, depart_prompt),
    qn.r2p_choice_list: (visit_choice_list, depart_choice_list),
    qn.r2p_choice_option: (visit_choice_option, depart_choice_option),
    qn.r2p_text_entry: (visit_text_entry, None),
    qn.r2p_ordering_list: (visit_rows, depart_rows),
    qn.r2p_ordering_item: (visit_ordering_item, depart_ordering_item),
    qn.r2p_matching_table: (visit_rows, depart_rows),
    qn.r2p_matching_left: (visit_matching_left, depart_matching_left),
    qn.r2p_matching_right: (skip, None),
    qn.r2p_cloze_text: (visit_cloze_text, depart_cloze_text),
    qn.r2p_cloze_blank: (visit_cloze_blank, None),
    qn.r2p_question_hints: (visit_hints, depart_hints),
    qn.r2p_question_answer: (visit_sealed, depart_sealed),
    qn.r2p_question_explanation: (visit_sealed, depart_sealed),
    qn.r2p_question_feedback: (visit_sealed, depart_sealed),
}


def add_assets(app: Sphinx) -> None:
    """Ship quiz.js and quiz.css as written, to HTML builders only (never into an EPUB).

    Their folder joins ``html_static_path``, so Sphinx copies them and fingerprints the
    links like any other static file. They are readable source; the budget for what a
    student downloads is on their gzipped size (tests/test_quiz_assets.py).
    """
    if is_interactive(app.builder):
        app.config.html_static_path.append(str(ASSET_DIR))


def link_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Load the quiz assets only on pages that hold a question."""
    if not is_interactive(app.builder) or doctree is None:
        return
    if next(iter(doctree.findall(qn.r2p_question)), None) is not None:
        app.add_css_file(QUIZ_CSS)
        link_quiz_js(app)


def link_quiz_js(app: Sphinx) -> None:
    """quiz.js, and the checker's word lists it reads (selfcheck.matcher_tables), as data."""
    tables = matcher_tables_json()
    app.add_js_file(None, body=tables, type="application/json", id=MATCHER_TABLES_ID)
    app.add_js_file(QUIZ_JS, loading_method="defer")
