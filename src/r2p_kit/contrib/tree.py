"""A snapshot of the course sources that every lint check reads: pages, modules, glossary.

Each page is read and scanned once here, so the checks stay small and never touch the
disk themselves (except the bank loader, which is the only reader of ``questions.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.pages import Page, markdown_pages, parse_page
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
    unreadable: dict[Path, Finding] = field(default_factory=dict)
    """R2P060 findings for files that could not be read or were not UTF-8, by path."""

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def exercises(self) -> Path:
        return self.root / "exercises"

    @cached_property
    def page_files(self) -> dict[str, Path]:
        """Every page Sphinx reads, by docname, readable or not."""
        return {docname_of(self.docs, path): path for path in markdown_pages(self.docs)}

    @cached_property
    def pages(self) -> dict[str, Page]:
        """Every readable page, by docname (``modules/01-origins/index``)."""
        pages = {}
        for name, path in self.page_files.items():
            text = self.read_text(path)
            if text is not None:
                pages[name] = parse_page(text, path)
        return pages

    def read_bytes(self, path: Path) -> bytes | None:
        """The file's bytes; ``None`` (and an R2P060 finding) when it cannot be read."""
        try:
            return path.read_bytes()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            self.unreadable[path] = Finding(
                path,
                1,
                "R2P060",
                f"cannot read the file: {reason}",
                "check its permissions (`chmod u+r`), or remove it from the course",
            )
            return None

    def read_text(self, path: Path) -> str | None:
        """The file as UTF-8 text; a byte that is not UTF-8 is reported (R2P060) and replaced."""
        data = self.read_bytes(path)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            self.unreadable.setdefault(
                path,
                Finding(
                    path,
                    line,
                    "R2P060",
                    f"the byte 0x{data[error.start]:02x} is not UTF-8 (the file is probably "
                    "Latin-1 or Windows-1252)",
                    "save the file as UTF-8 in your editor",
                ),
            )
            return data.decode("utf-8", errors="replace")

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
