"""Write output files as one transaction: all of them or none, never over a file unless asked.

Every file r2p-kit produces goes through :func:`write_files`. The files are first written
into a hidden staging folder beside the target, then moved into place by renames, with
SIGINT and SIGTERM held back until the last rename is done. A failure or an interrupt
before that point removes the staging folder and leaves the target as it was; a failure
during the renames puts back what was there before. So a run leaves either the old files
or the complete new set, never some of them (issue 16).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from r2p_kit.errors import Location, Problem, UserError

OVERWRITE_HINT = "pass --force to replace it, or choose another --out"
STAGING_PREFIX = ".r2p-kit-staging-"


def write_atomic(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write one file (text is UTF-8 encoded): :func:`write_files` with one entry."""
    write_files({Path(path): data}, force=force)


def write_files(files: Mapping[Path, str | bytes], *, force: bool = False) -> None:
    """Write ``files`` (path -> content) all at once, or none of them.

    Raises :class:`UserError`, having written nothing, if any target exists and ``force``
    is false, if a target is a folder, or if the files cannot be written (a full disk, a
    folder without permission). Missing parent folders are created.
    """
    targets = {Path(path): _encode(data) for path, data in files.items()}
    if not targets:
        return
    _refuse_folders(targets)
    if not force:
        _refuse_existing(list(targets))
    parents = [path.absolute().parent for path in targets]
    base = _existing_ancestor(Path(os.path.commonpath(parents)))
    staging = base / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        try:
            _refuse_files_in_the_way(targets, base)
            staging.mkdir()
            for path, data in targets.items():
                staged = staging / path.absolute().relative_to(base)
                staged.parent.mkdir(parents=True, exist_ok=True)
                # O_EXCL: never follow or reuse someone else's file; 0o666 lets the umask decide.
                fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
            with _signals_held():
                _commit(staging, base, staging / ".replaced")
        except OSError as error:
            raise _cannot_write(error, base) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _encode(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _refuse_folders(targets: Mapping[Path, bytes]) -> None:
    problems = [
        Problem(Location(path), "output is a folder, not a file", "give a file name to --out")
        for path in targets
        if path.is_dir()
    ]
    if problems:
        raise UserError(problems)


def _refuse_existing(paths: list[Path]) -> None:
    problems = [
        Problem(Location(path), "output already exists", OVERWRITE_HINT)
        for path in paths
        if path.exists() or path.is_symlink()
    ]
    if problems:
        raise UserError(problems)


def _refuse_files_in_the_way(targets: Mapping[Path, bytes], base: Path) -> None:
    """Every folder a target needs must be a folder or not exist yet."""
    for path in targets:
        for folder in path.absolute().parents:
            if folder == base:
                break
            if folder.exists() and not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "Not a directory", str(folder))


def _existing_ancestor(folder: Path) -> Path:
    """``folder`` or its nearest ancestor that exists: where the staging folder can go."""
    while not folder.is_dir() and folder != folder.parent:
        folder = folder.parent
    return folder


def _cannot_write(error: OSError, where: Path) -> UserError:
    reason = error.strerror or str(error)
    place = Path(error.filename) if error.filename else where
    if place.name.startswith(STAGING_PREFIX) or STAGING_PREFIX in str(place):
        place = where
    return UserError.at(
        place,
        0,
        f"cannot write output: {reason}; nothing was written",
        "check that the folder exists, that you may write to it and that the disk has room",
    )


def _commit(staged: Path, target: Path, replaced: Path) -> None:
    """Move the staged tree into ``target``; on failure, undo every move made so far."""
    done: list[tuple[Path, Path]] = []  # (from, to) renames, to undo in reverse order
    try:
        _move_tree(staged, target, replaced, done)
    except BaseException:
        for source, destination in reversed(done):
            with contextlib.suppress(OSError):
                os.replace(destination, source)
        raise


def _move_tree(staged: Path, target: Path, replaced: Path, done: list[tuple[Path, Path]]) -> None:
    for entry in sorted(staged.iterdir()):
        if entry == replaced:
            continue
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _move_tree(entry, destination, replaced / entry.name, done)
            continue
        if destination.exists() and (entry.is_dir() or destination.is_dir()):
            # a file where a folder must go, or the other way round
            raise NotADirectoryError(errno.ENOTDIR, "a file is in the way of a folder", destination)
        if destination.exists() or destination.is_symlink():  # only with force
            replaced.mkdir(parents=True, exist_ok=True)
            backup = replaced / entry.name
            os.replace(destination, backup)
            done.append((destination, backup))
        os.replace(entry, destination)
        done.append((entry, destination))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is over, so the renames are never cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
