"""Exercise sheets on the course site (issue 15): every module page offers its sheet for
download (Markdown and a printable page, :mod:`.downloads`), and the "Check your exercise
sheet" page marks a filled sheet in the browser with the quizzes' matcher (:mod:`.page`).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from r2p_kit.sphinx.sheets import downloads, page


def setup_sheets(app: Sphinx) -> None:
    app.add_config_value(
        "r2p_sheet_check_page",
        "start-here/check-sheet",
        "html",
        types=[str],
        description="the page that holds the r2p-sheet-check directive",
    )
    downloads.setup_downloads(app)
    page.setup_page(app)
