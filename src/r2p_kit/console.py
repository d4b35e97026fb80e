"""What r2p-kit prints goes through here: nothing from a sheet, roster or bank can drive the
terminal or the CI log.

A sheet may hold escape sequences (clear the screen, set the window title, hide text),
C0/C1 control characters and bidirectional overrides; a file name may too. The CLI
wraps standard output and standard error in :class:`SafeText`, which removes them from
everything written, whichever code path wrote it (issue 16). The only sequences kept are
the colours r2p-kit's own report uses, on a terminal; text from input that is shown in a
coloured report is passed through :func:`clean` first, so it cannot carry colours either.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

# ESC [ ... final byte (CSI); ESC ] ... BEL or ESC \ (OSC) when it ends on the same line;
# else ESC and the character after it. An unterminated OSC loses only its ESC, so the rest
# of the message stays readable and nothing is left for the terminal to interpret.
_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*+[ -/]*+[@-~]?|\][^\x07\x1b\n]{0,512}+(?:\x07|\x1b\\)|.?)", re.S
)
_COLOUR = re.compile(r"\x1b\[[0-9;]{0,12}m")
# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embeddings,
# overrides and isolates that can make a line read differently from what it holds.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` without escape sequences, control characters (but tab and newline) and bidi
    overrides; carriage returns become newlines, so no line can overwrite another."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def clean_keeping_colour(text: str) -> str:
    """Like :func:`clean`, but r2p-kit's own colour codes (``ESC [ 1;32 m``) survive."""
    parts = _COLOUR.split(text)
    codes = _COLOUR.findall(text)
    out = [clean(parts[0])]
    for code, part in zip(codes, parts[1:], strict=True):
        out += [code, clean(part)]
    return "".join(out)


def plural(count: int, noun: str, nouns: str = "") -> str:
    """``1 file``, ``2 files``; ``nouns`` for an irregular plural."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


class SafeText(io.TextIOBase):
    """A text stream that cleans everything written to it before passing it on."""

    def __init__(self, stream: TextIO, *, keep_colour: bool = False) -> None:
        super().__init__()
        self.stream = stream
        self._clean = clean_keeping_colour if keep_colour else clean

    def write(self, text: str) -> int:
        self.stream.write(self._clean(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    def reconfigure(self, **options: object) -> None:
        reconfigure = getattr(self.stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(**options)
