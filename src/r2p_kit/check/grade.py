"""Grade a folder of filled sheets and write gradebooks a learning platform can import.

One bad sheet must not stop a class: each sheet is read on its own, and one that
cannot be read is reported and skipped. Two sheets that claim the same student are a
conflict: both files are named and neither goes into the gradebook, since a sheet that
names someone else must never replace their own (issue 16, item 13). A sheet with no
identifier is graded under its file name, with a warning. Per sheet only a compact record is
kept, so memory grows slowly with the class; large folders are read by one worker
process per CPU, and the result never depends on how many there were.

Gradebook layouts (only the auto-marked total; essays are left to the instructor):

- Moodle (Grades > Import > CSV file): an identifier column and a grade column, in the
  layout of Moodle's own grade export. The identifier column is ``Email address`` when
  every student wrote an email address, else ``ID number``; map it to "useremail" or
  "useridnumber" and the grade column to a grade item when importing.
- Canvas (Grades > Import): the gradebook header ``Student, ID, SIS User ID, SIS Login
  ID, Section`` followed by one assignment column, and the ``Points Possible`` row of
  Canvas's own export. The sheet's ``student:`` goes in ``Student``, and also in ``SIS
  Login ID`` when it has no spaces (a login or email rather than a name).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import os
import unicodedata
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Matching,
    ModuleBank,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from r2p_kit.check.layout import layout_question
from r2p_kit.check.match import (
    ChoiceResponse,
    ClozeResponse,
    MatchingResponse,
    MatchResult,
    OrderResponse,
    Response,
    TextResponse,
    TrueFalseResponse,
)
from r2p_kit.check.normalize import parse_number, tidy_text
from r2p_kit.check.score import score_sheet
from r2p_kit.check.sheet import load_filled_sheet
from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.figures import score_text
from r2p_kit.spreadsheet import csv_text
from r2p_kit.spreadsheet import safe_cell as safe_cell  # re-exported for the grade reports

LMS_LAYOUTS = ("moodle", "canvas")
SHEET_SUFFIXES = (".md", ".markdown", ".txt")


Tokens = tuple[tuple[str, bool], ...]  # responses of one question, each with whether it is right


@dataclass(frozen=True, slots=True)
class GradedSheet:
    """One graded sheet, kept small so that a class of thousands fits in memory easily."""

    student: str
    path: Path
    statuses: tuple[str, ...]  # per question: a matcher status, or "to_mark" for an essay
    scores: tuple[float, ...]
    answers: tuple[str, ...]  # as written
    score: float  # auto-marked total
    max_score: float
    identified: bool = True  # False: no 'student:', so ``student`` is the file name
    student_line: int = 1  # where 'student:' is, or would be


@dataclass(frozen=True)
class IdentityConflict:
    """Sheets that claim one student: none of them is put in the gradebook."""

    student: str  # as the first of them wrote it
    paths: tuple[Path, ...]

    def problem(self) -> Problem:
        files = " and ".join(path.name for path in self.paths)
        return Problem(
            Location(self.paths[0]),
            f"{len(self.paths)} sheets claim the student '{self.student}': {files}; "
            "none of them was put in the gradebook",
            "keep the student's own sheet and correct the 'student:' line of the other, "
            "then grade again",
        )


@dataclass(frozen=True)
class GradeRun:
    module: ModuleBank
    graded: tuple[GradedSheet, ...]  # every sheet that could be read
    skipped: tuple[Problem, ...]  # sheets that could not be read
    conflicts: tuple[IdentityConflict, ...]  # sheets kept out of the gradebook
    responses: tuple[dict[str, tuple[int, bool]], ...]  # per question: label -> (count, right)
    unidentified: tuple[Problem, ...] = ()  # warnings: graded under their file name

    def gradebook_sheets(self) -> list[GradedSheet]:
        """The sheets the gradebook holds: all but conflicting ones, by student."""
        held = {path for conflict in self.conflicts for path in conflict.paths}
        sheets = [sheet for sheet in self.graded if sheet.path not in held]
        return sorted(sheets, key=lambda s: (s.student.casefold(), s.path.name))


def sheet_files(folder: Path) -> list[Path]:
    """The sheets in ``folder`` (not its subfolders), sorted by name; hidden files are ignored."""
    if not folder.is_dir():
        raise UserError.at(folder, 0, "no such folder", "give the folder that holds the sheets")
    files = sorted(
        path
        for path in folder.iterdir()
        if path.is_file()
        and path.suffix.lower() in SHEET_SUFFIXES
        and not path.name.startswith(".")
    )
    if not files:
        raise UserError.at(
            folder, 0, "no sheets here", f"sheets are files ending in {', '.join(SHEET_SUFFIXES)}"
        )
    return files


PARALLEL_FROM = 400  # sheets; below this, starting worker processes costs more than it saves
CHUNK = 100


def grade_folder(
    folder: Path,
    module: ModuleBank,
    workers: int | None = None,
    *,
    one_per_student: bool = True,
) -> GradeRun:
    """Grade every sheet in ``folder`` against ``module``; bad sheets are skipped and reported.

    Large folders are read by ``workers`` processes (default: one per CPU, up to four);
    results are combined in file-name order, so the outcome never depends on them. With
    ``one_per_student`` (no roster), sheets that claim one student are conflicts; without
    it, that is left to matching against the roster.
    """
    files = sheet_files(Path(folder))
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(files) >= PARALLEL_FROM else 1
    graded: list[GradedSheet] = []
    skipped: list[Problem] = []
    unidentified: list[Problem] = []
    claims: dict[str, list[GradedSheet]] = {}
    responses: list[dict[str, tuple[int, bool]]] = [{} for _ in module.questions]
    # closing(): an interrupted run stops the worker processes at once
    with contextlib.closing(_grade_all(files, module, workers)) as outcomes:
        for outcome in outcomes:
            if isinstance(outcome, UserError):
                skipped.extend(outcome.problems)
                continue
            sheet, tokens = outcome
            if not sheet.identified:
                unidentified.append(_unidentified(sheet))
            key = " ".join(unicodedata.normalize("NFKC", sheet.student).casefold().split())
            claims.setdefault(key, []).append(sheet)
            graded.append(sheet)
            for counts, question_tokens in zip(responses, tokens, strict=True):
                for label, right in question_tokens:
                    counts[label] = (counts.get(label, (0, right))[0] + 1, right)
    conflicts = tuple(
        IdentityConflict(sheets[0].student, tuple(s.path for s in sheets))
        for sheets in claims.values()
        if one_per_student and len(sheets) > 1
    )
    return GradeRun(
        module, tuple(graded), tuple(skipped), conflicts, tuple(responses), tuple(unidentified)
    )


def _unidentified(sheet: GradedSheet) -> Problem:
    return Problem(
        Location(sheet.path, sheet.student_line),
        f"no identifier after 'student:'; graded under the file name '{sheet.student}'",
        "check that this is the student's identifier in your platform, or write their email "
        "or ID number after 'student:' and grade again",
    )


_Outcome = tuple[GradedSheet, tuple[Tokens, ...]] | UserError


def _grade_all(
    files: list[Path], module: ModuleBank, workers: int
) -> Generator[_Outcome, None, None]:
    """Each file's grade or its error, in the order of ``files``.

    Worker processes ignore SIGINT and die on SIGTERM; if the caller is interrupted (or a
    worker dies), the pool is shut down and its workers stopped, so none is left blocked.
    A chunk whose worker died is graded again here, sheet by sheet.
    """
    if workers <= 1:
        yield from _grade_chunk(files, module)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [files[i : i + CHUNK] for i in range(0, len(files), CHUNK)]
    pool = ProcessPoolExecutor(workers, initializer=_worker_signals)
    try:
        futures = [pool.submit(_grade_chunk, chunk, module) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            try:
                results = future.result()
            except BrokenProcessPool:
                results = _grade_chunk(chunk, module)
            yield from results
    finally:
        _stop_pool(pool)


def _worker_signals() -> None:
    """In a worker: Ctrl-C is the parent's to handle; SIGTERM ends the worker at once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop_pool(pool: concurrent.futures.ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers, without waiting for running chunks."""
    # The executor offers no public way to stop running workers; its process table does.
    processes = list((pool._processes or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _grade_chunk(files: list[Path], module: ModuleBank) -> list[_Outcome]:
    """Grade ``files``; whatever goes wrong with one sheet costs that sheet alone."""
    outcomes: list[_Outcome] = []
    for path in files:
        try:
            outcomes.append(_grade(path, module, None))
        except UserError as error:
            outcomes.append(error)
        except Exception as error:  # a bug must not cost the class its grades
            outcomes.append(
                UserError.at(
                    path,
                    0,
                    f"this sheet could not be graded ({type(error).__name__} in r2p-kit)",
                    "grade it by hand, and please report the sheet to the r2p-kit maintainers",
                )
            )
    return outcomes


def grade_sheet(path: Path, module: ModuleBank, data: bytes | None = None) -> GradedSheet:
    """Read, check and score one sheet; the student is ``student:`` or else the file name."""
    return _grade(path, module, data)[0]


def _grade(
    path: Path, module: ModuleBank, data: bytes | None
) -> tuple[GradedSheet, tuple[Tokens, ...]]:
    scored = score_sheet(load_filled_sheet(path, module, data))
    statuses, scores, answers, tokens = [], [], [], []
    for item in scored.answers:
        result = item.result
        status: str = result.status
        if not result.auto_scored and status != "unanswered":
            status = "to_mark"
        statuses.append(status)
        scores.append(result.score)
        answers.append(item.answer.text)
        tokens.append(response_tokens(item.answer.question, item.answer.response, result))
    totals = scored.totals
    written = scored.sheet.student.strip()
    sheet = GradedSheet(
        written or Path(path).stem,
        Path(path),
        tuple(statuses),
        tuple(scores),
        tuple(answers),
        totals.score,
        totals.max_score,
        identified=bool(written),
        student_line=scored.sheet.student_line,
    )
    return sheet, tuple(tokens)


def response_tokens(question: Question, response: Response | None, result: MatchResult) -> Tokens:
    """What a student chose, as short labels with whether each is right (for distractor counts).

    Choices give their letters; true-false gives ``true``/``false``; text gives its
    normalised form; matching gives ``1-b`` pairs; cloze gives ``1: text`` per blank;
    an ordering gives its whole sequence.
    """
    body = question.body
    right = result.status == "correct"
    if response is None:
        return ()
    if isinstance(body, Choice) and isinstance(response, ChoiceResponse):
        layout = layout_question(question)
        return tuple(
            (layout.letter(i), body.options[i].correct) for i in sorted(set(response.selected))
        )
    if isinstance(body, TrueFalse) and isinstance(response, TrueFalseResponse):
        return (("true" if response.value else "false", right),)
    if isinstance(body, Numeric) and isinstance(response, TextResponse):
        value = parse_number(response.text)
        return ((f"{value:g}" if value is not None else tidy_text(response.text), right),)
    if isinstance(body, ShortAnswer) and isinstance(response, TextResponse):
        return ((tidy_text(response.text), right),)
    if isinstance(body, Cloze) and isinstance(response, ClozeResponse):
        parts = {part.index: part.correct for part in result.parts}
        return tuple(
            (f"{n + 1}: {tidy_text(text)}", parts.get(n, False))
            for n, text in enumerate(response.blanks)
            if tidy_text(text)
        )
    if isinstance(body, Matching) and isinstance(response, MatchingResponse):
        layout = layout_question(question)
        return tuple(
            (f"{n + 1}-{layout.letter(choice)}", choice == n)
            for n, choice in enumerate(response.chosen)
            if choice is not None
        )
    if isinstance(body, Ordering) and isinstance(response, OrderResponse):
        layout = layout_question(question)
        return ((", ".join(layout.letter(i) for i in response.order), right),)
    return ()


# -- CSV outputs ------------------------------------------------------------------------


def assignment_name(module: ModuleBank) -> str:
    return f"Exercise sheet {module.number:02d}-{module.slug}"


def gradebook_csv(run: GradeRun, lms: str) -> str:
    """The gradebook in the import layout of ``lms`` ("moodle" or "canvas")."""
    sheets = run.gradebook_sheets()
    name = assignment_name(run.module)
    if lms == "moodle":
        emails = bool(sheets) and all("@" in s.student for s in sheets)
        rows = [["Email address" if emails else "ID number", name]]
        rows += [[s.student, score_text(s.score)] for s in sheets]
        return csv_text(rows)
    if lms == "canvas":
        possible = score_text(max((s.max_score for s in sheets), default=0.0))
        rows = [
            ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", name],
            ["    Points Possible", "", "", "", "", possible],
        ]
        for s in sheets:
            login = "" if any(c.isspace() for c in s.student) else s.student
            rows.append([s.student, "", "", login, "", score_text(s.score)])
        return csv_text(rows)
    raise ValueError(lms)


DETAIL_HEADER = ["student", "sheet", "number", "question_id", "type", "status", "score",
                 "max_score", "answer"]  # fmt: skip


def detail_csv(run: GradeRun) -> str:
    """One row per student and question: status, score and the answer as written."""
    return csv_text(itertools.chain([DETAIL_HEADER], _detail_rows(run)))


def _detail_rows(run: GradeRun) -> Iterator[list[str]]:
    questions = run.module.questions
    for sheet in sorted(run.graded, key=lambda s: (s.student.casefold(), s.path.name)):
        student, name = sheet.student, sheet.path.name
        for index, question in enumerate(questions):
            status = sheet.statuses[index]
            score = "" if status == "to_mark" else score_text(sheet.scores[index])
            yield [student, name, str(index + 1), question.id, question.type, status, score,
                   score_text(question.points), sheet.answers[index]]  # fmt: skip
