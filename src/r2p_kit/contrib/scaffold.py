"""``r2p-kit new module``: start a module that builds with ``-W`` and lints clean at once.

The templates (``r2p_kit/templates/module-*``) hold every required section, with
``TODO`` instructions where the author writes, and one valid question of each of the
most used types. Everything is prepared and validated in memory first, then every file
(new and edited) is written in one transaction (:func:`r2p_kit.output.write_files`:
a staging folder beside the target, renamed into place at the end), so a refused, failed
or interrupted run leaves the course as it was, without an empty module folder.

The title lands in every page's navigation, the landing page's card and the PDF's
contents, so it must be plain text: Markdown or MyST markup and HTML are refused.

Existing modules are never renumbered: renumbering would rename folders and sheets and
break every "Module N" in the prose, which no tool can find reliably. A position that
would need it is refused with an explanation.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template

from r2p_kit.bank.labels import find_labels, labels_in_text
from r2p_kit.bank.load import load_module_bank
from r2p_kit.check.sheet import render_sheet, sheet_name
from r2p_kit.contrib.contents import add_module_card, add_toctree_entry
from r2p_kit.contrib.tree import BANK_FILE, PAGE_FILE, CourseTree
from r2p_kit.errors import UserError
from r2p_kit.output import write_files

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 40
MAX_MODULES = 99
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)-")
MODULE_NUMBER = re.compile(r"^\d{1,2}[.)]\s")  # "8. Title"; a year such as "2005 ..." is fine
COMMAND = "r2p-kit new module"
# Characters that Markdown, MyST or HTML would read as markup in a heading, a sidebar entry or
# a card: `*emphasis*`, `{role}`, `[link]`, `<tag>`, `|table|`, `\\escape`, `$math$`.
MARKUP = re.compile(r"[<>{}\[\]`*_|\\$~^]")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_TITLE_LENGTH = 120


@dataclass(frozen=True)
class NewModule:
    """What ``create_module`` did: the new files and the pages it edited."""

    number: int
    slug: str
    title: str
    created: tuple[Path, ...]
    updated: tuple[Path, ...]
    notes: tuple[str, ...] = ()

    @property
    def folder_name(self) -> str:
        return f"{self.number:02d}-{self.slug}"


def slug_from_title(title: str) -> str:
    """``"The Role of Regional Arrangements"`` -> ``role-of-regional-arrangements``."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    slug = LEADING_ARTICLE.sub("", slug)
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[: MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug


def template(name: str) -> Template:
    source = files("r2p_kit").joinpath("templates").joinpath(name)
    return Template(source.read_text(encoding="utf-8"))


def create_module(
    root: Path, title: str, *, after: int | None = None, slug: str | None = None
) -> NewModule:
    """Add module ``title`` to the course at ``root``: page, bank, sheet, contents, card."""
    tree = CourseTree(Path(root).resolve())
    title = _check_title(title)
    slug = _check_slug(tree, slug if slug is not None else slug_from_title(title), title)
    number = _choose_number(tree, after)
    values = {"number": str(number), "slug": slug, "title": title}
    page_text = template("module-index.md").substitute(values)
    bank_text = template("module-questions.yaml").substitute(values)
    _check_labels(tree, page_text, slug)
    sheet_file, sheet_text = _render_sheet(number, slug, title, bank_text)

    folder = tree.docs / "modules" / f"{number:02d}-{slug}"
    new_files = {
        folder / PAGE_FILE: page_text,
        folder / BANK_FILE: bank_text,
        tree.exercises / sheet_file: sheet_text,
    }
    edits, notes = _contents_edits(
        tree, number, slug, template("module-card.md").substitute(values)
    )
    _refuse_existing(tree, new_files)
    write_files({**new_files, **edits}, force=True)  # new files were refused above if present
    return NewModule(number, slug, title, tuple(new_files), tuple(edits), tuple(notes))


def _check_title(title: str) -> str:
    if CONTROL.search(title.replace("\n", " ").replace("\t", " ")):
        raise UserError.at(
            COMMAND, 0, "the title holds a control character", "type the title as plain text"
        )
    title = " ".join(title.split())
    if not title:
        raise UserError.at(COMMAND, 0, "the module needs a title", f'e.g. {COMMAND} "Prevention"')
    markup = sorted(set(MARKUP.findall(title)))
    if markup:
        raise UserError.at(
            COMMAND,
            0,
            f"the title may not hold {' '.join(markup)}: it appears in every page's navigation, "
            "where Markdown, MyST or HTML would be read as markup",
            "write the title as plain words; emphasis and links belong in the page itself",
        )
    if len(title) > MAX_TITLE_LENGTH:
        raise UserError.at(
            COMMAND,
            0,
            f"the title has {len(title)} characters; a navigation entry has at most "
            f"{MAX_TITLE_LENGTH}",
            "choose a shorter title; the page can open with a longer subtitle",
        )
    if MODULE_NUMBER.match(title) or title.startswith("#"):
        raise UserError.at(
            COMMAND,
            0,
            f"give the title without a number or '#': '{title}'",
            "the number comes from the module's position",
        )
    return title


def _check_slug(tree: CourseTree, slug: str, title: str) -> str:
    if not slug:
        raise UserError.at(
            COMMAND,
            0,
            f"cannot make a folder name from the title '{title}'",
            "give one with --slug, e.g. --slug regional-roots (lowercase letters, digits, hyphens)",
        )
    if not SLUG.match(slug):
        raise UserError.at(
            COMMAND,
            0,
            f"'{slug}' is not a valid slug",
            "use lowercase letters, digits and single hyphens, e.g. regional-roots",
        )
    for module in tree.modules:
        if module.slug == slug:
            raise UserError.at(
                module.folder,
                0,
                f"a module with the slug '{slug}' already exists",
                "choose another title or give another --slug; slugs are never reused",
            )
    return slug


def _choose_number(tree: CourseTree, after: int | None) -> int:
    numbers = {module.number: module.folder.name for module in tree.modules}
    last = max(numbers, default=0)
    if after is None:
        number = last + 1
    else:
        if after < 0 or (after and after not in numbers):
            known = ", ".join(f"{n:02d}" for n in sorted(numbers)) or "none yet"
            raise UserError.at(
                COMMAND,
                0,
                f"there is no module {after:02d} to add a module after",
                f"--after takes an existing module number (modules: {known}), or 0 for first",
            )
        number = after + 1
        if number in numbers:
            following = [name for n, name in sorted(numbers.items()) if n >= number]
            raise UserError.at(
                COMMAND,
                0,
                f"module {number:02d} already exists ({numbers[number]}); adding a module after "
                f"{after:02d} would renumber {len(following)} module(s): {', '.join(following)}",
                "r2p-kit never renumbers modules, because that renames their folders and sheets "
                "and changes every 'Module N' in the prose; add the module at the end (leave "
                "out --after) and propose the new order in your pull request",
            )
    if number > MAX_MODULES:
        raise UserError.at(COMMAND, 0, f"a course has at most {MAX_MODULES} modules")
    return number


def _check_labels(tree: CourseTree, page_text: str, slug: str) -> None:
    """The new page's labels must be new to the course, or the build fails on duplicates."""
    taken = sorted(labels_in_text(page_text) & find_labels(tree.docs))
    if taken:
        raise UserError.at(
            COMMAND,
            0,
            f"the slug '{slug}' would reuse labels the course already has: {', '.join(taken)}",
            "give another --slug",
        )


def _refuse_existing(tree: CourseTree, new_files: dict[Path, str]) -> None:
    """A leftover file (an old sheet, say) would be overwritten: stop and say which."""
    for path in new_files:
        if path.exists():
            raise UserError.at(
                path.relative_to(tree.root),
                0,
                "this file already exists, and a new module never overwrites anything",
                "delete it if it is left over from an earlier module, or give another --slug",
            )


def _render_sheet(number: int, slug: str, title: str, bank_text: str) -> tuple[str, str]:
    """The exercise sheet of the new bank, from the real loader and sheet generator."""
    with tempfile.TemporaryDirectory(prefix="r2p-new-") as scratch:
        folder = Path(scratch) / f"{number:02d}-{slug}"
        folder.mkdir()
        (folder / BANK_FILE).write_text(bank_text, encoding="utf-8")
        bank = load_module_bank(folder / BANK_FILE)
    return sheet_name(bank), render_sheet(bank, title)


def _contents_edits(
    tree: CourseTree, number: int, slug: str, card: str
) -> tuple[dict[Path, str], list[str]]:
    """New texts of docs/index.md (toctree and card) and docs/book.md (the PDF's toctree)."""
    edits: dict[Path, str] = {}
    notes: list[str] = []
    index = tree.docs / "index.md"
    if not index.is_file():
        raise UserError.at(index, 0, "the course has no landing page", "run from the course")
    text = add_toctree_entry(_read(index), index, number, slug)
    with_card = add_module_card(text, index, number, card)
    if with_card is None:
        notes.append(f"{index.name} has no module cards, so no card was added")
    edits[index] = with_card or text
    book = tree.docs / "book.md"
    if book.is_file():
        edits[book] = add_toctree_entry(_read(book), book, number, slug)
    return edits, notes


def _read(path: Path) -> str:
    """The text with its line endings as they are (``read_text`` would turn CRLF into LF)."""
    return path.read_bytes().decode("utf-8")
