"""A snapshot of the course sources that every lint check reads: pages, modules, glossary.

Each page is read and scanned once here, so the checks stay small and never touch the
disk themselves (except the bank loader, which is the only reader of ``questions.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from r2p_kit.contrib.pages import Page, markdown_pages, read_page
from r2p_kit.contrib.toc import TocEntry, docname_of, toc_entries
from r2p_kit.paths import module_dirs, split_module_dir

BANK_FILE = "questions.yaml"
PAGE_FILE = "index.md"


@dataclass(frozen=True)
class ModuleFolder:
    """``docs/modules/NN-slug``: its number, slug, page and bank paths."""

    folder: Path
    number: int
    slug: str

    @property
    def page(self) -> Path:
        return self.folder / PAGE_FILE

    @property
    def bank(self) -> Path:
        return self.folder / BANK_FILE


@dataclass
class CourseTree:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @cached_property
    def pages(self) -> dict[str, Page]:
        """Every page Sphinx reads, by docname (``modules/01-origins/index``)."""
        return {docname_of(self.docs, path): read_page(path) for path in markdown_pages(self.docs)}

    @cached_property
    def modules(self) -> list[ModuleFolder]:
        found = []
        for folder in module_dirs(self.root):
            number, slug = split_module_dir(folder) or (0, "")
            found.append(ModuleFolder(folder, number, slug))
        return found

    @cached_property
    def toc(self) -> dict[str, list[TocEntry]]:
        known = set(self.pages)
        return {name: toc_entries(page, name, known) for name, page in self.pages.items()}

    @cached_property
    def glossary(self) -> set[str]:
        """The terms of every ``{glossary}`` directive, lower-cased as Sphinx matches them."""
        terms: set[str] = set()
        for page in self.pages.values():
            for glossary in page.directives_named("glossary"):
                for line in glossary.body:
                    text = line.text.rstrip()
                    if text and not text[0].isspace():
                        terms.add(text.split(" : ")[0].strip().lower())
        return terms

    def page_at(self, path: Path) -> Page | None:
        return self.pages.get(docname_of(self.docs, path)) if path.is_file() else None
