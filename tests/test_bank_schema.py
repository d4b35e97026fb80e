"""The committed JSON Schema equals the generated one, follows the model, and accepts real banks."""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO, run_cli
from r2p_kit.bank import model
from r2p_kit.bank.fields import COMMON_FIELDS, TYPE_FIELDS
from r2p_kit.bank.schema import SCHEMA_PATH, bank_schema, schema_text

FIXTURES = Path(__file__).parent / "fixtures" / "bank"
REAL_BANKS = sorted((REPO / "docs" / "modules").glob("*/questions.yaml"))
FIXTURE_BANKS = sorted((FIXTURES / "course").rglob("questions.yaml"))


@functools.cache  # checked once; a validator only reads its schema
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_committed_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: r2p-kit schema --out src/r2p_kit/bank/questions.schema.json --force"
    )


def test_schema_command_prints_it() -> None:
    result = run_cli(REPO, "schema")
    assert result.returncode == 0, result.stderr
    assert result.stdout == schema_text()


def test_schema_follows_the_model() -> None:
    schema = bank_schema()
    question = schema["definitions"]["question"]
    assert tuple(question["properties"]["type"]["enum"]) == model.QUESTION_TYPES
    assert tuple(question["properties"]["difficulty"]["enum"]) == model.DIFFICULTIES
    assert set(TYPE_FIELDS) == set(model.QUESTION_TYPES)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in question["allOf"]}
    assert set(branches) == set(model.QUESTION_TYPES)
    # Every common field is a field of the model's Question (under the same name).
    question_fields = {f.name for f in dataclasses.fields(model.Question)}
    assert {f.name for f in COMMON_FIELDS} <= question_fields | {"id", "type"}
    option = schema["definitions"]["option"]["properties"]
    assert set(option) == {f.name for f in dataclasses.fields(model.Option)}
    pair = schema["definitions"]["pair"]["properties"]
    assert set(pair) == {f.name for f in dataclasses.fields(model.Pair)}
    rubric = schema["definitions"]["rubric_point"]["properties"]
    assert set(rubric) == {f.name for f in dataclasses.fields(model.RubricPoint)} - {"location"}
    levels = schema["definitions"]["rubric_levels"]
    assert tuple(levels["properties"]) == model.RUBRIC_LEVELS == tuple(levels["required"])
    blank = schema["definitions"]["blank"]["properties"]
    # accents_optional follows from spelling, and rivals are the loader's; concept expands.
    derived = {"accents_optional", "rivals"}
    assert (
        set(blank) - {"concept"} == {f.name for f in dataclasses.fields(model.TextAnswer)} - derived
    )


@pytest.mark.parametrize("path", FIXTURE_BANKS + REAL_BANKS, ids=lambda p: p.parent.name)
def test_banks_validate_against_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
    assert not errors, errors


@pytest.mark.parametrize(
    "change",
    [
        {"type": "short_answer"},
        {"promt": "typo"},
        {"points": 0},
        {"options": []},
        {"answer": True},  # not a key of single questions
    ],
)
def test_schema_rejects_what_the_loader_rejects(change: dict[str, object]) -> None:
    question = {
        "id": "origins/q",
        "type": "single",
        "prompt": "Which?",
        "options": [{"text": "a", "correct": True}, {"text": "b"}, {"text": "c"}],
    }
    assert validator().is_valid({"module": "origins", "questions": [question]})
    assert not validator().is_valid({"module": "origins", "questions": [question | change]})
