"""Build small courses for the lint tests: the clean base course with one case's changes."""

from __future__ import annotations

import shutil
from pathlib import Path

from r2p_kit.bank.load import load_module_bank
from r2p_kit.check.course import module_title
from r2p_kit.check.sheet import render_sheet, sheet_name
from r2p_kit.errors import UserError
from r2p_kit.paths import module_dirs

BASE = Path(__file__).parent / "fixtures" / "lint" / "base"


def generate_sheets(course: Path, keep_missing: list[str]) -> None:
    """Write the exercise sheet of every bank that loads, unless it is in ``keep_missing``."""
    for folder in module_dirs(course):
        try:
            bank = load_module_bank(folder / "questions.yaml")
        except UserError:
            continue
        sheet = course / "exercises" / sheet_name(bank)
        if not sheet.exists() and sheet.relative_to(course).as_posix() not in keep_missing:
            sheet.parent.mkdir(exist_ok=True)
            sheet.write_text(render_sheet(bank, module_title(folder)), encoding="utf-8")


def copy_base(dest: Path) -> Path:
    shutil.copytree(BASE, dest)
    return dest
