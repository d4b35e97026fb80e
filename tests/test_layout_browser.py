"""Every page of both editions as a reader sees it: at 320, 390, 768 and 1280 px, in Furo's
light and dark schemes, nothing sticks out of its box, the page never scrolls sideways, no
word is broken in the middle and boxed text keeps clear of its box's edge; quiz choices are
one row with targets of 24 x 24 CSS px, and a matching answer's mark stands beside its menu;
keyboard focus is always on the screen and outlined; instructor notes keep their contrast in
the dark; module pages show "On this page" at 1280 px; tables start every cell on the row's
first line and the timeline reads as a list on a phone; axe finds nothing serious in either
scheme.

Playwright drives Debian's Chromium (never a downloaded browser); a failing test leaves a
screenshot in test-results/layout-browser/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from _tools import axe_source
from browser import launched_chromium, serious_violations, serve
from conftest import REPO, Build, is_redirect_page

pytestmark = pytest.mark.slow  # builds both editions and drives a browser

pytest.importorskip("playwright.sync_api")  # skip the module where Playwright is missing

WIDTHS = (320, 390, 768, 1280)
SCHEMES = ("light", "dark")
SCREENSHOTS = REPO / "test-results" / "layout-browser"

# Boxes a reader sees as a container; what is inside must stay inside (a box that scrolls
# or clips on purpose, such as a wide table's wrapper, contains what overflows it).
OVERFLOWING = """() => {
  const boxes = "article[role=main], .r2p-question, .admonition, .r2p-reproduced, "
    + "blockquote, .sd-card, li, td, th";
  const clips = el => {
    const s = getComputedStyle(el);
    return ["auto", "scroll", "hidden", "clip"].includes(s.overflowX);
  };
  const found = [];
  for (const box of document.querySelectorAll(boxes)) {
    if (clips(box)) continue;
    const outer = box.getBoundingClientRect();
    if (!outer.width) continue;
    for (const el of box.querySelectorAll("*")) {
      let clipped = false;
      for (let up = el.parentElement; up && up !== box; up = up.parentElement) {
        if (clips(up)) { clipped = true; break; }
      }
      if (clipped) continue;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (!r.width || !r.height || s.position === "fixed") continue;
      // The content box: Furo pads headings and titles into their margins on purpose.
      const left = r.left + parseFloat(s.paddingLeft) + parseFloat(s.borderLeftWidth);
      const right = r.right - parseFloat(s.paddingRight) - parseFloat(s.borderRightWidth);
      if (left < outer.left - 1 || right > outer.right + 1) {
        const name = el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
        found.push(`${name} in ${box.tagName.toLowerCase()}.${box.className}: `
          + `${Math.round(left)}-${Math.round(right)} outside `
          + `${Math.round(outer.left)}-${Math.round(outer.right)}`);
      }
    }
  }
  return found.slice(0, 5);
}"""


# Words split between two lines with no hyphen ("Bibliograph / y", "Fra / ncis"): a heading
# too large for a phone, or text squeezed beside a long label. Chunks with digits, slashes or
# dots (addresses, document symbols) may break anywhere and are left out.
BROKEN_WORDS = """() => {
  const found = [];
  const root = document.querySelector("article[role=main]") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre, code, .headerlink")) continue;
    for (const chunk of node.data.matchAll(/\\S+/gu)) {
      if (/[\\d\\/.@_=]/.test(chunk[0])) continue;
      for (const word of chunk[0].matchAll(/\\p{L}{2,}/gu)) {
        const range = document.createRange();
        range.setStart(node, chunk.index + word.index);
        range.setEnd(node, chunk.index + word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width)
          .map(r => Math.round(r.top)));
        if (lines.size > 1) found.push(`${node.parentElement.tagName.toLowerCase()}: ${word[0]}`);
      }
    }
  }
  return found.slice(0, 5);
}"""

# Boxes drawn with a border or a background: their text keeps at least 6 px from the edge
# (Furo's rule for ".container" took the reproduced article's padding away).
TOUCHING = """() => {
  const found = [];
  const boxes = ".r2p-reproduced, .admonition, .r2p-question, blockquote, .r2p-sheet-q";
  for (const box of document.querySelectorAll(boxes)) {
    const outer = box.getBoundingClientRect();
    const s = getComputedStyle(box);
    const drawn = parseFloat(s.borderLeftWidth) || s.backgroundColor !== "rgba(0, 0, 0, 0)";
    if (!drawn) continue;  // an unstyled quotation on a plain printable page
    const left = outer.left + parseFloat(s.borderLeftWidth) + 6;
    const right = outer.right - parseFloat(s.borderRightWidth) - 6;
    for (const child of box.children) {
      const r = child.getBoundingClientRect();
      const c = getComputedStyle(child);
      if (!r.width || c.backgroundColor !== "rgba(0, 0, 0, 0)") continue;  // a title bar
      const textLeft = r.left + parseFloat(c.paddingLeft);
      const textRight = r.right - parseFloat(c.paddingRight);
      if (textLeft < left || textRight > right) {
        found.push(`${child.tagName.toLowerCase()} in ${box.className}: `
          + `${Math.round(textLeft - left + 6)} px from the left edge, `
          + `${Math.round(right + 6 - textRight)} px from the right`);
      }
    }
  }
  return found.slice(0, 5);
}"""


def pages(build: Build) -> list[str]:
    """The pages readers see: not the redirect stubs at moved modules' old addresses."""
    found = (p for p in build.outdir.rglob("*.html") if not is_redirect_page(p))
    return sorted(p.relative_to(build.outdir).as_posix() for p in found)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched_chromium() as launched:
        yield launched


@pytest.fixture(params=["student", "instructor"])
def edition(request: pytest.FixtureRequest) -> Iterator[tuple[Build, str]]:
    build: Build = request.getfixturevalue(f"{request.param}_html")
    server, url = serve(build.outdir)
    yield build, url
    server.shutdown()


class Reader:
    """One browser tab at one width in one of Furo's colour schemes (set as a reader sets
    it: Furo's toggle keeps the choice in localStorage and puts it on the body)."""

    def __init__(self, browser: Any, width: int, scheme: str) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.context.add_init_script(f"localStorage.setItem('theme', '{scheme}')")
        self.page = self.context.new_page()
        self.scheme = scheme

    def open(self, url: str) -> Any:
        self.page.goto(url)
        if self.page.locator(".theme-toggle").count():  # a Furo page, not a plain sheet
            assert self.page.evaluate("document.body.dataset.theme") == self.scheme, url
        return self.page

    def close(self, failed: bool, name: str) -> None:
        if failed:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", name) + ".png")
            self.page.screenshot(path=str(path), full_page=True)
        self.context.close()


Key = tuple[int, str]  # width, scheme


@pytest.fixture
def readers(browser: Any, request: pytest.FixtureRequest) -> Iterator[dict[Key, Reader]]:
    made: dict[Key, Reader] = {}

    class Lazy(dict[Key, Reader]):
        def __missing__(self, key: Key) -> Reader:
            made[key] = self[key] = Reader(browser, *key)
            return made[key]

    failed_before = request.session.testsfailed
    yield Lazy()
    failed = request.session.testsfailed > failed_before
    for (width, scheme), reader in made.items():
        reader.close(failed, f"{request.node.name}-{width}-{scheme}")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_its_width_in_either_scheme(
    edition: tuple[Build, str], readers: dict[Key, Reader], width: int
) -> None:
    """No sideways scrolling, nothing outside its box, no word broken in the middle and no
    boxed text against its box's edge (the last two do not depend on the scheme)."""
    build, url = edition
    problems: dict[str, object] = {}
    for scheme in SCHEMES:
        reader = readers[width, scheme]
        for path in pages(build):
            page = reader.open(url + path)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems[f"{scheme} {path}"] = f"page is {scroll} px wide"
            elif outside := page.evaluate(OVERFLOWING):
                problems[f"{scheme} {path}"] = outside
            if scheme != "light":
                continue
            if broken := page.evaluate(BROKEN_WORDS):
                problems[f"broken words {path}"] = broken
            if touching := page.evaluate(TOUCHING):
                problems[f"text against its box {path}"] = touching
    assert problems == {}


QUIZ_PAGE = "modules/01-origins/index.html"


@pytest.mark.parametrize("width", [320, 1280])
def test_quiz_choices_are_one_row_with_large_enough_targets(
    edition: tuple[Build, str], readers: dict[Key, Reader], width: int
) -> None:
    """The control, the first line of its label and the mark share one line, even when the
    label wraps; every radio button and check box is at least 24 x 24 CSS px."""
    _build, url = edition
    page = readers[width, "light"].open(url + QUIZ_PAGE)
    rows = page.evaluate(
        """() => [...document.querySelectorAll('.r2p-option')].map(row => {
          const box = row.querySelector('input').getBoundingClientRect();
          const label = row.querySelector('label').getBoundingClientRect();
          const mark = row.querySelector('.r2p-mark').getBoundingClientRect();
          return {w: box.width, h: box.height, controlTop: box.top, labelTop: label.top,
                  markTop: mark.top, labelLeft: label.left, controlRight: box.right};
        })"""
    )
    assert len(rows) > 5
    small = [row for row in rows if row["w"] < 24 or row["h"] < 24]
    assert small == []
    off_line = [
        row
        for row in rows
        if abs(row["labelTop"] - row["controlTop"]) > 4
        or abs(row["markTop"] - row["controlTop"]) > 4
        or row["labelLeft"] < row["controlRight"]
    ]
    assert off_line == []


@pytest.mark.parametrize("width", [320, 1280])
def test_a_matching_answers_mark_stands_beside_its_menu(
    edition: tuple[Build, str], readers: dict[Key, Reader], width: int
) -> None:
    """After Check, each pair's mark (tick or cross) is on the line of its menu, to its right,
    not on a line of its own under a menu as wide as the card."""
    _build, url = edition
    page = readers[width, "light"].open(url + QUIZ_PAGE)
    rows = page.evaluate(
        """async () => {
          const question = [...document.querySelectorAll('.r2p-question')]
            .find(q => q.querySelector('.r2p-row select option')?.textContent === 'Choose…');
          for (const menu of question.querySelectorAll('select')) {
            menu.selectedIndex = 1;
            menu.dispatchEvent(new Event('change', {bubbles: true}));
          }
          question.querySelector('.r2p-check').click();
          for (let i = 0; i < 50 && !question.querySelector('.r2p-mark').textContent; i++) {
            await new Promise(done => setTimeout(done, 100));
          }
          return [...question.querySelectorAll('.r2p-row')].map(row => {
            const menu = row.querySelector('select').getBoundingClientRect();
            const mark = row.querySelector('.r2p-mark').getBoundingClientRect();
            return {text: row.querySelector('.r2p-mark').textContent, menuTop: menu.top,
                    menuBottom: menu.bottom, menuRight: menu.right, markTop: mark.top,
                    markBottom: mark.bottom, markLeft: mark.left};
          });
        }"""
    )
    assert rows and all(row["text"] for row in rows), rows
    apart = [
        row
        for row in rows
        if row["markLeft"] < row["menuRight"]
        or (row["markTop"] + row["markBottom"]) / 2 > row["menuBottom"]
        or (row["markTop"] + row["markBottom"]) / 2 < row["menuTop"]
    ]
    assert apart == []


TIMELINE = "reference/timeline.html"


@pytest.mark.parametrize("width", [320, 390])
def test_the_timeline_reads_as_a_list_on_a_phone(
    student_html: Build, readers: dict[Key, Reader], width: int
) -> None:
    """Date, event and source one under the other, each as wide as the text column, instead
    of three columns that leave an event two or three words a line."""
    server, url = serve(student_html.outdir)
    try:
        page = readers[width, "light"].open(url + TIMELINE)
        narrow = page.evaluate(
            """() => {
              const column = document.querySelector('article[role=main]')
                .getBoundingClientRect().width;
              const cells = [...document.querySelectorAll('section#timeline td')];
              return {cells: cells.length, narrow: cells
                .filter(td => td.getBoundingClientRect().width < 0.9 * column)
                .slice(0, 3).map(td => Math.round(td.getBoundingClientRect().width)
                  + ' px: ' + td.textContent.slice(0, 40))};
            }"""
        )
    finally:
        server.shutdown()
    assert narrow["cells"] > 30
    assert narrow["narrow"] == []


TABLE_PAGES = ("instructor/guide.html", "modules/06-regional-arrangements/index.html")


def test_table_cells_start_on_their_rows_first_line(
    instructor_html: Build, readers: dict[Key, Reader]
) -> None:
    """A row is read from the top: a short cell beside a long one starts level with it, not
    half-way down the row."""
    server, url = serve(instructor_html.outdir)
    try:
        reader = readers[768, "light"]
        uneven = {}
        for path in TABLE_PAGES:
            rows = reader.open(url + path).evaluate(
                """() => [...document.querySelectorAll('article table tbody tr')].map(tr =>
                  [...tr.cells].filter(td => td.firstElementChild)
                    .map(td => td.firstElementChild.getBoundingClientRect().top))
                  .filter(tops => Math.max(...tops) - Math.min(...tops) > 2).length"""
            )
            if rows:
                uneven[path] = f"{rows} rows"
    finally:
        server.shutdown()
    assert uneven == {}


# What a keyboard reader sees at each press of Tab: the focused element (or, for a card's
# stretched link, the box its ::after draws over the card) on the screen and outlined.
# Furo's drawers slide off the screen below 63em and 76em but keep their links in the tab
# order (and its buttons that open them take no focus), and Furo takes the search box's
# outline away.
FOCUS_LOST = """async () => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  const shown = [e, "::after"].some(part => {
    const s = part === e ? getComputedStyle(e) : getComputedStyle(e, "::after");
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  });
  const box = (e.matches(".sd-stretched-link") ? e.parentElement : e).getBoundingClientRect();
  const onScreen = box.right > 0 && box.left < innerWidth
    && box.bottom > 0 && box.top < innerHeight;
  if (shown && onScreen) return "";
  const name = e.tagName.toLowerCase() + (e.className ? "." + e.className.split(" ")[0] : "");
  return `${name} "${(e.textContent || e.placeholder || "").trim().slice(0, 30)}": `
    + (onScreen ? "no outline" : `off the screen at ${Math.round(box.left)}`);
}"""

# Where focus ends up, not where it is on the way: no smooth scrolling or sliding.
SETTLED = "* { scroll-behavior: auto !important; transition: none !important; }"
FOCUS_PAGES = ("index.html", "reference/timeline.html", QUIZ_PAGE)


@pytest.mark.parametrize("width", [390, 1280])
def test_keyboard_focus_is_always_on_screen_and_outlined(
    student_html: Build, readers: dict[Key, Reader], width: int
) -> None:
    server, url = serve(student_html.outdir)
    lost: dict[str, list[str]] = {}
    try:
        for scheme in SCHEMES:
            page = readers[width, scheme].open(url + FOCUS_PAGES[0])
            for path in FOCUS_PAGES:
                page.goto(url + path)
                page.add_style_tag(content=SETTLED)
                for _press in range(400):
                    page.keyboard.press("Tab")
                    found = page.evaluate(FOCUS_LOST)
                    if found is None:
                        break
                    if found and len(lost.setdefault(f"{scheme} {path}", [])) < 3:
                        lost[f"{scheme} {path}"].append(found)
    finally:
        server.shutdown()
    assert {key: found for key, found in lost.items() if found} == {}


def luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# The colour a box is painted: its own background composed over its ancestors' (Furo's
# admonition title background is translucent).
PAINTED = """el => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const layers = [];
  for (let up = el; up; up = up.parentElement) {
    const c = parse(getComputedStyle(up).backgroundColor);
    if (c.length && (c.length < 4 || c[3] > 0)) layers.push(c);
    if (c.length === 3 || (c.length === 4 && c[3] === 1)) break;
  }
  let out = [255, 255, 255];
  for (const c of layers.reverse()) {
    const a = c.length === 4 ? c[3] : 1;
    out = out.map((v, i) => v * (1 - a) + c[i] * a);
  }
  return {background: out, text: parse(getComputedStyle(el).color)};
}"""


@pytest.mark.parametrize("scheme", SCHEMES)
def test_instructor_notes_keep_their_contrast_in_both_schemes(
    instructor_html: Build, readers: dict[Key, Reader], scheme: str
) -> None:
    server, url = serve(instructor_html.outdir)
    try:
        page = readers[1280, scheme].open(url + QUIZ_PAGE)
        notes = page.locator(".admonition.r2p-instructor")
        assert notes.count() > 0
        ratios = []
        for part in (".admonition-title", "p"):
            colours = notes.first.locator(part).first.evaluate(PAINTED)
            ratios.append(contrast(tuple(colours["text"]), tuple(colours["background"])))
    finally:
        server.shutdown()
    assert min(ratios) >= 4.5, ratios


def test_module_pages_show_their_contents_beside_the_text_at_1280(
    student_html: Build, readers: dict[Key, Reader]
) -> None:
    server, url = serve(student_html.outdir)
    try:
        reader = readers[1280, "light"]
        hidden = {}
        for path in pages(student_html):
            if not path.startswith("modules/"):
                continue
            box = reader.open(url + path).locator(".toc-drawer .toc-tree").bounding_box()
            if box is None or box["x"] + box["width"] > 1280 or box["width"] < 100:
                hidden[path] = box
    finally:
        server.shutdown()
    assert hidden == {}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_nothing_serious_in_either_scheme(
    edition: tuple[Build, str], readers: dict[Key, Reader], scheme: str
) -> None:
    axe = axe_source()
    build, url = edition
    found = {}
    for path in pages(build):
        page = readers[1280, scheme].open(url + path)
        if violations := serious_violations(page, axe):
            found[path] = violations
    assert found == {}
