"""Canvas QTI: the manifest validates against the IMS CP XSD, the items against the QTI 1.2 DTD."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from _tools import imscp_xsd, qti_dtd
from conftest import bank_of
from r2p_kit.quiz.export.common import quiz_identity
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
