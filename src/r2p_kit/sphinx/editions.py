"""The student and instructor editions, and the ``r2p-instructor`` directive.

Instructor-only material is dropped while the page is parsed, so the student edition's
doctree, pages, search index and every other output never see it. (Sphinx's ``only``
directive would still leak its text into the search index.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from r2p_kit.sphinx.naming import add_directive

EDITIONS = ("student", "instructor")
INSTRUCTOR_CLASS = "r2p-instructor"
STATIC_DIR = Path(__file__).parent / "static"


def is_instructor_edition(config: Config) -> bool:
    edition: str = config.r2p_edition
    return edition == "instructor"


class InstructorDirective(SphinxDirective):
    """Content for instructors only: an admonition in the instructor edition, nothing otherwise.

    The optional argument is the admonition's title; ``:plain:`` emits the content without
    a box (for example a toctree of instructor pages).
    """

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"plain": directives.flag}

    def run(self) -> list[nodes.Node]:
        if not is_instructor_edition(self.config):
            return []
        if "plain" in self.options:
            container = nodes.container(classes=[INSTRUCTOR_CLASS])
            self.state.nested_parse(self.content, self.content_offset, container)
            return [container]
        title_text = self.arguments[0] if self.arguments else "Instructor notes"
        admonition = nodes.admonition(classes=[INSTRUCTOR_CLASS])
        self.set_source_info(admonition)
        title_nodes, messages = self.state.inline_text(f"Instructor: {title_text}", self.lineno)
        title = nodes.title(title_text, "", *title_nodes)
        self.set_source_info(title)
        admonition += title
        self.state.nested_parse(self.content, self.content_offset, admonition)
        return [admonition, *messages]


def _choose_edition(app: Sphinx, config: Config) -> None:
    """Take the edition from ``-t instructor`` unless conf.py set it explicitly."""
    if config.r2p_edition is None:
        config.r2p_edition = "instructor" if app.tags.has("instructor") else "student"
    if config.r2p_edition not in EDITIONS:
        raise ValueError(f"r2p_edition must be one of {EDITIONS}, not {config.r2p_edition!r}")


def _add_edition_assets(app: Sphinx) -> None:
    """The instructor stylesheet exists only in the instructor edition's output."""
    app.config.html_static_path.append(str(STATIC_DIR / "common"))
    app.add_css_file("r2p-kit.css")
    if is_instructor_edition(app.config):
        app.config.html_static_path.append(str(STATIC_DIR / "instructor"))
        app.add_css_file("r2p-instructor.css")


def setup_editions(app: Sphinx) -> None:
    app.add_config_value("r2p_edition", None, "env", types=[str, type(None)])
    app.connect("config-inited", _choose_edition)
    app.connect("builder-inited", _add_edition_assets)
    add_directive(app, "instructor", InstructorDirective)
