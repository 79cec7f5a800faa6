"""`ofsted export --db FILE.sqlite`: records into a SQLite database (standard library only).

Tables use the record's own field names: ``reports``, ``judgements``, ``recommendations``,
``warnings`` and ``errors``, with foreign keys, indexes on provider, type, key and inspection
date, and the view ``report_grades`` (one row per report, a column per common judgement).
A re-run skips files whose path and SHA-256 are already stored, replaces the rows of a file
whose bytes changed, and adds new files, so nothing is duplicated.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any, Iterable, Iterator

from . import __version__
from .model import REPORT_FIELDS

COMMON_KEYS = [
    "overall_effectiveness", "impact_of_leaders", "help_and_protection", "children_in_care_and_care_leavers",
    "children_in_care", "care_leavers", "looked_after_and_permanence", "adoption_performance",
    "leadership_management_governance", "lscb", "area_send_outcome", "quality_of_education",
    "behaviour_and_attitudes", "personal_development", "leadership_and_management",
    "safeguarding.overall_effectiveness", "lac.overall_effectiveness",
]

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    format TEXT, pages INTEGER, backend TEXT, backend_version TEXT,
    type TEXT, title TEXT, provider TEXT, urn TEXT,
    inspection_start TEXT, inspection_end TEXT, published TEXT, lead_inspector TEXT,
    extra TEXT,
    extracted_by TEXT
);
CREATE TABLE IF NOT EXISTS judgements (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    key TEXT NOT NULL, area TEXT, grade TEXT NOT NULL, label TEXT, score INTEGER, page INTEGER, source TEXT
);
CREATE TABLE IF NOT EXISTS recommendations (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    n INTEGER NOT NULL, text TEXT NOT NULL, section TEXT, timescale TEXT, page INTEGER, extra TEXT
);
CREATE TABLE IF NOT EXISTS warnings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    code TEXT NOT NULL, message TEXT
);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE, sha256 TEXT, code TEXT NOT NULL, message TEXT, extracted_by TEXT
);
CREATE INDEX IF NOT EXISTS reports_provider ON reports(provider);
CREATE INDEX IF NOT EXISTS reports_type ON reports(type);
CREATE INDEX IF NOT EXISTS reports_inspection_start ON reports(inspection_start);
CREATE INDEX IF NOT EXISTS judgements_key ON judgements(key, grade);
CREATE INDEX IF NOT EXISTS judgements_report ON judgements(report_id);
CREATE INDEX IF NOT EXISTS recommendations_report ON recommendations(report_id);
"""


def _view_sql() -> str:
    cols = ",\n    ".join(
        f"MAX(CASE WHEN j.key = '{k}' THEN j.grade END) AS \"{k}\"" for k in COMMON_KEYS)
    return ("DROP VIEW IF EXISTS report_grades;\n"
            "CREATE VIEW report_grades AS SELECT r.id AS report_id, r.path, r.type, r.provider, "
            "r.inspection_start, r.inspection_end,\n    " + cols +
            "\nFROM reports r LEFT JOIN judgements j ON j.report_id = r.id GROUP BY r.id;")


def connect(db_path: str) -> sqlite3.Connection:
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys = ON")
    con.executescript(SCHEMA)
    con.executescript(_view_sql())
    return con


def sha256_of(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def pending(con: sqlite3.Connection, paths: Iterable[str]) -> tuple[list[str], int]:
    """Paths whose bytes are not stored yet (new or changed), and how many are unchanged."""
    known = {p: s for p, s in con.execute("SELECT path, sha256 FROM reports UNION ALL SELECT path, sha256 FROM errors")}
    todo, same = [], 0
    for p in paths:
        if p != "-" and p in known and known[p] is not None and known[p] == sha256_of(p):
            same += 1
        else:
            todo.append(p)
    return todo, same


def store(con: sqlite3.Connection, records: Iterable[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], str]]:
    """Write records (one transaction each); yields (record, 'added'|'updated'|'error')."""
    by = f"ofsted-cli {__version__}"
    for rec in records:
        src = rec["source"]
        path = src["path"]
        with con:
            existed = con.execute("SELECT 1 FROM reports WHERE path = ? UNION SELECT 1 FROM errors WHERE path = ?",
                                  (path, path)).fetchone() is not None
            con.execute("DELETE FROM reports WHERE path = ?", (path,))
            con.execute("DELETE FROM errors WHERE path = ?", (path,))
            if "error" in rec:
                con.execute("INSERT INTO errors (path, sha256, code, message, extracted_by) VALUES (?,?,?,?,?)",
                            (path, src.get("sha256"), rec["error"]["code"], rec["error"]["message"], by))
                yield rec, "error"
                continue
            rep = rec["report"]
            extra = {k: v for k, v in rep.items() if k not in REPORT_FIELDS}
            cur = con.execute(
                "INSERT INTO reports (path, sha256, format, pages, backend, backend_version, type, title, provider, urn,"
                " inspection_start, inspection_end, published, lead_inspector, extra, extracted_by)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (path, src["sha256"], src.get("format"), src.get("pages"), src.get("backend"),
                 src.get("backend_version"), rep["type"], rep["title"], rep["provider"], rep["urn"],
                 rep["inspection_start"], rep["inspection_end"], rep["published"], rep["lead_inspector"],
                 json.dumps(extra, ensure_ascii=False) if extra else None, by))
            rid = cur.lastrowid
            con.executemany(
                "INSERT INTO judgements (report_id, key, area, grade, label, score, page, source) VALUES (?,?,?,?,?,?,?,?)",
                [(rid, j["key"], j.get("area"), j["grade"], j.get("label"), j.get("score"), j.get("page"),
                  j.get("source")) for j in rec["judgements"]])
            con.executemany(
                "INSERT INTO recommendations (report_id, n, text, section, timescale, page, extra) VALUES (?,?,?,?,?,?,?)",
                [(rid, n, r["text"], r.get("section"), r.get("timescale"), r.get("page"), _extra_json(r))
                 for n, r in enumerate(rec["recommendations"], 1)])
            con.executemany("INSERT INTO warnings (report_id, code, message) VALUES (?,?,?)",
                            [(rid, w["code"], w["message"]) for w in rec["warnings"]])
        yield rec, "updated" if existed else "added"


def _extra_json(item: dict[str, Any]) -> str | None:
    extra = {k: v for k, v in item.items() if k not in ("text", "section", "timescale", "page")}
    return json.dumps(extra, ensure_ascii=False) if extra else None
