"""Add a module to the course's tables of contents and to the landing page's grid of cards.

The edits are line insertions into the author's own Markdown, placed by module number
next to the existing module entries and indented like them, so the diff of a new-module
pull request shows exactly one new line per toctree and one new card.
"""

from __future__ import annotations

import re
from pathlib import Path

from r2p_kit.contrib.pages import Directive, Page, parse_page
from r2p_kit.contrib.toc import INSTRUCTOR
from r2p_kit.errors import UserError

MODULE_ENTRY = re.compile(r"^(?P<indent>\s*)/?modules/(?P<number>\d+)-[^/\s]+/index\s*$")
CARD_NUMBER = re.compile(r"^(?P<number>\d+)\.\s")
MODULES_CAPTION = "Modules"


def module_entry(number: int, slug: str) -> str:
    return f"modules/{number:02d}-{slug}/index"


def add_toctree_entry(text: str, path: Path, number: int, slug: str) -> str:
    """``text`` with the module's entry in its modules toctree, in module-number order."""
    page = parse_page(text, path)
    toctree = _modules_toctree(page)
    if toctree is None:
        raise UserError.at(
            path,
            0,
            "found no toctree listing the modules",
            f"add a toctree with `:caption: {MODULES_CAPTION}`, or add "
            f"`{module_entry(number, slug)}` to it by hand",
        )
    entries = [
        (line.number, int(match["number"]), match["indent"])
        for line in toctree.body
        if (match := MODULE_ENTRY.match(line.text))
    ]
    filled = [line for line in toctree.body if line.text.strip()]
    new = module_entry(number, slug)
    if entries:
        before = [entry for entry in entries if entry[1] < number]
        if before:
            at, indent = before[-1][0], before[-1][2]  # after the last smaller module
        else:
            at, indent = entries[0][0] - 1, entries[0][2]  # before the first module
    elif filled:
        last = filled[-1].text
        at, indent = filled[-1].number, last[: len(last) - len(last.lstrip())]
    else:
        at, indent = toctree.end - 1, ""
    return _insert(text, at, [f"{indent}{new}"])


def _modules_toctree(page: Page) -> Directive | None:
    toctrees = [d for d in page.directives_named("toctree") if INSTRUCTOR not in d.scope]
    for toctree in toctrees:
        if any(MODULE_ENTRY.match(line.text) for line in toctree.body):
            return toctree
    for toctree in toctrees:
        if toctree.options.get("caption", "").strip().lower() == MODULES_CAPTION.lower():
            return toctree
    return None


def add_module_card(text: str, path: Path, number: int, card: str) -> str | None:
    """``text`` with ``card`` among the module cards in number order; ``None`` without cards."""
    page = parse_page(text, path)
    cards = [
        (directive, int(match["number"]))
        for directive in page.directives_named("grid-item-card")
        if directive.options.get("link", "").startswith("mod-")
        and (match := CARD_NUMBER.match(directive.argument))
    ]
    if not cards:
        return None
    card_lines = card.rstrip("\n").split("\n")
    before = [directive for directive, card_number in cards if card_number < number]
    if before:
        return _insert(text, before[-1].end, ["", *card_lines])
    return _insert(text, cards[0][0].line - 1, [*card_lines, ""])


def _insert(text: str, after_line: int, new_lines: list[str]) -> str:
    """Insert ``new_lines`` after line ``after_line`` (1-based; 0 inserts at the top).

    The file's own line ending is kept, so a Windows checkout gets no mixed endings.
    """
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    lines[after_line:after_line] = new_lines
    return newline.join(lines)
