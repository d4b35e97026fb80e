"""Build bank-model questions from plain dicts in the questions.yaml field names.

The shared test vectors (tests/match_vectors.json) describe questions this way so the
browser self-check can read the same file; these helpers turn them into the model the
Python matcher takes, without going through the YAML loader and its course rules.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from r2p_kit.bank.model import (
    Body,
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
    RubricPoint,
    ShortAnswer,
    TextAnswer,
    TrueFalse,
    WrongAnswer,
)
from r2p_kit.bank.rivals import with_rivals


def text_answer(spec: dict[str, Any]) -> TextAnswer:
    """As the loader builds it: accents optional and one slip forgiven unless official."""
    official = spec.get("spelling", "any") == "official"
    return TextAnswer(
        answers=tuple(spec["answers"]),
        accents_optional=not official,
        typo_tolerance=0 if official else min(spec.get("typo_tolerance", 1), 1),
        wrong_answers=tuple(
            WrongAnswer(w["text"], w.get("feedback", "")) for w in spec.get("wrong_answers", [])
        ),
        rivals=tuple(spec.get("rivals", ())),
        spelling="official" if official else "any",
    )


def body_from_spec(spec: dict[str, Any]) -> Body:
    kind = spec["type"]
    if kind in ("single", "multiple"):
        options = tuple(
            Option(o["text"], o.get("correct", False), o.get("feedback", ""))
            for o in spec["options"]
        )
        return Choice(options, multiple=kind == "multiple")
    if kind == "true-false":
        return TrueFalse(
            spec["answer"], spec.get("feedback_true", ""), spec.get("feedback_false", "")
        )
    if kind == "short":
        return ShortAnswer(text_answer(spec))
    if kind == "numeric":
        low, high = spec.get("range", (None, None))
        return Numeric(
            spec["answer"],
            spec.get("tolerance", 0.0),
            low,
            high,
            spec.get("unit", ""),
            spec.get("asks", "number"),
        )
    if kind == "ordering":
        return Ordering(tuple(spec["items"]))
    if kind == "matching":
        pairs = tuple(Pair(p["left"], p["right"]) for p in spec["pairs"])
        return Matching(pairs, tuple(spec.get("extra_right", ())))
    if kind == "cloze":
        return Cloze(spec["text"], tuple(text_answer(b) for b in spec["blanks"]))
    if kind == "essay":
        rubric = tuple(
            RubricPoint(r["point"], tuple(r.get("keywords", ()))) for r in spec["rubric"]
        )
        words = spec.get("words")
        return Essay(rubric, None if words is None else (words[0], words[1]))
    raise ValueError(kind)


def question_from_spec(spec: dict[str, Any], question_id: str = "") -> Question:
    """A :class:`Question` from the fields of one questions.yaml entry."""
    question_id = spec.get("id", question_id) or "test/question"
    return Question(
        id=question_id,
        type=spec["type"],
        module=question_id.split("/", 1)[0],
        prompt=spec.get("prompt", "A question?"),
        body=body_from_spec(spec),
        explanation=spec.get("explanation", ""),
        hints=tuple(spec.get("hints", ())),
        source=spec.get("source", ""),
        points=spec.get("points", 1.0),
        shuffle=spec.get("shuffle", True),
    )


def module_from_specs(slug: str, number: int, specs: list[dict[str, Any]]) -> ModuleBank:
    questions = with_rivals(tuple(question_from_spec(spec) for spec in specs))
    return ModuleBank(
        slug, number, Path(f"docs/modules/{number:02d}-{slug}/questions.yaml"), questions
    )


# A small module with one question of every type, used by the sheet, check and grade tests.
DEMO_SPECS: list[dict[str, Any]] = [
    {
        "id": "demo/summit-year",
        "type": "single",
        "prompt": "In which year was the World Summit held?",
        "options": [
            {"text": "2001", "feedback": "2001 is the year of the ICISS report."},
            {"text": "2005", "correct": True},
            {"text": "2009", "feedback": "2009 is the year of the first report on implementation."},
        ],
        "explanation": "The World Summit met in September 2005.",
        "hints": ["It was sixty years after the UN was founded."],
        "source": "demo-summit",
        "shuffle": False,
    },
    {
        "id": "demo/four-crimes",
        "type": "multiple",
        "prompt": "Which crimes does paragraph 138 name?",
        "options": [
            {"text": "genocide", "correct": True},
            {"text": "war crimes", "correct": True},
            {"text": "terrorism", "feedback": "Terrorism is not one of the four crimes."},
            {"text": "ethnic cleansing", "correct": True},
            {"text": "crimes against humanity", "correct": True},
            {"text": "piracy", "feedback": "Piracy is not one of the four crimes."},
        ],
        "explanation": "Genocide, war crimes, ethnic cleansing and crimes against humanity.",
        "hints": ["Four of them."],
        "source": "demo-crimes",
    },
    {
        "id": "demo/binding",
        "type": "true-false",
        "prompt": "The World Summit Outcome is a treaty.",
        "answer": False,
        "feedback_true": "No: it is a General Assembly resolution.",
        "explanation": "It is a resolution of the General Assembly, not a treaty.",
        "source": "demo-summit",
    },
    {
        "id": "demo/crime-name",
        "type": "short",
        "prompt": "Which crime is defined by the 1948 Convention?",
        "answers": ["genocide", "the crime of genocide"],
        "typo_tolerance": 1,
        "wrong_answers": [{"text": "homicide", "feedback": "Homicide is a domestic crime."}],
        "explanation": "The Genocide Convention of 1948.",
        "hints": ["Its name is in the Convention's title."],
        "source": "demo-crimes",
    },
    {
        "id": "demo/country",
        "type": "short",
        "prompt": "Which country's 2011 crisis is discussed in the module?",
        "answers": ["Côte d'Ivoire", "Ivory Coast"],
        "source": "demo-cases",
    },
    {
        "id": "demo/members",
        "type": "numeric",
        "prompt": "How many Member States did the UN have in 2005?",
        "answer": 191,
        "tolerance": 0,
        "unit": "States",
        "source": "demo-summit",
    },
    {
        "id": "demo/timeline",
        "type": "ordering",
        "prompt": "Put these in order, earliest first.",
        "items": ["Genocide Convention", "Rwanda", "ICISS report", "World Summit"],
        "source": "demo-timeline",
    },
    {
        "id": "demo/people",
        "type": "matching",
        "prompt": "Match each person with a role.",
        "pairs": [
            {"left": "Ban Ki-moon", "right": "Secretary-General"},
            {"left": "Gareth Evans", "right": "ICISS co-chair"},
            {"left": "Francis Deng", "right": "Special Adviser on the Prevention of Genocide"},
        ],
        "extra_right": ["President of the Security Council"],
        "source": "demo-people",
    },
    {
        "id": "demo/article-1",
        "type": "cloze",
        "prompt": "Complete Article I of the Genocide Convention.",
        "text": "The Parties undertake to {{1}} and to {{2}} genocide.",
        "blanks": [{"answers": ["prevent"]}, {"answers": ["punish"], "typo_tolerance": 1}],
        "explanation": "Prevention comes first.",
        "source": "demo-crimes",
    },
    {
        "id": "demo/essay",
        "type": "essay",
        "prompt": "Is R2P a limit on sovereignty?",
        "points": 5,
        "rubric": [
            {"point": "Defines sovereignty as responsibility", "keywords": ["responsibility"]},
            {"point": "Uses a case", "keywords": ["Rwanda", "Kosovo"]},
        ],
        "source": "demo-summit",
    },
]


def demo_module() -> ModuleBank:
    return module_from_specs("demo", 9, DEMO_SPECS)


DEMO_INDEX = """\
(mod-demo)=
# 9. A demonstration module

(demo-reading)=
## Reading

(demo-summit)=
### The World Summit of 2005

(demo-crimes)=
### The four crimes

(demo-cases)=
### Cases

(demo-timeline)=
### A timeline

(demo-people)=
### People
"""


def write_demo_course(root: Path) -> Path:
    """A course folder holding only the demo module: its bank and a page with its labels."""
    import yaml

    module = root / "docs" / "modules" / "09-demo"
    module.mkdir(parents=True, exist_ok=True)
    bank = {"module": "demo", "questions": DEMO_SPECS}
    (module / "questions.yaml").write_text(
        yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    (module / "index.md").write_text(DEMO_INDEX, encoding="utf-8")
    return root


def fill_sheet(text: str, answers: dict[str, str], student: str | None = None) -> str:
    """A generated sheet with ``answers`` (question id -> text) written after ``Answer:``.

    The printed ``1:``/``1-`` lines under a cloze or matching ``Answer:`` are replaced.
    """
    for question_id, answer in answers.items():
        block = re.compile(
            rf"(## \d+\. \[{re.escape(question_id)}\].*?\nAnswer:)[^\n]*(\n(?:\d+[:-]\n)*)", re.S
        )
        text, count = block.subn(lambda m, a=answer: f"{m.group(1)} {a}\n", text, count=1)
        if count != 1:
            raise ValueError(f"cannot place the answer to {question_id}")
    if student is not None:
        text = text.replace("\nstudent:\n", f"\nstudent: {student}\n", 1)
    return text
