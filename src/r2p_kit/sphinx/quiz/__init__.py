"""Quizzes in the course pages: the ``r2p-quiz``, ``r2p-question`` and ``r2p-exercise``
directives (``quiz``, ``question``, ``exercise`` where free) and the ``r2p:question`` role.

Where each piece sits in Sphinx's build:

- reading (``quiz``/``question`` directives, :mod:`.directives`): load the bank through
  the one loader, register it with ``env.note_dependency``, record placements in the
  ``quiz`` domain (:mod:`.domain`), emit builder-neutral nodes (:mod:`.nodes`);
- resolving (post-transform :class:`.printed.QuizForPrint`, every builder except
  interactive HTML): standard nodes for print, e-readers and text, with the answer key
  placed for the instructor edition;
- writing (HTML visitors, :mod:`.html`): the accessible self-check form, answers sealed;
  ``builder-inited`` adds the assets and ``html-page-context`` links them on quiz pages.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from r2p_kit.sphinx.naming import add_directive
from r2p_kit.sphinx.quiz import banks, html
from r2p_kit.sphinx.quiz.directives import ExerciseDirective, QuestionDirective, QuizDirective
from r2p_kit.sphinx.quiz.domain import QuizDomain, warn_dangling_question
from r2p_kit.sphinx.quiz.printed import QuizForPrint


def setup_quiz(app: Sphinx) -> None:
    app.add_config_value(
        "r2p_quiz_modules", "modules", "env", types=[str], description="folder of NN-slug modules"
    )
    app.add_config_value(
        "r2p_quiz_seed", "r2p-kit", "env", types=[str], description="seed for :count: selections"
    )
    app.add_config_value(
        "r2p_exercises_dir", "../exercises", "env", types=[str], description="exercise sheets"
    )
    app.add_config_value(
        "r2p_exercises_url", "", "env", types=[str], description="base URL of the sheets"
    )
    app.add_domain(QuizDomain)
    for node, (visit, depart) in html.HTML_VISITORS.items():
        app.add_node(node, html=(visit, depart))
    add_directive(app, "quiz", QuizDirective)
    add_directive(app, "question", QuestionDirective)
    add_directive(app, "exercise", ExerciseDirective)
    app.add_post_transform(QuizForPrint)
    app.connect("warn-missing-reference", warn_dangling_question)
    app.connect("env-before-read-docs", banks.start_build)
    app.connect("builder-inited", html.add_assets)
    app.connect("html-page-context", html.link_assets)
