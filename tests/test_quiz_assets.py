"""What a student's browser downloads for the self-check: small, readable, and safe.

The budget is on gzipped bytes (what a server sends), for quiz.js, quiz.css and every
other script the extension ships, so readable source with comments costs little.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from r2p_kit.sphinx.quiz.html import ASSET_DIR, QUIZ_CSS, QUIZ_JS

STATIC = ASSET_DIR.parent
GZIP_BUDGET = 12_000  # bytes, gzip -9, what a module page with a quiz loads
# The "Check your exercise sheet" page loads the quiz's assets and its own: a sheet reader
# with the command's messages (issue 15) does not fit in what was left of 12,000.
SHEET_PAGE_BUDGET = 23_000  # 21,900 with issue 15; the page also carries 250 kB of data
# Ways a script can turn a string into markup or code.
HTML_SINKS = re.compile(
    r"\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|"
    r"createContextualFragment|DOMParser|setTimeout\(\s*[\"'`]"
)


def budgeted_assets() -> list[Path]:
    """quiz.css, the sheet page's CSS and every script in static/."""
    scripts = sorted(STATIC.rglob("*.js"))
    return [ASSET_DIR / QUIZ_CSS, STATIC / "sheets" / "sheet.css", *scripts]


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


PAGES = {  # what each kind of page loads, and its budget
    "module page": ((ASSET_DIR / QUIZ_JS, ASSET_DIR / QUIZ_CSS), GZIP_BUDGET),
    "sheet page": (
        (ASSET_DIR / QUIZ_JS, ASSET_DIR / QUIZ_CSS, STATIC / "sheets" / "sheet.js",
         STATIC / "sheets" / "sheet.css"),
        SHEET_PAGE_BUDGET,
    ),
}  # fmt: skip


def test_assets_fit_the_gzipped_budget() -> None:
    for page, (assets, budget) in PAGES.items():
        sizes = {path.name: gzipped_size(path) for path in assets}
        assert sum(sizes.values()) <= budget, (page, sizes)


def test_every_asset_is_in_a_page_budget() -> None:
    counted = {path for assets, _budget in PAGES.values() for path in assets}
    assert set(budgeted_assets()) <= counted


def test_scripts_never_turn_text_into_html_or_code() -> None:
    for script in STATIC.rglob("*.js"):
        source = script.read_text(encoding="utf-8")
        assert not HTML_SINKS.findall(source), script


def test_assets_load_nothing_from_elsewhere() -> None:
    for path in budgeted_assets():
        source = path.read_text(encoding="utf-8")
        assert "http://" not in source and "https://" not in source, path
        assert "@import" not in source, path


def test_assets_are_readable_source() -> None:
    for path in budgeted_assets():
        lines = path.read_text(encoding="utf-8").splitlines()
        assert max(len(line) for line in lines) <= 110, f"{path.name}: a line over 110 characters"
        assert any(line.startswith("  ") for line in lines), f"{path.name} is not indented"
