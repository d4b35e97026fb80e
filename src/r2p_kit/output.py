"""Write output files as one transaction: all of them or none, never over a file unless asked.

Every file r2p-kit produces goes through :func:`write_files`. The files are first written
into a hidden staging folder beside the target, then moved into place by renames, with
SIGINT and SIGTERM held back until the last rename is done. A failure or an interrupt
before that point removes the staging folder and leaves the target as it was; a failure
during the renames puts back what was there before. So a run leaves either the old files
or the complete new set, never some of them (issue 16).

A large run is written as it is made: :func:`write_stream` takes the target paths first
(to refuse what exists before any work) and then the contents one by one, each a string,
bytes or an iterable of pieces, so that at no time does more than one file, or one piece
of a file, need to be in memory (issue 12, item 6).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeAlias

from r2p_kit.errors import Location, Problem, UserError

OVERWRITE_HINT = "pass --force to replace it, or choose another --out"
STAGING_PREFIX = ".r2p-kit-staging-"
# A file's content: text (written as UTF-8), bytes, or an iterable of such pieces.
Content: TypeAlias = str | bytes | Iterable[str | bytes]


def write_atomic(path: Path, data: str | bytes, *, force: bool = False) -> None:
    """Write one file (text is UTF-8 encoded): :func:`write_files` with one entry."""
    write_files({Path(path): data}, force=force)


def write_files(files: Mapping[Path, Content], *, force: bool = False) -> None:
    """Write ``files`` (path -> content) all at once, or none of them.

    Raises :class:`UserError`, having written nothing, if any target exists and ``force``
    is false, if a target is a folder, or if the files cannot be written (a full disk, a
    folder without permission). Missing parent folders are created.
    """
    write_stream([Path(path) for path in files], files.items(), force=force)


def write_stream(
    paths: Collection[Path], files: Iterable[tuple[Path, Content]], *, force: bool = False
) -> None:
    """:func:`write_files` for contents made one at a time: every target is named in
    ``paths`` first, and ``files`` yields (path, content) pairs for exactly those paths.

    Nothing is made before the targets are checked, and nothing reaches them unless every
    content was made and staged: an error or an interrupt while ``files`` is being consumed
    leaves the targets as they were.
    """
    targets = {Path(path).absolute(): Path(path) for path in paths}
    if not targets:
        return
    _refuse_folders(targets.values())
    if not force:
        _refuse_existing(list(targets.values()))
    parents = [path.parent for path in targets]
    base = _existing_ancestor(Path(os.path.commonpath(parents)))
    staging = base / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        try:
            _refuse_files_in_the_way(targets, base)
            staging.mkdir()
            written = set()
            for path, content in files:
                target = Path(path).absolute()
                if target not in targets or target in written:
                    raise ValueError(f"{path} was not named, or came twice")  # a bug, not input
                written.add(target)
                _stage(staging / target.relative_to(base), content)
            if len(written) != len(targets):
                raise ValueError("some named outputs were never made")  # a bug, not input
            with _signals_held():
                _commit(staging, base, staging / ".replaced")
        except OSError as error:
            raise _cannot_write(error, base) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(staged: Path, content: Content) -> None:
    """Write one file into the staging folder, piece by piece."""
    staged.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: never follow or reuse someone else's file; 0o666 lets the umask decide.
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    with os.fdopen(fd, "wb", buffering=1 << 16) as handle:
        pieces = [content] if isinstance(content, str | bytes) else content
        for piece in pieces:
            handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


def _refuse_folders(targets: Iterable[Path]) -> None:
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


def _refuse_files_in_the_way(targets: Iterable[Path], base: Path) -> None:
    """Every folder a target (an absolute path) needs must be a folder or not exist yet."""
    checked: set[Path] = set()
    for path in targets:
        if path.parent in checked:  # thousands of files in one folder: check it once
            continue
        checked.add(path.parent)
        for folder in path.parents:
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
