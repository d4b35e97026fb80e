"""Canvas QTI 1.2: a zip of ``imsmanifest.xml`` (IMS Content Packaging 1.1) and one assessment.

Items carry Canvas's ``question_type`` and ``points_possible`` metadata. Canvas classic
quizzes have no ordering type, so ordering becomes matching (item -> position). The
zip is byte-for-byte reproducible: fixed entry order, timestamps and compression.
"""

from __future__ import annotations

import io
import os
import re
import time
import xml.etree.ElementTree as ET
import zipfile
from functools import lru_cache
from typing import assert_never

from r2p_kit.bank.model import (
    Choice,
    Cloze,
    Essay,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from r2p_kit.quiz.export.common import (
    ORDERING_NOTE,
    accepted_texts,
    cloze_html,
    inline_html,
    number,
    prompt_with_unit,
)
from r2p_kit.quiz.export.options import CanvasSettings
from r2p_kit.quiz.export.xmlout import Raw, to_xml
from r2p_kit.quiz.generate import Quiz, QuizItem, Variant

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_SCHEMA = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

CANVAS_TYPE = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "true-false": "true_false_question",
    "short": "short_answer_question",
    "numeric": "numerical_question",
    "ordering": "matching_question",
    "matching": "matching_question",
    "cloze": "fill_in_multiple_blanks_question",
    "essay": "essay_question",
}
Feedback = list[tuple[str, str]]  # (itemfeedback ident, text), collected while building
DEFAULT_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def export_qti(quiz: Quiz, variant: Variant, settings: CanvasSettings | None = None) -> bytes:
    """One variant as a Canvas-importable QTI 1.2 zip."""
    ident = f"r2p-{variant.code}"
    files = {
        "imsmanifest.xml": manifest_xml(ident, f"{quiz.title} ({variant.label})"),
        f"{ident}/{ident}.xml": assessment_xml(quiz, variant, ident),
    }
    return _zip(files)


def manifest_xml(ident: str, title: str) -> str:
    root = ET.Element(
        "manifest",
        {
            "identifier": f"{ident}-manifest",
            "xmlns": CP_NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{CP_NS} {CP_SCHEMA}",
        },
    )
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    resource = ET.SubElement(
        resources, "resource", identifier=ident, type="imsqti_xmlv1p2", href=f"{ident}/{ident}.xml"
    )
    ET.SubElement(resource, "file", href=f"{ident}/{ident}.xml")
    root.append(ET.Comment(f" {title} "))
    return _serialise(root)


def assessment_xml(quiz: Quiz, variant: Variant, ident: str) -> str:
    root = ET.Element(
        "questestinterop",
        {"xmlns": QTI_NS, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{QTI_NS} {QTI_SCHEMA}"},
    )
    assessment = ET.SubElement(root, "assessment", ident=ident, title=f"{quiz.title}")
    _metadata(ET.SubElement(assessment, "qtimetadata"), {"cc_maxattempts": "1"})
    section = ET.SubElement(assessment, "section", ident="root_section")
    section.extend(Raw(_item_xml(item)) for item in variant.items)
    return _serialise(root)


def qti_warnings(quiz: Quiz) -> list[str]:
    """What Canvas cannot carry from this quiz."""
    return []


def item_ident(question: Question) -> str:
    """Stable and unique within a quiz, since question ids are unique across the bank."""
    return "q-" + re.sub(r"[^A-Za-z0-9_-]", "_", question.id)


@lru_cache(maxsize=8192)
def _item_xml(item: QuizItem) -> str:
    """Cached per shown question: variants repeat the same questions in few option orders."""
    return to_xml(qti_item(item.question, item_ident(item.question)))


def qti_item(question: Question, ident: str) -> ET.Element:
    item = ET.Element("item", ident=ident, title=question.id)
    meta = ET.SubElement(ET.SubElement(item, "itemmetadata"), "qtimetadata")
    body = question.body
    answer_ids = _answer_ids(question)
    _metadata(
        meta,
        {
            "question_type": CANVAS_TYPE[question.type],
            "points_possible": number(question.points),
            "original_answer_ids": ",".join(answer_ids),
        },
    )
    presentation = ET.SubElement(item, "presentation")
    processing = ET.Element("resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    feedback: list[tuple[str, str]] = []
    if isinstance(body, Cloze):
        _material(
            presentation,
            inline_html(question.prompt) + "<br>" + cloze_html(body, lambda n: f"[blank{n}]"),
        )
    else:
        prompt = prompt_with_unit(question)
        if isinstance(body, Ordering):
            prompt += " " + ORDERING_NOTE
        _material(presentation, inline_html(prompt))
    match body:
        case Choice():
            _choice(question, body, presentation, processing, feedback)
        case TrueFalse():
            _true_false(body, presentation, processing, feedback)
        case ShortAnswer():
            _short(body, presentation, processing, feedback)
        case Numeric():
            _numeric(body, presentation, processing)
        case Ordering() | Matching():
            _matching(body, presentation, processing)
        case Cloze():
            _cloze(body, presentation, processing)
        case Essay():
            _essay(presentation, processing)
        case _:
            assert_never(body)
    item.append(processing)
    if question.explanation:
        feedback.insert(0, ("general_fb", question.explanation))
    for fb_ident, text in feedback:
        block = ET.SubElement(item, "itemfeedback", ident=fb_ident)
        _material(ET.SubElement(block, "flow_mat"), inline_html(text))
    if question.explanation:
        # Show the explanation after every attempt: a catch-all condition pointing at it.
        condition = ET.Element("respcondition", {"continue": "Yes"})
        ET.SubElement(ET.SubElement(condition, "conditionvar"), "other")
        ET.SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid="general_fb")
        processing.insert(1, condition)
    return item


def _choice(
    question: Question,
    body: Choice,
    presentation: ET.Element,
    processing: ET.Element,
    feedback: Feedback,
) -> None:
    cardinality = "Multiple" if body.multiple else "Single"
    labels = [(f"a{n}", option.text) for n, option in enumerate(body.options, start=1)]
    _choices(presentation, "response1", cardinality, labels, question.shuffle)
    for (label, _), option in zip(labels, body.options, strict=True):
        if option.feedback:
            feedback.append((f"{label}_fb", option.feedback))
            _condition(processing, _equal("response1", label), feedback_ref=f"{label}_fb")
    if body.multiple:
        condition = ET.Element("and")
        for (label, _), option in zip(labels, body.options, strict=True):
            test = _equal("response1", label)
            if option.correct:
                condition.append(test)
            else:
                ET.SubElement(condition, "not").append(test)
        _condition(processing, condition, score="100", stop=True)
    else:
        right = next(label for (label, _), o in zip(labels, body.options, strict=True) if o.correct)
        _condition(processing, _equal("response1", right), score="100", stop=True)


def _true_false(
    body: TrueFalse, presentation: ET.Element, processing: ET.Element, feedback: Feedback
) -> None:
    _choices(presentation, "response1", "Single", [("true", "True"), ("false", "False")], False)
    for value, text in (("true", body.feedback_true), ("false", body.feedback_false)):
        if text:
            feedback.append((f"{value}_fb", text))
            _condition(processing, _equal("response1", value), feedback_ref=f"{value}_fb")
    _condition(
        processing, _equal("response1", "true" if body.answer else "false"), score="100", stop=True
    )


def _short(
    body: ShortAnswer, presentation: ET.Element, processing: ET.Element, feedback: Feedback
) -> None:
    _text_box(presentation, "response1")
    for n, wrong in enumerate(body.expected.wrong_answers, start=1):
        if wrong.feedback:
            feedback.append((f"w{n}_fb", wrong.feedback))
            _condition(processing, _equal("response1", wrong.text), feedback_ref=f"w{n}_fb")
    condition = ET.Element("conditionvar")
    for text in accepted_texts(body.expected):
        condition.append(_equal("response1", text))
    _condition_var(processing, condition, score="100", stop=True)


def _numeric(body: Numeric, presentation: ET.Element, processing: ET.Element) -> None:
    _text_box(presentation, "response1", fibtype="Decimal")
    low, high = body.bounds
    either = ET.Element("or")
    either.append(_equal("response1", number(body.answer)))
    both = ET.SubElement(either, "and")
    ET.SubElement(both, "vargte", respident="response1").text = number(low)
    ET.SubElement(both, "varlte", respident="response1").text = number(high)
    _condition(processing, either, score="100", stop=True)


def _matching(body: Ordering | Matching, presentation: ET.Element, processing: ET.Element) -> None:
    if isinstance(body, Ordering):
        pairs = [(item, str(n)) for n, item in enumerate(body.items, start=1)]
        rights = [str(n) for n in range(1, len(body.items) + 1)]
    else:
        pairs = [(p.left, p.right) for p in body.pairs]
        rights = [p.right for p in body.pairs] + list(body.extra_right)
    right_ids = {right: f"r{n}" for n, right in enumerate(rights, start=1)}
    share = number(round(100 / len(pairs), 2))
    for n, (left, right) in enumerate(pairs, start=1):
        response = ET.SubElement(presentation, "response_lid", ident=f"response_l{n}")
        _material(response, left, html=False)
        choice = ET.SubElement(response, "render_choice")
        for text in rights:
            label = ET.SubElement(choice, "response_label", ident=right_ids[text])
            _material(label, text, html=False)
        _condition(processing, _equal(f"response_l{n}", right_ids[right]), score=share, add=True)


def _cloze(body: Cloze, presentation: ET.Element, processing: ET.Element) -> None:
    share = number(round(100 / len(body.blanks), 2))
    for n, blank in enumerate(body.blanks, start=1):
        response = ET.SubElement(presentation, "response_lid", ident=f"response_blank{n}")
        _material(response, f"blank{n}", html=False)
        choice = ET.SubElement(response, "render_choice")
        accepted = accepted_texts(blank)
        for m, text in enumerate(accepted, start=1):
            label = ET.SubElement(choice, "response_label", ident=f"b{n}_{m}")
            _material(label, text, html=False)
        for m in range(1, len(accepted) + 1):
            _condition(processing, _equal(f"response_blank{n}", f"b{n}_{m}"), score=share, add=True)


def _essay(presentation: ET.Element, processing: ET.Element) -> None:
    _text_box(presentation, "response1")
    condition = ET.Element("conditionvar")
    ET.SubElement(condition, "other")
    _condition_var(processing, condition, stop=True)


def _answer_ids(question: Question) -> list[str]:
    body = question.body
    if isinstance(body, Choice):
        return [f"a{n}" for n in range(1, len(body.options) + 1)]
    if isinstance(body, TrueFalse):
        return ["true", "false"]
    return []


def _choices(
    presentation: ET.Element,
    ident: str,
    cardinality: str,
    labels: list[tuple[str, str]],
    shuffle: bool,
) -> None:
    response = ET.SubElement(presentation, "response_lid", ident=ident, rcardinality=cardinality)
    choice = ET.SubElement(response, "render_choice", shuffle="Yes" if shuffle else "No")
    for label, text in labels:
        _material(ET.SubElement(choice, "response_label", ident=label), inline_html(text))


def _text_box(presentation: ET.Element, ident: str, fibtype: str = "String") -> None:
    response = ET.SubElement(presentation, "response_str", ident=ident, rcardinality="Single")
    box = ET.SubElement(response, "render_fib", fibtype=fibtype)
    ET.SubElement(box, "response_label", ident="answer1", rshuffle="No")


def _equal(respident: str, value: str) -> ET.Element:
    element = ET.Element("varequal", respident=respident)
    element.text = value
    return element


def _condition(
    processing: ET.Element,
    test: ET.Element,
    *,
    score: str | None = None,
    add: bool = False,
    stop: bool = False,
    feedback_ref: str | None = None,
) -> None:
    condition = ET.Element("conditionvar")
    condition.append(test)
    _condition_var(
        processing, condition, score=score, add=add, stop=stop, feedback_ref=feedback_ref
    )


def _condition_var(
    processing: ET.Element,
    conditionvar: ET.Element,
    *,
    score: str | None = None,
    add: bool = False,
    stop: bool = False,
    feedback_ref: str | None = None,
) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "No" if stop else "Yes"})
    condition.append(conditionvar)
    if score is not None:
        ET.SubElement(
            condition, "setvar", action="Add" if add else "Set", varname="SCORE"
        ).text = score
    if feedback_ref:
        ET.SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback_ref)


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    for label, entry in fields.items():
        field = ET.SubElement(parent, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry


def _material(parent: ET.Element, text: str, html: bool = True) -> None:
    material = ET.SubElement(parent, "material")
    mattext = ET.SubElement(material, "mattext", texttype="text/html" if html else "text/plain")
    mattext.text = text


def _serialise(root: ET.Element) -> str:
    """Compact XML: a machine format, and unindented it is half the size to zip and import."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + to_xml(root) + "\n"


def zip_time() -> tuple[int, int, int, int, int, int]:
    """Entry timestamps: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else 1980-01-01."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot go before 1980
        return (
            stamp.tm_year,
            stamp.tm_mon,
            stamp.tm_mday,
            stamp.tm_hour,
            stamp.tm_min,
            stamp.tm_sec,
        )
    return DEFAULT_ZIP_TIME


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    stamp = zip_time()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)
    return buffer.getvalue()
