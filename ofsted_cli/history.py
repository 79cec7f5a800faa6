"""`ofsted history`: each provider's inspections in date order, with their grades.

Reports are grouped by the record's ``provider_key`` (:mod:`ofsted_cli.providers`: so
'Kingston upon Hull City Council' and 'Hull' are one authority, ``la:E06000010``) and ordered
by inspection start date."""
from __future__ import annotations

from typing import Any, Callable, Iterable

from .providers import name_key, provider_key

def key_of(rec: dict[str, Any]) -> str | None:
    rep = rec.get("report") or {}
    return rep.get("provider_key") or provider_key(rep.get("provider"), rep.get("urn"))


def wanted(provider: str) -> set[str]:
    """The keys a user's name for a provider may mean: an authority's any printed name, its
    ONS code or DfE number (through the register), a URN, a key as written."""
    from .authorities import lookup
    p = provider.strip()
    want = {p, f"urn:{p.upper()}", f"name:{name_key(p)}"}
    a = lookup(p)
    if a is not None:
        want.add(a.key)
    return want


def about(provider: str) -> Callable[[dict[str, Any]], bool]:
    """Whether a record is about the provider a user named (an error record may be: a file
    that could not be read says nothing of whom it is about)."""
    want = wanted(provider)
    return lambda rec: "error" in rec or key_of(rec) in want


def group(records: Iterable[dict[str, Any]], provider: str | None = None) -> list[dict[str, Any]]:
    """[{provider, key, inspections: [{path, type, inspection_start, inspection_end, published,
    grades: {key: grade}}]}], providers sorted by key, inspections by date. ``provider``
    filters by any form of the name (or a key, or a URN)."""
    groups: dict[str, dict[str, Any]] = {}
    want = wanted(provider) if provider else None
    for rec in records:
        if "error" in rec:
            continue
        rep = rec["report"]
        key = key_of(rec) or "(unknown provider)"
        if want and key not in want:
            continue
        g = groups.setdefault(key, {"provider": rep.get("provider"), "key": key, "inspections": []})
        if rep.get("provider") and (g["provider"] is None or len(rep["provider"]) < len(g["provider"])):
            g["provider"] = rep["provider"]  # the shortest printed form reads best
        g["inspections"].append({
            "path": rec["source"]["path"], "type": rep["type"],
            "inspection_start": rep.get("inspection_start"), "inspection_end": rep.get("inspection_end"),
            "published": rep.get("published"),
            "grades": {j["key"]: j["grade"] for j in sorted(rec.get("judgements") or [],
                                                            key=lambda j: j["key"] != "overall_effectiveness")},
        })
    out = sorted(groups.values(), key=lambda g: g["key"])
    for g in out:
        g["inspections"].sort(key=lambda i: (i["inspection_start"] or i["published"] or "9999", i["path"]))
    return out


COLUMNS = ["provider", "provider_key", "inspection_start", "inspection_end", "type", "path"]  # then the grades


def rows(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per inspection (for CSV): provider, dates, type, then a column per key."""
    out = []
    for g in groups:
        for ins in g["inspections"]:
            row = {"provider": g["provider"], "provider_key": g["key"], "inspection_start": ins["inspection_start"],
                   "inspection_end": ins["inspection_end"], "type": ins["type"], "path": ins["path"]}
            row.update(ins["grades"])
            out.append(row)
    return out
