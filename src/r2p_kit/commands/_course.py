"""Shared by the sheet, check, key and grade commands: find the course they work on."""

from __future__ import annotations

from pathlib import Path

from r2p_kit.errors import UserError


def course_root(given: str | None, near: Path | None = None) -> Path:
    """``--course`` if given, else the course around the current folder, else around ``near``."""
    from r2p_kit.paths import find_course_root

    if given:
        return find_course_root(Path(given))
    try:
        return find_course_root()
    except UserError:
        if near is None:
            raise
        return find_course_root(near)


def course_to_check(given: str | None, near: Path | None = None) -> Path:
    """:func:`course_root`, else the course an installed wheel carries (issue 15), so a
    student's ``r2p-kit check`` works in any folder. Only ``check`` falls back: a command
    that writes into a course must never write into the installed package."""
    from r2p_kit.packaged import packaged_course

    try:
        return course_root(given, near)
    except UserError:
        packaged = None if given else packaged_course()
        if packaged is None:
            raise
        return packaged
