"""Canvas QTI 1.2: a zip of ``imsmanifest.xml``, one assessment and its ``assessment_meta.xml``.

Written for what Canvas's importer reads (QTIMigrationTool, then the converters in
canvas-lms ``gems/plugins/qti_exporter``), not only for what validates:

- every ``<varequal>`` in a response condition becomes an accepted answer in Canvas, so
  only accepted answers are ever tested; feedback on known wrong answers goes into the
  general incorrect feedback, which Canvas shows after any wrong answer;
- accepted answers sit under ``<or>``; a numeric range that is not symmetric about the
  answer is a range answer (``<and>`` of bounds), a symmetric one is answer and margin;
- Canvas classic quizzes have no ordering type and never shuffle matching questions, so
  ordering becomes matching (item -> position) with the items in the variant's
  scrambled order, never the correct one;
- identifiers and default titles differ per selection and per variant, so importing
  one quiz never replaces another, and rerunning the same command replaces its own.

The zip is byte-for-byte reproducible: fixed entry order, timestamps and compression.
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
    bank_html,
    cloze_html,
    number,
    plain,
    prompt_with_unit,
    quiz_identity,
    right_column,
    wrong_answer_notes,
)
from r2p_kit.quiz.export.options import CanvasSettings
from r2p_kit.quiz.export.xmlout import Raw, to_xml
from r2p_kit.quiz.generate import Quiz, QuizItem, Variant

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_SCHEMA = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
CANVAS_SCHEMA = "https://canvas.instructure.com/xsd/cccv1p0.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
META_RESOURCE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"

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
# Canvas files feedback by identifier: *incorrect* -> after a wrong answer, general_ -> always.
GENERAL_FEEDBACK = "general_fb"
INCORRECT_FEEDBACK = "general_incorrect_fb"
Feedback = list[tuple[str, str]]  # (itemfeedback ident, HTML), collected while building
DEFAULT_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def qti_warnings(quiz: Quiz) -> list[str]:
    """What Canvas loses from this quiz, said once per run."""
    questions = {i.question.id: i.question for v in quiz.variants for i in v.items}
    with_wrong = [
        qid
        for qid, q in questions.items()
        if any(w.feedback for t in q.text_answers for w in t.wrong_answers)
    ]
    warnings = []
    if with_wrong:
        warnings.append(
            f"Canvas has no feedback for a particular wrong text answer: for {len(with_wrong)} "
            "question(s) it is in the incorrect-answer feedback, shown after any wrong answer"
        )
    if any(q.type == "ordering" for q in questions.values()):
        warnings.append(
            "Canvas classic quizzes have no ordering type: ordering questions are matching "
            "questions (item -> position), marked one point share per item in place"
        )
    return warnings


def export_qti(quiz: Quiz, variant: Variant, settings: CanvasSettings | None = None) -> bytes:
    """One variant as a Canvas-importable QTI 1.2 zip."""
    ident, title = quiz_identity(quiz, variant)
    folder = f"{ident}/"
    files = {
        "imsmanifest.xml": manifest_xml(ident, title),
        f"{folder}{ident}.xml": assessment_xml(variant, ident, title),
        f"{folder}assessment_meta.xml": assessment_meta_xml(
            variant, ident, title, settings or CanvasSettings()
        ),
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
    ET.SubElement(resource, "dependency", identifierref=f"{ident}-meta")
    meta = ET.SubElement(
        resources,
        "resource",
        identifier=f"{ident}-meta",
        type=META_RESOURCE,
        href=f"{ident}/assessment_meta.xml",
    )
    ET.SubElement(meta, "file", href=f"{ident}/assessment_meta.xml")
    return _serialise(root)


def assessment_xml(variant: Variant, ident: str, title: str) -> str:
    root = ET.Element(
        "questestinterop",
        {"xmlns": QTI_NS, "xmlns:xsi": XSI, "xsi:schemaLocation": f"{QTI_NS} {QTI_SCHEMA}"},
    )
    assessment = ET.SubElement(root, "assessment", ident=ident, title=title)
    _metadata(ET.SubElement(assessment, "qtimetadata"), {"cc_maxattempts": "1"})
    section = ET.SubElement(assessment, "section", ident="root_section")
    section.extend(Raw(_item_xml(item)) for item in variant.items)
    return _serialise(root)


def assessment_meta_xml(variant: Variant, ident: str, title: str, settings: CanvasSettings) -> str:
    """Canvas's quiz settings: points, shuffling, attempts, whether answers are shown."""
    root = ET.Element(
        "quiz",
        {
            "identifier": ident,
            "xmlns": CANVAS_NS,
            "xmlns:xsi": XSI,
            "xsi:schemaLocation": f"{CANVAS_NS} {CANVAS_SCHEMA}",
        },
    )
    fields = {
        "title": title,
        "description": "",
        "shuffle_answers": _bool(settings.shuffle_answers),
        "scoring_policy": "keep_highest",
        "quiz_type": "assignment",
        "points_possible": number(variant.points),
        "show_correct_answers": _bool(settings.show_correct_answers),
        "allowed_attempts": str(settings.allowed_attempts),
        "one_question_at_a_time": "false",
        "cant_go_back": "false",
        "available": "false",
    }
    for name, value in fields.items():
        ET.SubElement(root, name).text = value
    return _serialise(root)


def item_ident(question: Question) -> str:
    """Stable and unique within a quiz, since question ids are unique across the bank."""
    return "q-" + re.sub(r"[^A-Za-z0-9_-]", "_", question.id)


@lru_cache(maxsize=8192)
def _item_xml(item: QuizItem) -> str:
    """Cached per shown question: variants repeat the same questions in few option orders."""
    return to_xml(qti_item(item))


def qti_item(item: QuizItem) -> ET.Element:
    question = item.question
    body = question.body
    element = ET.Element("item", ident=item_ident(question), title=question.id)
    meta = ET.SubElement(ET.SubElement(element, "itemmetadata"), "qtimetadata")
    _metadata(
        meta,
        {
            "question_type": CANVAS_TYPE[question.type],
            "points_possible": number(question.points),
            "original_answer_ids": ",".join(_answer_ids(body)),
        },
    )
    presentation = ET.SubElement(element, "presentation")
    processing = ET.Element("resprocessing")
    outcomes = ET.SubElement(processing, "outcomes")
    ET.SubElement(
        outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal"
    )
    if question.explanation:
        # Shown after every attempt: a catch-all condition pointing at the explanation.
        _condition(processing, ET.Element("other"), feedback_ref=GENERAL_FEEDBACK)
    feedback: Feedback = []
    if question.explanation:
        feedback.append((GENERAL_FEEDBACK, bank_html(question.explanation)))
    match body:
        case Cloze():
            _material(
                presentation,
                bank_html(question.prompt) + "<br>" + cloze_html(body, lambda n: f"[blank{n}]"),
            )
            _cloze(body, presentation, processing)
        case Choice():
            _material(presentation, bank_html(question.prompt))
            _choice(body, question.shuffle, presentation, processing, feedback)
        case TrueFalse():
            _material(presentation, bank_html(question.prompt))
            _true_false(body, presentation, processing, feedback)
        case ShortAnswer():
            _material(presentation, bank_html(question.prompt))
            _short(body, presentation, processing)
        case Numeric():
            _material(presentation, bank_html(prompt_with_unit(question)))
            _numeric(body, presentation, processing)
        case Ordering():
            _material(presentation, bank_html(f"{question.prompt} {ORDERING_NOTE}"))
            positions = {text: str(n) for n, text in enumerate(body.items, start=1)}
            pairs = [(text, positions[text]) for text in item.display]
            _matching(pairs, tuple(positions.values()), presentation, processing)
        case Matching():
            _material(presentation, bank_html(question.prompt))
            pairs = [(p.left, p.right) for p in body.pairs]
            _matching(pairs, right_column(item), presentation, processing)
        case Essay():
            _material(presentation, bank_html(question.prompt))
            _text_box(presentation, "response1")
            _condition(processing, ET.Element("other"), stop=True)
        case _:
            assert_never(body)
    notes = [note for t in question.text_answers for note in wrong_answer_notes(t)]
    if notes:
        feedback.append((INCORRECT_FEEDBACK, "<br>".join(notes)))
        _condition(processing, ET.Element("other"), feedback_ref=INCORRECT_FEEDBACK)
    element.append(processing)
    for fb_ident, html in feedback:
        block = ET.SubElement(element, "itemfeedback", ident=fb_ident)
        _material(ET.SubElement(block, "flow_mat"), html)
    return element


def _choice(
    body: Choice,
    shuffle: bool,
    presentation: ET.Element,
    processing: ET.Element,
    feedback: Feedback,
) -> None:
    cardinality = "Multiple" if body.multiple else "Single"
    ident = option_idents(body)
    labels = [(ident[option.text], bank_html(option.text)) for option in body.options]
    _choices(presentation, "response1", cardinality, labels, shuffle)
    for (label, _), option in zip(labels, body.options, strict=True):
        if option.feedback:
            feedback.append((f"{label}_fb", bank_html(option.feedback)))
            _equal_condition(processing, "response1", label, feedback_ref=f"{label}_fb")
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
        _equal_condition(processing, "response1", right, score="100", stop=True)


def _true_false(
    body: TrueFalse, presentation: ET.Element, processing: ET.Element, feedback: Feedback
) -> None:
    _choices(presentation, "response1", "Single", [("true", "True"), ("false", "False")], False)
    for value, text in (("true", body.feedback_true), ("false", body.feedback_false)):
        if text:
            feedback.append((f"{value}_fb", bank_html(text)))
            _equal_condition(processing, "response1", value, feedback_ref=f"{value}_fb")
    _condition(
        processing, _equal("response1", "true" if body.answer else "false"), score="100", stop=True
    )


def _short(body: ShortAnswer, presentation: ET.Element, processing: ET.Element) -> None:
    """Only accepted answers are tested: Canvas takes every tested text as a right answer."""
    _text_box(presentation, "response1")
    either = ET.Element("or")
    either.extend(_equal("response1", text) for text in accepted_texts(body.expected))
    _condition(processing, either, score="100", stop=True)


def _numeric(body: Numeric, presentation: ET.Element, processing: ET.Element) -> None:
    """Answer and margin when the bounds are symmetric about the answer, else a true range."""
    _text_box(presentation, "response1", fibtype="Decimal")
    low, high = body.bounds
    both = ET.Element("and")
    ET.SubElement(both, "vargte", respident="response1").text = number(low)
    ET.SubElement(both, "varlte", respident="response1").text = number(high)
    if body.answer - low == high - body.answer:
        either = ET.Element("or")
        either.append(_equal("response1", number(body.answer)))
        either.append(both)
        _condition(processing, either, score="100", stop=True)
    else:
        _condition(processing, both, score="100", stop=True)


def _matching(
    pairs: list[tuple[str, str]],
    rights: tuple[str, ...],
    presentation: ET.Element,
    processing: ET.Element,
) -> None:
    """One row per left item, in the order given; every row offers ``rights`` in that order."""
    right_ids = {right: f"r{n}" for n, right in enumerate(rights, start=1)}
    choice = Raw(_right_choices(rights))
    share = number(round(100 / len(pairs), 2))
    for n, (left, right) in enumerate(pairs, start=1):
        response = ET.SubElement(presentation, "response_lid", ident=f"response_l{n}")
        _material(response, bank_html(left))
        response.append(choice)
        _equal_condition(processing, f"response_l{n}", right_ids[right], score=share, add=True)


@lru_cache(maxsize=4096)
def _right_choices(rights: tuple[str, ...]) -> str:
    """The right-hand column, written once and shared by every row of a matching item.

    Canvas keeps a right-hand entry as plain text (the text of the choice, HTML tags and
    all), so the Markdown is reduced to its text here.
    """
    choice = ET.Element("render_choice")
    for n, text in enumerate(rights, start=1):
        _material(ET.SubElement(choice, "response_label", ident=f"r{n}"), plain(text), html=False)
    return to_xml(choice)


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
        either = ET.Element("or")
        either.extend(
            _equal(f"response_blank{n}", f"b{n}_{m}") for m in range(1, len(accepted) + 1)
        )
        _condition(processing, either, score=share, add=True)


def option_idents(body: Choice) -> dict[str, str]:
    """Option text -> identifier, the same in every variant whatever the shown order.

    Option texts are unique within a question (the loader checks), so numbering them in
    text order names each option once for all its orders.
    """
    return {text: f"a{n}" for n, text in enumerate(sorted(o.text for o in body.options), 1)}


def _answer_ids(body: object) -> list[str]:
    match body:
        case Choice(options=options) as choice:
            ident = option_idents(choice)
            return [ident[option.text] for option in options]
        case TrueFalse():
            return ["true", "false"]
        case _:
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
    choice.extend(Raw(_label_xml(label, html)) for label, html in labels)


@lru_cache(maxsize=16384)
def _label_xml(ident: str, html: str) -> str:
    """One option, written once: variants show the same options in other orders."""
    label = ET.Element("response_label", ident=ident)
    _material(label, html)
    return to_xml(label)


def _text_box(presentation: ET.Element, ident: str, fibtype: str = "String") -> None:
    response = ET.SubElement(presentation, "response_str", ident=ident, rcardinality="Single")
    box = ET.SubElement(response, "render_fib", fibtype=fibtype)
    ET.SubElement(box, "response_label", ident="answer1", rshuffle="No")


def _equal(respident: str, value: str) -> ET.Element:
    element = ET.Element("varequal", respident=respident)
    element.text = value
    return element


def _equal_condition(
    processing: ET.Element,
    respident: str,
    value: str,
    *,
    score: str | None = None,
    add: bool = False,
    stop: bool = False,
    feedback_ref: str | None = None,
) -> None:
    """A condition on one response value; written once, as ordering and matching items
    repeat the same conditions in every variant."""
    processing.append(Raw(_equal_condition_xml(respident, value, score, add, stop, feedback_ref)))


@lru_cache(maxsize=16384)
def _equal_condition_xml(
    respident: str,
    value: str,
    score: str | None,
    add: bool,
    stop: bool,
    feedback_ref: str | None,
) -> str:
    holder = ET.Element("resprocessing")
    test = _equal(respident, value)
    _condition(holder, test, score=score, add=add, stop=stop, feedback_ref=feedback_ref)
    return to_xml(holder[0])


def _condition(
    processing: ET.Element,
    test: ET.Element,
    *,
    score: str | None = None,
    add: bool = False,
    stop: bool = False,
    feedback_ref: str | None = None,
) -> None:
    condition = ET.SubElement(processing, "respcondition", {"continue": "No" if stop else "Yes"})
    ET.SubElement(condition, "conditionvar").append(test)
    if score is not None:
        ET.SubElement(
            condition, "setvar", action="Add" if add else "Set", varname="SCORE"
        ).text = score
    if feedback_ref:
        ET.SubElement(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback_ref)


def _metadata(parent: ET.Element, fields: dict[str, str]) -> None:
    parent.append(Raw(_metadata_xml(tuple(fields.items()))))


@lru_cache(maxsize=4096)
def _metadata_xml(fields: tuple[tuple[str, str], ...]) -> str:
    """Metadata fields, written once per distinct set (most items share theirs)."""
    parent = ET.Element("qtimetadata")
    for label, entry in fields:
        field = ET.SubElement(parent, "qtimetadatafield")
        ET.SubElement(field, "fieldlabel").text = label
        ET.SubElement(field, "fieldentry").text = entry
    return "".join(to_xml(field) for field in parent)


def _material(parent: ET.Element, text: str, html: bool = True) -> None:
    parent.append(Raw(_material_xml(text, html)))


@lru_cache(maxsize=16384)
def _material_xml(text: str, html: bool) -> str:
    """A ``<material>`` written once per text: the same texts recur in every variant."""
    material = ET.Element("material")
    mattext = ET.SubElement(material, "mattext", texttype="text/html" if html else "text/plain")
    mattext.text = text
    return to_xml(material)


def _bool(value: bool) -> str:
    return "true" if value else "false"


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
