"""Module page anatomy: the sections every ``docs/modules/NN-slug/index.md`` must have.

Students and instructors rely on every module having the same shape (objectives they
can be assessed against, key terms, discussion questions, further reading), and the
question bank refers to objectives by number. The page structure is in CONTRIBUTING.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from r2p_kit.contrib.findings import Finding
from r2p_kit.contrib.pages import Heading, Line, Page
from r2p_kit.contrib.tree import CourseTree, ModuleFolder

OBJECTIVES = "Learning objectives"
KEY_TERMS = "Key terms"
DISCUSSION = "Discussion questions"
FURTHER_READING = "Further reading"
MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MIN_DISCUSSION = 6

NUMBERED_ITEM = re.compile(r"^\d+[.)]\s+\S")
BULLET_ITEM = re.compile(r"^[-*+]\s+\S")
TITLE = re.compile(r"^(?P<number>\d+)\.\s+\S")
TITLE_PREFIX = re.compile(r"^\d+[.)]?\s+")


def section_heading(page: Page, title: str) -> Heading | None:
    """The ``## title`` heading of ``page`` (case and trailing colon ignored)."""
    wanted = title.lower()
    for heading in page.headings:
        if heading.level == 2 and heading.title.rstrip(":").strip().lower() == wanted:
            return heading
    return None


def top_level_items(lines: list[Line], pattern: re.Pattern[str]) -> list[Line]:
    """List items that start at the margin of the page, outside every directive."""
    return [line for line in lines if line.markdown and not line.scope and pattern.match(line.text)]


def objective_count(page: Page) -> int | None:
    """How many numbered learning objectives the page has; ``None`` without the section."""
    heading = section_heading(page, OBJECTIVES)
    if heading is None:
        return None
    return len(top_level_items(page.section(heading), NUMBERED_ITEM))


def check_modules(tree: CourseTree) -> Iterator[Finding]:
    for module in tree.modules:
        page = tree.page_at(module.page)
        if page is None and module.page in tree.unreadable:
            continue  # reported as R2P060
        if page is None:
            yield Finding(
                module.page,
                1,
                "R2P020",
                f"module {module.folder.name} has no page",
                "run `r2p-kit new module` to start one, or add index.md (see CONTRIBUTING.md)",
            )
            continue
        yield from check_module_page(module, page)


def check_module_page(module: ModuleFolder, page: Page) -> Iterator[Finding]:
    yield from _check_title(module, page)
    yield from _check_objectives(page)
    yield from _check_key_terms(page)
    yield from _check_discussion(page)
    yield from _check_further_reading(page)


def _check_title(module: ModuleFolder, page: Page) -> Iterator[Finding]:
    title = next((h for h in page.headings if h.level == 1), None)
    if title is None:
        yield Finding(
            page.path,
            1,
            "R2P022",
            "the module page has no `#` title",
            f"start the page with `(mod-{module.slug})=` and `# {module.number}. Title`",
        )
        return
    match = TITLE.match(title.title)
    if match is None or int(match["number"]) != module.number:
        found = f"is numbered {match['number']}" if match else "has no module number"
        yield Finding(
            page.path,
            title.line,
            "R2P022",
            f"the title {found}, but the folder {module.folder.name} is module {module.number}",
            f"write `# {module.number}. {TITLE_PREFIX.sub('', title.title)}`",
        )
    expected = f"mod-{module.slug}"
    if title.label != expected:
        found = f"`({title.label})=`" if title.label else "nothing"
        yield Finding(
            page.path,
            title.line,
            "R2P021",
            f"the title is preceded by {found}, not by the module label `({expected})=`",
            "the landing page's card and other modules link to the module by this label",
        )


def _check_objectives(page: Page) -> Iterator[Finding]:
    heading = section_heading(page, OBJECTIVES)
    if heading is None:
        yield _missing(page, "R2P023", OBJECTIVES, "three to five numbered objectives")
        return
    count = len(top_level_items(page.section(heading), NUMBERED_ITEM))
    if not MIN_OBJECTIVES <= count <= MAX_OBJECTIVES:
        yield Finding(
            page.path,
            heading.line,
            "R2P024",
            f"{count} numbered learning objectives; a module has {MIN_OBJECTIVES} to "
            f"{MAX_OBJECTIVES}",
            "number them `1.`, `2.`, ... at the start of the line: questions cite them by number",
        )


def _check_key_terms(page: Page) -> Iterator[Finding]:
    heading = section_heading(page, KEY_TERMS)
    if heading is None:
        yield _missing(page, "R2P025", KEY_TERMS, "the module's glossary terms as {term} roles")
        return
    lines = {line.number for line in page.section(heading)}
    if not any(role.name == "term" and role.line in lines for role in page.roles):
        yield Finding(
            page.path,
            heading.line,
            "R2P025",
            "the key terms are not written as glossary references",
            "list 5 to 10 terms as {term}`genocide`, {term}`pillar one`, ...",
        )


def _check_discussion(page: Page) -> Iterator[Finding]:
    heading = section_heading(page, DISCUSSION)
    if heading is None:
        yield _missing(page, "R2P027", DISCUSSION, f"at least {MIN_DISCUSSION} numbered questions")
        return
    count = len(top_level_items(page.section(heading), NUMBERED_ITEM))
    if count < MIN_DISCUSSION:
        yield Finding(
            page.path,
            heading.line,
            "R2P028",
            f"{count} numbered discussion questions; a module has at least {MIN_DISCUSSION}",
            "grade them from recall to analysis to evaluation, numbered `1.`, `2.`, ...",
        )


def _check_further_reading(page: Page) -> Iterator[Finding]:
    heading = section_heading(page, FURTHER_READING)
    items = []
    if heading is not None:
        section = page.section(heading)
        items = top_level_items(section, BULLET_ITEM) + top_level_items(section, NUMBERED_ITEM)
    if heading is None:
        yield _missing(page, "R2P029", FURTHER_READING, "a list of sources to read")
    elif not items:
        yield Finding(
            page.path,
            heading.line,
            "R2P029",
            "the further reading has no list",
            "list each source as {cite:t}`key`, then one sentence on why to read it",
        )


def _missing(page: Page, code: str, title: str, what: str) -> Finding:
    return Finding(page.path, 1, code, f"no `## {title}` section", f"add it with {what}")


def check_terms(tree: CourseTree) -> Iterator[Finding]:
    """Every ``{term}`` on every page names a glossary term, as Sphinx will require."""
    glossary = tree.glossary
    for page in tree.pages.values():
        for role in page.roles:
            if role.name == "term" and role.target.lower() not in glossary:
                yield Finding(
                    page.path,
                    role.line,
                    "R2P026",
                    f"'{role.target}' is not a glossary term",
                    "use a term from docs/reference/glossary.md, or add it there first",
                )
