"""What ``r2p-kit lint`` can report: one stable code per kind of problem, and the output formats.

Codes never change meaning and are never reused, so a contributor can look one up in
CONTRIBUTING.md, and CI logs from different versions stay comparable. The table there
is generated from :data:`RULES` (``r2p-kit lint --list-codes --format markdown``), and
every rule has a failing case in ``tests/lint_cases/`` that the tests run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    summary: str
    strict: bool = False


RULES: tuple[Rule, ...] = (
    # The question bank and the exercise sheets.
    Rule("R2P001", "bank-invalid", "the question bank does not load; the message says what to fix"),
    Rule("R2P002", "source-unknown", "a question's `source` is not a `(label)=` before a heading"),
    Rule(
        "R2P003",
        "objective-unknown",
        "a question's `objective` has no learning objective with that number",
    ),
    Rule("R2P004", "bank-missing", "a module folder has no `questions.yaml`"),
    Rule("R2P005", "bank-small", "a module's bank has fewer than 12 questions", strict=True),
    Rule(
        "R2P006", "bank-few-types", "a module's bank uses fewer than 5 question types", strict=True
    ),
    Rule(
        "R2P007",
        "bank-html",
        "raw HTML in a question's text (prompt, option, hint, explanation, feedback); "
        "bank text is Markdown",
    ),
    Rule(
        "R2P008",
        "level-missing",
        "a question has no `level` (recall, apply or evaluate)",
    ),
    Rule(
        "R2P009",
        "objective-levels",
        "the bank's `objectives:` does not give one level per learning objective of the page",
    ),
    Rule("R2P010", "sheet-missing", "a module has no exercise sheet; run `r2p-kit sheet SLUG`"),
    Rule(
        "R2P011",
        "sheet-stale",
        "a sheet differs from what its bank generates; run `r2p-kit sheet SLUG --force`",
    ),
    Rule("R2P012", "sheet-orphan", "an `exercises/NN-slug.md` belongs to no module"),
    # Module page anatomy.
    Rule("R2P020", "page-missing", "a module folder has no `index.md`"),
    Rule("R2P021", "module-label", "the module title is not preceded by `(mod-SLUG)=`"),
    Rule("R2P022", "module-title", "no `# N. Title` heading, or N is not the folder's number"),
    Rule("R2P023", "objectives-missing", "no `## Learning objectives` section"),
    Rule("R2P024", "objectives-count", "not 3 to 5 numbered learning objectives"),
    Rule("R2P025", "key-terms-missing", "no `## Key terms` section with `{term}` references"),
    Rule("R2P026", "term-unknown", "a `{term}` names a term the glossary does not define"),
    Rule("R2P027", "discussion-missing", "no `## Discussion questions` section"),
    Rule("R2P028", "discussion-few", "fewer than 6 numbered discussion questions"),
    Rule("R2P029", "further-reading-missing", "no `## Further reading` section with a list"),
    # Quotations.
    Rule("R2P030", "primary-source-uncited", "a `{primary-source}` block has no citation"),
    Rule("R2P031", "primary-source-no-cite", "a `{primary-source}` citation has no `{cite}` role"),
    Rule(
        "R2P032",
        "blockquote-uncited",
        "a `>` quotation on a module page is not followed by its citation",
    ),
    # Pages and tables of contents.
    Rule("R2P040", "orphan-page", "a page is in no table of contents of the student edition"),
    Rule("R2P041", "toctree-missing-page", "a table of contents lists a page that does not exist"),
    Rule("R2P042", "not-in-book", "a page on the website is missing from the PDF's `docs/book.md`"),
    Rule("R2P043", "instructor-label", "a heading or a `(label)=` inside an `{instructor}` block"),
    Rule("R2P044", "duplicate-label", "a `(label)=` is defined twice in the course"),
    Rule(
        "R2P045",
        "instructor-lookalike",
        "a fence or class that looks like `{instructor}` but is not it "
        "(`::: instructor`, `{div} instructor`, `:class: instructor`): its text would leak",
    ),
    Rule(
        "R2P046",
        "module-count",
        'prose (pages or README) counts the modules ("seven modules", "7-week") and the '
        "table of contents has another number; use `{{ module_count_words }}`",
    ),
    Rule(
        "R2P047",
        "module-number",
        'a page says "Module N" by hand, which goes stale when a module is inserted or moved; '
        "write `` {r2p:module}`SLUG` ``, numbered by the table of contents",
    ),
    # Completeness (--strict only): what a module needs before it is merged.
    Rule("R2P050", "placeholder", "a `TODO` from the template is left", strict=True),
    # Files.
    Rule("R2P060", "file-unreadable", "a course file cannot be read, or is not UTF-8"),
    # Assessment quality: what a careful examiner would catch in the bank.
    Rule(
        "R2P070",
        "concept-differs",
        "two text answers share an accepted form but not all their forms; share a `concept`",
    ),
    Rule(
        "R2P071",
        "marking-differs",
        "the matcher marks an accepted answer wrong, or a listed wrong answer right",
    ),
    Rule(
        "R2P072",
        "cue-unrecorded",
        "an auto-marked answer is shown in another question's stem or options in the module; "
        "reword, or record it in `cue_ok` with a reason",
    ),
    Rule(
        "R2P073",
        "cue-record-stale",
        "a `cue_ok` record names a question that does not show the answer",
    ),
    Rule("R2P074", "hint-gives-answer", "a hint contains the question's answer"),
    Rule(
        "R2P075",
        "feedback-gives-answer",
        "feedback on a wrong option or wrong answer names the right one",
    ),
    Rule(
        "R2P076",
        "near-duplicate",
        "two questions in the course have the same answer and much the same prompt",
    ),
    Rule(
        "R2P077",
        "cloze-weight",
        "a cloze's points are not a whole multiple of its blanks (Moodle sums whole blank weights)",
    ),
    Rule(
        "R2P078",
        "objective-recall-only",
        "an objective at level apply or evaluate has no question above recall",
        strict=True,
    ),
    Rule(
        "R2P079",
        "judgement-few",
        "fewer than a third of a module's auto-marked questions are at level apply or evaluate",
        strict=True,
    ),
    Rule(
        "R2P080",
        "rubric-levels-missing",
        "an essay's rubric criterion has no `levels:` (a descriptor for excellent, good, "
        "adequate and weak work); keywords are not a rubric",
    ),
)
RULE_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in RULES}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place; ``line`` is 1-based (1 for a problem with a whole file)."""

    path: Path
    line: int
    code: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        if self.code not in RULE_BY_CODE:
            raise ValueError(f"unknown lint code {self.code}")

    @property
    def text(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


# C0 and C1 controls, DEL, and the line and paragraph separators: anything that could start a
# terminal escape sequence, or a new line that CI would read as a workflow command.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` safe to echo on one line: every control character becomes a visible ``?``.

    Findings quote what contributors wrote (a label, a bank key, a file name), and a newline
    or an escape sequence in it must not forge another line or recolour the terminal.
    """
    return CONTROL.sub("?", text)


def format_text(finding: Finding, shown: Path) -> str:
    """``file:line: CODE message; hint``: the form editors and terminals make clickable."""
    return printable(f"{shown}:{finding.line}: {finding.code} {finding.text}")


def format_github(finding: Finding, shown: Path) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request's diff."""
    properties = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (
            ("file", printable(shown.as_posix())),
            ("line", str(finding.line)),
            ("title", f"{finding.code} {RULE_BY_CODE[finding.code].name}"),
        )
    )
    return f"::error {properties}::{_escape_data(printable(finding.text))}"


def format_code_list(rules: Iterable[Rule]) -> str:
    """``r2p-kit lint --list-codes``: one line a code, aligned for a terminal."""
    lines = []
    for rule in rules:
        strict = " (--strict)" if rule.strict else ""
        lines.append(f"{rule.code}  {rule.name:<24} {rule.summary}{strict}")
    return "\n".join(lines) + "\n"


def format_code_table(rules: Iterable[Rule]) -> str:
    """The Markdown table of codes in CONTRIBUTING.md, which is generated from :data:`RULES`."""
    lines = ["| code | name | what it means |", "|---|---|---|"]
    for rule in rules:
        strict = "`--strict`: " if rule.strict else ""
        summary = rule.summary.replace("|", r"\|")
        lines.append(f"| `{rule.code}` | `{rule.name}` | {strict}{summary} |")
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
