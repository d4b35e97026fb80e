"""The student and instructor editions, and the ``r2p-instructor`` directive.

Instructor-only material is dropped while the page is read, so the student edition's
doctree, pages, search index and every other output never see it. (Sphinx's ``only``
directive would still leak its text into the search index.) Material is instructor-only
when it is in an ``r2p-instructor`` directive or carries a class naming instructors
(:class:`InstructorClasses`): whatever looks like the mechanism is the mechanism.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from r2p_kit.sphinx.naming import add_directive

EDITIONS = ("student", "instructor")
INSTRUCTOR_CLASS = "r2p-instructor"
INSTRUCTOR_WORD = re.compile(r"(?:^|[-_])(?:instructors?|teachers?)(?:$|[-_])", re.IGNORECASE)
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


class InstructorClasses(SphinxTransform):
    """Anything marked for instructors by a class is instructor material.

    A Pandoc-style ``::: instructor`` fence, ``{container} instructor``, an admonition
    with ``:class: instructor-notes`` or ``.. rst-class:: for-instructors`` looks like the
    ``r2p-instructor`` directive to its author, but would be an ordinary block in the
    student edition. So a class naming instructors or teachers is the mechanism: the
    element is dropped from the student edition while the page is read (before the
    search index, the table of contents or any builder sees it), and marked
    ``r2p-instructor`` in the instructor edition.
    """

    # After docutils applies ``rst-class`` (210) and before Sphinx reads titles and
    # contents from the page (doctree-read, 880).
    default_priority = 700

    def apply(self, **kwargs: Any) -> None:
        student = not is_instructor_edition(self.config)
        for node in list(self.document.findall(nodes.Element)):
            if node is self.document or not any(map(names_instructors, node["classes"])):
                continue
            if student:
                if node.parent is not None:
                    node.parent.remove(node)
            elif INSTRUCTOR_CLASS not in node["classes"]:
                node["classes"].append(INSTRUCTOR_CLASS)


def names_instructors(css_class: str) -> bool:
    """ "instructor", "instructor-only", "for_Instructors", "teacher-notes" ..."""
    return INSTRUCTOR_WORD.search(css_class) is not None


def _choose_edition(app: Sphinx, config: Config) -> None:
    """Take the edition from ``-t instructor`` unless conf.py set it explicitly."""
    if config.r2p_edition is None:
        config.r2p_edition = "instructor" if app.tags.has("instructor") else "student"
    if config.r2p_edition not in EDITIONS:
        allowed = " or ".join(repr(edition) for edition in EDITIONS)
        raise ConfigError(
            f"r2p_edition is {config.r2p_edition!r}; set it to {allowed} in conf.py, "
            "or leave it out and build the instructor edition with -t instructor"
        )


def _add_edition_assets(app: Sphinx) -> None:
    """Stylesheets for web pages only; the instructor one only in the instructor edition."""
    builder = app.builder
    if builder.format != "html" or builder.name.startswith("epub"):
        return
    app.config.html_static_path.append(str(STATIC_DIR / "common"))
    app.add_css_file("r2p-kit.css")
    if is_instructor_edition(app.config):
        app.config.html_static_path.append(str(STATIC_DIR / "instructor"))
        app.add_css_file("r2p-instructor.css")


def setup_editions(app: Sphinx) -> None:
    app.add_config_value(
        "r2p_edition",
        None,
        "env",
        types=[str, type(None)],
        description="'student' or 'instructor'; by default from the -t instructor tag",
    )
    app.connect("config-inited", _choose_edition)
    app.connect("builder-inited", _add_edition_assets)
    app.add_transform(InstructorClasses)
    add_directive(app, "instructor", InstructorDirective)
