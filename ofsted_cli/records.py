"""Saved records as input: ``ofsted extract … -f jsonl > all.jsonl``, then ``ofsted history
all.jsonl`` (or ``grades``, ``diff``, ``export``), and the ``--cache`` folder, so a year of
reports is parsed once. A line that is not an ofsted-cli record gives a 'bad-record' error
record, and the rest goes on."""
from __future__ import annotations

import json
import os
import re
from typing import Any, Iterator

from .batch import Cache, is_cache_dir
from .core import source_of
from .model import error_record

RECORD_SUFFIXES = (".jsonl", ".json", ".ndjson")
MAX_LINE = 64 * 1024 * 1024  # one record is far smaller


def is_records(path: str) -> bool:
    """A saved-records input: a .jsonl/.json file or a cache folder."""
    return path.lower().endswith(RECORD_SUFFIXES) and os.path.isfile(path) or os.path.isdir(path) and is_cache_dir(path)


def read_records(path: str) -> Iterator[dict[str, Any]]:
    if os.path.isdir(path):
        yield from Cache(path).records()
        return
    try:
        fh = open(path, encoding="utf-8")
    except OSError as exc:
        yield error_record(source_of(path), "unreadable", exc.strerror or str(exc))
        return
    with fh:
        try:
            head = fh.read(1)
            while head and head.isspace():
                head = fh.read(1)
            if head == "[":  # a JSON array (ofsted … -f json)
                fh.seek(0)
                try:
                    items = json.load(fh)
                except ValueError as exc:
                    yield error_record(source_of(path), "bad-record", f"not JSON ({exc})")
                    return
                except RecursionError:
                    yield error_record(source_of(path), "bad-record", "JSON nested deeper than any record")
                    return
                for n, rec in enumerate(items if isinstance(items, list) else [items], 1):
                    yield _checked(rec, path, f"record {n}")
                return
            fh.seek(0)
            for n, line in enumerate(iter(lambda: fh.readline(MAX_LINE), ""), 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except ValueError as exc:
                    yield error_record(source_of(path), "bad-record", f"line {n} is not JSON ({exc})")
                    continue
                except RecursionError:
                    yield error_record(source_of(path), "bad-record", f"line {n}: JSON nested deeper than any record")
                    continue
                yield _checked(rec, path, f"line {n}")
        except UnicodeDecodeError:
            yield error_record(source_of(path), "bad-encoding", "saved records must be UTF-8")


_OLD_LA_KEY = re.compile(r"^la:(?!E\d{8}$)")


def upgrade(rec: dict[str, Any]) -> dict[str, Any]:
    """A record saved by an earlier version, which keyed a local authority by its name
    ('la:sandwell'), keyed again through the register of authorities (with its fields)."""
    rep = rec.get("report")
    if isinstance(rep, dict) and isinstance(rep.get("provider_key"), str) and _OLD_LA_KEY.match(rep["provider_key"]):
        from .authorities import lookup
        a = lookup(rep.get("provider"), rep.get("inspection_start") or rep.get("published"))
        rep["provider_key"] = a.key if a else None
        rep.update(authority=a and a.name, ons_code=a and a.ons_code, la_code=a and a.la_number,
                   region=a and a.region)
    return rec


def _checked(rec: Any, path: str, where: str) -> dict[str, Any]:
    """The record, or a 'bad-record' error record saying where and what is wrong (a record
    that passes the check cannot crash a command: :mod:`ofsted_cli.validate`)."""
    from .validate import problem
    try:
        why = problem(rec)
    except RecursionError:
        why = "nested deeper than any record"
    except Exception as exc:  # (a value of a shape the check did not foresee: still not a record)
        why = f"a value of no record's shape ({type(exc).__name__})"
    if why is None:
        return upgrade(rec)
    return error_record(source_of(path), "bad-record", f"{where} is not an ofsted-cli record of this schema: {why}")
