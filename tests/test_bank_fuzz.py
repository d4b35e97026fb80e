"""Fuzzing the loader with hostile banks: it raises UserError with a located, short,
printable message, or returns a model, and never raises anything else.

The banks look real (a module, questions of every type, the keys the field table knows)
so the fuzzer reaches the value checks and the bank rules, and their values are hostile:
numbers of thousands of digits, YAML 1.1 oddities, tags, aliases, deep nesting, control
characters, lone surrogates, long strings and text cut by ``#``.

The default run is small to keep ``make test-fast`` fast; a long local run is
``R2P_FUZZ_EXAMPLES=20000 pytest tests/test_bank_fuzz.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from r2p_kit.bank.fields import BLANK, COMMON_FIELDS, OPTION, PAIR, RUBRIC_POINT, TYPE_FIELDS
from r2p_kit.bank.load import load_module_bank
from r2p_kit.bank.model import QUESTION_TYPES, ModuleBank
from r2p_kit.errors import UserError

EXAMPLES = int(os.environ.get("R2P_FUZZ_EXAMPLES", "12"))
# Long strings cost the pure-Python YAML parser time (it words the errors), so the quick
# default run keeps them shorter; a long run uses the full length.
LONGEST = 10_000 if EXAMPLES > 100 else 2_000
KEYS = sorted(
    {f.name for f in COMMON_FIELDS}
    | {f.name for fields in TYPE_FIELDS.values() for f in fields}
    | {f.name for spec in (OPTION, PAIR, BLANK, RUBRIC_POINT) for f in spec.fields}
    | {"correct", "x", "<<", "? complex"}
)
ODD_SCALARS = [
    "0700", "-0700", "00", "0", "33:20", "1:00:00", "190:20:30.15", "0x1F", "0b101", "1_000",
    "yes", "No", "on", "OFF", "y", "~", "null", "", ".nan", ".inf", "-.inf", "1e400", "1.0e+400",
    "1.0e-400", "2005-09-16", "2005-13-45", "2001-12-14t21:59:43.10-05:00", "!!binary aGVsbG8=",
    "!!set {a, b}", "!!omap [a: 1]", "!!timestamp 2001", "!!float x", "!!int 09", "!!str 5",
    "!!bool maybe", "!!null x", "!custom x", "!!python/object:os.system x",
    "!!python/name:os.system", "&anchor value", "*anchor", "*undefined", "'quoted'",
    '"\\x01"', '"\\e[31mred"', '"\\ud800"', '"\\udfff x"', '"\\uffff"', '"\\x85"', '"\\r"',
    '"\\t tab"', '"a\\nb"', "Group #1", "a #b", "a: b", "- x", "'{{1}} {{²}} {{ 2 }} {{x}}'",
    "'{{999999999999999999999}}'", "|\n      block\n      text", ">\n      folded", "@at",
    "`tick", "%percent", "? key", "[", "]", "{", "}", "'", '"', "\\", "\u2028", "\u00a0",
    "\ufeff", "\u202e", "\U0001f600", "\U0001d7d8", "\u0663", "²", "½",
]  # fmt: skip


def digits(count: int) -> str:
    return "9" * count


SCALARS = st.one_of(
    st.sampled_from(ODD_SCALARS),
    st.integers(300, 5000).map(digits),
    st.integers(300, 5000).map(lambda n: "-" + digits(n) + ".5"),
    st.integers(16, 40).map(digits),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=30).map(lambda text: json.dumps(text)),  # escapes, lone surrogates
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30).map(
        lambda text: "'" + text.replace("'", "''") + "'"
    ),
    st.integers(1000, LONGEST).map(lambda n: "x" * n),
    st.from_regex(r"[a-z0-9 #:{}\[\],&*!|>'\"-]{1,20}", fullmatch=True),
)


def flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A YAML flow list or mapping of ``children``, which nests."""
    lists = st.lists(children, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    maps = st.lists(st.tuples(st.sampled_from(KEYS), children), max_size=4).map(
        lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    )
    return lists | maps


VALUES = st.recursive(SCALARS, flow, max_leaves=12) | st.integers(1, 1500).map(
    lambda depth: "[" * depth + "]" * depth
)
ITEMS = st.lists(
    st.builds(
        lambda entries: "".join(
            f"      {'- ' if i == 0 else '  '}{k}: {v}\n" for i, (k, v) in entries
        ),
        st.lists(st.tuples(st.sampled_from(KEYS), VALUES), min_size=1, max_size=3).map(
            lambda pairs: list(enumerate(pairs))
        ),
    ),
    max_size=4,
)


@st.composite
def questions(draw: st.DrawFn) -> str:
    qtype = draw(st.sampled_from([*QUESTION_TYPES, "essay ", "Single", "!!str single"]))
    lines = [f"  - id: {draw(st.sampled_from(['origins/q', 'origins/q', 'x', 'origins/Q']))}"]
    lines.append(f"    type: {qtype}")
    for key, value in draw(st.lists(st.tuples(st.sampled_from(KEYS), VALUES), max_size=6)):
        lines.append(f"    {key}: {value}")
    for key in draw(
        st.lists(st.sampled_from(["options", "pairs", "blanks", "rubric"]), max_size=2)
    ):
        lines.append(f"    {key}:")
        lines.append("".join(draw(ITEMS)).rstrip("\n") or "      - {}")
    return "\n".join(lines) + "\n"


BANKS = st.builds(
    lambda module, body: f"module: {module}\nquestions:\n{''.join(body)}",
    st.sampled_from(["origins", "Origins", "'origins'", "[origins]", "0700"]),
    st.lists(questions(), min_size=1, max_size=3),
)


def load_hostile(path: Path, text: str) -> ModuleBank | None:
    """Load ``text``; the only failure allowed is a UserError a person can act on."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        return load_module_bank(path, {"origins-iciss"})
    except UserError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.location.line > 0 or problem.message == "the file is empty", problem
            shown = problem.message + problem.hint
            assert len(shown) < 600, shown[:600]
            assert shown.isprintable(), repr(shown[:600])
        return None


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(BANKS)
def test_hostile_banks_give_located_user_errors(tmp_path: Path, text: str) -> None:
    bank = load_hostile(tmp_path / "questions.yaml", text)
    if bank is not None:  # what loads is what a contributor can predict from the text
        for question in bank.questions:
            assert (
                question.prompt.isprintable() or "\n" in question.prompt or "\t" in question.prompt
            )
