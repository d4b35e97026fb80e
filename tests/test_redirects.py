"""docs/redirects.yaml and the redirect pages the HTML build writes from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from r2p_kit.contrib.redirects import read_redirects, render_redirects
from r2p_kit.errors import UserError
from r2p_kit.sphinx.redirects import redirect_page, relative_url


class FakeBuilder:
    """The two addresses an HTML builder gives a page: its file and its link."""

    def __init__(self, outdir: Path, directories: bool) -> None:
        self.outdir = outdir
        self.directories = directories

    def get_outfilename(self, docname: str) -> str:
        if self.directories and not docname.endswith("index"):
            return str(self.outdir / docname / "index.html")
        return str(self.outdir / f"{docname}.html")

    def get_target_uri(self, docname: str) -> str:
        if self.directories:
            return docname.removesuffix("index") if docname.endswith("index") else docname + "/"
        return f"{docname}.html"


@pytest.mark.parametrize(
    ("directories", "expected"), [(False, "../05-dialogue/index.html"), (True, "../05-dialogue/")]
)
def test_the_link_is_relative_to_the_old_page(
    tmp_path: Path, directories: bool, expected: str
) -> None:
    builder = FakeBuilder(tmp_path, directories)
    url = relative_url(builder, "modules/04-dialogue/index", "modules/05-dialogue/index")  # type: ignore[arg-type]
    assert url == expected


def test_the_page_escapes_what_it_quotes_and_needs_no_script() -> None:
    page = redirect_page('../x/index.html?a=1&b="2"', "<Title> & more", "en")
    assert (
        '<meta http-equiv="refresh" content="0; url=../x/index.html?a=1&amp;b=&quot;2&quot;">'
        in (page)
    )
    assert "&lt;Title&gt; &amp; more</a>" in page
    assert "<script" not in page


def test_the_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "redirects.yaml"
    redirects = {"modules/04-a/index": "modules/05-a/index", "modules/01-b/index": "x/index"}
    path.write_text(render_redirects(redirects), encoding="utf-8")
    assert read_redirects(path) == redirects
    path.write_text(render_redirects({}), encoding="utf-8")
    assert read_redirects(path) == {}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("modules/04-a/index: [modules/05-a/index]\n", 1, "is not a pair of docnames"),
        ("a/index: b/index\n../../etc/passwd: b/index\n", 2, "is not a pair of docnames"),
        ("a/index: b/index\n  - broken: [\n", 2, "not valid YAML"),
        ("- a list\n", 1, "expected a mapping"),
    ],
)
def test_a_bad_file_is_a_located_error(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "redirects.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_redirects(path)
    assert f"redirects.yaml:{line}:" in str(caught.value)
    assert message in str(caught.value)
