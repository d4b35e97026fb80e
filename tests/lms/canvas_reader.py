"""Canvas's reading of QTIMigrationTool's QTI 2.1 output, after canvas-lms's converters.

The rules are those of ``gems/plugins/qti_exporter/lib/qti/`` in canvas-lms (Ruby, not
run here): ``choice_interaction.rb`` (a choice is right when its condition sets SCORE > 0,
or when it is a ``member`` directly under ``and``), ``extended_text_interaction.rb``
(every ``stringMatch`` in a condition is an accepted answer), ``numeric_interaction.rb``
(``or`` of a ``stringMatch`` and an ``and`` is answer and margin = upper - answer; a bare
``and`` of ``vargte``/``varlte`` is a range), ``associate_interaction.rb`` (canvas
matching: a row's match is the choice whose condition adds to SCORE), ``fill_in_the_blank.rb``
(every choice of a blank is accepted) and ``assessment_item_converter.rb`` (feedback whose
identifier says ``incorrect`` is the incorrect comment, ``general_`` the neutral one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from export_meaning import Meaning, _sorted, visible

QTI2 = "http://www.imsglobal.org/xsd/imsqti_v2p1"


def _html_div(node: etree._Element | None) -> str:
    """Text of a converted material: ``div.html`` holds HTML as text, ``div.text`` plain text."""
    if node is None:
        return ""
    div = node.find(f"{{{QTI2}}}div")
    if div is not None and div.get("class") == "html":
        return visible(div.text or "")
    return " ".join("".join(node.itertext()).split())


def read_item(path: Path) -> Meaning:
    root = etree.parse(str(path)).getroot()
    q = lambda tag: f"{{{QTI2}}}{tag}"  # noqa: E731
    fields = {f.get("name"): f.get("value") for f in root.iter(q("instructureField"))}
    qtype = fields["question_type"]
    feedback = {m.get("identifier"): m for m in root.iter(q("modalFeedback"))}
    general = [
        _html_div(m) for i, m in feedback.items() if "general_" in i and "incorrect" not in i
    ]
    meaning: Meaning = {
        "id": root.get("title"),
        "points": float(fields.get("points_possible", 1)),
        "general_feedback": general[0] if general else "",
    }
    conditions = list(root.iter(q("responseIf"), q("responseElseIf")))

    def scores(node: etree._Element) -> bool:
        value = node.find(f"{q('setOutcomeValue')}[@identifier='SCORE']")
        return value is not None and float("".join(value.itertext()) or 0) > 0

    def feedback_of(node: etree._Element) -> str:
        ref = node.find(f"{q('setOutcomeValue')}[@identifier='FEEDBACK']")
        if ref is None:
            return ""
        ident = [b.text for b in ref.iter(q("baseValue"))][-1]
        return _html_div(feedback.get(ident))

    if qtype in ("multiple_choice_question", "multiple_answers_question", "true_false_question"):
        choices = {c.get("identifier"): c for c in root.iter(q("simpleChoice"))}
        weight = dict.fromkeys(choices, 0.0)
        notes = dict.fromkeys(choices, "")
        for cond in conditions:
            members = cond.findall(f"{q('and')}/{q('member')}")
            if members:
                for m in members:
                    weight[m.find(q("baseValue")).text.strip()] = 1.0
                continue
            base = cond.find(f"{q('match')}/{q('baseValue')}")
            if base is None:
                base = cond.find(f"{q('member')}/{q('baseValue')}")
            if base is not None:
                ident = base.text.strip()
                weight[ident] = 1.0 if scores(cond) else 0.0
                notes[ident] = notes[ident] or feedback_of(cond)
        rows = [
            [_html_div(c) or ident, weight[ident], notes[ident]] for ident, c in choices.items()
        ]
        if qtype == "true_false_question":
            rows = [[row[0].lower(), *row[1:]] for row in rows]
            meaning |= {"kind": "truefalse", "answers": rows}
        else:
            single = qtype == "multiple_choice_question"
            meaning |= {"kind": "choice", "single": single, "answers": _sorted(rows)}
    elif qtype == "short_answer_question":
        texts = []
        for cond in root.iter(q("responseCondition")):
            for match in cond.iter(q("stringMatch"), q("match")):
                base = match.find(q("baseValue"))
                if base is not None and base.text not in texts:
                    texts.append(base.text)
        meaning |= {"kind": "short", "answers": _sorted([[t, 1.0, ""] for t in texts])}
        meaning["incorrect_feedback"] = _incorrect(feedback)
    elif qtype == "numerical_question":
        meaning |= _numeric(root, q)
    elif qtype == "matching_question":
        rows, rights = [], {}
        for ci in root.iter(q("choiceInteraction")):
            for sc in ci.iter(q("simpleChoice")):
                rights[sc.get("identifier")] = " ".join("".join(sc.itertext()).split())
            rows.append((ci.get("responseIdentifier"), _html_div(ci.find(q("prompt")))))
        matched = {}
        for cond in conditions:
            match = cond.find(q("match"))
            if match is not None and cond.find(f"{q('setOutcomeValue')}/{q('sum')}") is not None:
                matched[match.find(q("variable")).get("identifier")] = rights[
                    match.find(q("baseValue")).text
                ]
        pairs = [[left, matched[ident]] for ident, left in rows]
        used = {right for _, right in pairs}
        meaning |= {
            "kind": "match",
            "pairs": pairs,
            "distractors": sorted(r for r in rights.values() if r not in used),
        }
    elif qtype == "fill_in_multiple_blanks_question":
        blanks = []
        for ci in root.iter(q("choiceInteraction")):
            texts = [" ".join("".join(sc.itertext()).split()) for sc in ci.iter(q("simpleChoice"))]
            blanks.append(_sorted([[t, 1.0, ""] for t in texts]))
        meaning |= {"kind": "cloze", "blanks": blanks, "incorrect_feedback": _incorrect(feedback)}
    elif qtype == "essay_question":
        meaning["kind"] = "essay"
    else:
        raise AssertionError(f"unexpected Canvas type {qtype}")
    return meaning


def _incorrect(feedback: dict[str, Any]) -> list[str]:
    node = next((m for i, m in feedback.items() if "incorrect" in i), None)
    if node is None:
        return []
    div = node.find(f"{{{QTI2}}}div")
    lines = (div.text or "").split("<br>")
    return [visible(line).split("”: ", 1)[1] for line in lines if line]


def _numeric(root: etree._Element, q: Any) -> Meaning:
    for cond in root.iter(q("responseIf")):
        either = cond.find(q("or"))
        if either is not None:
            exact = float(either.find(f"{q('stringMatch')}/{q('baseValue')}").text)
            upper = either.find(
                f"{q('and')}/{q('customOperator')}[@class='varlte']/{q('baseValue')}"
            )
            margin = float(upper.text) - exact
            return {
                "kind": "numeric",
                "accepted": [exact - margin, exact + margin],
                "shown_answer": exact,
            }
        both = cond.find(q("and"))
        if both is not None:
            low = both.find(f"{q('customOperator')}[@class='vargte']/{q('baseValue')}")
            high = both.find(f"{q('customOperator')}[@class='varlte']/{q('baseValue')}")
            return {
                "kind": "numeric",
                "accepted": [float(low.text), float(high.text)],
                "shown_answer": None,
            }
    raise AssertionError("no numeric answer")
