"""Raw HTML in a bank is text in every output of the Sphinx extension (issue 16, item 3).

The hostile module (see :func:`quiz_support.hostile_site`) puts ``<img onerror>`` and
``<script>`` in every field a contributor writes. No built page may hold them as tags, in
either edition, and every field must still be shown, literally.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import Build, run_sphinx
from quiz_support import (
    HOSTILE_FIELDS,
    HOSTILE_MODULE,
    HOSTILE_PAYLOADS,
    HOSTILE_TEXT,
    hostile_site,
)

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX

# Fields the student sees before answering (the others are sealed until Check).
SHOWN_FIELDS = tuple(
    f for f in HOSTILE_FIELDS if "explanation" not in f and "feedback" not in f and f != "rubric"
)


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_site(tmp_path_factory.mktemp("hostile") / "site")


def build(docs: Path, out: Path, builder: str, *extra: str) -> Build:
    result = run_sphinx(builder, out, "-q", *extra, docs=docs)
    return Build(out / builder, result.stderr)


def no_injected_markup(path: Path) -> None:
    tree = lxml_html.fromstring(path.read_bytes())
    assert not tree.xpath("//img[@onerror] | //*[@onerror]"), path
    scripts = [s.text_content() for s in tree.iter("script")]
    assert not [s for s in scripts if "r2pPwned" in s], path


@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_bank_html_never_reaches_the_pages_as_tags(
    docs: Path, tmp_path: Path, edition: str
) -> None:
    extra = ("-t", "instructor") if edition == "instructor" else ()
    site = build(docs, tmp_path, "html", *extra)
    for page in site.outdir.rglob("*.html"):
        no_injected_markup(page)
    page = site.outdir / HOSTILE_MODULE / "index.html"
    text = lxml_html.fromstring(page.read_bytes()).text_content()
    for field in SHOWN_FIELDS:
        assert f"{field.upper()}-{HOSTILE_PAYLOADS[0]}" in text, field
    assert f"CLOZE-TEXT {HOSTILE_PAYLOADS[0]}" in text
    if edition == "instructor":  # the key shows explanations in the page itself
        for field in ("explanation", "tf-explanation", "essay-explanation", "rubric"):
            assert f"{field.upper()}-{HOSTILE_TEXT}" in text, field


@pytest.mark.parametrize("builder", ["latex", "text", "epub"])
def test_print_builders_show_bank_html_as_text(docs: Path, tmp_path: Path, builder: str) -> None:
    site = build(docs, tmp_path, builder, "-t", "instructor")
    if builder == "latex":
        (tex,) = site.outdir.glob("*.tex")
        source = tex.read_text(encoding="utf-8")
        # < and > are ordinary characters in LaTeX; a backslash and braces are not.
        assert r"\input{" not in source
        assert r"PROMPT\sphinxhyphen{}<img src=x onerror=window.r2pPwned=1>" in source
        assert r"\textbackslash{}input\{/etc/hostname\}" in source
    elif builder == "text":
        text = (site.outdir / HOSTILE_MODULE / "index.txt").read_text(encoding="utf-8")
        printed = [f for f in HOSTILE_FIELDS if "feedback" not in f and f != "hint"]
        for field in printed:  # the questions and, in this edition, the key
            assert f"{field.upper()}-{HOSTILE_PAYLOADS[0]}" in text, field
    else:
        page = site.outdir / HOSTILE_MODULE / "index.xhtml"
        no_injected_markup(page)
        assert "PROMPT-&lt;img src=x" in page.read_text(encoding="utf-8")
