"""Turn a generated quiz into the files of one format, in memory, before anything is written.

Rendering everything first means a failure (or a refused overwrite) leaves the output
folder as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from r2p_kit.errors import UserError
from r2p_kit.quiz.export.answer_key import export_answer_key
from r2p_kit.quiz.generate import Quiz, Variant

Renderer = Callable[[Quiz, Variant, Path], dict[Path, str | bytes]]


def render_quiz(quiz: Quiz, fmt: str, out: Path, *, pdf: bool = False) -> dict[Path, str | bytes]:
    """Output path -> content for every file of the run, answer-key.csv included."""
    if pdf and fmt != "markdown":
        raise UserError.at("--pdf", 0, "--pdf works with --format markdown only",
                           "add --format markdown, or leave out --pdf")  # fmt: skip
    files: dict[Path, str | bytes] = {}
    if fmt == "json":
        from r2p_kit.quiz.export.json_export import export_json

        files[out / "quiz.json"] = export_json(quiz)
    else:
        render = _renderer(fmt)
        for variant in quiz.variants:
            base = out / file_stem(quiz, variant)
            files.update(render(quiz, variant, base))
    if pdf:
        from r2p_kit.quiz.export.pdf import markdown_pdfs

        files.update(markdown_pdfs(quiz, files))
    files[out / "answer-key.csv"] = export_answer_key(quiz)
    return files


def file_stem(quiz: Quiz, variant: Variant) -> str:
    """``quiz`` for a single numbered variant, else the variant label (student id or vNNN)."""
    if len(quiz.variants) == 1 and variant.student is None:
        return "quiz"
    return variant.label


def _with(base: Path, ending: str) -> Path:
    """``base`` plus ``ending``; not with_suffix, which would eat the '.doe' of 'jane.doe'."""
    return base.parent / (base.name + ending)


def _renderer(fmt: str) -> Renderer:
    if fmt == "gift":
        from r2p_kit.quiz.export.gift import export_gift

        return lambda quiz, variant, base: {_with(base, ".gift"): export_gift(quiz, variant)}
    if fmt == "moodle-xml":
        from r2p_kit.quiz.export.moodle_xml import export_moodle_xml

        return lambda quiz, variant, base: {_with(base, ".xml"): export_moodle_xml(quiz, variant)}
    if fmt == "qti":
        from r2p_kit.quiz.export.qti import export_qti

        return lambda quiz, variant, base: {_with(base, ".zip"): export_qti(quiz, variant)}
    if fmt == "markdown":
        from r2p_kit.quiz.export.markdown import export_markdown, export_markdown_key

        return lambda quiz, variant, base: {
            _with(base, ".md"): export_markdown(quiz.title, variant),
            _with(base, "-key.md"): export_markdown_key(quiz.title, variant),
        }
    raise ValueError(f"unknown format {fmt!r}")
