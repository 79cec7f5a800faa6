"""Children's social care providers inspected under the social care common inspection
framework (SCCIF, from 2017): children's homes (an interim inspection's 'improved /
sustained / declined effectiveness' too) and secure children's homes, and the reader every
SCCIF family shares (:func:`read_sccif`: three judgements on the front page, the
registered provider as the provider, 'Statutory requirements' with due dates and
'Recommendations'). The kind of provision is the one the report names
(:func:`~.readers.provision_kind`): a report about another kind is not claimed here, and
where no family reads that kind it is ``unknown`` with a warning naming it.

Evidence: childrens-home-sccif against two real reports of one home
(``../shared/corpus/providers``), checked against Ofsted's provider tables
(``../shared/keys``); secure children's homes only from the tables' judgement columns.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document
from ..layout import Block, blocks, find_headings, section
from ..layout import items as block_items
from . import front
from .base import FamilyInfo, Raw, RawItem, Row
from .common import norm, parse_date, raw_item
from .readers import KIND_PATTERN, labelled_value, provision_kind

# the SCCIF's three judgements (every kind of provision), as the front page prints them
KEYS = {"overall_experiences_and_progress": "Overall experiences and progress of children and young people",
        "helped_and_protected": "How well children and young people are helped and protected",
        "effectiveness_of_leaders_and_managers": "The effectiveness of leaders and managers"}
SECTIONS = {"statutory_requirements": "Statutory requirements (a table: requirement, due date)",
            "recommendations": "Recommendation(s)"}
_HOME = KEYS | {"interim_effectiveness": "Effectiveness since the last full inspection"}
# secure children's homes are judged on education and health too (Ofsted's provider tables)
_SECURE = {"overall_experiences_and_progress": KEYS["overall_experiences_and_progress"],
           "outcomes_in_education": "Outcomes in education and related learning activities",
           "health_services": "Health services",
           "helped_and_protected": KEYS["helped_and_protected"],
           "effectiveness_of_leaders_and_managers": KEYS["effectiveness_of_leaders_and_managers"]}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 55

FAMILIES = [
    FamilyInfo("secure-childrens-home-sccif", "Secure children's home inspection (social care common inspection "
               "framework)", _SECURE, tuple(_SECURE), SECTIONS, full=True, urn=True),
    FamilyInfo("childrens-home-sccif", "Children's home inspection (social care common inspection framework)",
               _HOME, tuple(KEYS), SECTIONS, evidence="real (2: one home)", full=True, urn=True),
]
_BY_ID = {f.id: f for f in FAMILIES}
_HOME_HEAD = re.compile(r"children's home(?: inspection)?\b|\binterim inspection\b|inspection report for children's home")
HOME_INTERIM = re.compile(r"(?i)\b(improved|sustained|declined)(?: in)? effectiveness\b")
IMPROVE_HEAD = re.compile(r"(?i)^what (?:does|do) the " + KIND_PATTERN + r" need to do to improve(?: further)?\??:?$")
SUB_HEAD = re.compile(r"(?i)^(statutory requirements?|recommendations?)\s*:?$")
_REQ_HEADER = re.compile(r"(?i)^requirements?\s+due date$")
_DATE_CELL = re.compile(r"(?i)^\d{1,2}\s+[a-z]+\s+\d{4}$|^\d{1,2}/\d{1,2}/\d{4}$")


def detect(doc: Document) -> str | None:
    kind = provision_kind(doc)
    if kind == "secure children's home":
        return "secure-childrens-home-sccif"
    if kind == "children's home" or (kind is None and _HOME_HEAD.search(front.head_words(doc))):
        return "childrens-home-sccif"
    # another kind of provision (its own family's, or unknown with a warning naming it); the
    # SCCIF's row labels alone do not say which kind a report is about
    return None


def read_sccif(doc: Document, info: FamilyInfo, kind: str) -> Raw:
    """What every SCCIF report prints: the front page's judgements, the registered provider
    (children's homes are not named: the provider as printed), the inspection's kind in the
    title ('Children's home inspection: full'), and its improvement items. ``kind``: the
    provision's name for the title."""
    r = front.read(doc, info)
    r.provider = labelled_value(doc.lines[:200], r"registered provider") or None
    visit = next((t for t in doc.texts[:12] if re.fullmatch(r"(?i)(?:full|interim|monitoring) inspection", t)), None)
    r.title = f"{kind} inspection: {visit.lower()}" if visit else r.title
    r.items = improvement_items(doc, r)
    return r


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    r = read_sccif(doc, _BY_ID[family], "Secure children's home" if family.startswith("secure") else "Children's home")
    if family == "childrens-home-sccif":
        m = HOME_INTERIM.search(" ".join(doc.texts[:60]))  # offsets as in doc.flat
        if m:
            r.rows.append(Row("interim_effectiveness", m.group(0), "Effectiveness since the last full inspection",
                              doc.page_at(m.start()), "sentence", gid=m.group(1).lower()))
        if re.search(r"(?im)^interim inspection\b", "\n".join(doc.texts[:20])):
            r.expected = ("interim_effectiveness",)
    return r


def improvement_items(doc: Document, r: Raw) -> list[RawItem]:
    """'What does the children's home (the agency, …) need to do to improve?': the
    'Statutory requirements' table (one item per requirement, its due date kept in ``due``; the lead-in is not an
    item) and the 'Recommendation(s)' bullets (each with its printed citation)."""
    bs = blocks(doc)
    out: list[RawItem] = []
    heads = find_headings(bs, IMPROVE_HEAD, styled=doc.styled)
    if not heads:
        return out
    sec = section(bs, heads[0], inner=re.compile(SUB_HEAD.pattern + "|" + _REQ_HEADER.pattern[4:]))
    parts: list[tuple[Block, list[Block]]] = []
    for b in sec:
        if (b.kind == "heading" or b.label) and SUB_HEAD.match(b.text):
            parts.append((b, []))
        elif parts:
            parts[-1][1].append(b)
    for head, under in parts:
        if norm(head.text).startswith("statutory"):
            rows = _requirement_rows(under)
            if rows:
                r.sections_found.append("statutory_requirements")
            for text, due, page in rows:
                out.append(RawItem(text, "statutory_requirements", head.text, page, extra={"due": due}))
        else:
            got = block_items(under, styled=doc.styled)
            if got:
                r.sections_found.append("recommendations")
            out.extend(raw_item(head, it, "recommendations") for it in got)
    return out


def _requirement_rows(blocks: list[Block]) -> list[tuple[str, str | None, int | None]]:
    """Rows of the requirements table: the lines after its 'Requirement | Due date' header, a
    row closed by its due date (a date alone in the right-hand cell, which the text gives
    after the requirement's lines)."""
    lines = [ln for b in blocks for ln in b.lines]
    start = next((k + 1 for k, ln in enumerate(lines) if _REQ_HEADER.match(ln.text)), None)
    if start is None:
        # no header read: the rows start with the first requirement ('The registered person must …')
        start = next((k for k, ln in enumerate(lines) if re.search(r"(?i)\bregistered person\b", ln.text)), len(lines))
    rows: list[tuple[str, str | None, int | None]] = []
    cur: list[str] = []
    page = None
    for ln in lines[start:]:
        t = ln.text
        m = DUE_END.match(t)
        if _DATE_CELL.match(t) or (m and not ln.styled):
            if m and m.group(1):
                cur.append(m.group(1))
            if cur:
                rows.append((" ".join(cur), parse_date(m.group(2) if m else t), page))
            cur, page = [], None
            continue
        if not cur:
            page = ln.page
        cur.append(t)
    if cur:
        rows.append((" ".join(cur), None, page))
    return rows


DUE_END = re.compile(r"(?i)^(.*?)\s*(\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4})$")
