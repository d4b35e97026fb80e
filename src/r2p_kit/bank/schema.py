"""The JSON Schema of ``questions.yaml``, generated from the field table the loader uses.

Editors (through the ``yaml-language-server`` comment at the top of each bank) use the
committed copy, ``questions.schema.json``, for completion and inline errors; a test keeps
that copy equal to :func:`bank_schema`. The schema checks shape only; the loader also
checks meaning (one correct option, markers and blanks, ranges, source labels).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from r2p_kit.bank.fields import (
    BLANK,
    COMMON_FIELDS,
    CUE_OK,
    FILE_FIELDS,
    ID_PATTERN,
    OPTION,
    PAIR,
    RUBRIC_LEVELS_SPEC,
    RUBRIC_POINT,
    TYPE_FIELDS,
    WRONG_ANSWER,
    Field,
    ObjectSpec,
)

SCHEMA_ID = "https://r2p-kit.example/schemas/questions.schema.json"
SCHEMA_PATH = Path(__file__).with_name("questions.schema.json")
OBJECT_SPECS = (OPTION, WRONG_ANSWER, PAIR, BLANK, RUBRIC_POINT, RUBRIC_LEVELS_SPEC, CUE_OK)


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07, which editors support best) for one module's bank."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "r2p-kit question bank (docs/modules/NN-slug/questions.yaml)",
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in FILE_FIELDS if f.required],
        "properties": {
            "module": _field_schema(FILE_FIELDS[0]),
            "objectives": _field_schema(FILE_FIELDS[1]),
            "questions": {
                "description": FILE_FIELDS[2].description,
                "type": "array",
                "minItems": FILE_FIELDS[2].min_items,
                "items": {"$ref": "#/definitions/question"},
            },
        },
        "definitions": {
            "question": _question_schema(),
            **{spec.name: _object_schema(spec) for spec in OBJECT_SPECS},
        },
    }


def schema_text() -> str:
    """The schema exactly as committed and as ``r2p-kit schema`` prints it."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"


def _question_schema() -> dict[str, Any]:
    """Common fields for completion, then one if/then branch per type that closes the object."""
    branches = []
    for qtype, fields in TYPE_FIELDS.items():
        every = COMMON_FIELDS + fields
        branches.append(
            {
                "if": {"properties": {"type": {"const": qtype}}, "required": ["type"]},
                "then": {
                    "required": [f.name for f in every if f.required],
                    "properties": {f.name: _field_schema(f) for f in every},
                    "additionalProperties": False,
                },
            }
        )
    return {
        "description": "One question; which other fields apply depends on 'type'.",
        "type": "object",
        "required": [f.name for f in COMMON_FIELDS if f.required],
        "properties": {f.name: _field_schema(f) for f in COMMON_FIELDS},
        "allOf": branches,
    }


def _object_schema(spec: ObjectSpec) -> dict[str, Any]:
    return {
        "description": spec.description,
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in spec.fields if f.required],
        "properties": {f.name: _field_schema(f) for f in spec.fields},
    }


def _field_schema(spec: Field) -> dict[str, Any]:
    schema: dict[str, Any] = {"description": spec.description}
    kind = spec.kind
    if kind == "text":
        schema["type"] = "string"
        if spec.required:
            schema["minLength"] = 1
    elif kind == "id":
        schema.update(type="string", pattern=ID_PATTERN)
    elif kind == "enum":
        schema["enum"] = list(spec.choices)
    elif kind == "bool":
        schema["type"] = "boolean"
    elif kind in ("int", "number"):
        schema["type"] = "integer" if kind == "int" else "number"
        if spec.minimum is not None:
            key = "exclusiveMinimum" if spec.exclusive_minimum else "minimum"
            schema[key] = spec.minimum if kind == "number" else int(spec.minimum)
    elif kind == "range":
        schema.update(type="array", items={"type": "number"}, minItems=2, maxItems=2)
    elif kind == "texts" and spec.choices:
        schema.update(type="array", items={"enum": list(spec.choices)})
    elif kind == "texts":
        schema.update(type="array", items={"type": "string", "minLength": 1})
    elif kind == "objects":
        schema["type"] = "array"
        if spec.item is not None:
            schema["items"] = {"$ref": f"#/definitions/{spec.item.name}"}
    elif kind == "object" and spec.item is not None:
        schema["$ref"] = f"#/definitions/{spec.item.name}"
    if kind in ("texts", "objects"):
        if spec.min_items:
            schema["minItems"] = spec.min_items
        if spec.max_items is not None:
            schema["maxItems"] = spec.max_items
    return schema
