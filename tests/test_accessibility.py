"""Accessibility a reader notices without tools: heading order, image text, link text."""

from __future__ import annotations

import itertools
import re

import pytest
from lxml import html as lxml_html

from conftest import Build

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX

VAGUE_LINK_TEXTS = {"here", "click here", "link", "this link", "read more", "more", "this page"}


def article(path) -> lxml_html.HtmlElement:
    tree = lxml_html.fromstring(path.read_bytes())
    (main,) = tree.xpath("//article") or [tree]
    return main


def course_pages(build: Build) -> list:
    return [
        page
        for page in sorted(build.outdir.rglob("*.html"))
        if page.name not in {"genindex.html", "search.html"}
    ]


def test_headings_never_skip_a_level(student_html: Build, instructor_html: Build) -> None:
    skipped = []
    for build in (student_html, instructor_html):
        for page in course_pages(build):
            levels = [int(h.tag[1]) for h in article(page).iter("h1", "h2", "h3", "h4", "h5", "h6")]
            for before, after in itertools.pairwise(levels):
                if after > before + 1:
                    skipped.append(f"{page.relative_to(build.outdir)}: h{before} -> h{after}")
    assert skipped == []


def test_every_page_has_one_main_heading(student_html: Build) -> None:
    counts = {
        page.relative_to(student_html.outdir).as_posix(): len(article(page).findall(".//h1"))
        for page in course_pages(student_html)
    }
    assert {page: n for page, n in counts.items() if n != 1} == {}


def test_every_image_has_alt_text(student_html: Build) -> None:
    missing = [
        f"{page.relative_to(student_html.outdir)}: {img.get('src')}"
        for page in course_pages(student_html)
        for img in article(page).iter("img")
        if not (img.get("alt") or "").strip()
    ]
    assert missing == []


def test_link_texts_make_sense_on_their_own(student_html: Build) -> None:
    vague = [
        f"{page.relative_to(student_html.outdir)}: {text!r}"
        for page in course_pages(student_html)
        for link in article(page).iter("a")
        if (text := re.sub(r"\s+", " ", link.text_content()).strip().lower()) in VAGUE_LINK_TEXTS
    ]
    assert vague == []
