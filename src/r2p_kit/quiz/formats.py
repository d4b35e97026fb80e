"""The output formats of ``r2p-kit quiz``, named once for the command line and the renderer.

Kept apart from :mod:`r2p_kit.quiz.render` so the command can list them without importing
the exporters (the CLI starts fast).
"""

from __future__ import annotations

from typing import Literal, get_args

Format = Literal["gift", "moodle-xml", "qti", "json", "markdown"]
FORMATS: tuple[Format, ...] = get_args(Format)
FORMAT_HELP = (
    "gift (Moodle; carries no points: every question imports at 1 mark), moodle-xml "
    "(Moodle, with points: recommended), qti (Canvas), json, markdown (handouts and keys)"
)
