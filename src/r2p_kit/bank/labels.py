"""Collect the MyST reference labels, ``(label)=``, that the course pages define.

The bank's ``source`` fields must point at one of them, so a question always names
the place in the reading where its answer is taught.
"""

from __future__ import annotations

import re
from pathlib import Path

LABEL_LINE = re.compile(r"^\s{0,3}\((?P<label>[^()\s]+)\)=\s*$")
FENCE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})")
CODE_DIRECTIVES = ("{code", "{code-block", "{sourcecode", "{literalinclude")
SKIPPED_DIRS = {"_build", "_static", "_templates", "node_modules"}


def find_labels(docs_dir: Path) -> set[str]:
    """Every ``(label)=`` line in ``docs_dir/**/*.md``, ignoring fenced code blocks."""
    labels: set[str] = set()
    for page in sorted(Path(docs_dir).rglob("*.md")):
        parts = page.relative_to(docs_dir).parts[:-1]
        if any(part in SKIPPED_DIRS or part.startswith(".") for part in parts):
            continue
        labels.update(labels_in_text(page.read_text(encoding="utf-8", errors="replace")))
    return labels


def labels_in_text(text: str) -> set[str]:
    """The labels defined in one page's Markdown source.

    Code fences are skipped; fenced directives (```` ```{note} ````) are read through,
    since their content is parsed MyST and may hold labels.
    """
    labels: set[str] = set()
    code_fence = ""
    directive_fences: list[str] = []
    for line in text.splitlines():
        opening = FENCE.match(line)
        if code_fence:
            if opening and _closes(line, opening["fence"], code_fence):
                code_fence = ""
            continue
        if opening:
            fence = opening["fence"]
            if directive_fences and _closes(line, fence, directive_fences[-1]):
                directive_fences.pop()
                continue
            info = line.strip()[len(fence) :].strip()
            if info.startswith("{") and not info.startswith(CODE_DIRECTIVES):
                directive_fences.append(fence)
            else:
                code_fence = fence
            continue
        match = LABEL_LINE.match(line)
        if match:
            labels.add(match["label"])
    return labels


def _closes(line: str, fence: str, opened: str) -> bool:
    return fence[0] == opened[0] and len(fence) >= len(opened) and line.strip() == fence
