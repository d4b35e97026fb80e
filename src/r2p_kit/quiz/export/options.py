"""What an exporter needs beyond the quiz: the target Moodle version, Canvas quiz settings.

Defaults suit an exam taken once: one attempt, correct answers not shown, and an export
that any supported Moodle (4.1 and later) imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from r2p_kit.errors import UserError

MoodleVersion = tuple[int, int]
OLDEST_MOODLE: MoodleVersion = (4, 1)
MOODLE_ORDERING_SINCE: MoodleVersion = (4, 5)  # qtype_ordering ships in core from 4.5


@dataclass(frozen=True)
class CanvasSettings:
    """Written to Canvas's ``assessment_meta.xml``; ``allowed_attempts`` -1 means unlimited."""

    shuffle_answers: bool = True
    allowed_attempts: int = 1
    show_correct_answers: bool = False


@dataclass(frozen=True)
class ExportOptions:
    moodle_version: MoodleVersion = OLDEST_MOODLE
    canvas: CanvasSettings = field(default_factory=CanvasSettings)


def parse_moodle_version(text: str, where: str = "--moodle-version") -> MoodleVersion:
    """'4.5' -> (4, 5); a located error for anything that is not MAJOR.MINOR."""
    major, dot, minor = text.strip().partition(".")
    if not (major.isdigit() and (not dot or minor.isdigit())) or len(text) > 10:
        raise UserError.at(where, 0, f"'{text}' is not a Moodle version",
                           "write it as MAJOR.MINOR, for example 4.1 or 4.5")  # fmt: skip
    return (int(major), int(minor or 0))
