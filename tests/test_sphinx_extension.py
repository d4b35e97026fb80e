"""The extension as a good citizen in other people's projects (issue 16).

Each test writes a small project into a temporary folder, so what it checks is the
extension's behaviour, not the course's.
"""

from __future__ import annotations

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
    extensions = {extensions}
    exclude_patterns = ["_build", "**/questions.yaml"]
    myst_enable_extensions = ["colon_fence"]
    nitpicky = True
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
