"""The extension as a good citizen in other people's projects (issue 16).

Each test writes a small project into a temporary folder, so what it checks is the
extension's behaviour, not the course's.
"""

from __future__ import annotations

import pickle
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import run_sphinx
from quiz_support import BANK

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX

# Stands in for sphinx-exercise, which registers a directive called "exercise".
OTHER_EXTENSION = """
from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class OtherExercise(SphinxDirective):
    has_content = True
    optional_arguments = 1

    def run(self):
        return [nodes.paragraph("", "OTHER-EXTENSION-EXERCISE")]


def setup(app):
    app.add_directive("exercise", OtherExercise)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def write_project(root: Path, conf: str, pages: dict[str, str]) -> Path:
    """A project in ``root/docs`` with ``conf`` and ``pages``, plus the fixture's bank as
    module 01-sample and its exercise sheet."""
    docs = root / "docs"
    module = docs / "modules" / "01-sample"
    module.mkdir(parents=True)
    shutil.copy(BANK, module / "questions.yaml")
    (root / "exercises").mkdir()
    shutil.copy(BANK.parents[3] / "exercises" / "01-sample.md", root / "exercises")
    (docs / "conf.py").write_text(textwrap.dedent(conf), encoding="utf-8")
    for name, text in pages.items():
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return docs


MYST_CONF = """
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    project = "Neighbours"
    copyright = "2026, r2p-kit tests"
    version = release = "1.0"
    extensions = {extensions}
    exclude_patterns = ["_build", "**/questions.yaml"]
    myst_enable_extensions = ["colon_fence"]
    nitpicky = True
    show_warning_types = True  # the default from Sphinx 8
"""


# The sections the fixture bank's questions cite as their source.
MYST_READING = """

(sample-reading)=
## Reading

(sample-summit)=
### The summit

(sample-pillars)=
### The strategy
"""


def myst_project(root: Path, extensions: list[str], index: str) -> Path:
    page = textwrap.dedent(index) + MYST_READING
    docs = write_project(root, MYST_CONF.format(extensions=extensions), {"index.md": page})
    (docs / "other_exercise.py").write_text(OTHER_EXTENSION, encoding="utf-8")
    return docs


PREFIXED_PAGE = """
    # Prefixed

    :::{r2p-primary-source} A/RES/60/1, paragraph 138
    Each individual State has the responsibility to protect its populations.
    :::

    :::{r2p-instructor}
    INSTRUCTOR-NOTE
    :::

    :::{r2p-question} sample/assembly-adopted
    :::

    :::{r2p-quiz} sample
    :ids: sample/chapter-eight
    :::

    :::{r2p-exercise} 01-sample
    :::

    See {r2p:question}`sample/chapter-eight`.
"""


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_every_directive_has_its_r2p_name(tmp_path: Path, edition: str) -> None:
    docs = myst_project(tmp_path, ["myst_parser", "r2p_kit.sphinx"], PREFIXED_PAGE)
    extra = ("-t", "instructor") if edition == "instructor" else ()
    run_sphinx("html", tmp_path / "out", "-q", *extra, docs=docs)
    tree = lxml_html.fromstring((tmp_path / "out" / "html" / "index.html").read_bytes())
    assert tree.find_class("r2p-primary-source")
    assert len(tree.find_class("r2p-question")) == 2
    assert tree.find_class("r2p-exercise")
    (link,) = [a for a in tree.iter("a") if a.text_content().startswith("Question 2")]
    assert link.get("href") == "#q-sample-chapter-eight"
    assert not link.find_class("r2p-question"), "a link must not look like a question"
    text = tree.text_content()
    assert ("INSTRUCTOR-NOTE" in text) is (edition == "instructor")


@pytest.mark.parametrize("order", ["other-first", "r2p-first"])
def test_an_exercise_directive_of_another_extension_wins_over_the_alias(
    tmp_path: Path, order: str
) -> None:
    extensions = ["myst_parser", "other_exercise", "r2p_kit.sphinx"]
    if order == "r2p-first":
        extensions = ["myst_parser", "r2p_kit.sphinx", "other_exercise"]
    page = (
        "# Both\n\n:::{exercise}\n:::\n\n"
        ":::{r2p-exercise} 01-sample\n:::\n\n:::{quiz} sample\n:::\n"
    )
    docs = myst_project(tmp_path, extensions, page)
    result = run_sphinx("html", tmp_path / "out", "-q", docs=docs)  # -W: no "already registered"
    assert "already registered" not in result.stderr
    tree = lxml_html.fromstring((tmp_path / "out" / "html" / "index.html").read_bytes())
    assert "OTHER-EXTENSION-EXERCISE" in tree.text_content()
    assert len(tree.find_class("r2p-exercise")) == 1  # from r2p-exercise only
    assert len(tree.find_class("r2p-question")) == 11  # the quiz alias is still free


def test_a_link_to_a_question_no_page_shows_is_a_typed_warning(tmp_path: Path) -> None:
    page = "# Links\n\n:::{r2p-question} sample/chapter-eight\n:::\n\n{r2p:question}`sample/nope`\n"
    docs = myst_project(tmp_path, ["myst_parser", "r2p_kit.sphinx"], page)
    conf = docs / "conf.py"
    conf.write_text(conf.read_text().replace("nitpicky = True", "nitpicky = False"))
    result = run_sphinx("html", tmp_path / "out", "-q", docs=docs, check=False)
    assert re.search(
        r"index\.md:6: WARNING: no page shows the question 'sample/nope' .* \[r2p\.xref\]",
        result.stderr,
    ), result.stderr
    assert result.stderr.count("WARNING") == 1
    conf.write_text(conf.read_text() + '\nsuppress_warnings = ["r2p.xref"]\n')
    run_sphinx("html", tmp_path / "out2", "-q", docs=docs)  # silenced: builds with -W


# -- configuration, assets, translators ------------------------------------------------------


def test_a_bad_edition_is_a_configuration_error_naming_the_allowed_values(tmp_path: Path) -> None:
    docs = myst_project(tmp_path, ["myst_parser", "r2p_kit.sphinx"], "# Title\n")
    result = run_sphinx(
        "html", tmp_path / "out", "-q", "-D", "r2p_edition=teacher", docs=docs, check=False
    )
    assert result.returncode == 2, result.stderr  # Sphinx's exit code for a ConfigError
    assert "Configuration error" in result.stderr
    assert "r2p_edition is 'teacher'; set it to 'student' or 'instructor'" in result.stderr


def test_setup_declares_an_environment_version(tmp_path: Path) -> None:
    from r2p_kit.sphinx import ENV_VERSION

    docs = myst_project(tmp_path, ["myst_parser", "r2p_kit.sphinx"], "# Title\n")
    run_sphinx("html", tmp_path / "out", "-q", docs=docs)
    with (tmp_path / "out" / "doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    assert env.version["r2p_kit.sphinx"] == ENV_VERSION


@pytest.mark.parametrize("builder", ["html", "epub", "latex", "text"])
def test_stylesheets_and_scripts_go_to_web_pages_only(tmp_path: Path, builder: str) -> None:
    docs = myst_project(
        tmp_path, ["myst_parser", "r2p_kit.sphinx"], "# Quiz\n\n:::{r2p-quiz} sample\n:::\n"
    )
    run_sphinx(builder, tmp_path / "out", "-q", "-t", "instructor", docs=docs)
    out = tmp_path / "out" / builder
    shipped = {p.name for p in out.rglob("*") if p.name.startswith(("r2p-", "quiz."))}
    expected = {"r2p-kit.css", "r2p-instructor.css", "quiz.js", "quiz.css"}
    assert shipped == (expected if builder == "html" else set())
    for page in out.rglob("*.*html"):
        assert "r2p-kit.css" not in page.read_text(encoding="utf-8") or builder == "html"


# Stands in for a theme or extension with its own HTML translator.
OTHER_TRANSLATOR = """
from sphinx.writers.html5 import HTML5Translator


class MarkingTranslator(HTML5Translator):
    def visit_paragraph(self, node):
        super().visit_paragraph(node)
        self.body.append('<span class="other-translator"></span>')


def setup(app):
    app.set_translator("html", MarkingTranslator)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""


def test_accessibility_fixes_extend_another_extensions_translator(tmp_path: Path) -> None:
    page = "# Home\n\nA paragraph.\n\n```{toctree}\n:caption: Modules\n\nother\n```\n"
    docs = myst_project(tmp_path, ["myst_parser", "other_translator", "r2p_kit.sphinx"], page)
    (docs / "other_translator.py").write_text(OTHER_TRANSLATOR, encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\nText.\n", encoding="utf-8")
    run_sphinx("html", tmp_path / "out", "-q", docs=docs)
    tree = lxml_html.fromstring((tmp_path / "out" / "html" / "index.html").read_bytes())
    assert tree.find_class("other-translator"), "the other extension's translator was replaced"
    captions = tree.xpath('//p[@role="heading"]')
    assert captions and all(c.get("aria-level") == "2" for c in captions)


# -- anything that looks like instructor material is instructor material ---------------------

INSTRUCTOR_LOOKALIKES = """
    # Lookalikes

    Student text.

    ::: instructor
    SECRET-PANDOC-FENCE
    :::

    ```{container} instructor-only
    SECRET-CONTAINER
    ```

    :::{note}
    :class: Teacher-Notes
    SECRET-ADMONITION
    :::

    :::{r2p-instructor}
    SECRET-DIRECTIVE
    :::
"""
LOOKALIKE_SECRETS = ("SECRET-PANDOC-FENCE", "SECRET-CONTAINER", "SECRET-ADMONITION")
RST_LOOKALIKE = """
Reading
=======

Student text.

.. rst-class:: for-instructors

SECRET-RST-CLASS

.. container:: instructor

   SECRET-RST-CONTAINER
"""


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_instructor_fences_and_classes_are_the_instructor_mechanism(
    tmp_path: Path, edition: str
) -> None:
    docs = myst_project(tmp_path, ["myst_parser", "r2p_kit.sphinx"], INSTRUCTOR_LOOKALIKES)
    (docs / "reading.rst").write_text(RST_LOOKALIKE, encoding="utf-8")
    with (docs / "index.md").open("a", encoding="utf-8") as page:
        page.write("\n```{toctree}\nreading\n```\n")
    extra = ("-t", "instructor") if edition == "instructor" else ()
    for builder in ("html", "text"):
        run_sphinx(builder, tmp_path / "out", "-q", *extra, docs=docs)
    secrets = (*LOOKALIKE_SECRETS, "SECRET-DIRECTIVE", "SECRET-RST-CLASS", "SECRET-RST-CONTAINER")
    outputs = [  # everything built, except the copies of the page sources
        p for p in (tmp_path / "out").rglob("*") if p.is_file() and "_sources" not in p.parts
    ]
    found = {s for p in outputs for s in secrets if s in p.read_text("utf-8", errors="replace")}
    if edition == "student":
        assert found == set()
        assert "Student text." in (tmp_path / "out" / "text" / "index.txt").read_text("utf-8")
        return
    assert found == set(secrets)
    tree = lxml_html.fromstring((tmp_path / "out" / "html" / "index.html").read_bytes())
    marked = " ".join(b.text_content() for b in tree.find_class("r2p-instructor"))
    assert all(secret in marked for secret in (*LOOKALIKE_SECRETS, "SECRET-DIRECTIVE"))


# -- a plain reStructuredText project with other common extensions -----------------------------

RST_CONF = """
    project = "Neighbours"
    author = "r2p-kit tests"
    copyright = "2026, r2p-kit tests"
    version = release = "1.0"
    extensions = ["sphinx.ext.todo", "sphinx_design", "myst_parser", "r2p_kit.sphinx"]
    exclude_patterns = ["_build", "**/questions.yaml"]
    nitpicky = True
"""
RST_PAGES = {
    "index.rst": """
        Neighbours
        ==========

        .. toctree::
           :caption: Contents

           reading

        .. todo:: Write the introduction.

        .. dropdown:: A sphinx-design dropdown

           Folded content.

        .. r2p-primary-source:: A/RES/60/1, paragraph 138

           Each individual State has the responsibility to protect its populations.

        .. r2p-quiz:: sample
           :title: Check yourself

        .. r2p-question:: sample/chapter-eight

        .. r2p-exercise:: 01-sample

        .. r2p-instructor::

           INSTRUCTOR-NOTE

        The same question again: :r2p:question:`sample/chapter-eight`.
    """,
    "reading.rst": """
        .. _sample-reading:

        Reading
        =======

        .. _sample-summit:

        The summit
        ----------

        The heads of State and Government met in New York.

        .. _sample-pillars:

        The strategy
        ------------

        The Secretary-General set out a strategy in three parts.
    """,
}
# Where each builder writes the first page, and text the quiz puts there.
RST_BUILDERS = {
    "html": "index.html",
    "dirhtml": "index.html",
    "singlehtml": "index.html",
    "latex": "neighbours.tex",
    "epub": "index.xhtml",
    "text": "index.txt",
    "man": "neighbours.1",
}


@pytest.fixture(scope="module")
def rst_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("rst-project"), RST_CONF, RST_PAGES)


@pytest.mark.parametrize("builder", list(RST_BUILDERS))
def test_a_plain_rst_project_builds_on_every_builder_beside_other_extensions(
    rst_project: Path, tmp_path: Path, builder: str
) -> None:
    run_sphinx(builder, tmp_path, "-q", docs=rst_project)  # -W --keep-going -n
    assert not list(rst_project.rglob("*.md")), "the project must have no MyST pages"
    page = tmp_path / builder / RST_BUILDERS[builder]
    text = page.read_text(encoding="utf-8")
    assert "Which body adopted the" in text  # the quiz's first question
    assert "Paragraph 139 mentions cooperation" in text  # the r2p-question directive
    assert "sample.md" in text  # the exercise card (a hyphen is escaped in LaTeX and man)
    assert "Each individual State" in text  # the primary source
    assert "INSTRUCTOR-NOTE" not in text and "EXPLAINMARK" not in text
    if builder in ("html", "dirhtml", "singlehtml"):
        tree = lxml_html.fromstring(text.encode())
        assert len(tree.xpath("//fieldset")) == 12
        assert tree.find_class("sd-dropdown"), "sphinx-design's dropdown is missing"
    else:
        assert "<fieldset" not in text and "quiz.js" not in text


# -- a question's source: any label the course defines ------------------------------------------


def test_a_source_label_before_a_paragraph_links_by_the_page_title(tmp_path: Path) -> None:
    page = (
        "# The summit page\n\n(para-139)=\nA paragraph with a label but no heading.\n\n"
        ":::{r2p-question} sample/assembly-adopted\n:::\n"
    )
    docs = myst_project(tmp_path, ["myst_parser", "r2p_kit.sphinx"], page)
    bank = docs / "modules" / "01-sample" / "questions.yaml"
    bank.write_text(bank.read_text().replace("source: sample-summit", "source: para-139", 1))
    for builder in ("html", "text"):
        run_sphinx(builder, tmp_path / "out", "-q", "-t", "instructor", docs=docs)
    tree = lxml_html.fromstring((tmp_path / "out" / "html" / "index.html").read_bytes())
    (key,) = tree.find_class("r2p-key")
    (link,) = [a for a in key.iter("a") if a.get("href") == "#para-139"]
    assert link.text_content() == "The summit page"
    text = (tmp_path / "out" / "text" / "index.txt").read_text(encoding="utf-8")
    assert "Read more: *The summit page*" in text


def test_a_source_that_names_no_label_is_a_typed_warning_naming_the_question(
    tmp_path: Path,
) -> None:
    docs = myst_project(
        tmp_path, ["myst_parser", "r2p_kit.sphinx"], "# Page\n\n:::{r2p-quiz} sample\n:::\n"
    )
    bank = docs / "modules" / "01-sample" / "questions.yaml"
    bank.write_text(bank.read_text().replace("source: sample-summit", "source: nowhere", 1))
    result = run_sphinx("html", tmp_path / "out", "-q", docs=docs, check=False)
    assert (
        "the source 'nowhere' of question sample/assembly-adopted is not a label in the course"
        in result.stderr
    ), result.stderr
    assert result.stderr.count("WARNING") == 1 and "[r2p.xref]" in result.stderr
