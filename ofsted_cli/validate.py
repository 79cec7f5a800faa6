"""Is a saved record (a JSON Lines line, a cache entry) a record every command can use? The
check the JSON Schema (:mod:`ofsted_cli.schema`) makes, written out over every field's type
and bounds, so that a record that passes cannot crash a command: :func:`problem` says what is
wrong, in a few words, or None."""
from __future__ import annotations

import re
from typing import Any

from . import SCHEMA_VERSION
from .errors import ERROR_CODES
from .model import REC_FIELDS, REPORT_FIELDS

MAX_INT = 10 ** 9        # a page number or count beyond this is no page number
MAX_ITEMS = 100_000      # judgements, recommendations or warnings in one record
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATES = ("inspection_start", "inspection_end", "published")


def _one_of(v: Any, names) -> bool:
    return type(v) is str and v in names


def _int(v: Any, lo: int = 0) -> bool:
    return type(v) is int and lo <= v <= MAX_INT


def _text(v: Any, null: bool = True) -> bool:
    return isinstance(v, str) or (null and v is None)


def problem(rec: Any) -> str | None:
    """What makes ``rec`` no usable ofsted-cli record of this schema, or None."""
    if not isinstance(rec, dict):
        return "not a JSON object"
    if type(rec.get("schema_version")) is not int or rec["schema_version"] != SCHEMA_VERSION:
        return f"schema_version is not {SCHEMA_VERSION}"
    src = rec.get("source")
    if not isinstance(src, dict) or not isinstance(src.get("path"), str):
        return "source.path is not text"
    if not _text(src.get("sha256")) or src.get("format") not in ("pdf", "text", None):
        return "source.sha256 or source.format is not of its type"
    for k in ("pages", "pages_read"):
        if src.get(k) is not None and not _int(src[k]):
            return f"source.{k} is not a page count"
    if not _text(src.get("backend")) or not _text(src.get("backend_version")):
        return "source.backend is not text"
    if "error" in rec:
        e = rec["error"]
        if not isinstance(e, dict) or not _one_of(e.get("code"), ERROR_CODES) or not isinstance(e.get("message"), str):
            return "error is not a code of this version with a message"
        return "an error record with a report" if "report" in rec else None
    return _report(rec)


_REC_TEXT = tuple(k for k in REC_FIELDS[1:] if k not in ("page", "points"))
_J_TEXT = ("label", "area", "source")


def _report(rec: dict) -> str | None:
    from .families import INFO
    from .grades import GRADES
    rep = rec.get("report")
    if not isinstance(rep, dict):
        return "report is not an object"
    if not _one_of(rep.get("type"), INFO):
        return f"report.type {str(rep.get('type'))[:40]!r} is no family of this version"
    for k in REPORT_FIELDS:
        v = rep.get(k)
        if v is not None and type(v) is not str:
            return f"report.{k} is not text"
    for k in _DATES:
        v = rep.get(k)
        if v is not None and not _DATE.match(v):
            return f"report.{k} is not a date"
    for k, v in rep.items():
        if not _scalar(v) and not (type(v) is list and len(v) <= MAX_ITEMS and all(_scalar(x) for x in v)):
            return f"report.{k} is not a value of a record"
    for k in ("judgements", "recommendations", "warnings"):
        if type(rec.get(k)) is not list or len(rec[k]) > MAX_ITEMS:
            return f"{k} is not a list"
    for j in rec["judgements"]:
        if type(j) is not dict or type(j.get("key")) is not str or not _one_of(j.get("grade"), GRADES):
            return "a judgement without a key and a grade of this version"
        if not _texts(j, _J_TEXT):
            return "a judgement's label, area or source is not text"
        sc, pg = j.get("score"), j.get("page")
        if sc is not None and not (type(sc) is int and 1 <= sc <= 4) or pg is not None and not _int(pg):
            return "a judgement's score or page is not a number of its kind"
    for r in rec["recommendations"]:
        if type(r) is not dict or type(r.get("text")) is not str or not r["text"]:
            return "a recommendation without text"
        if not _texts(r, _REC_TEXT):
            return "a recommendation's field is not text"
        pg, pts = r.get("page"), r.get("points")
        if pg is not None and not _int(pg):
            return "a recommendation's page is not a page number"
        if pts is not None and not (type(pts) is list and len(pts) <= MAX_ITEMS and all(type(p) is str for p in pts)):
            return "a recommendation's points are not a list of text"
    for w in rec["warnings"]:
        if type(w) is not dict or type(w.get("code")) is not str or type(w.get("message")) is not str:
            return "a warning without a code and a message"
    return None


def _texts(d: dict, keys) -> bool:
    """Each of these fields of ``d`` is text or absent."""
    return all(d.get(k) is None or type(d.get(k)) is str for k in keys)


def _scalar(v: Any) -> bool:
    t = type(v)
    return v is None or t is str or t is bool or t is int and -MAX_INT <= v <= MAX_INT or \
        t is float and v == v and abs(v) != float("inf")
