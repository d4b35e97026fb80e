"""What ``r2p-kit lint`` can report: one stable code per kind of problem, and the output formats.

Codes never change meaning and are never reused, so a contributor can look one up in
CONTRIBUTING.md, and CI logs from different versions stay comparable. The table there
is checked against :data:`RULES` by the tests.
"""

from __future__ import annotations

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
    Rule("R2P001", "bank-invalid", "the question bank does not load (the loader's message)"),
    Rule("R2P002", "source-unknown", "a question's `source` is not a `(label)=` in the docs"),
    Rule("R2P003", "objective-unknown", "a question's `objective` is not a learning objective"),
    Rule("R2P004", "bank-missing", "a module folder has no `questions.yaml`"),
    Rule("R2P005", "bank-small", "a bank has fewer than 12 questions", strict=True),
    Rule("R2P006", "bank-few-types", "a bank uses fewer than 5 question types", strict=True),
    Rule("R2P010", "sheet-missing", "a module has no exercise sheet `exercises/NN-slug.md`"),
    Rule("R2P011", "sheet-stale", "an exercise sheet differs from what its bank generates"),
    Rule("R2P012", "sheet-orphan", "an exercise sheet belongs to no module"),
    # Module page anatomy.
    Rule("R2P020", "page-missing", "a module folder has no `index.md`"),
    Rule("R2P021", "module-label", "the module title is not preceded by `(mod-SLUG)=`"),
    Rule("R2P022", "module-title", "no `# N. Title` heading, or N differs from the folder's NN"),
    Rule("R2P023", "objectives-missing", "no `## Learning objectives` section"),
    Rule("R2P024", "objectives-count", "learning objectives are not a numbered list of 3 to 5"),
    Rule("R2P025", "key-terms-missing", "no `## Key terms` section with `{term}` roles"),
    Rule("R2P026", "term-unknown", "a `{term}` role names a term the glossary does not define"),
    Rule("R2P027", "discussion-missing", "no `## Discussion questions` section"),
    Rule("R2P028", "discussion-few", "fewer than 6 numbered discussion questions"),
    Rule("R2P029", "further-reading-missing", "no `## Further reading` section with a list"),
    # Quotations.
    Rule("R2P030", "primary-source-uncited", "a `{primary-source}` block has no citation argument"),
    Rule("R2P031", "primary-source-no-cite", "a `{primary-source}` citation has no `{cite}` role"),
    Rule("R2P032", "blockquote-uncited", "a `>` quotation on a module page has no citation"),
    # Pages and tables of contents.
    Rule("R2P040", "orphan-page", "a page is in no toctree reachable from `docs/index.md`"),
    Rule("R2P041", "toctree-missing-page", "a toctree lists a page that does not exist"),
    Rule("R2P042", "not-in-book", "a page on the website is missing from the PDF (`docs/book.md`)"),
    Rule("R2P043", "instructor-label", "a `(label)=` inside an `{instructor}` block"),
    Rule("R2P044", "duplicate-label", "a `(label)=` already defined elsewhere in the course"),
    # Completeness (--strict only): what a module needs before it is merged.
    Rule("R2P050", "placeholder", "a `TODO` placeholder from `r2p-kit new` is left", strict=True),
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


def format_text(finding: Finding, shown: Path) -> str:
    """``file:line: CODE message; hint``: the form editors and terminals make clickable."""
    return f"{shown}:{finding.line}: {finding.code} {finding.text}"


def format_github(finding: Finding, shown: Path) -> str:
    """A GitHub Actions workflow command, shown as an annotation on the pull request's diff."""
    properties = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (
            ("file", shown.as_posix()),
            ("line", str(finding.line)),
            ("title", f"{finding.code} {RULE_BY_CODE[finding.code].name}"),
        )
    )
    return f"::error {properties}::{_escape_data(finding.text)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
