"""Write output files atomically, and never over an existing file unless asked to.

Every file r2p-kit produces goes through here, so an interrupted or failed run leaves
either the old file or the complete new one, never a half-written file.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from r2p_kit.errors import Location, Problem, UserError

OVERWRITE_HINT = "pass --force to replace it, or choose another --out"


def write_atomic(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` through a temporary file and a rename.

    Raises :class:`UserError` if ``path`` exists and ``force`` is false, or if the folder
    cannot be created or written to. Missing parent folders are created.
    """
    path = Path(path)
    if not force:
        _refuse_existing([path])
    _write_one(path, data.encode("utf-8") if isinstance(data, str) else data)


def write_files(files: Mapping[Path, str | bytes], *, force: bool = False) -> None:
    """Write several files, checking first that none would be overwritten without ``force``.

    The check happens before anything is written, so a refused run leaves no new files.
    """
    paths = [Path(path) for path in files]
    if not force:
        _refuse_existing(paths)
    for path, data in files.items():
        _write_one(Path(path), data.encode("utf-8") if isinstance(data, str) else data)


def _refuse_existing(paths: list[Path]) -> None:
    problems = [
        Problem(Location(path), "output already exists", OVERWRITE_HINT)
        for path in paths
        if path.exists() or path.is_symlink()
    ]
    if problems:
        raise UserError(problems)


def _write_one(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise UserError.at(path, 0, "output is a folder, not a file", "give a file name to --out")
    folder = path.parent
    tmp = folder / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # O_EXCL: never follow or reuse someone else's file; mode 0o666 lets the umask decide.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as error:
        reason = error.strerror or str(error)
        raise UserError.at(
            path,
            0,
            f"cannot write output: {reason}",
            "check that the folder exists and that you may write to it",
        ) from None
