"""PDF handouts through LaTeX: the Markdown handouts and keys, typeset with XeLaTeX.

All handouts go into one ``handouts.pdf`` (each variant on fresh pages, ready to print
for a class) and all keys into ``answer-keys.pdf``. The Markdown is the source, so
print and screen never disagree; only the small subset the handouts use is converted.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from r2p_kit import markup
from r2p_kit.errors import UserError
from r2p_kit.quiz.generate import Quiz

TEX_INSTALL = "sudo apt-get install --no-install-recommends texlive-xetex texlive-latex-recommended"
PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage{fontspec}
\usepackage[margin=2.2cm,headsep=1.2em]{geometry}
\usepackage{enumitem}
\setlist{nosep}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
% Every page names its student (or variant) and numbers the pages of that handout alone.
\makeatletter
\newcommand\handoutmark{}
\def\ps@handout{\def\@oddhead{\small\handoutmark\hfil Page \thepage}%
  \let\@evenhead\@oddhead\def\@oddfoot{}\let\@evenfoot\@oddfoot}
\makeatother
\pagestyle{handout}
% Each handout starts on a right-hand (odd) sheet side, so that printed on both sides no
% student's first page is on the back of someone else's last.
\newcommand\newhandout[1]{\clearpage
  \ifodd\ReadonlyShipoutCounter\null\thispagestyle{empty}\clearpage\fi
  \setcounter{page}{1}\renewcommand\handoutmark{#1}}
\begin{document}
"""
# The line of a handout (or key) that names whose it is: shown at the head of every page.
WHOSE = re.compile(r"^\*\*(?:Student|Variant):\*\* .*?(?=  $|$| · )", re.M)


def markdown_pdfs(quiz: Quiz, files: dict[Path, str | bytes]) -> dict[Path, bytes]:
    """``handouts.pdf`` and ``answer-keys.pdf`` next to the Markdown files in ``files``."""
    if shutil.which("xelatex") is None:
        raise UserError.at("--pdf", 0, "making PDFs needs XeLaTeX, which is not installed",
                           f"install it ({TEX_INSTALL}) or leave out --pdf")  # fmt: skip
    markdown = {p: t for p, t in files.items() if p.suffix == ".md" and isinstance(t, str)}
    keys = {p: t for p, t in markdown.items() if p.parent.name == "answer-keys"}
    handouts = {p: t for p, t in markdown.items() if p not in keys}
    folder = next(iter(handouts)).parent  # by folder, never by name: a student may be "x-key"
    return {
        folder / "handouts.pdf": typeset([handout_latex(t) for t in handouts.values()]),
        folder / "answer-keys" / "answer-keys.pdf": typeset(
            [handout_latex(t, "Answer key") for t in keys.values()]
        ),
    }


def handout_latex(text: str, kind: str = "") -> str:
    """One handout or key as LaTeX, opened by ``\\newhandout`` with its running head: the
    student's name and id (or the variant) from its Student or Variant line."""
    whose = WHOSE.search(text)
    mark = markdown_to_latex(whose.group(0)).strip() if whose else ""
    mark = f"{kind} \\textperiodcentered{{}} {mark}" if kind and mark else kind or mark
    return f"\\newhandout{{{mark}}}\n{markdown_to_latex(text)}"


def typeset(documents: list[str]) -> bytes:
    """One PDF of ``documents`` (from :func:`handout_latex`), each starting on an odd page."""
    source = PREAMBLE + "\n".join(documents) + "\n\\end{document}\n"
    env = {**os.environ, "FORCE_SOURCE_DATE": "1"}
    env.setdefault("SOURCE_DATE_EPOCH", "0")  # no build date unless one is asked for
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "quiz.tex").write_text(source, encoding="utf-8")
        result = subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "quiz.tex"],
            cwd=work, capture_output=True, text=True, env=env, timeout=600, check=False,
        )  # fmt: skip
        pdf = Path(work) / "quiz.pdf"
        if result.returncode != 0 or not pdf.is_file():
            log = result.stdout[-800:]
            message = f"XeLaTeX could not typeset the handout: {log}"
            raise UserError.at("--pdf", 0, message, "report this as a bug in r2p-kit")
        return pdf.read_bytes()


def markdown_to_latex(text: str) -> str:
    """The handout subset of Markdown (headings, paragraphs, lists, quotes, emphasis) as LaTeX."""
    tokens = markup.parse_blocks(text)
    out: list[str] = []
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            out.append(
                {"h1": r"\section*{", "h2": r"\subsection*{"}.get(token.tag, r"\paragraph*{")
            )
        elif kind == "heading_close":
            out.append("}\n")
        elif kind == "inline":
            children = token.children or []
            curl_quotes(children)
            out.append(markup.render_latex(markup.tree_from_tokens(children)))
        elif kind == "paragraph_close":
            out.append("\n\n")
        elif kind == "bullet_list_open":
            out.append("\\begin{itemize}\n")
        elif kind == "bullet_list_close":
            out.append("\\end{itemize}\n")
        elif kind == "ordered_list_open":
            out.append(f"\\begin{{enumerate}}[start={token.attrGet('start') or 1}]\n")
        elif kind == "ordered_list_close":
            out.append("\\end{enumerate}\n")
        elif kind == "list_item_open":
            out.append("\\item ")
        elif kind == "blockquote_open":
            out.append("\\begin{quote}\n")
        elif kind == "blockquote_close":
            out.append("\\end{quote}\n")
    return "".join(out)


OPENS_AFTER = " \t\n([{\u2014\u2013/"  # a quote after these (or at the start) opens


def curl_quotes(children: list[Any]) -> None:
    """Straight quotes as typeset quotes: "x" as \u201cx\u201d and 'x' as \u2018x\u2019 (an
    apostrophe stays \u2019). TeX would print every straight double quote as a closing one."""
    before = " "
    for child in children:
        if child.type == "softbreak":
            before = " "
        if child.type != "text":
            continue
        out = []
        for char in child.content:
            if char in "\"'":
                opening = before in OPENS_AFTER
                char = {
                    ('"', True): "\u201c", ('"', False): "\u201d",
                    ("'", True): "\u2018", ("'", False): "\u2019",
                }[char, opening]  # fmt: skip
            out.append(char)
            before = char
        child.content = "".join(out)
