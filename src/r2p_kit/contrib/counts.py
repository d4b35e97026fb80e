"""How many modules the course has, from its table of contents, and prose that says otherwise.

"Seven modules" and "a seven-week seminar" go stale the day a module is added. The pages
say ``{{ module_count_words }} modules`` instead, a substitution that ``docs/conf.py``
defines from :func:`module_substitutions`; lint reports a hard-coded count that disagrees
(R2P046), in the pages and in the README, which is not built by Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.pages import Line, Page, parse_page
from r2p_kit.contrib.toc import reachable
from r2p_kit.contrib.tree import CourseTree

NUMBER_WORDS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
]
MODULE_PAGE = re.compile(r"^modules/\d{2}-[a-z0-9-]+/index$")
_NUMBER = r"(?P<count>" + "|".join(NUMBER_WORDS) + r"|\d{1,2})"
# "seven modules", "a seven-module course", "a seven-week seminar", "a seminar of seven weeks";
# not "three weeks later", which is no count of modules.
COUNT = re.compile(
    r"\b(?:(?:seminar|course|unit|programme|program)\s+of\s+" + _NUMBER + r"\s+weeks\b"
    r"|" + _NUMBER.replace("count", "count2") + r"(?:\s+modules\b|-modules?\b|-weeks?\b))",
    re.I,
)
# "the first three modules" counts some of them, not all.
PARTIAL = re.compile(
    r"\b(?:first|last|next|previous|other|remaining|these|those|following|earlier|later)\s+$",
    re.I,
)
CODE_SPAN = re.compile(r"`+[^`]*`+")
SUBSTITUTION_HINT = (
    "write {{ module_count_words }} (or {{ module_count }}) in a page, which follows the table "
    "of contents; in README.md, which cannot use it, correct the number"
)


def module_pages(tree: CourseTree) -> list[str]:
    """The module pages of the student edition, in reading order."""
    return [name for name in reachable("index", tree.toc) if MODULE_PAGE.match(name)]


def number_words(count: int) -> str:
    """``7`` -> ``seven``: words up to twenty, digits above, as the style guide asks."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def module_substitutions(docs: Path) -> dict[str, str]:
    """MyST substitutions for ``docs/conf.py``: the module count as digits and as words."""
    count = len(module_pages(CourseTree(Path(docs).resolve().parent)))
    words = number_words(count)
    return {
        "module_count": str(count),
        "module_count_words": words,
        "module_count_words_capital": words[:1].upper() + words[1:],
    }


def check_module_counts(tree: CourseTree) -> Iterator[Finding]:
    modules = len(module_pages(tree))
    if not modules:
        return
    sources: list[Page] = list(tree.pages.values())
    readme = tree.root / "README.md"
    if readme.is_file():
        text = tree.read_text(readme)
        if text is not None:
            sources.append(parse_page(text, readme))
    for page in sources:
        for line in page.lines:
            yield from _wrong_counts(page.path, line, modules)


def _wrong_counts(path: Path, line: Line, modules: int) -> Iterator[Finding]:
    if not line.markdown or any(name == "" for name in line.scope):
        return
    text = CODE_SPAN.sub(lambda span: " " * len(span.group()), line.text)
    for match in COUNT.finditer(text):
        if PARTIAL.search(text[: match.start()]):
            continue
        said = (match["count"] or match["count2"]).lower()
        count = int(said) if said.isdigit() else NUMBER_WORDS.index(said)
        if count != modules:
            yield Finding(
                path,
                line.number,
                "R2P046",
                f"'{match.group().strip()}' counts {count} modules, but the table of contents "
                f"lists {modules}",
                SUBSTITUTION_HINT,
            )
