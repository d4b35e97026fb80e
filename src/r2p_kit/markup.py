"""Bank text as inline Markdown: parsed once, rendered safely for every output.

Prompts, options, hints, explanations and feedback are data written by contributors, and
they reach web pages, LMS imports, LaTeX, terminals and the page's script. They are read
here, and only here, as CommonMark inline Markdown with raw HTML off: ``<script>`` or
``<img onerror=...>`` is text, a link survives only with an ``http(s)`` or ``mailto``
URL (``javascript:`` and ``data:`` stay literal), an image becomes its alt text. The one
parse is a small tree of text and five tags (emphasis, strong, code, link, line break);
control characters (terminal escape sequences, bytes XML cannot carry) are dropped from
it. Every renderer walks that tree and escapes for its format:

- :func:`to_html` for LMS exports (markdown-it's own HTML, text escaped);
- :func:`to_latex` for handouts typeset by XeLaTeX;
- :func:`to_docutils` for the Sphinx pages (plain docutils nodes, so every builder escapes);
- :func:`to_plain` for answer sheets and pipes, :func:`to_terminal` for a terminal (ANSI);
- :func:`to_json` for the page's script, which builds DOM nodes from it, never HTML.

Importing this module imports neither markdown-it nor docutils; the first call does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from docutils import nodes
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

Tag = Literal["em", "strong", "code", "a", "br"]
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# Characters a browser drops from a URL before reading its scheme ("java\tscript:").
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
_OPENERS: dict[str, Tag] = {"em_open": "em", "strong_open": "strong", "link_open": "a"}
_CLOSERS = {"em_close", "strong_close", "link_close"}

LATEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "$": r"\$",
        "&": r"\&",
        "#": r"\#",
        "^": r"\textasciicircum{}",
        "_": r"\_",
        "%": r"\%",
        "~": r"\textasciitilde{}",
        "<": r"\textless{}",
        ">": r"\textgreater{}",
        "→": r"\ensuremath{\rightarrow}",
        "±": r"\ensuremath{\pm}",
        "≥": r"\ensuremath{\geq}",
        "≤": r"\ensuremath{\leq}",
    }
)
_LATEX_WRAP: dict[Tag, str] = {"em": r"\emph{", "strong": r"\textbf{", "code": r"\texttt{"}
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


@dataclass(frozen=True)
class Element:
    """An emphasis, strong, code span, link (``href``) or line break, with its content."""

    tag: Tag
    children: tuple[Node, ...] = ()
    href: str = ""


Node = str | Element


def is_safe_url(url: str) -> bool:
    """Links may point to the web or to an address, never run code or embed data."""
    match = _SCHEME.match(_URL_NOISE.sub("", url))
    return match is not None and match.group(1).lower() in SAFE_SCHEMES


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one Markdown reader: CommonMark, raw HTML off, only safe links."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False, "linkify": False})
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    return md


def parse_blocks(text: str) -> list[Token]:
    """Block-level tokens of a whole Markdown document (handouts); inline parts via
    :func:`tree_from_tokens`."""
    return parser().parse(text)


@lru_cache(maxsize=8192)
def parse_inline(text: str) -> tuple[Node, ...]:
    """``text`` as a tree; cached, since the same texts recur in every quiz variant."""
    tokens = parser().parseInline(text)
    return tree_from_tokens(tokens[0].children or []) if tokens else ()


def tree_from_tokens(tokens: Sequence[Token]) -> tuple[Node, ...]:
    """markdown-it's inline tokens as a tree of text and the five known tags."""
    stack: list[tuple[Tag, str, list[Node]]] = [("em", "", [])]  # the root's tag is unused
    for token in tokens:
        kind = token.type
        if kind == "text":
            _append_text(stack[-1][2], strip_controls(token.content))
        elif kind == "code_inline":
            stack[-1][2].append(Element("code", (strip_controls(token.content),)))
        elif kind == "softbreak":
            _append_text(stack[-1][2], "\n")
        elif kind == "hardbreak":
            stack[-1][2].append(Element("br"))
        elif kind == "image":  # alt text only: no request leaves the reader's device
            for node in tree_from_tokens(token.children or []):
                _append_node(stack[-1][2], node)
        elif kind in _OPENERS:
            href = str(token.attrGet("href") or "") if kind == "link_open" else ""
            stack.append((_OPENERS[kind], href, []))
        elif kind in _CLOSERS and len(stack) > 1:
            tag, href, children = stack.pop()
            stack[-1][2].append(Element(tag, tuple(children), href))
        # html_inline cannot occur (html is off); other tokens carry no text
    while len(stack) > 1:  # markdown-it balances its tokens; stay total anyway
        tag, href, children = stack.pop()
        stack[-1][2].append(Element(tag, tuple(children), href))
    return tuple(stack[0][2])


def _append_text(siblings: list[Node], text: str) -> None:
    if siblings and isinstance(siblings[-1], str):
        siblings[-1] += text
    elif text:
        siblings.append(text)


def _append_node(siblings: list[Node], node: Node) -> None:
    if isinstance(node, str):
        _append_text(siblings, node)
    else:
        siblings.append(node)


# -- renderers -------------------------------------------------------------------------


def to_html(text: str) -> str:
    """Inline HTML for LMS exports: every character of input text escaped."""
    return render_html(parse_inline(text))


def render_html(tree: Iterable[Node]) -> str:
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append(node.translate(_HTML_ESCAPES))
        elif node.tag == "br":
            out.append("<br />\n")
        elif node.tag == "a":
            href = node.href.translate(_HTML_ESCAPES)
            out.append(f'<a href="{href}">{render_html(node.children)}</a>')
        else:
            out.append(f"<{node.tag}>{render_html(node.children)}</{node.tag}>")
    return "".join(out)


def to_latex(text: str) -> str:
    """Inline LaTeX: special characters escaped, emphasis as ``\\emph``."""
    return render_latex(parse_inline(text))


def render_latex(tree: Iterable[Node]) -> str:
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append(node.replace("\n", " ").translate(LATEX_ESCAPES))
        elif node.tag == "br":
            out.append("\\\\\n")
        elif node.tag == "a":
            url = node.href.translate(LATEX_ESCAPES)
            label = render_latex(node.children)
            out.append(label if _plain(node.children) == node.href else f"{label} ({url})")
        else:
            out.append(_LATEX_WRAP[node.tag] + render_latex(node.children) + "}")
    return "".join(out)


def to_plain(text: str) -> str:
    """Text for terminals and answer sheets: markup dropped, a link's URL after its text."""
    return _plain(parse_inline(text))


def _plain(tree: Iterable[Node]) -> str:
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append(node)
        elif node.tag == "br":
            out.append("\n")
        elif node.tag == "a":
            label = _plain(node.children)
            out.append(label if label == node.href else f"{label} <{node.href}>")
        else:
            out.append(_plain(node.children))
    return "".join(out)


_ANSI: dict[Tag, str] = {"em": "\033[3m", "strong": "\033[1m", "code": "\033[2m"}
# The characters without which inline CommonMark is plain text (emphasis, code, links,
# images, autolinks, escapes, entities).
_MARKUP = re.compile(r"[*_`\[\]<>!\\&]")


def to_terminal(text: str, *, styled: bool) -> str:
    """Text for a terminal: emphasis as ANSI italic and bold when ``styled``, else
    :func:`to_plain`. Every style ends with a full reset, so none outlives its words."""
    if not _MARKUP.search(text):  # most bank text: no need to load the Markdown reader
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
        return strip_controls(text)  # as markdown-it normalises it, then as parsed text
    return _terminal(parse_inline(text), "") if styled else to_plain(text)


def _terminal(tree: Iterable[Node], outer: str) -> str:
    out = []
    for node in tree:
        if isinstance(node, str):
            out.append(node)
        elif node.tag == "br":
            out.append("\n")
        elif node.tag == "a":
            label = _terminal(node.children, outer)
            out.append(label if _plain(node.children) == node.href else f"{label} <{node.href}>")
        else:
            style = outer + _ANSI[node.tag]
            out.append(f"{style}{_terminal(node.children, style)}\033[0m{outer}")
    return "".join(out)


def strip_controls(text: str) -> str:
    """``text`` without control characters other than tab and newline."""
    return "".join(c for c in text if c in "\t\n" or unicodedata.category(c) != "Cc")


def to_json(text: str) -> list[Any]:
    """The tree as JSON for the page's script: strings, or ``{"tag", "children", "href"}``."""
    return json_tree(parse_inline(text))


def json_tree(tree: Iterable[Node]) -> list[Any]:
    out: list[Any] = []
    for node in tree:
        if isinstance(node, str):
            out.append(node)
            continue
        item: dict[str, Any] = {"tag": node.tag, "children": json_tree(node.children)}
        if node.tag == "a":
            item["href"] = node.href
        out.append(item)
    return out


def to_docutils(text: str) -> list[nodes.Node]:
    """Docutils inline nodes: text stays text in every Sphinx builder."""
    return render_docutils(parse_inline(text))


def render_docutils(tree: Iterable[Node]) -> list[nodes.Node]:
    from docutils import nodes

    out: list[nodes.Node] = []
    for node in tree:
        if isinstance(node, str):
            out.append(nodes.Text(node))
        elif node.tag == "br":
            out.append(nodes.Text("\n"))
        elif node.tag == "code":
            out.append(nodes.literal("", _plain(node.children)))
        elif node.tag == "a":
            out.append(nodes.reference("", "", *render_docutils(node.children), refuri=node.href))
        elif node.tag == "em":
            out.append(nodes.emphasis("", "", *render_docutils(node.children)))
        else:
            out.append(nodes.strong("", "", *render_docutils(node.children)))
    return out


# The characters that give text inside a line a meaning in Markdown (CommonMark, GFM tables):
# images and links ([ ] !), HTML and autolinks (< >), code, emphasis, strike-through (` * _ ~),
# table columns (|) and escapes (\). Line-start markers (#, -, 1.) need no escape mid-line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!|~])")


def literal_markdown(text: str) -> str:
    """``text`` that is not Markdown (a student's name, an answer as written), escaped so it
    reads as itself: no image, link, HTML, emphasis or table column; one line."""
    text = " ".join(strip_controls(text).split()).replace("&", "&amp;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
