"""Give modules new numbers: rename their folders and sheets and rewrite every list of modules.

A module's number is its place in the course, and it is written in several places: the
folder (``docs/modules/NN-slug``), the exercise sheet (``exercises/NN-slug.md`` and the
sheet's heading), the page's ``# N. Title``, the toctrees of ``docs/index.md`` and
``docs/book.md``, the landing page's cards, and ordered lists of ``{ref}`mod-SLUG``` (the
instructor guide's). :func:`plan_renumbering` works out the new text of every one of them
in memory; the caller writes them in one transaction (:func:`r2p_kit.output.write_files`)
and only then removes the old files (:func:`remove_old_files`). Question ids are
``slug/name`` and do not change; "Module N" in prose is the ``{r2p:module}`` role, which
the build numbers from the table of contents, so no prose needs editing.

Every old page address is kept in ``docs/redirects.yaml`` (see :mod:`.redirects`), from
which the HTML build writes a redirect page, so links to the old folder keep working.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from r2p_kit.contrib.contents import CARD_NUMBER, MODULE_ENTRY
from r2p_kit.contrib.pages import parse_page
from r2p_kit.contrib.redirects import REDIRECTS_FILE, read_redirects, render_redirects, updated
from r2p_kit.contrib.tree import CourseTree, ModuleFolder
from r2p_kit.errors import UserError

TITLE_LINE = re.compile(r"^(?P<pre># )(?P<number>\d+)(?P<post>\.\s.*)$")
SHEET_HEADING = re.compile(r"^(?P<pre># Exercise sheet\. Module )(?P<number>\d+)(?P<post>\b.*)$")
CARD_LINE = re.compile(r"^(?P<pre>\s*:{3,}\{grid-item-card\}\s*)(?P<number>\d+)(?P<post>\..*)$")
# "4. {ref}`mod-dialogue-2011`": one item of an ordered list of modules.
LIST_ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<number>\d+)(?P<dot>[.)]\s+)\{ref\}`mod-(?P<slug>[a-z0-9-]+)`(?P<rest>.*)$"
)


@dataclass(frozen=True)
class Move:
    """One module that changes number: ``04-dialogue-2011`` -> ``05-dialogue-2011``."""

    slug: str
    old: int
    new: int

    @property
    def old_folder(self) -> str:
        return f"{self.old:02d}-{self.slug}"

    @property
    def new_folder(self) -> str:
        return f"{self.new:02d}-{self.slug}"

    def describe(self) -> str:
        now = f"module {self.old} is now {self.new}"
        return f"renamed {self.old_folder} -> {self.new_folder} ({now})"


@dataclass
class Renumbering:
    """The modules that move, every file to write (path -> content) and the files to remove."""

    moves: list[Move]
    files: dict[Path, str | bytes] = field(default_factory=dict)
    removed: list[Path] = field(default_factory=list)
    renamed: dict[Path, Path] = field(default_factory=dict)
    """Old path -> new path of every file that moves (also listed in ``files``)."""
    old_folders: list[Path] = field(default_factory=list)

    def text(self, path: Path) -> str:
        """The planned text of ``path``, or its text on disk when the plan leaves it alone."""
        planned = self.files.get(path)
        if isinstance(planned, str):
            return planned
        return read_text(path)


def read_text(path: Path) -> str:
    """The text with its line endings as they are (``read_text`` would turn CRLF into LF)."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise UserError.at(path, 0, f"not UTF-8 ({error.reason})", "save it as UTF-8") from None


def plan_renumbering(tree: CourseTree, numbers: Mapping[str, int]) -> Renumbering:
    """Every edit that gives each module (by slug) its number in ``numbers``.

    Modules left out of ``numbers`` keep theirs. Nothing is written here.
    """
    moves = [
        Move(module.slug, module.number, numbers[module.slug])
        for module in tree.modules
        if module.slug in numbers and numbers[module.slug] != module.number
    ]
    plan = Renumbering(moves)
    if not moves:
        return plan
    final = {m.slug: numbers.get(m.slug, m.number) for m in tree.modules}
    taken: dict[int, str] = {}
    for slug, number in final.items():
        if number in taken:
            raise ValueError(f"modules {taken[number]} and {slug} would both be {number}")
        taken[number] = slug
    by_slug = {module.slug: module for module in tree.modules}
    for move in moves:
        _move_folder(tree, plan, by_slug[move.slug], move)
        _move_sheet(tree, plan, move)
    for path in sorted(page.path for page in tree.pages.values()):
        if path in plan.renamed:
            continue  # a moved page: its new copy is already planned
        text = plan.text(path)
        new_text = renumber_toctrees(text, path, final)
        new_text = renumber_lists(renumber_cards(new_text, path, final), final)
        if new_text != text:
            plan.files[path] = new_text
    _record_redirects(tree, plan)
    return plan


def _move_folder(tree: CourseTree, plan: Renumbering, module: ModuleFolder, move: Move) -> None:
    target = module.folder.with_name(move.new_folder)
    if target.exists():
        raise UserError.at(
            target.relative_to(tree.root),
            0,
            f"cannot renumber {move.old_folder}: this folder is in the way",
            "remove it if it is left over, then run the command again",
        )
    for path in sorted(p for p in module.folder.rglob("*") if p.is_file()):
        new_path = target / path.relative_to(module.folder)
        if path == module.page:
            plan.files[new_path] = renumber_title(read_text(path), move.new)
        else:
            plan.files[new_path] = path.read_bytes()
        plan.removed.append(path)
        plan.renamed[path] = new_path
    plan.old_folders.append(module.folder)


def _move_sheet(tree: CourseTree, plan: Renumbering, move: Move) -> None:
    old = tree.exercises / f"{move.old_folder}.md"
    if not old.is_file():
        return  # lint reports the missing sheet (R2P010)
    new = tree.exercises / f"{move.new_folder}.md"
    if new.exists():
        raise UserError.at(
            new.relative_to(tree.root),
            0,
            f"cannot rename {old.name}: this sheet is in the way",
            "remove it if it is left over, then run the command again",
        )
    text = read_text(old).replace(f"exercises/{move.old_folder}.md", f"exercises/{new.name}")
    plan.files[new] = _replace_number(text, SHEET_HEADING, move.new, count=1)
    plan.removed.append(old)
    plan.renamed[old] = new


def renumber_title(text: str, number: int) -> str:
    """The page with its ``# N. Title`` saying ``number``."""
    return _replace_number(text, TITLE_LINE, number, count=1)


def _replace_number(text: str, pattern: re.Pattern[str], number: int, *, count: int) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for i, line in enumerate(lines):
        match = pattern.match(line)
        if match:
            lines[i] = f"{match['pre']}{number}{match['post']}"
            count -= 1
            if not count:
                break
    return newline.join(lines)


def renumber_toctrees(text: str, path: Path, numbers: Mapping[str, int]) -> str:
    """Module entries of every toctree renamed to their new folders and put in the new order."""
    page = parse_page(text, path)
    blocks: list[tuple[int, int, list[str]]] = []
    for toctree in page.directives_named("toctree"):
        slots = []
        for line in toctree.body:
            match = MODULE_ENTRY.match(line.text)
            if match and _slug_of_entry(line.text) in numbers:
                slots.append((line, match["indent"], _slug_of_entry(line.text)))
        ordered = sorted((numbers[slug], slug) for _, _, slug in slots)
        for (line, indent, _), (new, slug) in zip(slots, ordered, strict=True):
            prefix = "/" if line.text.strip().startswith("/") else ""
            entry = f"{indent}{prefix}modules/{new:02d}-{slug}/index"
            blocks.append((line.number, line.number, [entry]))
    return _replace_blocks(text, blocks)


def _slug_of_entry(entry: str) -> str:
    folder = entry.strip().lstrip("/").split("/")[1]
    return folder.split("-", 1)[1]


def renumber_cards(text: str, path: Path, numbers: Mapping[str, int]) -> str:
    """The landing page's module cards with their new numbers, in the new order."""
    page = parse_page(text, path)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    cards = [
        (directive, directive.options["link"].removeprefix("mod-"))
        for directive in page.directives_named("grid-item-card")
        if directive.options.get("link", "").removeprefix("mod-") in numbers
        and directive.options.get("link", "").startswith("mod-")
        and CARD_NUMBER.match(directive.argument)
    ]
    if not cards:
        return text
    contents = {}
    for directive, slug in cards:
        block = lines[directive.line - 1 : directive.end]
        match = CARD_LINE.match(block[0])
        if match:
            block[0] = f"{match['pre']}{numbers[slug]}{match['post']}"
        contents[slug] = block
    ordered = sorted(contents, key=lambda slug: numbers[slug])
    blocks = [
        (directive.line, directive.end, contents[slug])
        for (directive, _), slug in zip(cards, ordered, strict=True)
    ]
    return _replace_blocks(text, blocks)


def renumber_lists(text: str, numbers: Mapping[str, int] | None = None) -> str:
    """Ordered lists of ``{ref}`mod-SLUG``` items: items in module order, numbered 1, 2, 3."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    blocks: list[tuple[int, int, list[str]]] = []
    for start, items in _list_runs(lines):
        if numbers is not None and not all(m["slug"] in numbers for m in items):
            continue
        order = sorted(items, key=lambda m: numbers[m["slug"]]) if numbers else items
        first = int(items[0]["number"])
        new = [
            f"{m['indent']}{first + i}{m['dot']}{{ref}}`mod-{m['slug']}`{m['rest']}"
            for i, m in enumerate(order)
        ]
        blocks.append((start, start + len(items) - 1, new))
    return _replace_blocks(text, blocks)


def _list_runs(lines: list[str]) -> list[tuple[int, list[re.Match[str]]]]:
    """Runs of two or more consecutive module-list lines: (first line number, matches)."""
    runs: list[tuple[int, list[re.Match[str]]]] = []
    current: list[re.Match[str]] = []
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        match = LIST_ITEM.match(line)
        if match:
            if not current:
                start = number
            current.append(match)
            continue
        if len(current) >= 2:
            runs.append((start, current))
        current = []
    return runs


def add_list_item(text: str, slugs: list[str], number: int, slug: str) -> str:
    """Add ``slug`` as item ``number`` to every ordered list that names all the modules."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for start, items in reversed(_list_runs(lines)):
        if sorted(m["slug"] for m in items) != sorted(slugs):
            continue
        first = items[0]
        index = max(0, min(number - 1, len(items)))
        new = f"{first['indent']}{first['number']}{first['dot']}{{ref}}`mod-{slug}`"
        lines[start - 1 + index : start - 1 + index] = [new]
    return renumber_lists(newline.join(lines))


def _replace_blocks(text: str, blocks: list[tuple[int, int, list[str]]]) -> str:
    """Replace lines ``start`` to ``end`` (1-based, inclusive) of each block, bottom up."""
    if not blocks:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    for start, end, new in sorted(blocks, reverse=True):
        lines[start - 1 : end] = new
    return newline.join(lines)


def _record_redirects(tree: CourseTree, plan: Renumbering) -> None:
    path = tree.docs / REDIRECTS_FILE
    known = read_redirects(path) if path.is_file() else {}
    moved = {f"modules/{m.old_folder}/index": f"modules/{m.new_folder}/index" for m in plan.moves}
    live = {
        name
        for name in tree.page_files
        if not any(name.startswith(f"modules/{m.old_folder}/") for m in plan.moves)
    } | set(moved.values())
    for move in plan.moves:  # every page of a moved folder keeps its address
        folder = f"modules/{move.old_folder}/"
        for name in tree.page_files:
            if name.startswith(folder) and name != f"{folder}index":
                moved[name] = f"modules/{move.new_folder}/{name.removeprefix(folder)}"
    plan.files[path] = render_redirects(updated(known, moved, live))


def remove_old_files(plan: Renumbering) -> None:
    """After the new files are in place: remove the old ones, and old folders left empty."""
    left: list[Path] = []
    for path in plan.removed:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            left.append(path)
    for folder in plan.old_folders:
        for here, _, _ in sorted(os.walk(folder), key=lambda entry: -len(entry[0])):
            with contextlib.suppress(OSError):
                os.rmdir(here)  # only empty folders go
    if left:
        raise UserError.at(
            left[0],
            0,
            f"the modules were renumbered, but {len(left)} old file(s) could not be removed",
            "delete them by hand: " + ", ".join(str(p) for p in left),
        )


def find_module(tree: CourseTree, name: str, command: str) -> ModuleFolder:
    """The module ``name`` names, as people do: ``dialogue-2011``, ``04-dialogue-2011`` or ``4``."""
    text = name.strip()
    for module in tree.modules:
        if text in (module.slug, module.folder.name) or (
            text.isdigit() and int(text) == module.number
        ):
            return module
    known = ", ".join(module.slug for module in tree.modules) or "none yet"
    raise UserError.at(
        command,
        0,
        f"there is no module '{name}' in this course",
        f"name one by its slug or number (modules: {known})",
    )


def numbers_for_order(slugs: list[str]) -> dict[str, int]:
    """Modules in this order, numbered from 1."""
    return {slug: index for index, slug in enumerate(slugs, start=1)}


MOVE_COMMAND = "r2p-kit move module"


def move_module(root: Path, name: str, after: str) -> Renumbering:
    """Move module ``name`` to just after module ``after`` (``0``: first), renumbering the
    modules in between, in one transaction; returns what was done."""
    from r2p_kit.output import write_files

    tree = CourseTree(Path(root).resolve())
    module = find_module(tree, name, MOVE_COMMAND)
    order = [other.slug for other in tree.modules if other.slug != module.slug]
    if after.strip() in ("0", "00"):
        position = 0
    else:
        anchor = find_module(tree, after, MOVE_COMMAND)
        if anchor.slug == module.slug:
            raise UserError.at(
                MOVE_COMMAND,
                0,
                f"cannot move {module.slug} after itself",
                "name the module it should follow",
            )
        position = order.index(anchor.slug) + 1
    order.insert(position, module.slug)
    plan = plan_renumbering(tree, numbers_for_order(order))
    write_files(plan.files, force=True)  # a renamed file in the way was refused when planning
    remove_old_files(plan)
    return plan
