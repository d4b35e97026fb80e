"""Turn a generated quiz into the files of one format, one variant at a time.

:func:`stream_quiz` names every file of a run before making any (so that an overwrite is
refused before the work) and then makes them one by one, for :func:`r2p_kit.output.
write_stream` to write into its staging folder as they come: memory stays that of one
variant whatever the class size, and the run is still all or nothing (issue 12, item 6).
The one JSON file and ``answer-key.csv`` are made in pieces, a variant each.
:func:`render_quiz` is the same run held in memory, for small quizzes and tests. What a
format cannot carry (GIFT has no points, a cloze's marks in Moodle are whole numbers)
comes back as warnings for the command to print.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import assert_never

from r2p_kit.errors import UserError
from r2p_kit.output import Content
from r2p_kit.quiz.export.answer_key import answer_key_chunks
from r2p_kit.quiz.export.options import ExportOptions
from r2p_kit.quiz.formats import Format
from r2p_kit.quiz.generate import Quiz, Variant

# Answer keys live in a folder of their own, never beside the handouts, so no student id
# (such as "jane-key") can name a handout that is someone's key, and the folder of
# handouts can be shared as it is (issue 12).
KEYS_FOLDER = "answer-keys"
PDF_NAMES = ("handouts.pdf", f"{KEYS_FOLDER}/answer-keys.pdf")


@dataclass(frozen=True)
class Rendered:
    """Every file of a run (path -> content) and what the instructor should know about it."""

    files: dict[Path, str | bytes]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stream:
    """Every file of a run, named in advance and made one at a time by ``files``."""

    paths: tuple[Path, ...]
    files: Iterator[tuple[Path, Content]]
    warnings: tuple[str, ...] = ()


def render_quiz(
    quiz: Quiz,
    fmt: Format,
    out: Path,
    *,
    pdf: bool = False,
    options: ExportOptions | None = None,
) -> Rendered:
    """Output path -> content for every file of the run, in memory."""
    stream = stream_quiz(quiz, fmt, out, pdf=pdf, options=options)
    files = {
        path: content if isinstance(content, str | bytes) else _joined(content)
        for path, content in stream.files
    }
    return Rendered(files, stream.warnings)


def _joined(pieces: Iterable[str | bytes]) -> str | bytes:
    parts = list(pieces)
    text = [part for part in parts if isinstance(part, str)]
    return "".join(text) if len(text) == len(parts) else b"".join(_encoded(p) for p in parts)


def _encoded(piece: str | bytes) -> bytes:
    return piece.encode("utf-8") if isinstance(piece, str) else piece


def stream_quiz(
    quiz: Quiz,
    fmt: Format,
    out: Path,
    *,
    pdf: bool = False,
    options: ExportOptions | None = None,
) -> Stream:
    """The run's files: their paths now, their contents as ``files`` is consumed. Keys and
    answer-key.csv go in ``answer-keys/``."""
    if pdf and fmt != "markdown":
        raise UserError.at("--pdf", 0, "--pdf works with --format markdown only",
                           "add --format markdown, or leave out --pdf")  # fmt: skip
    options = options or ExportOptions()
    warnings: list[str] = []
    paths: list[Path] = []
    match fmt:
        case "json":
            paths.append(out / "quiz.json")
        case "gift":
            from r2p_kit.quiz.export.gift import gift_warnings

            paths += [_path(out, quiz, variant, ".gift") for variant in quiz.variants]
            warnings += gift_warnings(quiz)
        case "moodle-xml":
            from r2p_kit.quiz.export.moodle_xml import moodle_warnings

            paths += [_path(out, quiz, variant, ".xml") for variant in quiz.variants]
            warnings += moodle_warnings(quiz)
        case "qti":
            from r2p_kit.quiz.export.qti import qti_warnings

            paths += [_path(out, quiz, variant, ".zip") for variant in quiz.variants]
            warnings += qti_warnings(quiz)
        case "markdown":
            for variant in quiz.variants:
                paths.append(_path(out, quiz, variant, ".md"))
                paths.append(_path(out / KEYS_FOLDER, quiz, variant, "-key.md"))
        case _:
            assert_never(fmt)
    if pdf:
        paths += [out / name for name in PDF_NAMES]
    paths.append(out / KEYS_FOLDER / "answer-key.csv")
    return Stream(tuple(paths), _made(quiz, fmt, out, pdf, options), tuple(dict.fromkeys(warnings)))


def _made(
    quiz: Quiz, fmt: Format, out: Path, pdf: bool, options: ExportOptions
) -> Iterator[tuple[Path, Content]]:
    """The files of :func:`stream_quiz`, in its order, each made when it is asked for."""
    match fmt:
        case "json":
            from r2p_kit.quiz.export.json_export import json_chunks

            yield out / "quiz.json", json_chunks(quiz)
        case "gift":
            from r2p_kit.quiz.export.gift import export_gift

            for variant in quiz.variants:
                yield _path(out, quiz, variant, ".gift"), export_gift(quiz, variant)
        case "moodle-xml":
            from r2p_kit.quiz.export.moodle_xml import export_moodle_xml

            for variant in quiz.variants:
                xml = export_moodle_xml(quiz, variant, options.moodle_version)
                yield _path(out, quiz, variant, ".xml"), xml
        case "qti":
            from r2p_kit.quiz.export.qti import export_qti

            for variant in quiz.variants:
                yield _path(out, quiz, variant, ".zip"), export_qti(quiz, variant, options.canvas)
        case "markdown":
            from r2p_kit.quiz.export.markdown import export_markdown, export_markdown_key

            kept: dict[Path, str | bytes] = {}  # for the PDFs, which need every handout
            for variant in quiz.variants:
                for path, text in (
                    (_path(out, quiz, variant, ".md"), export_markdown(quiz.title, variant)),
                    (
                        _path(out / KEYS_FOLDER, quiz, variant, "-key.md"),
                        export_markdown_key(quiz.title, variant),
                    ),
                ):
                    if pdf:
                        kept[path] = text
                    yield path, text
            if pdf:
                from r2p_kit.quiz.export.pdf import markdown_pdfs

                yield from markdown_pdfs(quiz, kept).items()
        case _:
            assert_never(fmt)
    yield out / KEYS_FOLDER / "answer-key.csv", answer_key_chunks(quiz)


def file_stem(quiz: Quiz, variant: Variant) -> str:
    """``quiz`` for a single numbered variant, else the variant label (student id or vNNN)."""
    if len(quiz.variants) == 1 and variant.student is None:
        return "quiz"
    return variant.label


def _path(out: Path, quiz: Quiz, variant: Variant, ending: str) -> Path:
    """The variant's file; not with_suffix, which would eat the '.doe' of 'jane.doe'."""
    return out / (file_stem(quiz, variant) + ending)
