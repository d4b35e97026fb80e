"""An essay's rubric as an instructor reads it: one wording for every output that shows it.

The answer keys (Markdown, CSV, PDF), the instructor edition, Moodle's information for
graders and GIFT's comments all show each criterion with its four level descriptors,
named and banded as in the instructor guide (Excellent, 85 to 100 per cent). Each output calls one
of these functions, so no two outputs word a rubric differently. Students never see them.
"""

from __future__ import annotations

from r2p_kit import markup
from r2p_kit.bank.model import RUBRIC_BANDS, Essay, RubricLevel, RubricPoint

RUBRIC_TITLE = "Rubric (a person marks each criterion by the level that fits; keywords never score)"


def level_name(level: RubricLevel) -> str:
    """The level and its band of the criterion's marks: ``Excellent (85\u2013100%)``."""
    return f"{level.capitalize()} ({RUBRIC_BANDS[level]})"


def criterion_text(point: RubricPoint) -> str:
    """One criterion on one line of plain text: the point, then each level's descriptor."""
    if point.levels is None:
        return point.point
    levels = "; ".join(
        f"{level_name(level)}: {text.removesuffix('.')}" for level, text in point.levels.described()
    )
    return f"{point.point} [{levels}]"


def rubric_text(essay: Essay) -> str:
    """The whole rubric on one line, for a CSV cell: criteria separated by `` | ``."""
    return "rubric: " + " | ".join(" ".join(criterion_text(p).split()) for p in essay.rubric)


def rubric_markdown(essay: Essay, indent: str = "") -> list[str]:
    """A nested Markdown list: each criterion, its keywords (as hints), its four levels."""
    lines = []
    for point in essay.rubric:
        lines.append(f"{indent}- {point.point}")
        if point.keywords:
            lines.append(
                f"{indent}  - *Keywords (self-check hints only):* {', '.join(point.keywords)}"
            )
        if point.levels is not None:
            for level, text in point.levels.described():
                lines.append(f"{indent}  - **{level_name(level)}:** {text}")
    return lines


def rubric_html(essay: Essay) -> str:
    """The rubric as HTML for an LMS's grader-only field; bank text goes through the sanitiser."""
    items = []
    for point in essay.rubric:
        html = markup.to_html(point.point)
        if point.keywords:
            words = ", ".join(markup.to_html(k) for k in point.keywords)
            html += f" <em>(keywords, self-check hints only: {words})</em>"
        if point.levels is not None:
            levels = "".join(
                f"<li><strong>{level_name(level)}:</strong> {markup.to_html(text)}</li>"
                for level, text in point.levels.described()
            )
            html += f"<ul>{levels}</ul>"
        items.append(f"<li>{html}</li>")
    return f"<p>{RUBRIC_TITLE}:</p><ul>{''.join(items)}</ul>"
