"""PDF handouts through LaTeX: the Markdown handouts and keys, typeset with XeLaTeX.

All handouts go into one ``handouts.pdf`` (each variant on fresh pages, ready to print
for a class) and all keys into ``answer-keys.pdf``. The Markdown is the source, so
print and screen never disagree; only the small subset the handouts use is converted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from r2p_kit import markup
from r2p_kit.errors import UserError
from r2p_kit.quiz.generate import Quiz

TEX_INSTALL = "sudo apt-get install --no-install-recommends texlive-xetex texlive-latex-recommended"
PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage{fontspec}
\usepackage[margin=2.2cm]{geometry}
\usepackage{enumitem}
\setlist{nosep}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
\pagestyle{plain}
\begin{document}
"""


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
        folder / "handouts.pdf": typeset([markdown_to_latex(t) for t in handouts.values()]),
        folder / "answer-keys" / "answer-keys.pdf": typeset(
            [markdown_to_latex(t) for t in keys.values()]
        ),
    }


def typeset(documents: list[str]) -> bytes:
    """One PDF of ``documents`` (LaTeX bodies), each starting on a new page."""
    source = PREAMBLE + "\n\\clearpage\n".join(documents) + "\n\\end{document}\n"
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
            out.append(markup.render_latex(markup.tree_from_tokens(token.children or [])))
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
