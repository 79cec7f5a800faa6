"""Letters to local authorities: ILACS focused visits, joint targeted area inspections (JTAI)
and monitoring visits. None carries a graded judgement (``judgements`` is empty, which is
the correct answer); their improvement items are recommendations.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document, Line
from .base import FamilyInfo, Raw
from .common import improvement, letter_date, norm, raw_item, section_id
from .readers import LETTER_CLOSING, inspector_sentence, signatory, title_lines, visit_dates

SECTIONS = {"what_needs_to_improve": "What needs to improve (in this area of social work practice)",
            "areas_for_priority_action": "Area(s) for priority action", "areas_for_improvement": "Areas for improvement"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 50

FAMILIES = [
    FamilyInfo("la-focused-visit", "ILACS focused-visit letter (no graded judgements)", sections=SECTIONS, graded=False,
               evidence="real (223)", authority=True),
    FamilyInfo("la-jtai", "Joint targeted area inspection letter (no graded judgements)", sections=SECTIONS,
               graded=False, evidence="real (43)", authority=True, prints=("title", "provider", "inspection_start", "inspection_end")),
    FamilyInfo("la-monitoring-visit", "Monitoring visit letter to a local authority (no graded judgements)",
               sections=SECTIONS, graded=False, authority=True),
]

IMPROVE_HEAD = re.compile(
    r"(?i)^(what needs to improve(?: in this area of (?:social work )?practice)?|areas? for improvement|"
    r"areas? for priority actions?|priority actions?)\s*\??:?$")
NO_ITEMS = re.compile(r"(?i)^(?:there (?:are|were) no|no areas for|the inspection did not)\b")
EARLIER = re.compile(r"(?i)^the areas (?:for|of) (?:improvement|priority action) (?:continue|remain)\b")


def detect(doc: Document) -> str | None:
    head = norm(" ".join(doc.texts[:45]))
    if re.search(r"\bfocused visit to\b|findings of (?:the|a) focused visit", head):
        return "la-focused-visit"
    if "joint targeted area inspection" in head:
        return "la-jtai"
    if re.search(r"monitoring visit (?:to|of) .*children's services|findings of (?:the|a) monitoring visit", head):
        return "la-monitoring-visit"
    return None


def _title_index(lines: list[Line]) -> int | None:
    for i, ln in enumerate(lines[:45]):
        if re.match(r"(?i)^(focused visit to|joint targeted area inspection|monitoring visit (?:to|of))", ln.text):
            return i
    return None


def _provider(title: str, body: str) -> str | None:
    t = re.sub(r"\s+", " ", title)
    m = re.search(r"(?i)(?:focused|monitoring) visit (?:to|of) (?:the )?(.+?)(?:'s|\u2019s)? ?(?:local authority )?children['\u2019]s services", t)
    if m and m.group(1).strip():
        return m.group(1).strip()
    m = re.search(r"(?i)joint targeted area inspection of .*\sin\s(.+)$", t) or \
        re.search(r"(?i)joint targeted area inspection of (?:the )?(.+)$", t)
    if m and not re.search(r"(?i)response|multi-agency", m.group(1)):
        return m.group(1).strip()
    m = re.search(r"(?i)findings of (?:the|a) (?:focused|monitoring) visit to (?:the )?(.+?)(?: local authority)? children['\u2019]s services", body)
    if m:
        return m.group(1).strip()
    m = re.search(r"(?i)joint targeted area inspection \(JTAI\) of .*? in (.+?)\.", body)
    if m:
        return m.group(1).strip()
    return None


def section_of(head) -> str:
    t = norm(head.text)
    if t.startswith("what needs to improve"):
        return "what_needs_to_improve"
    if "priority" in t:
        return "areas_for_priority_action"
    return "areas_for_improvement" if t.startswith("area") else section_id(t)


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    lines = doc.lines
    r = Raw()
    ti = _title_index(lines)
    r.published = letter_date(lines, ti)
    year = int(r.published[:4]) if r.published else None
    body = " ".join(ln.text for ln in lines[(ti or 0):(ti or 0) + 40])
    if ti is not None:
        r.title, _ = title_lines(lines, ti, lambda t: not re.match(r"(?i)^this (letter|inspection)|^between|^dear", t)
                                 and not t.endswith(".") and len(t) < 80, 4)
        r.provider = _provider(r.title, body)
    r.inspection_start, r.inspection_end = visit_dates(lines, ti or 0, year)
    if family != "la-jtai":
        r.lead_inspector = signatory(lines) or inspector_sentence(body)
    for head, it in improvement(doc, IMPROVE_HEAD, section_of=section_of, no_items=NO_ITEMS, earlier=EARLIER,
                                stop_rx=LETTER_CLOSING,
                                found=r.sections_found):
        r.items.append(raw_item(head, it, section_of(head)))
    return r
