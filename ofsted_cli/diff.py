"""What changed between two inspections: judgements, recommendations, metadata.

Judgements are matched by key, and across frameworks through :data:`KEY_MAP` (old key ->
new keys). Recommendations are matched by wording: the similarity of their word sequences
(difflib ratio on lower-cased words, 0–1); a pair at or above :data:`SIMILARITY` is the same
point carried over.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any

SIMILARITY = 0.6

# Keys that changed name between frameworks: older framework's key -> newer keys (used
# only when the newer report lacks the older key). SIF (2013-18) -> ILACS 2018 -> ILACS 2023.
KEY_MAP = {
    "looked_after_and_permanence": ["children_in_care_and_care_leavers", "children_in_care"],
    "care_leavers": ["children_in_care_and_care_leavers"],
    "children_in_care_and_care_leavers": ["children_in_care", "care_leavers"],
    "leadership_management_governance": ["impact_of_leaders"],
    "lac.overall_effectiveness": ["overall_effectiveness"],
    "safeguarding.overall_effectiveness": ["overall_effectiveness"],
}
# Order of grades without a numeric score, best first, to say improved or declined.
ORDER = {g: i for i, g in enumerate(["positive_experiences", "inconsistent_experiences", "systemic_failings"])}
ORDER.update({g: i for i, g in enumerate(["exceptional", "strong_standard", "expected_standard",
                                           "needs_attention", "urgent_improvement"])})
ORDER.update({"met": 0, "not_met": 1})
COMPARED_META = ("type", "provider", "inspection_start", "inspection_end", "published", "lead_inspector")


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower())


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def provider_key(name: str | None) -> str:
    """A provider's name reduced for grouping: 'Sandwell Metropolitan Borough Council',
    'Sandwell' and 'Inspection of Sandwell local authority children's services' all give
    'sandwell'. Lower case; '&' as 'and'; apostrophes and punctuation dropped; the words
    the, london borough of, royal borough of, city of, metropolitan, borough, county, city,
    district, council, local authority, children's services, children and families trust,
    children's trust, (local) safeguarding children board, inspection of removed, and a
    leading or trailing 'of' left over ('Metropolitan Borough of Barnsley Council')."""
    n = (name or "").lower().replace("&", "and").replace("\u2019", "'")
    n = re.sub(r"\b(inspection of|the|london borough of|royal borough of|city of|metropolitan|borough|county|"
               r"city|district|council|local authority|children'?s (?:social care )?services(?: trust)?|"
               r"children and families trust|children'?s trust|local area partnership|"
               r"(?:local )?safeguarding children(?:'s)? (?:board|partnership))\b", " ", n)
    n = re.sub(r"\bst\.?\s", "st ", n)
    n = re.sub(r"[^a-z0-9]+", " ", n).strip()
    return re.sub(r"^(?:of|and)\s+|\s+(?:of|and)$", "", n)  # 'Metropolitan Borough of Barnsley Council


def diff_records(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    oj = {j["key"]: j for j in old.get("judgements") or []}
    nj = {j["key"]: j for j in new.get("judgements") or []}
    changes = []
    used_new: set[str] = set()
    for key, o in oj.items():
        targets = [key] if key in nj else [k for k in KEY_MAP.get(key, []) if k in nj]
        if not targets:
            changes.append(_change(key, o, None))
            continue
        for t in targets:
            used_new.add(t)
            c = _change(t, o, nj[t])
            if t != key:
                c["old_key"] = key
            changes.append(c)
    for key, n in nj.items():
        if key not in used_new:
            changes.append(_change(key, None, n))

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
                        "change": "unchanged" if s == 1.0 else "carried_over"})
    recs = {
        "carried_over": sorted(carried, key=lambda c: nrecs.index(c["new"])),
        "new": [t for j, t in enumerate(nrecs) if j not in matched_n],
        "resolved": [t for i, t in enumerate(orecs) if i not in matched_o],
    }
    orep, nrep = old.get("report") or {}, new.get("report") or {}
    meta = [{"field": f, "old": orep.get(f), "new": nrep.get(f)} for f in COMPARED_META
            if orep.get(f) != nrep.get(f)]
    warnings = []
    if provider_key(orep.get("provider")) != provider_key(nrep.get("provider")):
        warnings.append({"code": "different-providers",
                         "message": f"the reports are about different providers: {orep.get('provider')!r} and {nrep.get('provider')!r}"})
    differs = any(c["change"] != "unchanged" for c in changes) or recs["new"] or recs["resolved"] \
        or any(c["change"] != "unchanged" for c in carried)
    return {"old": old["source"]["path"], "new": new["source"]["path"], "judgements": changes,
            "recommendations": recs, "metadata": meta, "warnings": warnings,
            "summary": _summary(changes, recs), "differs": bool(differs)}


def _change(key: str, o: dict | None, n: dict | None) -> dict[str, Any]:
    if o is None:
        change = "new"
    elif n is None:
        change = "removed"
    else:
        os_, ns = o.get("score"), n.get("score")
        if os_ is None or ns is None:
            os_, ns = ORDER.get(o["grade"]), ORDER.get(n["grade"])
        if o["grade"] == n["grade"]:
            change = "unchanged"
        elif os_ is not None and ns is not None:
            # same score, other wording (adequate -> requires improvement): no change of level
            change = "improved" if ns < os_ else "declined" if ns > os_ else "unchanged"
        else:
            change = "changed"  # grades on scales that cannot be ordered against each other
    return {"key": key, "old": o["grade"] if o else None, "new": n["grade"] if n else None,
            "old_score": o.get("score") if o else None, "new_score": n.get("score") if n else None,
            "change": change}


def _summary(changes: list[dict], recs: dict) -> dict[str, int]:
    s: dict[str, int] = {}
    for c in changes:
        s[c["change"]] = s.get(c["change"], 0) + 1
    s["recommendations_new"] = len(recs["new"])
    s["recommendations_resolved"] = len(recs["resolved"])
    s["recommendations_carried_over"] = len(recs["carried_over"])
    return s
