"""Exercise sheets: Markdown a student fills in with any editor, and the reader for them.

A sheet is generated from a module's bank (:func:`render_sheet`) and read back in two
steps: :func:`read_sheet` turns bytes into questions and answer lines, refusing files
that are not a text sheet at all; :func:`bind_sheet` checks them against the bank and
reads each answer. Every problem found is reported together, each with its line, as a
:class:`~r2p_kit.errors.UserError`; nothing a student writes is ever executed.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import textwrap
from dataclasses import dataclass
from pathlib import Path

from r2p_kit.bank.instructions import TASKS
from r2p_kit.bank.model import Choice, Cloze, Matching, ModuleBank, Numeric, Ordering, Question
from r2p_kit.check.answers import AnswerProblem, Line, read_answer
from r2p_kit.check.layout import LETTERS, layout_question, right_hand
from r2p_kit.check.match import Response
from r2p_kit.errors import Location, Problem, UserError
from r2p_kit.quiz.roster import Student

MAX_SHEET_BYTES = 1_000_000
# Searched over the whole text (re.M), so the many lines that are neither cost nothing.
# Possessive quantifiers (*+, ++) never give back what they took: each pattern costs one
# pass over a line however it is written, so a hostile sheet cannot stall grading.
_HEADING = re.compile(
    r"^[ \t]{0,3}#{1,6}[ \t]*+(?:\d++[ \t]*+[.):]?[ \t]*+)?\[([^\]\s]++)\][^\n]*+$", re.M
)
_ANSWER = re.compile(
    r"^[ \t]*+(?:[-*>][ \t]*+)?(?:\*\*|__)?answer(?:\*\*|__)?[ \t]*+[:\uff1a](?:\*\*|__)?"
    r"([^\n]*+)$",
    re.M | re.I,
)
# A line that starts like a question heading; found between answers, it is a heading whose
# id was edited away, not a second answer to the question above it.
_HEADING_LIKE = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]", re.M)
_FRONT_NAME = re.compile(r"[A-Za-z_][\w-]*+")
MAX_ID_CHARS = 120  # longer than any question id; a longer one is reported shortened


# -- writing ----------------------------------------------------------------------------

_HOW_TO = {
    "single": "One answer: write its letter, e.g. `Answer: b`.",
    "multiple": "Several answers: write all their letters in any order, e.g. `Answer: a, c`.",
    "true-false": "True or false: write `Answer: true` or `Answer: false`.",
    "short": "Short answer: a word or a few words, e.g. `Answer: genocide`. Capitals, "
    "punctuation and accents do not matter (unless the question asks for an official "
    "spelling); one slip is forgiven in a long answer; give one answer, not two.",
    "numeric": "Number: in digits or words, e.g. `Answer: 2005`.",
    "ordering": "Order: the letters from first to last, e.g. `Answer: c, a, b`.",
    "matching": "Matching: a number and a letter for each pair, e.g. `1-b`, on its line "
    "or all on one line: `Answer: 1-b, 2-a, 3-c`.",
    "cloze": "Fill in the blanks: one line per blank after its number, e.g. `1: genocide`.",
    "essay": "Essay: write your answer on the lines below `Answer:`. Your instructor "
    "marks it; the checker only shows which points your answer seems to touch.",
}


def sheet_name(module: ModuleBank) -> str:
    """``exercises/<this>``: ``NN-slug.md``, like the module's folder."""
    return f"{module.number:02d}-{module.slug}.md"


def student_sheet_name(module: ModuleBank, student: Student) -> str:
    """``NN-slug-<id>.md``: one student's sheet (ids are file-name safe and unique)."""
    return f"{module.number:02d}-{module.slug}-{student.id}.md"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def render_sheet(module: ModuleBank, title: str = "", student: Student | None = None) -> str:
    """The blank exercise sheet for one module, with instructions for every answer format used.

    With ``student`` (from the instructor's roster) the sheet carries that student's
    identifier and says not to change it; a plain sheet asks for the identifier the
    instructor's LMS uses (email address or ID number), never a free name (issue 12).
    """
    name = (
        f"exercises/{sheet_name(module)}"
        if student is None
        else student_sheet_name(module, student)
    )
    heading = f"Module {module.number}: {title}" if title else f"Module {module.number}"
    if student is None:
        front = ["student:"]
        who = [
            "Write your email address or student ID number (the one your course platform",
            "uses) after `student:` at the top, not your name. Then write each answer after",
        ]
    else:
        front = [
            f"student: {student.id}  # your identifier in the class roster: do not change it",
            *([f"name: {_one_line(student.name)}"] if student.name else []),
        ]
        who = [
            "This sheet is yours: keep the `student:` line at the top as it is.",
            "Write each answer after",
        ]
    out = [
        "---",
        f"module: {module.slug}",
        *front,
        "---",
        "",
        f"# Exercise sheet. {heading}",
        "",
        *who,
        "`Answer:`, on the same line or on the lines below it, and leave the question",
        "headings (the lines starting with `##`) as they are. Save the file as it is",
        "(plain text, UTF-8) and check your answers in your browser, on the course's page",
        '"Check your exercise sheet" (nothing is sent anywhere), or with the checker in a',
        'terminal ("Start here: students" says how to install it):',
        "",
        f"    r2p-kit check {name}",
        "",
        "How to write each kind of answer:",
        "",
    ]
    used = {q.type for q in module.questions}
    for kind, text in _HOW_TO.items():
        if kind in used:
            out += textwrap.wrap(text, 88, initial_indent="- ", subsequent_indent="  ")
    out += [
        "",
        "Letters may be capitals or small letters, separated by commas or spaces.",
    ]
    for number, question in enumerate(module.questions, start=1):
        out += ["", *_render_question(number, question)]
    return "\n".join(out) + "\n"


def _render_question(number: int, question: Question) -> list[str]:
    task = TASKS[question.type]
    if question.points != 1:
        task += f" ({question.points:g} points)"
    lines = [f"## {number}. [{question.id}] {_one_line(question.prompt)}", "", f"*{task}*", ""]
    body = question.body
    layout = layout_question(question)
    if isinstance(body, Choice):
        lines += [
            f"{LETTERS[k]}) {_one_line(body.options[i].text)}" for k, i in enumerate(layout.shown)
        ]
        lines.append("")
    elif isinstance(body, Ordering):
        lines += [f"{LETTERS[k]}) {_one_line(body.items[i])}" for k, i in enumerate(layout.shown)]
        lines.append("")
    elif isinstance(body, Matching):
        lines += [f"{n}. {_one_line(pair.left)}" for n, pair in enumerate(body.pairs, start=1)]
        lines.append("")
        rights = right_hand(body)
        lines += [f"{LETTERS[k]}) {_one_line(rights[i])}" for k, i in enumerate(layout.shown)]
        lines.append("")
    elif isinstance(body, Cloze):
        text = _one_line(body.fill(lambda n: f"[____ {n} ____]"))
        lines += [f"> {text}", ""]
    if isinstance(body, Numeric) and body.unit:
        lines += [f"Unit: {body.unit}", ""]
    lines.append("Answer:")
    if isinstance(body, Cloze):
        lines += [f"{n}:" for n in range(1, len(body.blanks) + 1)]
    elif isinstance(body, Matching):
        lines += [f"{n}-" for n in range(1, len(body.pairs) + 1)]
    return lines


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RawAnswer:
    """One question block of a sheet as written, before it is checked against the bank."""

    question_id: str
    heading_line: int
    answer_line: int  # 0 when the block has no "Answer:" line
    lines: tuple[Line, ...]  # the answer: text after "Answer:", then the lines below it


@dataclass(frozen=True)
class RawSheet:
    path: Path
    front: dict[str, tuple[int, str]]  # key -> (line, value)
    blocks: tuple[RawAnswer, ...]

    def field(self, key: str) -> str:
        return self.front.get(key, (0, ""))[1]

    def field_line(self, key: str) -> int:
        return self.front.get(key, (1, ""))[0]


def decode_sheet(data: bytes, path: Path) -> str:
    """The sheet's text; refuses empty, oversized, binary and non-UTF-8 files with a location."""
    if len(data) > MAX_SHEET_BYTES:
        raise _too_big(path, len(data))
    encoding = _wide_encoding(data)
    if encoding:
        raise UserError.at(
            path, 1, f"the file is saved as {encoding}", "save it again as UTF-8 (plain text)"
        )
    if b"\0" in data:
        line = Location.of_byte(path, data, data.index(b"\0")).line
        raise UserError.at(
            path,
            line,
            "this is not a text file (it contains binary data)",
            "save the sheet as plain text (.md), not as a Word or PDF document",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UserError(
            [
                Problem(
                    Location.of_byte(path, data, error.start),
                    f"byte 0x{data[error.start]:02x} is not UTF-8 text (was the file saved "
                    "as Latin-1 or Windows-1252?)",
                    "save the file with the UTF-8 encoding",
                )
            ]
        ) from None
    if not text.strip():
        raise UserError.at(
            path, 1, "the sheet is empty", "start from the sheet in exercises/ and fill it in"
        )
    return text


def _wide_encoding(data: bytes) -> str:
    """UTF-32 or UTF-16 when the file starts with its byte-order mark (UTF-32's first)."""
    if data[:4] in (b"\xff\xfe\0\0", b"\0\0\xfe\xff"):
        return "UTF-32"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "UTF-16"
    return ""


def _too_big(path: Path, size: int) -> UserError:
    shown = f"{size / 1_000_000:.1f} MB" if size > MAX_SHEET_BYTES else "more than 1 MB"
    return UserError.at(
        path,
        0,
        f"the file is {shown}; sheets are limited to 1 MB",
        "is this the right file? An exercise sheet is a few kilobytes of text",
    )


def read_sheet(path: Path, data: bytes | None = None) -> RawSheet:
    """Read a sheet file (or ``data`` already read) into its front matter and question blocks."""
    path = Path(path)
    if data is None:
        data = _read_regular_file(path)
    return parse_sheet_text(decode_sheet(data, path), path)


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file; a FIFO, device or folder is refused, never waited on."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; only its type is wanted.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise UserError.at(
            path, 0, f"cannot read the sheet: {error.strerror or error}", "check the file name"
        ) from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            raise UserError.at(
                path, 0, f"this is {what}", "give the sheet's file, e.g. exercises/01-origins.md"
            )
        os.set_blocking(fd, True)
        try:
            data = handle.read(MAX_SHEET_BYTES + 1)
        except OSError as error:
            raise UserError.at(
                path, 0, f"cannot read the sheet: {error.strerror or error}", "check the file"
            ) from None
        if len(data) > MAX_SHEET_BYTES:
            raise _too_big(path, os.fstat(fd).st_size)
    return data


def parse_sheet_text(text: str, path: Path) -> RawSheet:
    """Split decoded text into front matter and question blocks (no bank needed)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front: dict[str, tuple[int, str]] = {}
    start = 0
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[first].strip() == "---":
        end = next(
            (i for i in range(first + 1, len(lines)) if lines[i].strip() in ("---", "...")), None
        )
        if end is None:
            raise UserError.at(
                path,
                first + 1,
                "the front matter is not closed",
                "add a line with three dashes (---) after the 'student:' line",
            )
        for i in range(first + 1, end):
            entry = _front_entry(lines[i])
            if entry:
                front[entry[0]] = (i + 1, entry[1])
        start = end + 1
    body_start = sum(len(line) + 1 for line in lines[:start])
    text = "\n".join(lines)
    headings = list(_HEADING.finditer(text, min(body_start, len(text))))
    blocks: list[RawAnswer] = []
    problems: list[Problem] = []
    line_at = _LineCounter(text)
    for index, heading in enumerate(headings):
        question_id = heading.group(1)
        heading_line = line_at(heading.start())
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        answers = list(_ANSWER.finditer(text, heading.end(), end))
        if not answers:
            blocks.append(RawAnswer(question_id, heading_line, 0, ()))
            continue
        answer_line = line_at(answers[0].start())
        for extra in answers[1:]:
            edited = _HEADING_LIKE.search(text, answers[0].end(), extra.start())
            if edited:  # an edited heading: blame it, not the question above
                line = heading_line + text.count("\n", heading.start(), edited.start())
                problems.append(
                    Problem(
                        Location(path, line),
                        "this line looks like a question heading, but its question id "
                        "cannot be read",
                        "keep the id in square brackets as printed, e.g. "
                        "'## 3. [module/question-id] ...', or start again from a fresh sheet",
                    )
                )
                break
            problems.append(
                Problem(
                    Location(path, line_at(extra.start())),
                    f"question [{_shown_id(question_id)}] has a second 'Answer:' line "
                    f"(the first is on line {answer_line})",
                    "keep one 'Answer:' line and write the whole answer after it",
                )
            )
        below = text[answers[0].end() + 1 : end].split("\n") if answers[0].end() < end else []
        written = [(answer_line, answers[0].group(1).rstrip())]
        written += [(answer_line + n, line.rstrip()) for n, line in enumerate(below, 1)]
        blocks.append(RawAnswer(question_id, heading_line, answer_line, tuple(written)))
    if problems:
        raise UserError(problems)
    return RawSheet(path, front, tuple(blocks))


class _LineCounter:
    """Line numbers of offsets asked for in increasing order, counting each newline once."""

    def __init__(self, text: str) -> None:
        self.text, self.offset, self.line = text, 0, 1

    def __call__(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _front_entry(line: str) -> tuple[str, str] | None:
    """``key: value`` of a front-matter line (key lower-cased), read without backtracking."""
    key, colon, value = line.partition(":")
    key = key.strip()
    if not colon or not _FRONT_NAME.fullmatch(key):
        return None
    return key.lower(), _unquote(value.strip())


def _unquote(value: str) -> str:
    value = value.split(" #", 1)[0].strip() if not value.startswith(("'", '"')) else value
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


# -- checking against the bank ----------------------------------------------------------


@dataclass(frozen=True)
class FilledAnswer:
    """One bank question with what the student answered (``None``: nothing)."""

    number: int  # position in the module, 1-based, as on a generated sheet
    question: Question
    response: Response | None
    text: str  # the answer as written, lines joined by newlines
    line: int  # the "Answer:" line, 0 if the question is missing from the sheet


@dataclass(frozen=True)
class FilledSheet:
    path: Path
    module: ModuleBank
    student: str
    answers: tuple[FilledAnswer, ...]  # in bank order, every question of the module
    student_line: int = 1  # the 'student:' line, or the first line when there is none

    @property
    def missing(self) -> tuple[FilledAnswer, ...]:
        """Questions whose block is not in the sheet at all (counted as unanswered)."""
        return tuple(a for a in self.answers if a.line == 0)


def module_matches(name: str, module: ModuleBank) -> bool:
    """``origins``, ``01-origins``, ``01`` and ``1`` all name module 1, origins."""
    name = name.strip().lower()
    return name in (module.slug, f"{module.number:02d}-{module.slug}") or (
        name.isdigit() and int(name) == module.number
    )


def sheet_module_name(raw: RawSheet) -> str:
    """The module a sheet names in its front matter, or else the prefix of its question ids."""
    named = raw.field("module")
    if named:
        return named
    prefixes = {block.question_id.split("/", 1)[0] for block in raw.blocks}
    return prefixes.pop() if len(prefixes) == 1 else ""


def bind_sheet(raw: RawSheet, module: ModuleBank) -> FilledSheet:
    """Check a read sheet against ``module``'s bank and read every answer.

    Raises :class:`UserError` with every problem at once: wrong module, unknown or
    repeated question ids, missing ``Answer:`` lines and answers that cannot be read.
    """
    path = raw.path
    problems: list[Problem] = []
    _refuse_another_module(raw, module)
    if not raw.blocks:
        problems.append(
            Problem(
                Location(path, 1),
                "no questions found",
                "questions start with headings like '## 1. [module/question-id] ...'; "
                "start from the sheet in exercises/",
            )
        )
    by_id = {q.id: (n, q) for n, q in enumerate(module.questions, start=1)}
    seen: dict[str, RawAnswer] = {}
    found: dict[str, FilledAnswer] = {}
    for block in raw.blocks:
        where = Location(path, block.heading_line)
        if block.question_id not in by_id:
            problems.append(Problem(where, *_unknown_id(block.question_id, module)))
            continue
        if block.question_id in seen:
            first = seen[block.question_id].heading_line
            problems.append(
                Problem(
                    where,
                    f"question [{_shown_id(block.question_id)}] appears twice "
                    f"(first on line {first})",
                    "delete one of the two copies",
                )
            )
            continue
        seen[block.question_id] = block
        if not block.answer_line:
            problems.append(
                Problem(
                    where,
                    f"question [{block.question_id}] has no 'Answer:' line",
                    "add a line starting with 'Answer:' below the question and write after it",
                )
            )
            continue
        number, question = by_id[block.question_id]
        try:
            response = read_answer(question, list(block.lines))
        except AnswerProblem as problem:
            problems.append(Problem(Location(path, problem.line), problem.message, problem.hint))
            continue
        text = "\n".join(t.strip() for _, t in block.lines).strip()
        found[question.id] = FilledAnswer(number, question, response, text, block.answer_line)
    if problems:
        raise UserError(sorted(problems, key=lambda p: p.location.line))
    answers = tuple(
        found.get(q.id) or FilledAnswer(n, q, None, "", 0)
        for q, n in ((q, by_id[q.id][0]) for q in module.questions)
    )
    return FilledSheet(path, module, raw.field("student"), answers, raw.field_line("student"))


def _refuse_another_module(raw: RawSheet, module: ModuleBank) -> None:
    """A sheet of another module is one problem, not one per question it holds."""
    named = raw.field("module")
    line = raw.field_line("module")
    if not named:  # no front matter: the module its question ids name, if they agree
        named = sheet_module_name(raw)
        line = raw.blocks[0].heading_line if raw.blocks else 1
        if "/" not in (raw.blocks[0].question_id if raw.blocks else ""):
            return
    if named and not module_matches(named, module):
        raise UserError.at(
            raw.path,
            line,
            f"this sheet is for module '{_shown_id(named)}', not '{module.slug}'",
            f"use the sheet exercises/{sheet_name(module)}, or check the right module",
        )


def _shown_id(question_id: str) -> str:
    """A question id as a message quotes it: shortened if no real id could be that long."""
    if len(question_id) <= MAX_ID_CHARS:
        return question_id
    return question_id[: MAX_ID_CHARS - 1] + "\u2026"


def _unknown_id(question_id: str, module: ModuleBank) -> tuple[str, str]:
    prefix = question_id.split("/", 1)[0]
    shown = _shown_id(question_id)
    if "/" in question_id and prefix != module.slug:
        return (
            f"question [{shown}] belongs to module '{_shown_id(prefix)}', not '{module.slug}'",
            f"use the sheet exercises/{sheet_name(module)} for this module",
        )
    close = []
    if len(question_id) <= MAX_ID_CHARS:  # difflib's cost grows with the square of the length
        close = difflib.get_close_matches(question_id, [q.id for q in module.questions], n=1)
    hint = f"did you mean [{close[0]}]?" if close else "keep the ids in square brackets as printed"
    return f"unknown question id [{shown}]", hint


def load_filled_sheet(path: Path, module: ModuleBank, data: bytes | None = None) -> FilledSheet:
    """Read and check one sheet against ``module``: :func:`read_sheet` then :func:`bind_sheet`."""
    return bind_sheet(read_sheet(path, data), module)
