"""The JSON Schema (draft 2020-12) of one output record, built from the model's own field
lists and vocabularies so that it cannot drift from what the code writes."""
from __future__ import annotations

from typing import Any

from . import SCHEMA_VERSION, __version__
from .errors import ERROR_CODES, WARNING_CODES
from .grades import GRADES
from .families.base import AUTHORITY_FIELDS
from .model import REC_FIELDS, REPORT_FIELDS

_STR_OR_NULL = {"type": ["string", "null"]}
_DATE_OR_NULL = {"anyOf": [{"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}, {"type": "null"}]}
_INT_OR_NULL = {"type": ["integer", "null"]}


def record_schema() -> dict[str, Any]:
    from .families import INFO

    types = sorted(INFO)
    report_props: dict[str, Any] = {k: _STR_OR_NULL for k in REPORT_FIELDS}
    report_props["type"] = {"enum": types}
    for k in ("inspection_start", "inspection_end", "published"):
        report_props[k] = _DATE_OR_NULL
    # a local authority's record: the register's name, ONS code, DfE number and Ofsted region
    report_props.update({k: _STR_OR_NULL for k in AUTHORITY_FIELDS})
    report_props["ons_code"] = {"anyOf": [{"type": "string", "pattern": r"^E\d{8}$"}, {"type": "null"}]}
    report_props["la_code"] = {"anyOf": [{"type": "string", "pattern": r"^\d{3}$"}, {"type": "null"}]}
    report_props["provider_key"] = {"anyOf": [{"type": "string", "pattern": r"^(?:la:E\d{8}|urn:\S+|name:.+)$"},
                                              {"type": "null"}]}
    source = {
        "type": "object",
        "required": ["path", "sha256", "format", "pages"],
        "properties": {
            "path": {"type": "string"},
            "sha256": {"anyOf": [{"type": "string", "pattern": "^[0-9a-f]{64}$"}, {"type": "null"}]},
            "format": {"enum": ["pdf", "text", None]},
            "pages": _INT_OR_NULL,
            "backend": {"enum": ["pypdfium2", "pdfminer"]},
            "backend_version": _STR_OR_NULL,
        },
    }
    judgement = {
        "type": "object",
        "required": ["key", "area", "grade", "label", "score", "page"],
        "properties": {
            "key": {"type": "string", "pattern": r"^[a-z0-9_.]+$"},
            "area": _STR_OR_NULL,
            "grade": {"enum": sorted(GRADES)},
            "label": {"type": "string", "pattern": r"^[^\n\r\t\x00-\x1f]*$"},
            "score": {"enum": [1, 2, 3, 4, None]},
            "page": _INT_OR_NULL,
            "source": {"enum": ["table", "heading", "sentence"]},
        },
    }
    sections = sorted({s for f in INFO.values() for s in f.sections})
    recommendation = {
        "type": "object",
        "required": [k for k in REC_FIELDS if k != "points"],  # (records of 0.1 have no points)
        "properties": {"text": {"type": "string", "minLength": 1, "pattern": r"^[^\n\r\t\x00-\x1f]*$"},
                       "section": {"enum": sections + [None]}, "heading": _STR_OR_NULL,
                       "timescale": _STR_OR_NULL, "group": _STR_OR_NULL, "responsible_body": _STR_OR_NULL,
                       "due": _DATE_OR_NULL, "page": _INT_OR_NULL,
                       "points": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]}},
    }
    warning = {"type": "object", "required": ["code", "message"],
               "properties": {"code": {"enum": sorted(WARNING_CODES)}, "message": {"type": "string"}}}
    ok = {
        "required": ["schema_version", "source", "report", "judgements", "recommendations", "warnings"],
        "properties": {
            "report": {"type": "object", "required": list(REPORT_FIELDS), "properties": report_props},
            "judgements": {"type": "array", "items": judgement},
            "recommendations": {"type": "array", "items": recommendation},
            "warnings": {"type": "array", "items": warning},
        },
    }
    failed = {
        "required": ["schema_version", "source", "error"],
        "properties": {"error": {"type": "object", "required": ["code", "message"],
                                 "properties": {"code": {"enum": sorted(ERROR_CODES)},
                                                "message": {"type": "string"}}}},
        "not": {"required": ["report"]},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"ofsted-cli record (schema_version {SCHEMA_VERSION}, ofsted-cli {__version__})",
        "description": "One report read by `ofsted extract`: metadata, judgements, recommendations "
                       "and warnings, or an error record for a file that could not be read.",
        "type": "object",
        "properties": {"schema_version": {"const": SCHEMA_VERSION}, "source": source},
        "oneOf": [ok, failed],
    }
