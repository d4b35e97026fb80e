"""The quiz directives in every builder: structure, both editions, leaks, dependencies, warnings.

Each build of the fixture site runs once per module with warnings as errors, so a
build that warns fails the test that uses it.
"""

from __future__ import annotations

import base64
import json
import os
import pickle
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from docutils import nodes
from lxml import html as lxml_html

from conftest import (
    EPUBCHECK_INSTALL,
    EPUBCHECK_JAR,
    TEX_INSTALL,
    Build,
    pdf_text,
    require,
    require_commands,
)
from quiz_support import (
    BANK,
    DOCS,
    MARKERS,
    MODULE_PAGE,
    TEXT_ANSWERS,
    build_site,
    copy_site,
    fixture_bank,
    sphinx,
)
from r2p_kit.bank.model import QUESTION_TYPES, Numeric
from r2p_kit.check.layout import layout_question
from r2p_kit.check.match import TextResponse, match_answer
from r2p_kit.sphinx.quiz import banks
from r2p_kit.sphinx.quiz import nodes as qn
from r2p_kit.sphinx.quiz.html import ASSET_DIR, QUIZ_CSS, QUIZ_JS
from r2p_kit.sphinx.quiz.selfcheck import answer_key, seal, self_check, unseal

pytestmark = pytest.mark.slow  # builds the course, drives a browser or runs TeX

HEX16 = re.compile(r"^[0-9a-f]{16}$")
DATA_FIELDS = {
    "type",
    "salt",
    "points",
    "keys",
    "seal",
    "options",
    "accents",
    "decimals",
    "n",
    # match_text in the page: 8-hex neighbourhood and rival keys, the keys of wrong answers
    # whose neighbourhoods it tries, which blanks accept other alphabets, the prompt's stems
    "near",
    "nw",
    "foreign",
    "context",
    "year",
    "words",
    "longest",
}
NUMERIC_ANSWERS = ("193", "2006", "2008", "2010")  # the fixture's numbers and range bounds


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def student_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_site("html", tmp_path_factory.mktemp("quiz-student"))


@pytest.fixture(scope="module")
def instructor_html(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build_site("html", tmp_path_factory.mktemp("quiz-instructor"), "-t", "instructor")


@pytest.fixture(scope="module", params=["student", "instructor"])
def print_builds(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """LaTeX, EPUB and text of one edition: (edition, {builder: Build})."""
    extra = ("-t", "instructor") if request.param == "instructor" else ()
    out = tmp_path_factory.mktemp(f"quiz-print-{request.param}")
    return request.param, {b: build_site(b, out, *extra) for b in ("latex", "epub", "text")}


def module_page(build: Build) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((build.outdir / MODULE_PAGE / "index.html").read_bytes())


def questions_in(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return tree.find_class("r2p-question")


# -- builders ------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["text", "gettext", "linkcheck", "singlehtml", "man", "xml"])
@pytest.mark.parametrize("edition", ["student", "instructor"])
def test_other_builders_build_without_warnings(builder: str, edition: str, tmp_path: Path) -> None:
    extra = ("-t", "instructor") if edition == "instructor" else ()
    build_site(builder, tmp_path, *extra)


def test_doctree_nodes_are_builder_neutral_and_never_mark_the_right_option(
    student_html: Build,
) -> None:
    doctree_file = student_html.outdir.parent / "doctrees" / MODULE_PAGE / "index.doctree"
    doctree = pickle.loads(doctree_file.read_bytes())
    questions = list(doctree.findall(qn.r2p_question))
    assert {q["qtype"] for q in questions} == set(QUESTION_TYPES)
    assert [q["number"] for q in questions] == list(range(1, 12))
    for node in doctree.findall(nodes.Element):
        assert "correct" not in node.attributes
    for option in doctree.findall(qn.r2p_choice_option):
        assert set(option.attributes) >= {"letter", "token", "input_id"}
    for reveal in doctree.findall(lambda n: isinstance(n, qn.REVEAL_NODES)):
        assert "no-search" in reveal["classes"]


# -- HTML: accessible form, hashed keys --------------------------------------------------


def test_each_question_is_a_fieldset_with_labelled_native_inputs(student_html: Build) -> None:
    tree = module_page(student_html)
    questions = questions_in(tree)
    assert len(questions) == 11
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids on the page"
    for question in questions:
        (fieldset,) = question.findall(".//fieldset")
        assert fieldset[0].tag == "legend" and fieldset[0].text_content().startswith("Question")
        controls = question.xpath(".//input | .//select | .//textarea")
        assert controls
        for control in controls:
            labelled = control.get("aria-label") or tree.xpath(
                f'//label[@for="{control.get("id")}"]'
            )
            assert labelled, f"unlabelled control in {question.get('id')}"
        (check,) = question.xpath('.//button[@class="r2p-check"]')
        assert check.get("type") == "button" and check.text == "Check"
        (live,) = question.find_class("r2p-feedback")
        assert live.get("aria-live") == "polite" and live.get("role") == "status"
        assert question.xpath('.//button[@class="r2p-show"]')[0].get("hidden") is not None


def test_page_data_holds_salted_hashes_and_sealed_text_only(student_html: Build) -> None:
    for question in questions_in(module_page(student_html)):
        data = json.loads(question.get("data-r2p"))
        assert set(data) <= DATA_FIELDS
        assert HEX16.match(data["salt"])
        assert all(HEX16.match(key) for key in data["keys"])
        assert all(re.fullmatch(r"[0-9a-f]{8}", key) for key in data.get("near", []))
        assert all(HEX16.match(key) for blank in data.get("nw", []) for key in blank)
        for sealed in data["seal"].values():
            base64.b64decode(sealed, validate=True)
        if data["type"] != "essay":
            assert data["keys"], question.get("id")


def tree_text(tree: list) -> str:
    """The text of a sealed JSON tree (see html.reveal_tree)."""
    return "".join(n if isinstance(n, str) else tree_text(n["children"]) for n in tree)


def tree_links(tree: list) -> list[str]:
    found = []
    for node in tree:
        if isinstance(node, dict):
            found += [node["href"]] if node["tag"] == "a" else []
            found += tree_links(node["children"])
    return found


def test_sealed_text_opens_to_json_trees_of_answer_explanation_and_feedback(
    student_html: Build,
) -> None:
    (question,) = module_page(student_html).xpath('//*[@id="q-sample-assembly-adopted"]')
    data = json.loads(question.get("data-r2p"))
    salt, sealed = data["salt"], data["seal"]
    answer = json.loads(unseal(salt, "answer", sealed["answer"]))
    assert answer == [{"tag": "p", "children": ["c) the General Assembly"]}]
    explanation = json.loads(unseal(salt, "explanation", sealed["explanation"]))
    assert "EXPLAINMARK-single" in tree_text(explanation)
    assert tree_links(explanation) == ["#sample-summit"]
    feedback = json.loads(unseal(salt, "feedback", sealed["feedback"]))
    assert sorted(tree_text(tree)[:14] for tree in feedback.values()) == [
        "FEEDBACKMARK-c",
        "FEEDBACKMARK-h",
    ]
    assert {tree[0]["tag"] for tree in feedback.values()} == {"p"}


def test_keys_are_the_matchers_accepted_answers(student_html: Build) -> None:
    bank = fixture_bank()
    by_id = {q.id: q for q in bank.questions}
    for question in questions_in(module_page(student_html)):
        data = json.loads(question.get("data-r2p"))
        model = by_id[question.get("id").removeprefix("q-").replace("sample-", "sample/", 1)]
        assert data == {**self_check(model).data, "seal": data["seal"]}
    member_count = by_id["sample/member-count"]
    salt = json.loads(
        module_page(student_html).get_element_by_id("q-sample-member-count").get("data-r2p")
    )["salt"]
    assert self_check(member_count).data["keys"] == [answer_key(salt, "0", "193")]


def test_options_show_the_sheet_letters_and_no_shown_order_is_the_answer(
    student_html: Build,
) -> None:
    tree = module_page(student_html)
    for model in fixture_bank().questions:
        question = tree.get_element_by_id("q-" + model.id.replace("/", "-"))
        layout = layout_question(model)
        if model.type in ("single", "multiple"):
            letters = [s.text for s in question.find_class("r2p-letter")]
            assert letters == [f"{c})" for c in layout.letters]
        if model.type == "ordering":
            assert list(layout.shown) != sorted(layout.shown)
        if model.type == "matching":
            assert list(layout.shown[: len(model.body.pairs)]) != list(range(len(model.body.pairs)))


def test_quiz_assets_ship_as_written_and_only_on_quiz_pages(student_html: Build) -> None:
    static = student_html.outdir / "_static"
    for name in (QUIZ_JS, QUIZ_CSS):
        assert (static / name).read_bytes() == (ASSET_DIR / name).read_bytes()
    page = (student_html.outdir / MODULE_PAGE / "index.html").read_text(encoding="utf-8")
    assert 'src="../../_static/quiz.js' in page and "quiz.css" in page
    assert "quiz.js" not in (student_html.outdir / "index.html").read_text(encoding="utf-8")


def test_instructor_html_shows_answers_and_explanations_inline(instructor_html: Build) -> None:
    for question in questions_in(module_page(instructor_html)):
        (key,) = question.find_class("r2p-key")
        text = squash(key.text_content())
        assert text.startswith("Answer") and "EXPLAINMARK-" in text
    tree = module_page(instructor_html)
    single = squash(tree.get_element_by_id("q-sample-assembly-adopted").text_content())
    assert re.search(r"Answer ?c\) the General Assembly ?Explanation ?EXPLAINMARK-single", single)
    # An essay's key gives the marker each criterion's level descriptors, best first.
    essay = squash(tree.get_element_by_id("q-sample-why-regional").text_content())
    assert re.search(
        r"RUBRICMARK-proximity.*Excellent \(85\u2013100%\): ?LEVELMARK-excellent.*"
        r"Weak \(below 50%\): ?LEVELMARK-weak.*RUBRICMARK-legitimacy",
        essay,
    )


# -- leaks --------------------------------------------------------------------------------


def _quiz_markup(page: Path) -> list[str]:
    """Every question's HTML with its data-r2p attribute (hashes and sealed text) removed."""
    tree = lxml_html.fromstring(page.read_bytes())
    out = []
    for question in questions_in(tree):
        question.attrib.pop("data-r2p")
        out.append(lxml_html.tostring(question, encoding="unicode"))
    return out


def test_student_html_build_leaks_no_answer(student_html: Build) -> None:
    pages = [p for p in student_html.files() if p.suffix == ".html"]
    for path in student_html.files():
        content = path.read_bytes().decode("utf-8", errors="replace")
        for marker in MARKERS:
            assert marker not in content, f"{path} holds {marker!r}"
        if path.name == "sheet.js":  # shipped as written: holds the CLI's examples ('1: genocide')
            continue
        for answer in TEXT_ANSWERS:
            assert answer.lower() not in content.lower(), f"{path} holds the answer {answer!r}"
    for page in pages:
        for markup in _quiz_markup(page):
            for number in NUMERIC_ANSWERS:
                assert number not in markup, f"{page} shows {number} outside the hashes"
            assert "checked" not in markup and "selected" not in markup
            assert not re.search(r"\b(correct|right|solution)\b", markup, re.IGNORECASE)
    for question in questions_in(module_page(student_html)):
        options = question.find_class("r2p-option")
        shapes = {tuple(sorted(o.xpath(".//input")[0].attrib)) for o in options}
        assert len(shapes) <= 1, "options differ in their attributes"
        assert len({o.get("class") for o in options}) <= 1


def test_student_search_index_holds_no_answer_or_explanation(student_html: Build) -> None:
    raw = (student_html.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(raw[raw.index("(") + 1 : raw.rindex(")")])
    terms = set(index["terms"])
    for stem in (
        "genocid",
        "cleans",
        "manifestli",
        "ivoir",
        "explainmark",
        "feedbackmark",
        "rubricmark",
    ):
        assert not [t for t in terms if t.startswith(stem)], stem
    assert not terms & set(NUMERIC_ANSWERS)


def test_print_builds_hold_answers_only_in_the_instructor_edition(print_builds) -> None:
    edition, builds = print_builds
    for name, build in builds.items():
        texts = [
            path.read_text(encoding="utf-8", errors="replace").lower()
            for path in build.files()
            if path.suffix in {".tex", ".xhtml", ".txt", ".html", ".opf", ".ncx"}
        ]
        for marker in ("EXPLAINMARK", "RUBRICMARK", "LEVELMARK", *TEXT_ANSWERS):
            found = any(marker.lower() in text for text in texts)
            assert found is (edition == "instructor"), f"{name}: {marker!r}"


def test_gettext_catalogue_of_the_student_edition_holds_no_answer(tmp_path: Path) -> None:
    build = build_site("gettext", tmp_path)
    catalogue = "\n".join(p.read_text(encoding="utf-8") for p in build.outdir.rglob("*.pot"))
    assert "A small course used by the tests" in catalogue
    for marker in (*MARKERS, *TEXT_ANSWERS):
        assert marker.lower() not in catalogue.lower()


# -- print and e-readers -------------------------------------------------------------------


def test_latex_has_lettered_options_answer_lines_and_key_only_for_instructors(print_builds) -> None:
    edition, builds = print_builds
    (tex,) = builds["latex"].outdir.glob("*.tex")
    source = tex.read_text(encoding="utf-8")
    assert source.count(r"\sphinxsetlistlabels{\alph}{enumi}{enumii}{}{)}") >= 4
    assert source.count(r"\rule[-0.3ex]{12em}{0.4pt}") >= 8
    assert r"\sphinxstylestrong{Question 11.}" in source
    if edition == "student":
        assert "Answer key" not in source and "EXPLAINMARK" not in source
        return
    key_start = source.index(r"\chapter{Answer key}")
    assert key_start > source.rindex(r"\chapter{2. More quizzes}")
    key = source[key_start:]
    for number in range(1, 12):
        assert f"Question {number}}}" in key
    assert key.count("EXPLAIN") == source.count("EXPLAIN")
    assert r"\pageref{\detokenize{modules/01-sample/index:q-sample-four-crimes}}" in key
    assert r"\hyperref[\detokenize{modules/01-sample/index:sample-summit}]" in key


def test_epub_has_static_questions_and_chapter_answers_for_instructors(print_builds) -> None:
    edition, builds = print_builds
    page = (builds["epub"].outdir / MODULE_PAGE / "index.xhtml").read_text(encoding="utf-8")
    assert "<input" not in page and "<select" not in page and "quiz.js" not in page
    assert "a) the Human Rights Council" in squash(
        lxml_html.fromstring(page.encode()).text_content()
    )
    assert not list((builds["epub"].outdir / "_static").glob("quiz.*"))
    if edition == "student":
        assert 'id="r2p-answers"' not in page
        return
    answers = page[page.index('id="r2p-answers"') :]
    assert answers.count("EXPLAINMARK-") == 11
    assert 'href="#q-sample-four-crimes"' in answers


def test_epub_passes_epubcheck(print_builds) -> None:
    require(EPUBCHECK_JAR.exists(), "epubcheck", EPUBCHECK_INSTALL)
    _edition, builds = print_builds
    (epub,) = builds["epub"].outdir.glob("*.epub")
    result = subprocess.run(
        ["java", "-jar", str(EPUBCHECK_JAR), str(epub)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors or warnings detected" in result.stdout + result.stderr


def test_text_output_prints_questions_and_answers_only_for_instructors(print_builds) -> None:
    edition, builds = print_builds
    text = (builds["text"].outdir / MODULE_PAGE / "index.txt").read_text(encoding="utf-8")
    assert "c) the General Assembly" in text
    assert "(1) ________________, war crimes," in squash(text)
    assert ("EXPLAINMARK-cloze" in text) is (edition == "instructor")


def test_instructor_pdf_ends_with_the_answer_key(tmp_path: Path) -> None:
    require_commands("latexmk", "xelatex", install=TEX_INSTALL)
    build = build_site("latexpdf", tmp_path, "-t", "instructor")
    text = squash(pdf_text(build.outdir / "quiz-fixture.pdf"))
    key = text[text.index("Answers and explanations for every question") :]
    assert "Question 10 (page" in key and "EXPLAINMARK-cloze" in key


# -- exercise card, cross-references, selection -------------------------------------------


def test_exercise_card_names_the_sheet_and_the_check_command(student_html: Build) -> None:
    (card,) = module_page(student_html).find_class("r2p-exercise")
    text = squash(card.text_content())
    assert "exercises/01-sample.md" in text
    assert "r2p-kit check exercises/01-sample.md" in text


def test_question_role_links_to_where_a_question_is_shown(student_html: Build) -> None:
    page = lxml_html.fromstring((student_html.outdir / "modules/02-more/index.html").read_bytes())
    links = {a.text_content(): a.get("href") for a in page.iter("a")}
    assert (
        links["Question 1 (1. Sample module)"]
        == "../01-sample/index.html#q-sample-assembly-adopted"
    )
    assert links["the ordering question"] == "../01-sample/index.html#q-sample-document-order"


def test_tag_and_count_selection_is_seeded(student_html: Build) -> None:
    page = lxml_html.fromstring((student_html.outdir / "modules/02-more/index.html").read_bytes())
    (quiz,) = page.find_class("r2p-quiz")
    chosen = [q.get("id") for q in questions_in(quiz)]
    assert len(chosen) == 2
    tagged = {
        "q-" + q.id.replace("/", "-") for q in fixture_bank().questions if "documents" in q.tags
    }
    assert {c.rsplit("-", 1)[0] if c[-1].isdigit() else c for c in chosen} <= tagged


# -- parallel and incremental builds, determinism ----------------------------------------


def test_parallel_build_gives_the_same_pages(student_html: Build, tmp_path: Path) -> None:
    parallel = build_site("html", tmp_path, "-j", "2")
    for page in (MODULE_PAGE / "index.html", Path("modules/02-more/index.html")):
        assert (parallel.outdir / page).read_bytes() == (student_html.outdir / page).read_bytes()


def test_editing_a_bank_rereads_only_the_pages_that_use_it(tmp_path: Path) -> None:
    docs = copy_site(tmp_path / "site")
    out = tmp_path / "out"
    sphinx("html", out, docs=docs)
    bank = docs / BANK.relative_to(DOCS)
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("Which body adopted", "Which organ adopted"),
        encoding="utf-8",
    )
    # Sphinx compares modification times in whole seconds; a person edits later than that.
    later = time.time() + 5
    os.utime(bank, (later, later))
    result = sphinx("html", out, docs=docs)
    reread = set(re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", result.stdout))
    assert reread == {"modules/01-sample/index", "modules/02-more/index"}
    assert "Which organ adopted" in (out / "html" / MODULE_PAGE / "index.html").read_text("utf-8")


# -- problems are typed, located warnings ---------------------------------------------------


def test_bad_directives_and_banks_give_located_typed_warnings(tmp_path: Path) -> None:
    docs = copy_site(tmp_path / "site")
    (docs / "modules/02-more/index.md").write_text(
        "# 2. More\n\n:::{quiz} nosuchmodule\n:::\n\n:::{question} sample/nope\n:::\n\n"
        ":::{quiz} sample\n:tags: nosuchtag\n:::\n\n:::{quiz} sample\n:count: 99\n:::\n\n"
        ":::{exercise} 09-missing\n:::\n",
        encoding="utf-8",
    )
    result = sphinx("html", tmp_path / "out", "-q", docs=docs, check=False)
    page = "modules/02-more/index.md"
    expected = [
        f"{page}:3: WARNING: no question bank for 'nosuchmodule'",
        f"{page}:6: WARNING: no question with id 'sample/nope' in this bank; did you mean",
        f"{page}:9: WARNING: no question in questions.yaml of module 'sample' has the tag(s) ",
        f"{page}:13: WARNING: :count: 99 is more than the 11 question(s) selected",
        f"{page}:17: WARNING: the exercise sheet exercises/09-missing.md does not exist",
    ]
    for line in expected:
        assert line in result.stderr, result.stderr
    assert result.stderr.count("[r2p.quiz]") == 4 and "[r2p.exercise]" in result.stderr


def test_a_broken_bank_is_reported_once_with_its_line(tmp_path: Path) -> None:
    docs = copy_site(tmp_path / "site")
    bank = docs / BANK.relative_to(DOCS)
    with bank.open("a", encoding="utf-8") as handle:
        handle.write("  - id: sample/broken\n    type: single\n    prompt: 3\n")
    result = sphinx("html", tmp_path / "out", "-q", docs=docs, check=False)
    assert re.search(r"questions\.yaml:\d+:\d+: WARNING: 'prompt' must be text", result.stderr)
    assert result.stderr.count("'prompt' must be text") == 1
    assert "[r2p.bank]" in result.stderr


# -- self-check data (no Sphinx) -------------------------------------------------------------


def test_numeric_keys_cover_exactly_what_the_matcher_accepts() -> None:
    year = next(q for q in fixture_bank().questions if q.id == "sample/year-range")
    assert isinstance(year.body, Numeric)
    check = self_check(year)
    salt = check.data["salt"]
    for value in range(2000, 2016):
        accepted = match_answer(year, TextResponse(str(value))).status == "correct"
        assert (answer_key(salt, "0", str(value)) in check.data["keys"]) is accepted


def test_seal_round_trips_and_is_deterministic() -> None:
    text = "C\u00f4te d\u2019Ivoire \u2014 \u201cquoted\u201d " * 7
    assert unseal("abc", "answer", seal("abc", "answer", text)) == text
    assert seal("abc", "answer", text) == seal("abc", "answer", text)
    assert seal("abc", "answer", text) != seal("abd", "answer", text)
    assert text not in base64.b64decode(seal("abc", "answer", text)).decode("latin-1")


def test_bank_file_is_not_published(student_html: Build) -> None:
    published = [p for p in student_html.files() if p.suffix in {".yaml", ".md"}]
    assert published == [student_html.outdir / "exercises" / "01-sample.md"]  # the sheet only
    assert shutil.which("sphinx-build") or True  # the builds above ran through `python -m sphinx`


def test_bank_problems_are_reported_once_per_build(tmp_path: Path) -> None:
    broken = tmp_path / "01-broken" / "questions.yaml"
    broken.parent.mkdir()
    broken.write_text("module: broken\nquestions: []\n", encoding="utf-8")
    bank, problems = banks.read_bank(broken)
    assert bank is None and problems
    assert banks.read_bank(broken) == (None, [])
    banks.start_build()
    assert banks.read_bank(broken)[1] == problems


def test_exercise_card_links_the_sheet_when_a_base_url_is_set(tmp_path: Path) -> None:
    url = "https://example.org/course/exercises/"
    build = build_site("html", tmp_path, "-D", f"r2p_exercises_url={url}")
    (card,) = module_page(build).find_class("r2p-exercise")
    hrefs = [a.get("href") for a in card.iter("a")]
    assert hrefs[0] == url + "01-sample.md"  # then the site's own copies (sheets.downloads)
    assert hrefs[1:3] == ["../../exercises/01-sample.md", "../../exercises/01-sample.html"]
