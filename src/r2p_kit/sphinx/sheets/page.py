"""The ``r2p-sheet-check`` directive: a page where a student chooses, drops or pastes a
filled exercise sheet and gets the report ``r2p-kit check`` gives, from the built files
alone (also as file://), with no request to anywhere.

The page carries, per module, the data of :mod:`.data` in a ``<script
type="application/json">`` element (data, never run), and loads quiz.js (the matcher)
and sheet.js (reading a sheet, the report). Every bank is a dependency of the page, so
a changed bank rebuilds it. Other builders get a sentence that points to the website.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.html5 import HTML5Translator

from r2p_kit.check.course import module_title
from r2p_kit.paths import split_module_dir
from r2p_kit.sphinx.quiz.banks import BANK_FILE, read_bank
from r2p_kit.sphinx.quiz.html import is_interactive, link_quiz_js
from r2p_kit.sphinx.sheets.data import module_data, reading_rules

ASSET_DIR = Path(__file__).resolve().parent.parent / "static" / "sheets"
SHEET_JS = "sheet.js"
SHEET_CSS = "sheet.css"
OFFLINE_NOTE = (
    "Checking a sheet needs this page in a web browser: open the course website, "
    "or the HTML pages built with make html, and look for “Check your exercise sheet”."
)
FORM = """\
<div class="r2p-sheet-check">
<p class="r2p-sheet-intro">Your sheet stays in this browser: nothing is sent or saved.</p>
<div class="r2p-sheet-drop">
<label for="r2p-sheet-file">Choose your filled sheet (the <code>.md</code> file)</label>
<input type="file" id="r2p-sheet-file" accept=".md,.txt,text/markdown,text/plain">
<p>or drop the file here.</p>
</div>
<label for="r2p-sheet-text">Or paste the whole sheet here</label>
<textarea id="r2p-sheet-text" rows="8" spellcheck="false"></textarea>
<p><button type="button" class="r2p-sheet-run">Check the pasted sheet</button></p>
<noscript><p>Checking a sheet needs JavaScript.</p></noscript>
<div class="r2p-sheet-report" role="region" aria-label="Report on your sheet" tabindex="-1">
</div>
<p class="r2p-sheet-status" role="status" aria-live="polite"></p>
"""


class r2p_sheet_check(nodes.General, nodes.Element):
    """Where the form goes; the data is gathered when the page is written."""


class SheetCheckDirective(SphinxDirective):
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        for bank in _bank_files(Path(self.env.srcdir, self.config.r2p_quiz_modules)):
            self.env.note_dependency(str(bank))
        node = r2p_sheet_check()
        self.set_source_info(node)
        return [node]


def _bank_files(modules: Path) -> list[Path]:
    if not modules.is_dir():
        return []
    return [
        folder / BANK_FILE
        for folder in sorted(modules.iterdir())
        if split_module_dir(folder) and (folder / BANK_FILE).is_file()
    ]


class SheetCheckForPrint(SphinxPostTransform):
    """EPUB, PDF and text readers get a sentence in place of the form."""

    default_priority = 200

    def is_supported(self) -> bool:
        return not is_interactive(self.app.builder)

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(r2p_sheet_check)):
            node.replace_self(nodes.paragraph("", OFFLINE_NOTE))


def _rereads(translator: HTML5Translator) -> dict[str, dict[str, str]]:
    """Every label of the course as a link from this page, with the title it names."""
    builder = translator.builder
    here = builder.current_docname
    labels = translator.builder.env.domaindata["std"]["labels"]
    out = {}
    for label, (docname, anchor, title) in labels.items():
        uri = builder.get_relative_uri(here, docname)
        out[label] = {"href": f"{uri}#{anchor}" if anchor else uri, "title": title or ""}
    return out


def course_data(translator: HTML5Translator) -> list[dict[str, Any]]:
    """The data of every module with a valid bank, in module order."""
    env = translator.builder.env
    rereads = _rereads(translator)
    modules = []
    for bank_file in _bank_files(Path(env.srcdir, env.config.r2p_quiz_modules)):
        bank, _problems = read_bank(bank_file)  # the module pages report a broken bank
        if bank is not None:
            modules.append(module_data(bank, module_title(bank_file.parent), rereads))
    return modules


def visit_sheet_check(self: HTML5Translator, node: r2p_sheet_check) -> None:
    payload = json.dumps(course_data(self), separators=(",", ":"), ensure_ascii=False)
    # In a <script> element only "</" could end it early; JSON allows "<\/".
    payload = payload.replace("</", "<\\/")
    self.body.append(FORM)
    self.body.append(f'<script type="application/json" id="r2p-sheet-data">{payload}</script>\n')
    rules = json.dumps(reading_rules(), separators=(",", ":"), ensure_ascii=False)
    rules = rules.replace("</", "<\\/")
    self.body.append(f'<script type="application/json" id="r2p-sheet-rules">{rules}</script>\n')
    self.body.append("</div>\n")
    raise nodes.SkipNode


def add_assets(app: Sphinx) -> None:
    if is_interactive(app.builder):
        app.config.html_static_path.append(str(ASSET_DIR))


def link_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """quiz.js (the matcher) before sheet.js, on the page with the form only.

    Not quiz.css: the page has no quiz form, and sheet.css styles its verdicts."""
    if not is_interactive(app.builder) or doctree is None:
        return
    if next(iter(doctree.findall(r2p_sheet_check)), None) is not None:
        app.add_css_file(SHEET_CSS)
        link_quiz_js(app)
        app.add_js_file(SHEET_JS, loading_method="defer")


def setup_page(app: Sphinx) -> None:
    app.add_node(r2p_sheet_check, html=(visit_sheet_check, None))
    app.add_directive("r2p-sheet-check", SheetCheckDirective)
    app.add_post_transform(SheetCheckForPrint)
    app.connect("builder-inited", add_assets)
    app.connect("html-page-context", link_assets)
