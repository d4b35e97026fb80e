"""The course a wheel carries, so that ``r2p-kit check`` works without the repository.

``setup.py`` copies the course's question banks, ``concepts.yaml``, the module pages (their
titles and section labels, for "Re-read" lines) and ``docs/conf.py`` (read as text for the
site's address, never run) into ``r2p_kit/course/`` of the wheel, laid out as in the
repository, so the same loaders read them. :func:`course_version` names what a checker
marks against; the site's footer shows the same words.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from r2p_kit import __version__

PACKAGED_COURSE = Path(__file__).resolve().parent / "course"
# What the wheel copies, relative to the course root (setup.py reads this list).
COURSE_FILES = (
    "docs/modules/concepts.yaml",
    "docs/modules/*/questions.yaml",
    "docs/modules/*/index.md",
    "docs/conf.py",
)
BANK_FILES = ("docs/modules/concepts.yaml", "docs/modules/*/questions.yaml")


def packaged_course() -> Path | None:
    """The course inside an installed wheel, or ``None`` (a checkout has none)."""
    return PACKAGED_COURSE if (PACKAGED_COURSE / "docs" / "modules").is_dir() else None


def banks_hash(course_root: Path) -> str:
    """12 hex digits of SHA-256 over every bank file's path and bytes, in path order."""
    digest = hashlib.sha256()
    files = sorted({p for pattern in BANK_FILES for p in course_root.glob(pattern)})
    for path in files:
        digest.update(path.relative_to(course_root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def course_version(course_root: Path) -> str:
    """``r2p-kit 0.1.0, question banks 3f2a9c1b7d0e``: the same in the wheel and on the site."""
    return f"r2p-kit {__version__}, question banks {banks_hash(course_root)}"
