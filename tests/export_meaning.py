"""What a question means once an LMS has imported it, from the bank and read back from exports.

:func:`expected` says, from the bank alone, what Moodle (4.1, 4.5), GIFT or Canvas should end
up holding for a shown question: accepted answers and their fractions, feedback, points,
pairs in shown order, blanks. The readers turn an export, read independently (lxml for
Moodle XML and QTI, gift-pegjs for GIFT, Moodle's own parsers through
tools/lms/moodle_import.php), into the same shape, so a test compares meaning, not bytes.

Texts are compared as a reader sees them: HTML reduced to its visible text.
"""

from __future__ import annotations

import html as htmllib
import io
import math
import re
import zipfile
from typing import Any

from lxml import etree, html

from r2p_kit.bank.model import (
    Bank,
    Choice,
    Cloze,
    Essay,
    Matching,
    ModuleBank,
    Numeric,
    Option,
    Ordering,
    Pair,
    Question,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
    WrongAnswer,
)
from r2p_kit.quiz.export.common import accepted_texts, inline_html, plain
from r2p_kit.quiz.generate import QuizItem

Meaning = dict[str, Any]
LMSES = ("moodle41", "moodle45", "gift", "canvas")
SPECIAL = '~ = # { } : \\ / " * & <'


def visible(markup: str | None) -> str:
    """The text a browser shows for an HTML fragment, whitespace collapsed."""
    if not markup or not markup.strip():
        return ""
    return " ".join(html.fragment_fromstring(markup, create_parent="div").text_content().split())


def shown(text: str) -> str:
    """Bank Markdown as the LMS should show it."""
    return visible(inline_html(text))


def literal(answer: str) -> str:
    """A stored text answer as Moodle matches it: ``\\*`` is a literal star."""
    return answer.replace("\\*", "*")


def _fraction(value: float | None) -> float:
    return round(1.0 if value is None else float(value), 4)


def _sorted(rows: list[list[Any]]) -> list[list[Any]]:
    return sorted(rows, key=lambda row: [str(x) for x in row])


# -- expected ---------------------------------------------------------------------------


def expected(item: QuizItem, lms: str) -> list[Meaning]:
    """The meaning(s) ``lms`` should hold for this shown question (GIFT splits a cloze)."""
    question = item.question
    body = question.body
    meaning: Meaning = {
        "id": question.id,
        "points": 1.0 if lms == "gift" else float(question.points),
        "general_feedback": shown(question.explanation),
    }
    match body:
        case Choice():
            correct = len(body.correct_indices)
            wrong = len(body.options) - correct
            rows = []
            for option in body.options:
                if not body.multiple or lms == "canvas":
                    fraction = 1.0 if option.correct else 0.0
                else:
                    fraction = 1 / correct if option.correct else -1 / wrong
                rows.append([shown(option.text), round(fraction, 4), shown(option.feedback)])
            meaning |= {"kind": "choice", "single": not body.multiple, "answers": _sorted(rows)}
        case TrueFalse():
            rows = [
                ["true", 1.0 if body.answer else 0.0, shown(body.feedback_true)],
                ["false", 0.0 if body.answer else 1.0, shown(body.feedback_false)],
            ]
            meaning |= {"kind": "truefalse", "answers": rows}
            if lms != "canvas":
                meaning["penalty"] = 1.0
        case ShortAnswer():
            meaning |= {"kind": "short", "answers": _text_rows(body.expected, lms)}
            if lms == "canvas":
                meaning["incorrect_feedback"] = _wrong_notes(body.expected)
        case Numeric():
            low, high = body.bounds
            symmetric = body.answer - low == high - body.answer
            meaning |= {"kind": "numeric", "accepted": [low, high]}
            meaning["shown_answer"] = body.answer if symmetric or lms != "canvas" else None
            if lms != "canvas" and not low <= body.answer <= high:
                meaning["shown_answer"] = (low + high) / 2
        case Ordering() if lms == "moodle45":
            meaning |= {"kind": "ordering", "order": [shown(i) for i in body.items]}
        case Ordering():
            position = {text: str(n) for n, text in enumerate(body.items, start=1)}
            pairs = [[shown(text), position[text]] for text in item.display]
            meaning |= {"kind": "match", "pairs": pairs, "distractors": []}
        case Matching():
            pairs = [[shown(p.left), plain(p.right)] for p in body.pairs]
            distractors = sorted(plain(x) for x in body.extra_right)
            meaning |= {"kind": "match", "pairs": pairs, "distractors": distractors}
        case Cloze() if lms == "gift":
            return _gift_cloze(question, body)
        case Cloze():
            weight = _cloze_weight(question, body)
            meaning["kind"] = "cloze"
            meaning["blanks"] = [_text_rows(blank, lms) for blank in body.blanks]
            if lms == "canvas":
                meaning["incorrect_feedback"] = [n for b in body.blanks for n in _wrong_notes(b)]
            else:
                meaning["points"] = float(weight * len(body.blanks))
                meaning["blank_marks"] = [float(weight)] * len(body.blanks)
        case Essay():
            meaning["kind"] = "essay"
    return [meaning]


def _cloze_weight(question: Question, body: Cloze) -> int:
    share = question.points / len(body.blanks)
    return int(share) if share.is_integer() and share >= 1 else 1


def _text_rows(expected_: TextAnswer, lms: str) -> list[list[Any]]:
    rows = [[text, 1.0, ""] for text in accepted_texts(expected_)]
    if lms != "canvas":
        rows += [[w.text, 0.0, shown(w.feedback)] for w in expected_.wrong_answers]
    if lms == "gift":  # GIFT has no way to write '->' in a text answer (the exporter warns)
        rows = [row for row in rows if "->" not in row[0]]
    return _sorted(rows)


def _wrong_notes(expected_: TextAnswer) -> list[str]:
    return [shown(w.feedback) for w in expected_.wrong_answers if w.feedback]


def _gift_cloze(question: Question, body: Cloze) -> list[Meaning]:
    several = len(body.blanks) > 1
    return [
        {
            "id": f"{question.id} (blank {n})" if several else question.id,
            "points": 1.0,
            "general_feedback": shown(question.explanation),
            "kind": "short",
            "answers": _text_rows(blank, "gift"),
        }
        for n, blank in enumerate(body.blanks, start=1)
    ]


# -- readers ----------------------------------------------------------------------------


def merged(intervals: list[tuple[float, float]]) -> list[float]:
    """The union of closed intervals, which must be one interval: [low, high]."""
    intervals = sorted(intervals)
    low, high = intervals[0]
    for a, b in intervals[1:]:
        assert a <= high + 1e-9, f"accepted numbers have a gap: {intervals}"
        high = max(high, b)
    return [low, high]


def from_moodle_import(entry: dict[str, Any]) -> Meaning:
    """One question as Moodle's importer stored it (tools/lms/moodle_import.php output)."""

    def text(value: dict[str, Any] | None) -> str:
        if value is None:
            return ""
        return visible(value["text"]) if value["format"] in (1, 4) else literal(value["text"])

    def rows(answers: list[dict[str, Any]]) -> list[list[Any]]:
        return _sorted(
            [[text(a["text"]), _fraction(a["fraction"]), text(a["feedback"])] for a in answers]
        )

    qtype = entry["qtype"]
    meaning: Meaning = {
        "id": entry["name"],
        "points": float(entry["defaultmark"]),
        "general_feedback": text(entry["generalfeedback"]),
    }
    assert not entry["invalid_fractions"], entry
    if qtype == "multichoice":
        meaning |= {"kind": "choice", "single": entry["single"], "answers": rows(entry["answers"])}
    elif qtype == "truefalse":
        right = entry["correctanswer"]
        meaning |= {
            "kind": "truefalse",
            "penalty": entry["penalty"],
            "answers": [
                ["true", 1.0 if right else 0.0, text(entry["feedbacktrue"])],
                ["false", 0.0 if right else 1.0, text(entry["feedbackfalse"])],
            ],
        }
    elif qtype == "shortanswer":
        meaning |= {"kind": "short", "answers": rows(entry["answers"])}
    elif qtype == "numerical":
        meaning |= _numeric_meaning(
            [(float(a["text"]["text"]), a["tolerance"] or 0.0) for a in entry["answers"]]
        )
    elif qtype == "match":
        subs = entry["subquestions"]
        meaning |= {
            "kind": "match",
            "pairs": [[text(s["text"]), s["answer"]] for s in subs if text(s["text"])],
            "distractors": sorted(s["answer"] for s in subs if not text(s["text"])),
        }
    elif qtype == "ordering":
        assert entry["selecttype"] == 0 and entry["selectcount"] == len(entry["answers"]), entry
        meaning |= {"kind": "ordering", "order": [text(a["text"]) for a in entry["answers"]]}
    elif qtype == "multianswer":
        subs = entry["subquestions"]
        meaning |= {
            "kind": "cloze",
            "blanks": [rows(s["answers"]) for s in subs],
            "blank_marks": [s["defaultmark"] for s in subs],
        }
        assert all(s["qtype"] == "shortanswer" and s["usecase"] == 0 for s in subs), subs
    elif qtype == "essay":
        meaning["kind"] = "essay"
    else:
        raise AssertionError(f"unexpected Moodle type {qtype}")
    return meaning


def _numeric_meaning(answers: list[tuple[float, float]]) -> Meaning:
    return {
        "kind": "numeric",
        "accepted": merged([(v - t, v + t) for v, t in answers]),
        "shown_answer": answers[0][0],
    }


def from_moodle_xml(document: str) -> dict[str, Meaning]:
    """Moodle XML read with lxml, as Moodle's format reads it (fractions in percent)."""
    root = etree.fromstring(document.encode("utf-8"))
    found = {}
    for q in root.iter("question"):
        qtype = q.get("type")
        if qtype == "category":
            continue
        entry = {
            "qtype": {"cloze": "multianswer", "matching": "match"}.get(qtype, qtype),
            "name": q.findtext("name/text"),
            "defaultmark": float(q.findtext("defaultgrade") or 1),
            "penalty": float(q.findtext("penalty")),
            "generalfeedback": _xml_text(q.find("generalfeedback")),
            "invalid_fractions": [],
        }
        answers = [
            {
                "text": _xml_text(a),
                "fraction": float(a.get("fraction")) / 100,
                "feedback": _xml_text(a.find("feedback")),
                "tolerance": float(a.findtext("tolerance"))
                if a.find("tolerance") is not None
                else None,
            }
            for a in q.findall("answer")
        ]
        entry["answers"] = answers
        if qtype == "multichoice":
            entry["single"] = q.findtext("single") == "true"
        if qtype == "truefalse":
            by_text = {a["text"]["text"]: a for a in answers}
            entry["correctanswer"] = by_text["true"]["fraction"] == 1
            entry["feedbacktrue"] = by_text["true"]["feedback"]
            entry["feedbackfalse"] = by_text["false"]["feedback"]
        if qtype == "numerical":
            for a in answers:
                a["text"]["format"] = None
        if qtype == "matching":
            entry["subquestions"] = [
                {"text": _xml_text(s), "answer": s.findtext("answer/text") or ""}
                for s in q.findall("subquestion")
            ]
        if qtype == "ordering":
            entry["selecttype"] = 0 if q.findtext("selecttype") == "ALL" else 1
            entry["selectcount"] = int(q.findtext("selectcount"))
        if qtype == "cloze":
            entry["subquestions"] = _cloze_blanks(q.findtext("questiontext/text"))
            # Moodle ignores <defaultgrade> here: the mark is the sum of the blanks' weights.
            entry["defaultmark"] = sum(s["defaultmark"] for s in entry["subquestions"])
        found[entry["name"]] = from_moodle_import(entry)
    return found


def _xml_text(element: etree._Element | None) -> dict[str, Any] | None:
    if element is None:
        return None
    fmt = element.get("format", "html")
    return {"text": element.findtext("text") or "", "format": 1 if fmt == "html" else None}


# Moodle's multianswer regexes (question/type/multianswer/questiontype.php), for a second
# reading of a cloze without PHP; Python needs the variable-width lookbehind split in three.
_FRACTION = r"=|%(-?[0-9]+(?:[.,][0-9]*)?)%"
_ANSWER = r".+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$)"
_FEEDBACK = r".*?(?<!\\)(?=[~}]|$)"
_ALTERNATIVE = f"({_FRACTION})?({_ANSWER})(#({_FEEDBACK}))?"
_BLANK = re.compile(
    r"\{([0-9]*):(?:SHORTANSWER|SA|MW):(" + _ALTERNATIVE + "(?:~" + _ALTERNATIVE + r")*)\}", re.S
)


def _cloze_blanks(text: str) -> list[dict[str, Any]]:
    """Cloze blanks read the way Moodle's multianswer parser reads them."""
    blanks = []
    for found in _BLANK.finditer(text):
        remaining, answers = found[2], []
        while alternative := re.match("~?" + _ALTERNATIVE, remaining, re.S):
            if alternative[1] == "=":
                fraction = 1.0
            else:
                fraction = float(alternative[2].replace(",", ".")) / 100 if alternative[2] else 0.0
            feedback = (
                htmllib.unescape(alternative[5] or "").replace("\\}", "}").replace("\\#", "#")
            )
            answer = htmllib.unescape(alternative[3]).replace("\\}", "}").replace("\\#", "#")
            answers.append(
                {
                    "text": {"text": answer, "format": None},
                    "fraction": fraction,
                    "feedback": {"text": feedback, "format": 1},
                    "tolerance": None,
                }
            )
            remaining = remaining.split(alternative[0], 1)[1]
        weight = float(found[1] or 1)
        blanks.append(
            {"qtype": "shortanswer", "usecase": 0, "defaultmark": weight, "answers": answers}
        )
    return blanks


def from_gift(question: dict[str, Any]) -> Meaning:
    """A question as gift-pegjs parses it (GIFT carries no points: Moodle imports 1 mark)."""

    def text(value: dict[str, Any] | None) -> str:
        return visible(value["text"]) if value else ""

    kind = question["type"]
    meaning: Meaning = {
        "id": question["title"],
        "points": 1.0,
        "general_feedback": text(question.get("globalFeedback")),
    }
    if kind == "MC":
        single = all(c["weight"] is None for c in question["choices"])
        rows = [
            [
                text(c["text"]),
                (1.0 if c["isCorrect"] else 0.0) if single else round(c["weight"] / 100, 4),
                text(c["feedback"]),
            ]
            for c in question["choices"]
        ]
        meaning |= {"kind": "choice", "single": single, "answers": _sorted(rows)}
    elif kind == "TF":
        # {TRUE#a#b}: Moodle shows a after the wrong answer, b after the right one; gift-pegjs
        # calls a "trueFeedback" and b "falseFeedback" whatever the answer.
        right = question["isTrue"]
        after_wrong, after_right = text(question["trueFeedback"]), text(question["falseFeedback"])
        meaning |= {
            "kind": "truefalse",
            "penalty": 1.0,  # Moodle's GIFT reader sets it for every true/false question
            "answers": [
                ["true", 1.0 if right else 0.0, after_right if right else after_wrong],
                ["false", 0.0 if right else 1.0, after_wrong if right else after_right],
            ],
        }
    elif kind == "Short":
        rows = [
            [
                literal(visible(c["text"]["text"])),
                _fraction(None if c["weight"] is None else c["weight"] / 100),
                text(c["feedback"]),
            ]
            for c in question["choices"]
        ]
        meaning |= {"kind": "short", "answers": _sorted(rows)}
    elif kind == "Numerical":
        choices = question["choices"]
        choices = choices if isinstance(choices, list) else [{"text": choices}]
        answers = []
        for c in choices:
            value = c["text"]
            if value["type"] == "range":
                answers.append((float(value["number"]), float(value["range"])))
            else:
                low, high = float(value["numberLow"]), float(value["numberHigh"])
                answers.append(((low + high) / 2, (high - low) / 2))
        meaning |= _numeric_meaning(answers)
    elif kind == "Matching":
        pairs = question["matchPairs"]
        meaning |= {
            "kind": "match",
            "pairs": [
                [text(p["subquestion"]), _unplaceholder(p["subanswer"])]
                for p in pairs
                if text(p["subquestion"])
            ],
            "distractors": sorted(
                _unplaceholder(p["subanswer"]) for p in pairs if not text(p["subquestion"])
            ),
        }
    elif kind == "Essay":
        meaning["kind"] = "essay"
    else:
        raise AssertionError(f"unexpected GIFT type {kind}")
    return meaning


def _unplaceholder(text: str) -> str:
    """gift-pegjs 1.0.2 leaves Moodle's escape placeholders (``&&058;``) in right-hand
    matching answers; Moodle's parser turns them back (escapedchar_post), and so does this."""
    return re.sub(r"&&(\d{3});", lambda m: chr(int(m[1])), text)


def from_qti(package: bytes) -> dict[str, Meaning]:
    """A Canvas QTI 1.2 zip read with lxml, by the rules of Canvas's importer.

    Canvas takes every ``<varequal>`` of a short answer's conditions as an accepted
    answer, a numeric ``<or>`` as answer and margin and a bare ``<and>`` as a range,
    the digits of a matching right-hand identifier as its id, and feedback named
    ``*incorrect*`` as the incorrect-answer comments.
    """
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = archive.namelist()
        manifest = etree.fromstring(archive.read("imsmanifest.xml"))
        ns = {"cp": "http://www.imsglobal.org/xsd/imscp_v1p1"}
        href = manifest.find(".//cp:resource[@type='imsqti_xmlv1p2']/cp:file", ns).get("href")
        root = _strip(etree.fromstring(archive.read(href)))
        assert any(n.endswith("/assessment_meta.xml") for n in names), names
    found = {}
    for item in root.iter("item"):
        meta = {
            f.findtext("fieldlabel"): f.findtext("fieldentry")
            for f in item.iter("qtimetadatafield")
        }
        feedback_html = {
            f.get("ident"): f.findtext(".//mattext") for f in item.findall("itemfeedback")
        }
        feedback = {ident: visible(text) for ident, text in feedback_html.items()}
        meaning: Meaning = {
            "id": item.get("title"),
            "points": float(meta["points_possible"]),
            "general_feedback": feedback.get("general_fb", ""),
        }
        qtype = meta["question_type"]
        conditions = item.findall("resprocessing/respcondition")
        tested = [v.text or "" for c in conditions for v in c.iter("varequal")]
        if qtype in ("multiple_choice_question", "multiple_answers_question"):
            labels = {
                lab.get("ident"): visible(lab.findtext(".//mattext"))
                for lab in item.iter("response_label")
            }
            scoring = next(c for c in conditions if c.find("setvar") is not None)
            test = scoring.find("conditionvar")[0]
            right = {v.text for v in test.findall("varequal")} if test.tag == "and" else {test.text}
            rows = [
                [labels[ident], 1.0 if ident in right else 0.0, feedback.get(f"{ident}_fb", "")]
                for ident in labels
            ]
            meaning |= {
                "kind": "choice",
                "single": qtype == "multiple_choice_question",
                "answers": _sorted(rows),
            }
        elif qtype == "true_false_question":
            scoring = next(c for c in conditions if c.find("setvar") is not None)
            right = scoring.find("conditionvar/varequal").text == "true"
            meaning |= {
                "kind": "truefalse",
                "answers": [
                    ["true", 1.0 if right else 0.0, feedback.get("true_fb", "")],
                    ["false", 0.0 if right else 1.0, feedback.get("false_fb", "")],
                ],
            }
        elif qtype == "short_answer_question":
            meaning |= {
                "kind": "short",
                "answers": _sorted([[t, 1.0, ""] for t in dict.fromkeys(tested)]),
                "incorrect_feedback": _notes(feedback_html.get("general_incorrect_fb", "")),
            }
        elif qtype == "numerical_question":
            meaning |= _canvas_numeric(conditions)
        elif qtype == "matching_question":
            rows, rights = [], {}
            for response in item.iter("response_lid"):
                left = visible(response.findtext("material/mattext"))
                for label in response.iter("response_label"):
                    rights[label.get("ident")] = visible(label.findtext(".//mattext"))
                rows.append((response.get("ident"), left))
            matched = {}
            for c in conditions:
                v = c.find("conditionvar/varequal")
                if v is not None and c.find("setvar") is not None:
                    matched[v.get("respident")] = rights[v.text]
            pairs = [[left, matched[ident]] for ident, left in rows]
            used = {r for _, r in pairs}
            meaning |= {
                "kind": "match",
                "pairs": pairs,
                "distractors": sorted(r for r in rights.values() if r not in used),
            }
        elif qtype == "fill_in_multiple_blanks_question":
            blanks = []
            for response in item.iter("response_lid"):
                labels = [lab.findtext(".//mattext") for lab in response.iter("response_label")]
                blanks.append(_sorted([[t, 1.0, ""] for t in labels]))
            meaning |= {
                "kind": "cloze",
                "blanks": blanks,
                "incorrect_feedback": _notes(feedback_html.get("general_incorrect_fb", "")),
            }
        elif qtype == "essay_question":
            meaning["kind"] = "essay"
        else:
            raise AssertionError(f"unexpected Canvas type {qtype}")
        found[meaning["id"]] = meaning
    return found


def _notes(markup: str) -> list[str]:
    """The wrong-answer feedback in Canvas's incorrect comments: one line per known mistake."""
    return [visible(line).split("”: ", 1)[1] for line in markup.split("<br>") if line]


def _canvas_numeric(conditions: list[etree._Element]) -> Meaning:
    scoring = next(c for c in conditions if c.find("setvar") is not None)
    test = scoring.find("conditionvar")[0]
    if test.tag == "or":
        exact = float(test.findtext("varequal"))
        upper = float(test.findtext("and/varlte"))
        margin = upper - exact  # Canvas: margin = upper bound - exact answer
        return {
            "kind": "numeric",
            "accepted": [exact - margin, exact + margin],
            "shown_answer": exact,
        }
    assert test.tag == "and", etree.tostring(test)
    return {
        "kind": "numeric",
        "accepted": [float(test.findtext("vargte")), float(test.findtext("varlte"))],
        "shown_answer": None,
    }


def _strip(root: etree._Element) -> etree._Element:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
    return root


def same_numbers(a: Meaning, b: Meaning) -> bool:
    return all(
        math.isclose(x, y, abs_tol=1e-9) for x, y in zip(a["accepted"], b["accepted"], strict=True)
    )


# -- edge cases -------------------------------------------------------------------------


def edge_bank() -> Bank:
    """Questions built to break exporters: special characters, odd numbers, big and tiny sets."""

    def q(qid: str, qtype: str, prompt: str, body: Any, **extra: Any) -> Question:
        return Question(f"edge/{qid}", qtype, "99-edge", prompt, body, **extra)  # type: ignore[arg-type]

    tricky = ["a ~ tilde", "x = y", "# hash", "{braces}", "key: value", "back\\slash", "and/or",
              'say "hi"', "star * here", "AT&T", "a < b", "-> arrow", "[tag] text"]  # fmt: skip
    questions = [
        q("special-short", "short", f"Type any of: {SPECIAL}?",
          ShortAnswer(TextAnswer(tuple(tricky), wrong_answers=(
              WrongAnswer("wrong ~ # }", 'Feedback with ~ # { } \\ / " * & < too.'),
              WrongAnswer("*", "A lone star is not a wildcard here."),
          ))),
          explanation=f"Explained with {SPECIAL}.", points=2.0),
        q("special-choice", "single", "Which is *right*?",
          Choice((Option("x = y ~ z", True, "Yes: ~ = # { } \\ / \" * & <"),
                  Option("a -> b", False, "Arrows: ->"), Option("{1:SA:=x}", False)))),
        q("multi", "multiple", "Pick the two.",
          Choice((Option("one", True), Option("two", True), Option("three"), Option("four"),
                  Option("five")), multiple=True)),
        q("tf-false", "true-false", "The sky is *green*.", TrueFalse(False, "No: ~ = #", "Right.")),
        q("negative", "numeric", "Below zero?", Numeric(-12.5, tolerance=0.25)),
        q("fraction", "numeric", "A half?", Numeric(0.5)),
        q("asymmetric", "numeric", "A year of the 1990s after 1994?",
          Numeric(1995, low=1990, high=2005), points=1.5),
        q("negative-range", "numeric", "Between minus three and minus one.",
          Numeric(-2.5, low=-3, high=-1)),
        q("two-items", "ordering", "Order these two.", Ordering(("first ~ =", "second -> #"))),
        q("six-pairs", "matching", "Match the six.",
          Matching(tuple(Pair(f"left {n} -> {c}", f"right {n} {c}") for n, c in
                         enumerate(["~", "=", "#", "{}", ":", "*"], start=1)),
                   extra_right=("distractor & one", "distractor < two"))),
        q("cloze-special", "cloze", "Fill in.",
          Cloze("First {{1}} then {{2}}.", (
              TextAnswer(("and/or", 'say "hi"', "a ~ b", "x # y", "{x}", "back\\slash", "AT&T")),
              TextAnswer(("star*", "a < b"), wrong_answers=(
                  WrongAnswer("nope ~", 'Not this: ~ # } \\ " & <'),)),
          )), points=4.0),
        q("cloze-odd-points", "cloze", "Fill in again.",
          Cloze("{{1}} and {{2}} and {{3}}.", (TextAnswer(("a",)), TextAnswer(("b",)),
                                              TextAnswer(("c",)))), points=2.0),
        q("essay", "essay", "Discuss ~ = # { }.", Essay(())),
    ]  # fmt: skip
    from pathlib import Path

    return Bank((ModuleBank("99-edge", 99, Path("edge.yaml"), tuple(questions)),))
