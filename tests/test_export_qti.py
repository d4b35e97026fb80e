"""Canvas QTI: the manifest validates against the IMS CP XSD, the items against the QTI 1.2 DTD."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from _tools import imscp_xsd, qti_dtd
from conftest import bank_of
from export_meaning import edge_bank
from r2p_kit.bank.model import Cloze, Numeric, ShortAnswer
from r2p_kit.quiz.export.common import accepted_texts, quiz_identity
from r2p_kit.quiz.export.qti import CANVAS_TYPE, export_qti
from r2p_kit.quiz.generate import Selection, generate_quiz

COURSE = Path(__file__).parent / "fixtures" / "bank" / "course"
REPO = Path(__file__).resolve().parents[1]


def packages(root: Path, variants: int = 2) -> list[tuple[object, dict[str, bytes]]]:
    quiz = generate_quiz(bank_of(root), Selection(), seed="qti", variants=variants)
    result = []
    for variant in quiz.variants:
        with zipfile.ZipFile(io.BytesIO(export_qti(quiz, variant))) as archive:
            assert archive.testzip() is None
            result.append((variant, {n: archive.read(n) for n in archive.namelist()}))
    return result


def without_namespaces(data: bytes) -> etree._Element:
    """The DTD predates XML namespaces; Canvas wants them, so strip them to validate structure."""
    root = etree.fromstring(data)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    for name in list(root.attrib):
        if name.startswith("{"):
            del root.attrib[name]
    etree.cleanup_namespaces(root)
    return root


def check(root: Path) -> None:
    dtd = etree.DTD(str(qti_dtd()))
    xsd = etree.XMLSchema(etree.parse(str(imscp_xsd())))
    for variant, files in packages(root):
        manifest = etree.fromstring(files["imsmanifest.xml"])
        assert xsd.validate(manifest), xsd.error_log
        ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
        resource, meta = manifest.findall(".//cp:resource", ns)
        assert resource.get("type") == "imsqti_xmlv1p2"
        href = resource.find("cp:file", ns).get("href")
        meta_href = meta.find("cp:file", ns).get("href")
        assert resource.find("cp:dependency", ns).get("identifierref") == meta.get("identifier")
        assert sorted(files) == sorted(["imsmanifest.xml", href, meta_href])
        settings = etree.fromstring(files[meta_href])
        canvas = {"c": "http://canvas.instructure.com/xsd/cccv1p0"}
        assert float(settings.findtext("c:points_possible", namespaces=canvas)) == variant.points
        assert settings.findtext("c:allowed_attempts", namespaces=canvas) == "1"
        items = without_namespaces(files[href])
        assert dtd.validate(items), dtd.error_log.filter_from_errors()
        found = items.findall(".//item")
        assert [i.get("title") for i in found] == [x.question.id for x in variant.items]
        for element, item in zip(found, variant.items, strict=True):
            meta = {
                f.findtext("fieldlabel"): f.findtext("fieldentry")
                for f in element.iter("qtimetadatafield")
            }
            assert meta["question_type"] == CANVAS_TYPE[item.question.type]
            assert float(meta["points_possible"]) == item.question.points


def test_fixture_course_is_valid_qti() -> None:
    check(COURSE)


def test_real_bank_is_valid_qti() -> None:
    check(REPO)


def test_validators_are_not_vacuous() -> None:
    dtd = etree.DTD(str(qti_dtd()))
    xsd = etree.XMLSchema(etree.parse(str(imscp_xsd())))
    _, files = packages(COURSE, variants=1)[0]
    href = next(name for name in files if name.endswith(".xml") and "/r2p-" in "/" + name
                and not name.endswith("assessment_meta.xml"))  # fmt: skip
    broken = without_namespaces(files[href])
    etree.SubElement(broken.find(".//item"), "bogus")
    assert not dtd.validate(broken)
    manifest = etree.fromstring(files["imsmanifest.xml"])
    manifest.remove(manifest.find("{http://www.imsglobal.org/xsd/imscp_v1p1}resources"))
    assert not xsd.validate(manifest)


def test_zip_is_reproducible() -> None:
    first = packages(COURSE, variants=1)[0][1]
    second = packages(COURSE, variants=1)[0][1]
    assert first == second
    quiz = generate_quiz(bank_of(COURSE), Selection(), seed="qti")
    assert export_qti(quiz, quiz.variants[0]) == export_qti(quiz, quiz.variants[0])


def test_identifiers_and_titles_are_unique_per_selection_and_variant_and_stable() -> None:
    bank = bank_of(REPO)
    seen: dict[str, tuple[str, ...]] = {}
    titles = set()
    for module in bank.modules:
        for seed in ("1", "2"):
            quiz = generate_quiz(bank, Selection(modules=(module.slug,)), seed=seed, variants=2)
            for variant in quiz.variants:
                with zipfile.ZipFile(io.BytesIO(export_qti(quiz, variant))) as archive:
                    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
                ident = manifest.find(".//{*}resource").get("identifier")
                key = (module.slug, seed, variant.label)
                assert seen.setdefault(ident, key) == key, (ident, key)
                ident_again, title = quiz_identity(quiz, variant)
                assert ident_again == ident
                assert module.slug in title
                titles.add(title)
    assert len(titles) == len(seen) == len(bank.modules) * 2 * 2


def _holds(test: etree._Element, response: dict[str, str]) -> bool:
    """One QTI 1.2 condition on ``response`` (response ident -> value), by the specification:
    the children of ``<conditionvar>`` and ``<and>`` must all hold, one of ``<or>``'s."""
    tag = test.tag
    if tag in ("conditionvar", "and"):
        return all(_holds(child, response) for child in test)
    if tag == "or":
        return any(_holds(child, response) for child in test)
    if tag == "not":
        return not _holds(test[0], response)
    if tag == "other":
        return True
    given = response.get(test.get("respident"), "")
    if tag == "varequal":
        if test.text and test.text.lstrip("-").replace(".", "", 1).isdigit():
            try:
                return float(given) == float(test.text)
            except ValueError:
                return False
        return given == test.text
    if tag in ("vargte", "varlte"):
        try:
            number = float(given)
        except ValueError:
            return False
        return number >= float(test.text) if tag == "vargte" else number <= float(test.text)
    raise AssertionError(f"unexpected QTI condition {tag}")


def qti_score(item: etree._Element, response: dict[str, str]) -> float:
    """SCORE after the item's response processing, conditions in order, as QTI 1.2 says."""
    score = 0.0
    for condition in item.findall("resprocessing/respcondition"):
        if not _holds(condition.find("conditionvar"), response):
            continue
        setvar = condition.find("setvar")
        if setvar is not None:
            value = float(setvar.text)
            score = score + value if setvar.get("action") == "Add" else value
        if condition.get("continue") == "No":
            break
    return score


def test_response_processing_scores_exactly_the_accepted_answers() -> None:
    """Read by QTI 1.2's own rules (not Canvas's looser reading): each accepted form scores
    full marks on its own, known wrong answers score nothing, and a numeric range holds
    exactly its bounds. Several accepted answers must therefore sit under ``<or>``: in one
    ``<conditionvar>`` they would all be required at once."""
    for bank in (bank_of(REPO), edge_bank()):
        quiz = generate_quiz(bank, Selection(types=("short", "numeric", "cloze")), seed="qti")
        for variant in quiz.variants:
            with zipfile.ZipFile(io.BytesIO(export_qti(quiz, variant))) as archive:
                name = next(n for n in archive.namelist() if "/r2p-" in "/" + n and
                            not n.endswith("assessment_meta.xml"))  # fmt: skip
                items = {
                    i.get("title"): i for i in without_namespaces(archive.read(name)).iter("item")
                }
            for shown in variant.items:
                question, element = shown.question, items[shown.question.id]
                body = question.body
                if isinstance(body, ShortAnswer):
                    for text in accepted_texts(body.expected):
                        assert qti_score(element, {"response1": text}) == 100, (question.id, text)
                    for wrong in body.expected.wrong_answers:
                        assert qti_score(element, {"response1": wrong.text}) == 0, question.id
                elif isinstance(body, Numeric):
                    low, high = body.bounds
                    for inside in (low, high, (low + high) / 2):
                        assert qti_score(element, {"response1": str(inside)}) == 100, question.id
                    step = max(abs(high - low) / 100, 1e-6)
                    for outside in (low - step, high + step):
                        assert qti_score(element, {"response1": str(outside)}) == 0, question.id
                elif isinstance(body, Cloze):
                    labels = {
                        response.get("ident"): {
                            label.findtext(".//mattext"): label.get("ident")
                            for label in response.iter("response_label")
                        }
                        for response in element.iter("response_lid")
                    }
                    for n, blank in enumerate(body.blanks, start=1):
                        ident = f"response_blank{n}"
                        for text in accepted_texts(blank):
                            picked = {ident: labels[ident][text]}
                            share = qti_score(element, picked)
                            assert share == pytest.approx(100 / len(body.blanks), abs=0.01)
