"""One exception family for mistakes a user can make, each carrying where it happened.

The CLI turns any :class:`UserError` into ``file:line: message; hint`` and exit code 2,
so library code raises these instead of printing or exiting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in an input file; line and column are 1-based, 0 when unknown."""

    path: Path | str
    line: int = 0
    column: int = 0

    @classmethod
    def of_byte(cls, path: Path | str, data: bytes, offset: int) -> Location:
        """Where byte ``offset`` of a file's ``data`` is: for undecodable or binary bytes."""
        line = data.count(b"\n", 0, offset) + 1
        return cls(path, line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1)

    def __str__(self) -> str:
        text = str(self.path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Problem:
    """One located finding: what is wrong and how to fix it."""

    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text


@dataclass
class UserError(Exception):
    """Bad input from a student, instructor or contributor; never a bug in r2p-kit."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @classmethod
    def at(cls, path: Path | str, line: int, message: str, hint: str = "") -> UserError:
        return cls([Problem(Location(path, line), message, hint)])

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)
