"""Writers for machine formats (standard library only, never through rich) and the rich table
view. Every writer streams: a record is written as soon as it arrives."""
from __future__ import annotations

import csv
import json
from typing import Any, Callable, Iterable, Iterator, TextIO

import yaml

FORMATS = ("table", "json", "jsonl", "yaml", "csv")
Record = dict[str, Any]


def default_format(stream: TextIO) -> str:
    try:
        return "table" if stream.isatty() else "json"
    except (AttributeError, ValueError):
        return "json"


# --- rows for csv and tables ------------------------------------------------------------
REPORT_COLUMNS = ["path", "type", "provider", "inspection_start", "inspection_end", "published",
                  "lead_inspector", "judgements", "recommendations", "warnings", "error"]


def report_row(rec: Record) -> dict[str, Any]:
    rep = rec.get("report") or {}
    err = rec.get("error")
    return {"path": rec["source"]["path"], "type": rep.get("type"), "provider": rep.get("provider"),
            "inspection_start": rep.get("inspection_start"), "inspection_end": rep.get("inspection_end"),
            "published": rep.get("published"), "lead_inspector": rep.get("lead_inspector"),
            "judgements": len(rec.get("judgements") or []) if not err else None,
            "recommendations": len(rec.get("recommendations") or []) if not err else None,
            "warnings": len(rec.get("warnings") or []) if not err else None,
            "error": f"{err['code']}: {err['message']}" if err else None}


JUDGEMENT_COLUMNS = ["path", "type", "provider", "key", "area", "grade", "label", "score", "page"]


def judgement_rows(rec: Record) -> list[dict[str, Any]]:
    rep = rec.get("report") or {}
    return [{"path": rec["source"]["path"], "type": rep.get("type"), "provider": rep.get("provider"),
             **{k: j.get(k) for k in JUDGEMENT_COLUMNS[3:]}} for j in rec.get("judgements") or []]


RECOMMENDATION_COLUMNS = ["path", "type", "provider", "n", "section", "timescale", "page", "text"]


def recommendation_rows(rec: Record) -> list[dict[str, Any]]:
    rep = rec.get("report") or {}
    return [{"path": rec["source"]["path"], "type": rep.get("type"), "provider": rep.get("provider"),
             "n": i, "section": r.get("section"), "timescale": r.get("timescale"),
             "page": r.get("page"), "text": r.get("text")}
            for i, r in enumerate(rec.get("recommendations") or [], 1)]


def wide_row(rec: Record) -> dict[str, Any]:
    row = report_row(rec)
    for j in rec.get("judgements") or []:
        row[j["key"]] = j["grade"]
    return row


def safe_cell(v: Any) -> Any:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ (or a tab or
    carriage return) is prefixed with a quote so that it opens as text."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


# --- machine writers ---------------------------------------------------------------------
def _flush(out: TextIO) -> None:
    try:
        out.flush()
    except (AttributeError, ValueError):
        pass


def write_json(items: Iterable[Any], out: TextIO) -> None:
    """A valid JSON array, one object per line, written as each arrives ('[]' when empty)."""
    first = True
    try:
        for obj in items:
            out.write(("[\n" if first else ",\n") + json.dumps(obj, ensure_ascii=False))
            _flush(out)
            first = False
    finally:  # on Ctrl-C too: what was written stays a valid array
        out.write("[]\n" if first else "\n]\n")
        _flush(out)


def write_jsonl(items: Iterable[Any], out: TextIO) -> None:
    for obj in items:
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        _flush(out)


def write_yaml(items: Iterable[Any], out: TextIO) -> None:
    for obj in items:
        out.write("---\n")
        out.write(yaml.safe_dump(obj, sort_keys=False, allow_unicode=True, width=100))
        _flush(out)


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: list[str] | None = None,
              dynamic: bool = False) -> None:
    """One header, then rows; with ``dynamic`` the columns are the union of all rows (read
    in full first, as a wide table needs)."""
    if dynamic:
        rows = list(rows)
        cols = list(columns or [])
        for r in rows:
            cols.extend(k for k in r if k not in cols)
        columns = cols
    w = csv.DictWriter(out, fieldnames=columns or [], extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: safe_cell(v) for k, v in r.items()})
        _flush(out)


# the writers that take any stream of objects, by --format
OBJECT_WRITERS = {"json": write_json, "jsonl": write_jsonl, "yaml": write_yaml}


def flat(records: Iterable[Record], fn: Callable[[Record], list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    for rec in records:
        yield from fn(rec)
