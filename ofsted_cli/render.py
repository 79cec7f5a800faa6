"""Writers for machine formats (standard library, and PyYAML's safe dumper; never through
rich) and the flat rows that CSV and the tables share. Every writer streams: a record is
written as soon as it arrives. The fields are the same in every format."""
from __future__ import annotations

import csv
import json
import math
import re
import time
from typing import Any, Callable, Iterable, Iterator, TextIO

from .model import REC_FIELDS

FORMATS = ("table", "json", "jsonl", "yaml", "csv", "tsv")
Record = dict[str, Any]


def default_format(stream: TextIO) -> str:
    try:
        return "table" if stream.isatty() else "json"
    except (AttributeError, ValueError):
        return "json"


def ascii_only(stream: TextIO) -> bool:
    """True where the stream's encoding cannot carry every character (LANG=C): JSON is then
    written with \\u escapes, which any reader decodes."""
    enc = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "")
    return enc not in ("utf8", "utf16", "utf32", "utf8sig")


# --- rows for csv and tables ------------------------------------------------------------
# Empty values are null (an empty CSV cell) everywhere: a field the report does not give, no
# warnings, no error.
ID_COLUMNS = ["path", "type", "provider", "provider_key"]
DATE_COLUMNS = ["inspection_start", "inspection_end", "published"]
AUTHORITY_COLUMNS = ["authority", "ons_code", "la_code", "region"]
REPORT_COLUMNS = [*ID_COLUMNS, "urn", *AUTHORITY_COLUMNS, *DATE_COLUMNS, "lead_inspector", "judgement_count",
                  "recommendation_count", "warnings", "error"]


def _rep(rec: Record) -> dict[str, Any]:
    return rec.get("report") or {}


def _ids(rec: Record) -> dict[str, Any]:
    """The columns that say which report a row is from, and when: every row of every command
    carries them (so rows pivot by year or provider without a join)."""
    rep = _rep(rec)
    return {"path": rec["source"]["path"], "type": rep.get("type"), "provider": rep.get("provider"),
            "provider_key": rep.get("provider_key"), **{k: rep.get(k) for k in DATE_COLUMNS}}


def report_row(rec: Record) -> dict[str, Any]:
    rep = _rep(rec)
    err = rec.get("error")
    return {**_ids(rec), "urn": rep.get("urn"), **{k: rep.get(k) for k in AUTHORITY_COLUMNS},
            "lead_inspector": rep.get("lead_inspector"),
            "judgement_count": len(rec.get("judgements") or []) if not err else None,
            "recommendation_count": len(rec.get("recommendations") or []) if not err else None,
            "warnings": ";".join(w["code"] for w in rec.get("warnings") or []) or None,
            "error": f"{err['code']}: {err['message']}" if err else None}


JUDGEMENT_FIELDS = ["key", "area", "grade", "label", "score", "page", "source"]
JUDGEMENT_COLUMNS = [*ID_COLUMNS, *DATE_COLUMNS, *JUDGEMENT_FIELDS]


def judgement_rows(rec: Record) -> list[dict[str, Any]]:
    ids = _ids(rec)
    return [{**ids, **{k: j.get(k) for k in JUDGEMENT_FIELDS}} for j in rec.get("judgements") or []]


RECOMMENDATION_COLUMNS = [*ID_COLUMNS, *DATE_COLUMNS, "n", *REC_FIELDS[1:], "text"]


def recommendation_rows(rec: Record) -> list[dict[str, Any]]:
    ids = _ids(rec)
    return [{**ids, "n": i, **{k: r.get(k) for k in REC_FIELDS[1:]}, "text": r.get("text")}
            for i, r in enumerate(rec.get("recommendations") or [], 1)]


def error_rows(rec: Record) -> list[dict[str, Any]]:
    if "error" in rec:
        return [{**_ids(rec), "error": f"{rec['error']['code']}: {rec['error']['message']}"}]
    return []


GRADES_COLUMNS = [c for c in REPORT_COLUMNS if not c.endswith("_count")]  # a partial read counts no items


def wide_row(rec: Record, counts: bool = True) -> dict[str, Any]:
    """A report's row with a column per judgement key holding its grade id."""
    row = report_row(rec)
    if not counts:
        del row["judgement_count"], row["recommendation_count"]
    for j in rec.get("judgements") or []:
        row[j["key"]] = j["grade"]
    return row


_CELL_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def safe_cell(v: Any) -> Any:
    """A CSV cell: control characters (NUL, ESC …) removed; a text cell starting with
    = + - @ (or a tab or carriage return) prefixed with a quote so that a spreadsheet opens it
    as text."""
    if isinstance(v, list):  # a recommendation's points: one cell
        v = "; ".join(map(str, v))
    if isinstance(v, str):
        v = _CELL_CONTROL.sub("", v)
        if v[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + v
    return v


# --- machine writers ---------------------------------------------------------------------
class _Flusher:
    """Flush what is written as it comes, but at most every 50 ms: a record read in a second
    shows at once, a million rows of a query are not a million system calls."""

    def __init__(self, out: TextIO):
        self.out = out
        self.last = 0.0

    def __call__(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last >= 0.05:
            self.last = now
            try:
                self.out.flush()
            except ValueError:
                pass


def _finite(obj: Any) -> Any:
    """``obj`` with every float that is not a finite number as None."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def dumps(obj: Any, ascii: bool = False) -> str:
    """JSON text that is JSON: a number that is not finite (NaN, infinity) is null, never
    'NaN' or 'Infinity' (which jq and most readers refuse)."""
    try:
        return json.dumps(obj, ensure_ascii=ascii, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(obj), ensure_ascii=ascii, allow_nan=False)


def write_json(items: Iterable[Any], out: TextIO) -> None:
    """A valid JSON array, one object per line, written as each arrives ('[]' when empty)."""
    first = True
    asc = ascii_only(out)
    flush = _Flusher(out)
    try:
        for obj in items:
            out.write(("[\n" if first else ",\n") + dumps(obj, asc))
            flush()
            first = False
    finally:  # on Ctrl-C too: what was written stays a valid array
        try:
            out.write("[]\n" if first else "\n]\n")
            flush(force=True)
        except (BrokenPipeError, OSError):
            pass


def write_jsonl(items: Iterable[Any], out: TextIO) -> None:
    asc = ascii_only(out)
    flush = _Flusher(out)
    for obj in items:
        out.write(dumps(obj, asc) + "\n")
        flush()
    flush(force=True)


def write_yaml(items: Iterable[Any], out: TextIO) -> None:
    import yaml
    unicode_ok = not ascii_only(out)
    flush = _Flusher(out)
    for obj in items:
        out.write("---\n")
        out.write(yaml.safe_dump(_finite(obj), sort_keys=False, allow_unicode=unicode_ok, width=100))
        flush()
    flush(force=True)


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, columns: list[str] | None = None,
              dynamic: bool = False, delimiter: str = ",", excel: bool = False) -> None:
    """One header, then rows; with ``dynamic`` the columns are the union of all rows (read
    in full first, as a wide table needs). ``delimiter`` a tab for TSV; ``excel``: CRLF line
    ends (the byte-order mark is the stream's encoding, utf-8-sig), so that Excel opens
    'Children's' intact."""
    if dynamic:
        rows = list(rows)
        cols = list(columns or [])
        for r in rows:
            cols.extend(k for k in r if k not in cols)
        columns = cols
    if excel and (getattr(out, "encoding", None) or "").lower().replace("-", "") == "utf8":
        out.write("\ufeff")  # standard output: the byte-order mark by hand
    w = csv.DictWriter(out, fieldnames=columns or [], extrasaction="ignore", delimiter=delimiter,
                       lineterminator="\r\n" if excel else "\n")
    w.writeheader()
    flush = _Flusher(out)
    for r in rows:
        w.writerow({k: safe_cell(v) for k, v in r.items()})
        flush()
    flush(force=True)


# the writers that take any stream of objects, by --format
OBJECT_WRITERS = {"json": write_json, "jsonl": write_jsonl, "yaml": write_yaml}


def flat(records: Iterable[Record], fn: Callable[[Record], list[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    for rec in records:
        yield from fn(rec)
