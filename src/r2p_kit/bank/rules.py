"""The bank's rules: what a question must mean, beyond the shape the field table checks.

Ids start with the module slug and are unique, sources are labels the docs define, a
single-choice question has one correct option, cloze markers match blanks, ranges hold
their answer, tolerances leave the answer distinguishable. Values arrive already checked
by :class:`r2p_kit.bank.nodes.NodeChecker`; each rule reports at the node it concerns.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import assert_never

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from r2p_kit.bank.concepts import NO_CONCEPTS, Concepts
from r2p_kit.bank.fields import ANY_QUESTION_FIELDS, LETTERS, question_fields, types_using
from r2p_kit.bank.labels import SourceLabels
from r2p_kit.bank.model import (
    QUESTION_TYPES,
    RUBRIC_LEVELS,
    Body,
    Choice,
    Cloze,
    CueRecord,
    Essay,
    LevelDescriptors,
    Matching,
    Numeric,
    Option,
    Ordering,
    Pair,
    Question,
    QuestionType,
    RubricPoint,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
    WrongAnswer,
    cloze_markers,
)
from r2p_kit.bank.nodes import NodeChecker, Record, echo, plain_number


class QuestionReader:
    """Turns question nodes into model questions, reporting through the file's checker."""

    def __init__(
        self,
        nodes: NodeChecker,
        slug: str | None,
        known_labels: SourceLabels | None,
        concepts: Concepts = NO_CONCEPTS,
    ) -> None:
        self.nodes = nodes
        self.concepts = concepts
        self.slug = slug
        self.known_labels = known_labels
        self.ids: dict[str, Node] = {}

    def report(self, node: Node | None, message: str, hint: str = "") -> None:
        self.nodes.report(node, message, hint)

    # -- questions -------------------------------------------------------------------------

    def read(self, node: Node) -> Question | None:
        """The question, or ``None`` when any problem was reported for it."""
        before = len(self.nodes.problems)
        if not isinstance(node, MappingNode):
            self.report(
                node,
                f"a question must be a mapping of fields, not {self.nodes.describe(node)}",
                "start each question with '- id: ...' and indent its fields",
            )
            return None
        qtype = _peek_type(node)
        fields = question_fields(qtype) if qtype else ANY_QUESTION_FIELDS
        record = self.nodes.read_mapping(
            node, fields, "a question", lambda key: _question_key_hint(key, qtype)
        )
        if record is None:
            return None
        self._check_id(record)
        self._check_source(record)
        body = self._read_body(qtype, record) if qtype else None
        points_read = "points" in record.values or "points" not in record.raw
        if qtype == "essay" and points_read and record.get("points", 1) <= 1:
            self.report(
                record.node_of("points"),
                "an essay question must be worth more than 1 point",
                "set points to what the rubric is worth, e.g. 'points: 4'",
            )
        if qtype is None or body is None or len(self.nodes.problems) > before:
            return None
        return Question(
            id=record.get("id"),
            type=qtype,
            module=self.slug or "",
            prompt=record.get("prompt"),
            body=body,
            explanation=record.get("explanation", ""),
            hints=tuple(record.get("hints", ())),
            source=record.get("source", ""),
            objective=record.get("objective"),
            difficulty=record.get("difficulty", "medium"),
            level=record.get("level"),
            points=float(record.get("points", 1)),
            shuffle=record.get("shuffle", True),
            tags=tuple(record.get("tags", ())),
            cue_ok=tuple(
                CueRecord(r.get("question"), r.get("reason")) for r in record.get("cue_ok", ())
            ),
            location=self.nodes.at(node),
        )

    def _check_id(self, record: Record) -> None:
        qid = record.get("id")
        if qid is None:
            return
        node = record.node_of("id")
        if self.slug and not qid.startswith(f"{self.slug}/"):
            self.report(
                node,
                f"id '{echo(qid)}' does not start with the module slug '{self.slug}/'",
                f"write ids as '{self.slug}/short-name'",
            )
        if qid in self.ids:
            first = self.nodes.at(self.ids[qid])
            self.report(
                node,
                f"duplicate question id '{echo(qid)}'",
                f"ids are unique across the whole bank; it is first used at line {first.line}",
            )
        else:
            self.ids[qid] = node

    def _check_source(self, record: Record) -> None:
        source = record.get("source")
        if source is None or self.known_labels is None:
            return
        problem = self.known_labels.problem(source)
        if problem is not None:
            self.report(record.node_of("source"), *problem)

    # -- type-specific bodies --------------------------------------------------------------

    def _read_body(self, qtype: QuestionType, record: Record) -> Body | None:
        match qtype:
            case "single":
                return self._choice(record, multiple=False)
            case "multiple":
                return self._choice(record, multiple=True)
            case "true-false":
                return self._true_false(record)
            case "short":
                expected = self._text_answer(record)
                return None if expected is None else ShortAnswer(expected)
            case "numeric":
                return self._numeric(record)
            case "ordering":
                return self._ordering(record)
            case "matching":
                return self._matching(record)
            case "cloze":
                return self._cloze(record)
            case "essay":
                return self._essay(record)
            case _:
                assert_never(qtype)

    def _choice(self, record: Record, multiple: bool) -> Body | None:
        entry = record.values.get("options")
        if entry is None:
            return None
        options = [
            Option(r.get("text"), r.get("correct", False), r.get("feedback", ""))
            for r in entry.value
            if r.get("text") is not None
        ]
        if len(options) != len(entry.value):
            return None
        self._check_unique([(o.text, r.node) for o, r in zip(options, entry.value, strict=True)])
        correct = sum(option.correct for option in options)
        if correct == 0:
            self.report(
                entry.node,
                "no option is marked 'correct: true'",
                "mark the right option with 'correct: true'",
            )
        elif correct > 1 and not multiple:
            self.report(
                entry.node,
                f"a single-choice question has exactly one correct option, but {correct} are "
                "marked",
                "keep 'correct: true' on one option, or use 'type: multiple'",
            )
        return Choice(tuple(options), multiple=multiple)

    def _true_false(self, record: Record) -> Body | None:
        answer = record.get("answer")
        if answer is None:
            return None
        return TrueFalse(answer, record.get("feedback_true", ""), record.get("feedback_false", ""))

    def _text_answer(self, record: Record) -> TextAnswer | None:
        answers = self._accepted_answers(record)
        if answers is None:
            return None
        tolerance = record.get("typo_tolerance", 1)
        if tolerance > 1:
            self.report(
                record.node_of("typo_tolerance"),
                f"typo_tolerance {plain_number(tolerance)} would forgive more than one slip, "
                "and two slips can turn one word into another",
                "use 1 (the default) or 0, and list a common misspelling as an answer instead",
            )
        official = record.get("spelling", "any") == "official"
        wrong = []
        accepted = {a.casefold() for a in answers}
        for item in record.get("wrong_answers", ()):
            text = item.get("text")
            if text is None:
                return None
            if text.casefold() in accepted:
                self.report(
                    item.node_of("text"),
                    f"'{echo(text)}' is listed both as accepted and as a wrong answer",
                    "remove it from one of the two lists",
                )
            wrong.append(WrongAnswer(text, item.get("feedback", "")))
        return TextAnswer(
            answers,
            accents_optional=not official,
            typo_tolerance=0 if official else min(tolerance, 1),
            wrong_answers=tuple(wrong),
            spelling="official" if official else "any",
        )

    def _accepted_answers(self, record: Record) -> tuple[str, ...] | None:
        """The listed answers after the concept's forms; one of the two must be there."""
        entry = record.values.get("answers")
        listed: list[str] = entry.value if entry else []
        if entry is not None:
            self._check_unique(list(zip(listed, entry.node.value, strict=True)))
        forms: tuple[str, ...] = ()
        concept = record.get("concept")
        if concept is not None:
            if concept not in self.concepts.forms:
                close = difflib.get_close_matches(concept, self.concepts.names(), n=1)
                self.report(
                    record.node_of("concept"),
                    f"there is no concept '{echo(concept)}' in docs/modules/concepts.yaml",
                    f"did you mean '{close[0]}'?" if close else "add it there, or list answers",
                )
                return None
            forms = self.concepts.forms[concept]
        elif entry is None:
            if "answers" not in record.raw:
                self.report(
                    record.node,
                    "no accepted answers: give 'answers' or a 'concept'",
                    "add 'answers: [...]' with the accepted wordings",
                )
            return None
        return tuple(dict.fromkeys([*forms, *listed]))

    def _numeric(self, record: Record) -> Body | None:
        answer = record.get("answer")
        if answer is None:
            return None
        tolerance = record.get("tolerance")
        bounds = record.get("range")
        low = high = None
        if tolerance is not None and bounds is not None:
            self.report(
                record.node_of("range"),
                "give either 'tolerance' or 'range', not both",
                "use tolerance for answer ± t, range for any number in [low, high]",
            )
        if bounds is not None:
            low, high = bounds
            if low > high:
                self.report(
                    record.node_of("range"),
                    f"range [{plain_number(low)}, {plain_number(high)}] is empty: "
                    "low is greater than high",
                    "write the range as [low, high]",
                )
            elif not low <= answer <= high:
                self.report(
                    record.node_of("range"),
                    f"the answer {plain_number(answer)} is outside its own range "
                    f"[{plain_number(low)}, {plain_number(high)}]",
                    "widen the range or correct the answer",
                )
        return Numeric(
            answer=float(answer),
            tolerance=float(tolerance or 0),
            low=None if low is None else float(low),
            high=None if high is None else float(high),
            unit=record.get("unit", ""),
            asks=record.get("asks", "number"),
        )

    def _ordering(self, record: Record) -> Body | None:
        entry = record.values.get("items")
        if entry is None:
            return None
        self._check_unique(list(zip(entry.value, entry.node.value, strict=True)))
        return Ordering(tuple(entry.value))

    def _matching(self, record: Record) -> Body | None:
        entry = record.values.get("pairs")
        if entry is None:
            return None
        pairs = [Pair(r.get("left"), r.get("right")) for r in entry.value]
        if any(p.left is None or p.right is None for p in pairs):
            return None
        self._check_unique([(p.left, r.node) for p, r in zip(pairs, entry.value, strict=True)])
        rights = [(p.right, r.node) for p, r in zip(pairs, entry.value, strict=True)]
        extra = record.values.get("extra_right")
        if extra is not None:
            rights += list(zip(extra.value, extra.node.value, strict=True))
            if len(rights) > LETTERS:
                self.report(
                    extra.node,
                    f"the right-hand column has {len(rights)} entries ({len(pairs)} pairs and "
                    f"{len(extra.value)} in extra_right), more than the {LETTERS} letters A to Z",
                    f"remove {len(rights) - LETTERS} from extra_right",
                )
        self._check_unique(rights)
        return Matching(tuple(pairs), tuple(record.get("extra_right", ())))

    def _cloze(self, record: Record) -> Body | None:
        text = record.get("text")
        entry = record.values.get("blanks")
        blanks = [self._text_answer(r) for r in entry.value] if entry else []
        raw_blanks = record.raw.get("blanks")
        if text is not None and isinstance(raw_blanks, SequenceNode):
            self._check_markers(text, record.node_of("text"), raw_blanks.value)
        if text is None or entry is None or any(b is None for b in blanks):
            return None
        return Cloze(text, tuple(b for b in blanks if b is not None))

    def _check_markers(self, text: str, text_node: Node, blank_nodes: list[Node]) -> None:
        """Every marker {{n}} has blank n, and every blank has its marker, once."""
        seen: set[int] = set()
        for marker in cloze_markers(text):
            number = marker.number
            if number is None:
                self.report(
                    text_node,
                    f"marker '{echo(marker.written)}' is not a blank number",
                    "write blanks as {{1}}, {{2}}, ... in order",
                )
                continue
            if number in seen:
                self.report(
                    text_node,
                    f"marker {{{{{number}}}}} appears more than once",
                    "each blank appears once; add another blank for a second gap",
                )
            elif not 1 <= number <= len(blank_nodes):
                self.report(
                    text_node,
                    f"marker {{{{{number}}}}} has no blank: there are {len(blank_nodes)} blanks",
                    f"add a blank number {number} under 'blanks:' or remove the marker",
                )
            seen.add(number)
        for number, blank_node in enumerate(blank_nodes, start=1):
            if number not in seen:
                self.report(
                    blank_node,
                    f"blank {number} has no marker {{{{{number}}}}} in the text",
                    f"put {{{{{number}}}}} in the text where the answer goes, or remove the blank",
                )

    def _essay(self, record: Record) -> Body | None:
        entry = record.values.get("rubric")
        if entry is None:
            return None
        points = [
            RubricPoint(
                r.get("point"),
                tuple(r.get("keywords", ())),
                _levels(r.get("levels")),
                self.nodes.at(r.node),
            )
            for r in entry.value
        ]
        if any(p.point is None for p in points) or any(
            "levels" in r.raw and "levels" not in r.values for r in entry.value
        ):
            return None
        words = record.get("words")
        if words is not None and not 0 < words[0] <= words[1]:
            self.report(
                record.node_of("words"),
                f"words [{plain_number(words[0])}, {plain_number(words[1])}] is not a length",
                "write the fewest and the most words asked for, e.g. 'words: [400, 600]'",
            )
            words = None
        return Essay(tuple(points), None if words is None else (int(words[0]), int(words[1])))

    def _check_unique(self, texts: Iterable[tuple[str, Node]]) -> None:
        seen: dict[str, str] = {}
        for text, node in texts:
            key = " ".join(text.casefold().split())
            if key in seen:
                self.report(
                    node,
                    f"'{echo(text)}' is listed twice",
                    "each entry must be different, or students cannot tell them apart",
                )
            seen.setdefault(key, text)


def _peek_type(node: MappingNode) -> QuestionType | None:
    """The question's type if it is valid; reading the type reports its own problems."""
    for key, value in node.value:
        if isinstance(key, ScalarNode) and key.value == "type":
            text = value.value if isinstance(value, ScalarNode) else None
            return next((t for t in QUESTION_TYPES if t == text), None)
    return None


def _question_key_hint(key: str, qtype: QuestionType | None) -> str:
    if qtype in ("single", "multiple") and key in ("answer", "answers", "correct"):
        return "mark the right option(s) inside 'options' with 'correct: true'"
    if key == "accents_optional":
        return (
            "accents are optional unless a question asks for an official spelling; "
            "remove the key, or write 'spelling: official' where only the listed spellings count"
        )
    owners = [t for t in types_using(key) if t != qtype]
    if owners and qtype:
        return f"'{key}' belongs to {', '.join(owners)} questions, not to {qtype} questions"
    return ""


def _levels(record: Record | None) -> LevelDescriptors | None:
    """A criterion's level descriptors (the node checker made sure all four are there)."""
    if record is None:
        return None
    return LevelDescriptors(*(record.get(level) for level in RUBRIC_LEVELS))
