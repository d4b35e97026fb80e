"""``r2p-kit new module``: start a module that builds with ``-W`` and lints clean at once.

The templates (``r2p_kit/templates/module-*``) hold every required section, with
``TODO`` instructions where the author writes, and one valid question of each of the
most used types. Everything is prepared and validated in memory first, then every file
(new and edited) is written in one transaction (:func:`r2p_kit.output.write_files`:
a staging folder beside the target, renamed into place at the end), so a refused, failed
or interrupted run leaves the course as it was, without an empty module folder.

The title lands in every page's navigation, the landing page's card and the PDF's
contents, so it must be plain text: Markdown or MyST markup and HTML are refused.

A module placed before others (``--after SLUG``) renumbers the later ones in the same
transaction (:mod:`.renumber`): their folders and sheets are renamed, headings, toctrees,
cards and module lists follow, and their old addresses go into ``docs/redirects.yaml``.
"Module N" in prose is the ``{r2p:module}`` role, numbered by the build, so it follows too.
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
from r2p_kit.contrib.renumber import (
    Move,
    Renumbering,
    add_list_item,
    find_module,
    plan_renumbering,
    remove_old_files,
)
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
    renumbered: tuple[Move, ...] = ()

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
    root: Path, title: str, *, after: str | int | None = None, slug: str | None = None
) -> NewModule:
    """Add module ``title`` to the course at ``root``: page, bank, sheet, contents, card.

    ``after`` names the module it follows (slug, folder name or number; ``0``: first);
    the modules after it are renumbered.
    """
    tree = CourseTree(Path(root).resolve())
    title = _check_title(title)
    slug = _check_slug(tree, slug if slug is not None else slug_from_title(title), title)
    number = _choose_number(tree, after)
    plan = plan_renumbering(tree, _shifted(tree, number))
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
        tree, number, slug, template("module-card.md").substitute(values), plan
    )
    _refuse_existing(tree, new_files)
    # new files were refused above if present; renamed ones by plan_renumbering
    write_files({**plan.files, **new_files, **edits}, force=True)
    remove_old_files(plan)
    renamed = set(plan.renamed.values())
    updated = [path for path in {**plan.files, **edits} if path not in renamed]
    return NewModule(
        number,
        slug,
        title,
        tuple(new_files),
        tuple(updated),
        tuple(notes),
        tuple(plan.moves),
    )


def _shifted(tree: CourseTree, number: int) -> dict[str, int]:
    """New numbers for the modules from ``number`` on, when ``number`` is taken."""
    if all(module.number != number for module in tree.modules):
        return {}
    return {module.slug: module.number + 1 for module in tree.modules if module.number >= number}


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


def _choose_number(tree: CourseTree, after: str | int | None) -> int:
    """The new module's number: after the last module, or after the one ``after`` names."""
    last = max((module.number for module in tree.modules), default=0)
    if after is None:
        number = last + 1
    elif str(after).strip() in ("0", "00"):
        number = 1
    elif isinstance(after, int) or str(after).strip().isdigit():
        numbers = {module.number for module in tree.modules}
        if int(after) not in numbers:
            known = ", ".join(f"{module.number:02d}" for module in tree.modules) or "none yet"
            raise UserError.at(
                COMMAND,
                0,
                f"there is no module {int(after):02d} to add a module after",
                f"--after takes an existing module's slug or number (modules: {known}), "
                "or 0 for first",
            )
        number = int(after) + 1
    else:
        number = find_module(tree, str(after), COMMAND).number + 1
    if last + 1 > MAX_MODULES:  # inserting renumbers the last module to last + 1
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
    tree: CourseTree, number: int, slug: str, card: str, plan: Renumbering
) -> tuple[dict[Path, str], list[str]]:
    """New texts of docs/index.md (toctree and card), docs/book.md (the PDF's toctree) and
    of every page with an ordered list of all the modules (the instructor guide's), on top
    of the renumbering ``plan``."""
    edits: dict[Path, str] = {}
    notes: list[str] = []
    index = tree.docs / "index.md"
    if not index.is_file():
        raise UserError.at(index, 0, "the course has no landing page", "run from the course")
    text = add_toctree_entry(plan.text(index), index, number, slug)
    with_card = add_module_card(text, index, number, card)
    if with_card is None:
        notes.append(f"{index.name} has no module cards, so no card was added")
    edits[index] = with_card or text
    book = tree.docs / "book.md"
    if book.is_file():
        edits[book] = add_toctree_entry(plan.text(book), book, number, slug)
    slugs = [module.slug for module in tree.modules]
    for page in tree.pages.values():
        if page.path in edits or page.path in plan.renamed:
            continue
        text = plan.text(page.path)
        listed = add_list_item(text, slugs, number, slug)
        if listed != text:
            edits[page.path] = listed
    return edits, notes
