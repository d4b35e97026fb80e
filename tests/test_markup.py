"""The one Markdown sanitiser: bank text is inline Markdown, and raw HTML is always text.

Each case is one bank text and what every renderer must make of it, so the five outputs
cannot drift apart.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from docutils import nodes

from r2p_kit import markup

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
)

# (bank text, HTML, LaTeX, plain text)
CASES = [
    ("the *World Summit Outcome*", "the <em>World Summit Outcome</em>",
     r"the \emph{World Summit Outcome}", "the World Summit Outcome"),
    ("paragraph **139**", "paragraph <strong>139</strong>", r"paragraph \textbf{139}",
     "paragraph 139"),
    ("`A/RES/60/1` & 50% {x} #1", "<code>A/RES/60/1</code> &amp; 50% {x} #1",
     r"\texttt{A/RES/60/1} \& 50\% \{x\} \#1", "A/RES/60/1 & 50% {x} #1"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;",
     r"\textless{}img src=x onerror=alert(1)\textgreater{}", "<img src=x onerror=alert(1)>"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;",
     r"\textless{}script\textgreater{}alert(1)\textless{}/script\textgreater{}",
     "<script>alert(1)</script>"),
    ("[the report](https://www.un.org/a?b=1&c=2)",
     '<a href="https://www.un.org/a?b=1&amp;c=2">the report</a>',
     r"the report (https://www.un.org/a?b=1\&c=2)", "the report <https://www.un.org/a?b=1&c=2>"),
    ("[x](javascript:alert(1))", "[x](javascript:alert(1))", "[x](javascript:alert(1))",
     "[x](javascript:alert(1))"),
    ("[x](JaVa\tScRiPt:alert(1))", "[x](JaVa\tScRiPt:alert(1))", "[x](JaVa\tScRiPt:alert(1))",
     "[x](JaVa\tScRiPt:alert(1))"),
    ("[x](data:text/html,<b>)", "[x](data:text/html,&lt;b&gt;)",
     r"[x](data:text/html,\textless{}b\textgreater{})", "[x](data:text/html,<b>)"),
    ("![a map](https://tracker.example/pixel.png)", "a map", "a map", "a map"),
    ("&lt;b&gt; and &amp;", "&lt;b&gt; and &amp;", r"\textless{}b\textgreater{} and \&",
     "<b> and &"),
    ("red \x1b[31mtext\x07", "red [31mtext", "red [31mtext", "red [31mtext"),
    ("# not a heading", "# not a heading", r"\# not a heading", "# not a heading"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "html", "latex", "plain"), CASES)
def test_every_renderer_escapes_the_same_parse(
    text: str, html: str, latex: str, plain: str
) -> None:
    assert markup.to_html(text) == html
    assert markup.to_latex(text) == latex
    assert markup.to_plain(text) == plain
    docutils_text = "".join(node.astext() for node in markup.to_docutils(text))
    assert docutils_text == _json_text(markup.to_json(text))


def _json_text(tree: list) -> str:
    return "".join(n if isinstance(n, str) else _json_text(n["children"]) for n in tree)


@pytest.mark.parametrize("payload", HOSTILE)
def test_raw_html_is_text_in_every_output(payload: str) -> None:
    text = f"Which body *acted*? {payload}"
    assert "<" not in markup.to_html(text).replace("<em>", "").replace("</em>", "")
    for node in markup.to_docutils(text):
        assert not isinstance(node, nodes.raw)
        for inner in node.findall(nodes.Element) if isinstance(node, nodes.Element) else ():
            assert not isinstance(inner, nodes.raw)
    tree = markup.to_json(text)
    assert payload in _json_text(tree)
    assert {n["tag"] for n in tree if isinstance(n, dict)} == {"em"}
    assert "<" not in markup.to_latex(text)


def test_json_tree_names_only_the_five_tags_and_safe_links() -> None:
    text = "*a* **b** `c` [d](https://e.org) [f](javascript:g) x  \ny"
    tree = markup.to_json(text)
    assert json.loads(json.dumps(tree)) == tree
    assert tree == [
        {"tag": "em", "children": ["a"]},
        " ",
        {"tag": "strong", "children": ["b"]},
        " ",
        {"tag": "code", "children": ["c"]},
        " ",
        {"tag": "a", "children": ["d"], "href": "https://e.org"},
        " [f](javascript:g) x",
        {"tag": "br", "children": []},
        "y",
    ]


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.un.org", True),
        ("http://x.org", True),
        ("mailto:a@b.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        (" java\nscript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
        ("#anchor", False),
        ("relative/page.html", False),
    ],
)
def test_only_web_and_mail_links_are_kept(url: str, safe: bool) -> None:
    assert markup.is_safe_url(url) is safe


def test_docutils_nodes_are_plain_inline_nodes() -> None:
    found = markup.to_docutils("*a* **b** `c` [d](https://e.org)")
    kinds = [type(node).__name__ for node in found if not isinstance(node, nodes.Text)]
    assert kinds == ["emphasis", "strong", "literal", "reference"]
    assert found[-1]["refuri"] == "https://e.org"


def test_importing_markup_loads_neither_markdown_it_nor_docutils() -> None:
    code = (
        "import sys, r2p_kit.markup; "
        "print(sorted(m for m in ('markdown_it', 'docutils') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
