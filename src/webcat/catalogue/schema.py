"""A JSON Schema (draft 2020-12) of the catalogue format, derived from the field table.

Editors that validate TOML against a JSON Schema (Taplo, Even Better TOML) use it to help
people while they type; see docs/catalogue-format.md.
"""

from __future__ import annotations

from typing import Any

from webcat import PROJECT_URL
from webcat.catalogue.fields import KINDS, SCHEMA_VERSION, TOP_LEVEL, Field, FieldType
from webcat.catalogue.rules import ID_RE, LANG_RE

_LANG = {"type": "string", "pattern": LANG_RE.pattern}
_TEXT = {
    "oneOf": [
        {"type": "string"},
        {
            "type": "object",
            "propertyNames": _LANG,
            "additionalProperties": {"type": "string"},
            "minProperties": 1,
        },
    ]
}


def _field_schema(f: Field) -> dict[str, Any]:
    t = f.type
    s: dict[str, Any]
    if t is FieldType.TEXT:
        s = dict(_TEXT)
    elif t in (FieldType.STRING,):
        s = {"type": "string"}
    elif t is FieldType.REF:
        s = {"type": "string", "pattern": ID_RE.pattern}
    elif t in (FieldType.REFS, FieldType.TAGS):
        s = {"type": "array", "items": {"type": "string"}, "uniqueItems": True}
    elif t is FieldType.URL:
        s = {"type": "string", "format": "uri", "pattern": "^(https?://|mailto:)"}
    elif t is FieldType.DATE:
        s = {"type": "string", "format": "date"}
    elif t is FieldType.WHEN:
        s = {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
            ]
        }
    elif t is FieldType.DURATION:
        # Checked by isodate in webcat validate (catalogue/durations.py); no pattern here
        # to disagree with it.
        s = {"type": "string", "format": "duration"}
    elif t is FieldType.INTEGER:
        s = {"type": "integer"}
    elif t is FieldType.LANGUAGE:
        s = dict(_LANG)
    elif t is FieldType.IMAGE:
        s = {"type": "string", "minLength": 1}
    else:
        s = {"type": "string", "enum": list(f.choices)}
    s["description"] = f.help
    return s


def json_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    props: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION, "description": TOP_LEVEL["schema_version"]},
        "language": {**_LANG, "description": TOP_LEVEL["language"]},
        "title": {**_TEXT, "description": TOP_LEVEL["title"]},
        "check": {"type": "object", "description": TOP_LEVEL["check"]},
    }
    for table, kind in KINDS.items():
        defs[kind.singular] = {
            "type": "object",
            "properties": {f.name: _field_schema(f) for f in kind.fields},
            "required": [f.name for f in kind.fields if f.required],
            "additionalProperties": False,
        }
        if kind.needing:
            defs[kind.singular]["dependentRequired"] = {f.name: list(f.needs) for f in kind.needing}
        props[table] = {
            "type": "object",
            "description": f"{kind.singular.capitalize()} entries keyed by id",
            "propertyNames": {"pattern": ID_RE.pattern},
            "additionalProperties": {"$ref": f"#/$defs/{kind.singular}"},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{PROJECT_URL}/schema/catalogue-v{SCHEMA_VERSION}.json",
        "title": "webcat catalogue",
        "type": "object",
        "required": ["schema_version"],
        "properties": props,
        "additionalProperties": False,
        "$defs": defs,
    }
