"""Hand-written "Module 4" in a page: it goes stale the day a module is inserted (R2P047).

The number of a module is its place in the table of contents, and ``r2p-kit new module
--after`` or ``move module`` changes it. Pages write ``{r2p:module}`dialogue-2011```
instead, which the build renders as "Module N" from the table of contents. The finding
names the slug to write when it can: from a link's ``#mod-SLUG`` target, or from the
module that has that number today.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.pages import RAW_DIRECTIVES, Line
from r2p_kit.contrib.tree import CourseTree

# "Module 4", "module 4's", "Modules 4 and 5", "[Module 4](#mod-dialogue-2011)".
NUMBERED = re.compile(
    r"(?P<link>\[)?\b(?P<word>[Mm]odules?)\s+(?P<number>\d{1,2})\b(?(link)\]\(#mod-(?P<slug>[a-z0-9-]+)\))"
)
# {ref}`Module 4 <mod-dialogue-2011>`: the role's text is prose, the rest of a role is not.
REF_ROLE = re.compile(
    r"\{ref\}`(?P<text>[^`<]*\b[Mm]odules?\s+\d{1,2}\b[^`<]*)<mod-(?P<slug>[a-z0-9-]+)>`"
)
CODE_SPAN = re.compile(r"`+[^`]*`+")
ROLE = "{r2p:module}"


def check_module_numbers(tree: CourseTree) -> Iterator[Finding]:
    slugs = {module.number: module.slug for module in tree.modules}
    for page in tree.pages.values():
        for line in page.lines:
            if not _prose(line):
                continue
            found = [(role["text"].strip(), role["slug"]) for role in REF_ROLE.finditer(line.text)]
            text = CODE_SPAN.sub(lambda span: " " * len(span.group()), line.text)
            found += [
                (match.group().strip(), match["slug"] or slugs.get(int(match["number"])))
                for match in NUMBERED.finditer(text)
            ]
            for said, slug in found:
                example = f"{ROLE}`{slug or 'SLUG'}`"
                yield Finding(
                    page.path,
                    line.number,
                    "R2P047",
                    f"'{said}' is a module number written by hand, which goes stale when a "
                    "module is inserted or moved",
                    f"write {example}, which the build numbers from the table of contents",
                )


def _prose(line: Line) -> bool:
    return line.markdown and not any(name == "" or name in RAW_DIRECTIVES for name in line.scope)
