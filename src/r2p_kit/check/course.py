"""Find one module of the course on disk: its folder, its bank and its title.

Commands name a module the way people do (``origins``, ``01-origins``, ``1``); this is
where that name becomes a folder, so every command accepts the same spellings.
"""

from __future__ import annotations

import re
from pathlib import Path

from r2p_kit.bank.model import ModuleBank
from r2p_kit.errors import UserError
from r2p_kit.paths import module_dirs, split_module_dir

BANK_FILE = "questions.yaml"
_TITLE = re.compile(r"^#\s+(?:\d+\.\s*)?(?P<title>.+?)\s*#*\s*$")


def resolve_module_dir(course_root: Path, name: str) -> Path:
    """The ``docs/modules/NN-slug`` folder for ``name`` (slug, ``NN-slug``, ``NN`` or ``N``)."""
    wanted = name.strip().lower().removesuffix("/")
    folders = module_dirs(course_root)
    for folder in folders:
        number, slug = split_module_dir(folder) or (0, "")
        if wanted in (slug, folder.name) or (wanted.isdigit() and int(wanted) == number):
            return folder
    known = ", ".join(folder.name for folder in folders) or "none yet"
    raise UserError.at(
        course_root / "docs" / "modules",
        0,
        f"there is no module '{name}'",
        f"name a module by its slug or number; the modules are: {known}",
    )


def load_module(course_root: Path, name: str) -> ModuleBank:
    """Load the question bank of one module, validated by the bank loader."""
    from r2p_kit.bank.load import load_module_bank  # the loader pulls in YAML

    folder = resolve_module_dir(course_root, name)
    path = folder / BANK_FILE
    if not path.is_file():
        raise UserError.at(
            path, 0, "this module has no question bank yet", "add questions.yaml to the module"
        )
    return load_module_bank(path)


def module_title(module_dir: Path) -> str:
    """The title of the module page (``# 1. Origins`` gives ``Origins``), or ``""``."""
    page = module_dir / "index.md"
    try:
        lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        match = _TITLE.match(line)
        if match:
            return match["title"]
    return ""


def module_sheet(course_root: Path, name: str) -> tuple[str, Path]:
    """The generated sheet of a module and where it belongs: ``exercises/NN-slug.md``."""
    from r2p_kit.check.sheet import render_sheet, sheet_name

    module = load_module(course_root, name)
    text = render_sheet(module, module_title(resolve_module_dir(course_root, name)))
    return text, course_root / "exercises" / sheet_name(module)
