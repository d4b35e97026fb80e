"""Turn a generated quiz into the files of one format, in memory, before anything is written.

Rendering everything first means a failure (or a refused overwrite) leaves the output
folder as it was. What a format cannot carry (GIFT has no points, a cloze's marks in
Moodle are whole numbers) comes back as warnings for the command to print.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, assert_never, get_args

from r2p_kit.errors import UserError
from r2p_kit.quiz.export.answer_key import export_answer_key
from r2p_kit.quiz.export.options import ExportOptions
from r2p_kit.quiz.generate import Quiz, Variant

Format = Literal["gift", "moodle-xml", "qti", "json", "markdown"]
FORMATS: tuple[Format, ...] = get_args(Format)
# Answer keys live in a folder of their own, never beside the handouts, so no student id
# (such as "jane-key") can name a handout that is someone's key, and the folder of
# handouts can be shared as it is (issue 12).
KEYS_FOLDER = "answer-keys"


@dataclass(frozen=True)
class Rendered:
    """Every file of a run (path -> content) and what the instructor should know about it."""

    files: dict[Path, str | bytes]
    warnings: tuple[str, ...] = ()


def render_quiz(
    quiz: Quiz,
    fmt: Format,
    out: Path,
    *,
    pdf: bool = False,
    options: ExportOptions | None = None,
) -> Rendered:
    """Output path -> content for every file of the run; keys and answer-key.csv go in
    ``answer-keys/``."""
    if pdf and fmt != "markdown":
        raise UserError.at("--pdf", 0, "--pdf works with --format markdown only",
                           "add --format markdown, or leave out --pdf")  # fmt: skip
    options = options or ExportOptions()
    files: dict[Path, str | bytes] = {}
    warnings: list[str] = []
    match fmt:
        case "json":
            from r2p_kit.quiz.export.json_export import export_json

            files[out / "quiz.json"] = export_json(quiz)
        case "gift":
            from r2p_kit.quiz.export.gift import export_gift, gift_warnings

            for variant in quiz.variants:
                files[_path(out, quiz, variant, ".gift")] = export_gift(quiz, variant)
            warnings += gift_warnings(quiz)
        case "moodle-xml":
            from r2p_kit.quiz.export.moodle_xml import export_moodle_xml, moodle_warnings

            for variant in quiz.variants:
                files[_path(out, quiz, variant, ".xml")] = export_moodle_xml(
                    quiz, variant, options.moodle_version
                )
            warnings += moodle_warnings(quiz)
        case "qti":
            from r2p_kit.quiz.export.qti import export_qti, qti_warnings

            for variant in quiz.variants:
                files[_path(out, quiz, variant, ".zip")] = export_qti(quiz, variant, options.canvas)
            warnings += qti_warnings(quiz)
        case "markdown":
            from r2p_kit.quiz.export.markdown import export_markdown, export_markdown_key

            for variant in quiz.variants:
                files[_path(out, quiz, variant, ".md")] = export_markdown(quiz.title, variant)
                files[_path(out / KEYS_FOLDER, quiz, variant, "-key.md")] = export_markdown_key(
                    quiz.title, variant
                )
        case _:
            assert_never(fmt)
    if pdf:
        from r2p_kit.quiz.export.pdf import markdown_pdfs

        files.update(markdown_pdfs(quiz, files))
    files[out / KEYS_FOLDER / "answer-key.csv"] = export_answer_key(quiz)
    return Rendered(files, tuple(dict.fromkeys(warnings)))


def file_stem(quiz: Quiz, variant: Variant) -> str:
    """``quiz`` for a single numbered variant, else the variant label (student id or vNNN)."""
    if len(quiz.variants) == 1 and variant.student is None:
        return "quiz"
    return variant.label


def _path(out: Path, quiz: Quiz, variant: Variant, ending: str) -> Path:
    """The variant's file; not with_suffix, which would eat the '.doe' of 'jane.doe'."""
    return out / (file_stem(quiz, variant) + ending)
