"""What changed between two inspections: judgements, recommendations, metadata.

Judgements are matched by key, and across frameworks through :data:`KEY_MAP` (old key ->
new keys, from the families' ``succeeds``), used only when the newer report lacks the older
key; a new key that several old keys map to is one change. Recommendations are matched by
wording: the similarity of their word sequences (difflib ratio on lower-cased words, 0–1); a
pair at or above :data:`SIMILARITY` is the same point carried over. An older point the newer
report does not repeat is 'not repeated' — the report does not say it was resolved.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

from .providers import provider_key

SIMILARITY = 0.6
# Order of grades without a numeric score, best first, to say improved or declined.
ORDER = {g: i for i, g in enumerate(["positive_experiences", "inconsistent_experiences", "systemic_failings"])}
ORDER.update({g: i for i, g in enumerate(["exceptional", "strong_standard", "expected_standard",
                                           "needs_attention", "urgent_improvement"])})
ORDER.update({"met": 0, "not_met": 1})
COMPARED_META = ("type", "provider", "inspection_start", "inspection_end", "published", "lead_inspector")


def key_map() -> dict[str, list[str]]:
    """Older key -> the newer keys that take it over, from every family's ``succeeds``."""
    from .families import INFO
    out: dict[str, list[str]] = {}
    for info in INFO.values():
        for old, new in info.succeeds.items():
            out.setdefault(old, [])
            out[old].extend(k for k in new if k not in out[old])
    return out


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower())


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def _compare(old: dict, new: dict) -> str:
    if old["grade"] == new["grade"]:
        return "unchanged"
    os_, ns = (old.get("score"), new.get("score")) if old.get("score") is not None and new.get("score") is not None \
        else (ORDER.get(old["grade"]), ORDER.get(new["grade"]))
    if os_ is None or ns is None:
        return "changed"  # grades on scales that cannot be ordered against each other
    # same level, other wording (adequate -> requires improvement): no change of level
    return "improved" if ns < os_ else "declined" if ns > os_ else "unchanged"


def diff_records(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    oj = {j["key"]: j for j in old.get("judgements") or []}
    nj = {j["key"]: j for j in new.get("judgements") or []}
    kmap = key_map()
    # which old keys each new key takes
    sources: dict[str, list[str]] = {}
    for key in oj:
        targets = [key] if key in nj else [k for k in kmap.get(key, []) if k in nj]
        for t in targets:
            sources.setdefault(t, []).append(key)
    changes = []
    for key in nj:
        olds = sources.get(key)
        if not olds:
            changes.append(_change(key, [], nj[key]))
        else:
            changes.append(_change(key, olds, nj[key], oj))
    taken = {k for ks in sources.values() for k in ks}
    for key, o in oj.items():
        if key not in taken:
            changes.append({"key": key, "old": o["grade"], "new": None, "old_score": o.get("score"),
                            "new_score": None, "change": "removed"})
    orecs = [r["text"] for r in old.get("recommendations") or []]
    nrecs = [r["text"] for r in new.get("recommendations") or []]
    pairs = sorted(((similarity(a, b), i, j) for i, a in enumerate(orecs) for j, b in enumerate(nrecs)),
                   reverse=True)
    matched_o, matched_n, carried = set(), set(), []
    for s, i, j in pairs:
        if s < SIMILARITY:
            break
        if i in matched_o or j in matched_n:
            continue
        matched_o.add(i)
        matched_n.add(j)
        carried.append({"old": orecs[i], "new": nrecs[j], "similarity": round(s, 3),
                        "change": "unchanged" if s == 1.0 else "carried_over", "_j": j})
    carried.sort(key=lambda c: c.pop("_j"))
    recs = {"carried_over": carried,
            "new": [t for j, t in enumerate(nrecs) if j not in matched_n],
            "not_repeated": [t for i, t in enumerate(orecs) if i not in matched_o]}
    orep, nrep = old.get("report") or {}, new.get("report") or {}
    meta = [{"field": f, "old": orep.get(f), "new": nrep.get(f)} for f in COMPARED_META if orep.get(f) != nrep.get(f)]
    warnings = []
    ok = orep.get("provider_key") or provider_key(orep.get("provider"), orep.get("urn"))
    nk = nrep.get("provider_key") or provider_key(nrep.get("provider"), nrep.get("urn"))
    if ok != nk:
        warnings.append({"code": "different-providers",
                         "message": f"the reports are about different providers: {orep.get('provider') or '(not printed)'} "
                                    f"and {nrep.get('provider') or '(not printed)'}"})
    od, nd = orep.get("inspection_start"), nrep.get("inspection_start")
    if od and nd and nd < od:
        warnings.append({"code": "new-is-older", "message": f"the new report's inspection ({nd}) is older than the "
                                                            f"old one's ({od}): are they the right way round?"})
    differs = any(c["change"] != "unchanged" for c in changes) or recs["new"] or recs["not_repeated"] \
        or any(c["change"] != "unchanged" for c in carried)
    return {"old": old["source"]["path"], "new": new["source"]["path"], "judgements": changes,
            "recommendations": recs, "metadata": meta, "warnings": warnings,
            "summary": _summary(changes, recs), "differs": bool(differs)}


def _change(key: str, old_keys: list[str], n: dict, oj: dict | None = None) -> dict[str, Any]:
    if not old_keys:
        return {"key": key, "old": None, "new": n["grade"], "old_score": None, "new_score": n.get("score"),
                "change": "new"}
    olds = [oj[k] for k in old_keys]
    verdicts = {_compare(o, n) for o in olds}
    change = verdicts.pop() if len(verdicts) == 1 else "mixed"
    d = {"key": key, "old": olds[0]["grade"] if len(olds) == 1 else " / ".join(o["grade"] for o in olds),
         "new": n["grade"], "old_score": olds[0].get("score") if len(olds) == 1 else None,
         "new_score": n.get("score"), "change": change}
    if old_keys != [key]:
        d["old_key"] = old_keys[0] if len(old_keys) == 1 else ", ".join(old_keys)
    return d


def _summary(changes: list[dict], recs: dict) -> dict[str, int]:
    s: dict[str, int] = {}
    for c in changes:
        s[c["change"]] = s.get(c["change"], 0) + 1
    s["recommendations_new"] = len(recs["new"])
    s["recommendations_not_repeated"] = len(recs["not_repeated"])
    s["recommendations_carried_over"] = len(recs["carried_over"])
    return s


def command(run, old: str, new: str) -> int:
    """`ofsted diff`: both reports read (each in a worker), the differences written; 0 the
    same, 1 different, 2 a report could not be read."""
    import json
    from . import render, views
    from .errors import Exit
    from .runner import Output, Run, usage
    out = Output(run)
    run.quiet, run.jobs = True, 2
    r = Run(run)
    recs = []
    for p in (old, new):
        got = list(r.records([p]))
        if len(got) != 1:
            usage(f"{p} holds {len(got)} records; give a report or a file with one record")
        recs.append(got[0])
    if any("error" in x for x in recs):
        return Exit.USAGE
    d = diff_records(*recs)
    if out.fmt in ("csv", "tsv"):
        out.emit(d["judgements"], columns=["key", "old_key", "old", "new", "old_score", "new_score", "change"])
    elif out.fmt == "json":  # one object, not an array of one
        with out.stream() as stream:
            stream.write(json.dumps(d, ensure_ascii=render.ascii_only(stream), indent=2) + "\n")
    else:
        out.emit([d], table=lambda ds: views.diff(next(iter(ds))))
    return Exit.DIFFERENT if d["differs"] else Exit.OK
