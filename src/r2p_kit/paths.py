"""Find the course on disk, so every command works from any folder inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

from r2p_kit.errors import UserError

MODULE_DIR = re.compile(r"^(?P<number>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")


def find_course_root(start: Path | None = None) -> Path:
    """Walk up from ``start`` (default: the current folder) to the folder with ``docs/modules``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "docs" / "modules").is_dir():
            return folder
    raise UserError.at(
        here,
        0,
        "not inside an r2p-kit course: no docs/modules folder here or in any parent folder",
        "run the command from inside the course repository",
    )


def module_dirs(course_root: Path) -> list[Path]:
    """The ``docs/modules/NN-slug`` folders, in module order; other folders are ignored."""
    modules = course_root / "docs" / "modules"
    if not modules.is_dir():
        return []
    found = [p for p in modules.iterdir() if p.is_dir() and MODULE_DIR.match(p.name)]
    return sorted(found, key=lambda p: p.name)


def split_module_dir(folder: Path) -> tuple[int, str] | None:
    """``01-origins`` -> ``(1, "origins")``; ``None`` when the name is not ``NN-slug``."""
    match = MODULE_DIR.match(folder.name)
    if not match:
        return None
    return int(match["number"]), match["slug"]


def display_path(path: Path) -> Path:
    """``path`` relative to the current folder when it is inside it, for short messages."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path)
