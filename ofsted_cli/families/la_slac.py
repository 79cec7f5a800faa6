"""Safeguarding and looked after children inspections (2009–2012) and looked after children
inspections (2012–2013).

Both halves (safeguarding, looked after children) print 'Heading' then 'Grade 2 (good)' on
its own line (or run into the heading in converted text), and close with a 'Record of main
findings' table whose sub-headings are unreliable: rows are assigned to a half by the
family's template (a key seen twice starts the next half), never by the last sub-heading.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document, Line
from ..grades import GRADE_N_RE, exact_grade
from ..layout import build_blocks, items
from .base import FamilyInfo, Raw, RawItem, Row
from .common import find_line, norm
from .readers import labelled_dates, lead_inspector, published_date, title_lines

# (printed heading, normalised start) -> key; longest phrases first when matching
HEADINGS = [
    ("overall effectiveness of services for looked after children", "overall_effectiveness"),
    ("overall effectiveness", "overall_effectiveness"),
    ("capacity for improvement", "capacity_for_improvement"),
    ("capacity to improve", "capacity_for_improvement"),
    ("children and young people are safe and feel safe", "safe_and_feel_safe"),
    ("the contribution of health agencies", "health_contribution"),
    ("quality of provision", "quality_of_provision"),
    ("ambition and prioritisation", "ambition_and_prioritisation"),
    ("leadership and management", "leadership_and_management"),
    ("performance management and quality assurance", "performance_management"),
    ("partnership working", "partnership_working"),
    ("equality and diversity", "equality_and_diversity"),
    ("being healthy", "being_healthy"),
    ("staying safe", "staying_safe"),
    ("enjoying and achieving", "enjoying_and_achieving"),
    ("making a positive contribution", "positive_contribution"),
    ("economic well-being", "economic_wellbeing"),
    ("economic wellbeing", "economic_wellbeing"),
    ("outcomes for looked after children", "outcomes"),
]
SAFEGUARDING_KEYS = ["overall_effectiveness", "capacity_for_improvement", "safe_and_feel_safe",
                     "quality_of_provision", "health_contribution", "ambition_and_prioritisation",
                     "leadership_and_management", "performance_management", "partnership_working",
                     "equality_and_diversity"]
LAC_KEYS = ["overall_effectiveness", "capacity_for_improvement", "outcomes", "being_healthy",
            "staying_safe", "enjoying_and_achieving", "positive_contribution",
            "economic_wellbeing", "quality_of_provision", "ambition_and_prioritisation",
            "leadership_and_management", "performance_management", "equality_and_diversity"]
_LABELS = {"overall_effectiveness": "Overall effectiveness", "capacity_for_improvement": "Capacity for improvement",
           "safe_and_feel_safe": "Children and young people are safe and feel safe",
           "health_contribution": "The contribution of health agencies", "quality_of_provision": "Quality of provision",
           "ambition_and_prioritisation": "Ambition and prioritisation",
           "leadership_and_management": "Leadership and management",
           "performance_management": "Performance management and quality assurance",
           "partnership_working": "Partnership working", "equality_and_diversity": "Equality and diversity",
           "outcomes": "Outcomes for looked after children and young people", "being_healthy": "Being healthy",
           "staying_safe": "Staying safe", "enjoying_and_achieving": "Enjoying and achieving",
           "positive_contribution": "Making a positive contribution", "economic_wellbeing": "Economic well-being"}
SECTIONS = {"safeguarding": "Areas for improvement of the safeguarding services (with timescales)",
            "lac": "Areas for improvement of the services for looked after children (with timescales)"}
_SLAC_KEYS = {f"safeguarding.{k}": _LABELS[k] for k in SAFEGUARDING_KEYS} | \
    {f"lac.{k}": _LABELS[k] for k in LAC_KEYS if k != "outcomes"}
_LAC_KEYS = {f"lac.{k}": _LABELS[k] for k in LAC_KEYS}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 10

FAMILIES = [
    FamilyInfo("la-slac-2009", "Inspection of safeguarding and looked after children services (2009–2012)",
               _SLAC_KEYS, ("safeguarding.overall_effectiveness", "safeguarding.capacity_for_improvement",
                            "lac.overall_effectiveness", "lac.capacity_for_improvement"), SECTIONS,
               evidence="real (1: the seed, as text)", full=True, grades_deep=True, authority=True),
    FamilyInfo("la-lac-2012", "Inspection of looked after children services (2012–2013)", _LAC_KEYS,
               ("lac.overall_effectiveness", "lac.capacity_for_improvement"), {"lac": SECTIONS["lac"]},
               evidence="real (1)", full=True, grades_deep=True, authority=True),
]
TIMESCALE_RE = re.compile(
    r"(?i)^(immediately|within\s+(?:\w+|\d+)\s+(?:days?|weeks?|months?|years?)|by\s+\w+\s+\d{4}|"
    r"in\s+the\s+(?:short|medium|longer?)\s+term)\s*:?$")
TITLE_SLAC = "inspection of safeguarding and looked after children services"
TITLE_LAC = "inspection of looked after children services"


def detect(doc: Document) -> str | None:
    head = norm(" ".join(doc.texts[:25]))
    if TITLE_SLAC in head and ("record of main findings" in doc.text.lower()):
        return "la-slac-2009"
    if TITLE_LAC in head:
        return "la-lac-2012"
    if TITLE_SLAC in head:
        return "la-slac-2009"
    return None


def heading_key(text: str) -> str | None:
    t = norm(text)
    for phrase, key in HEADINGS:
        if t.startswith(phrase):
            return key
    return None


def table_key(text: str) -> str | None:
    """Key for a table row label, matched at the end of the pending label text (which may
    carry a sub-heading before it)."""
    t = norm(text)
    best = None
    for phrase, key in HEADINGS:
        i = t.rfind(phrase)
        if i >= 0 and (best is None or (i, len(phrase)) > best[0]):
            # the last phrase in the label wins (a sub-heading may stand before it)
            best = ((i, len(phrase)), key)
    return best[1] if best else None


def _part_marker(lines: list[Line], stop: int) -> int | None:
    """Where the looked after children half starts (body, not contents or table)."""
    for i in range(stop):
        if norm(lines[i].text) == "services for looked after children" and not re.search(r"\d$", lines[i].text):
            return i
    return None


def _body_grades(lines: list[Line], stop: int, family: str) -> tuple[list[Row], set[int]]:
    """(part, judgement) from 'Heading' + 'Grade N (word)' pairs; and heading line indexes."""
    lac_start = 0 if family == "la-lac-2012" else _part_marker(lines, stop)
    out, heads = [], set()
    for i in range(stop):
        if not GRADE_N_RE.fullmatch(lines[i].text.strip()):
            continue
        g = exact_grade(lines[i].text, None)
        if not g:
            continue
        key, head_i, area = None, None, None
        for back in (1, 2, 3):
            if i - back < 0:
                break
            text = " ".join(ln.text for ln in lines[i - back:i])
            key = heading_key(text)
            if key:
                head_i, area = i - back, text
                break
        if not key:
            continue
        part = "lac" if lac_start is not None and i > lac_start else "safeguarding"
        heads.add(head_i)
        out.append(Row(f"{part}.{key}", g[1], area, lines[i].page, "heading"))
    return out, heads


def _table_grades(lines: list[Line], start: int, parts: list[str]) -> list[Row]:
    out: list[Row] = []
    pending: list[str] = []
    part_i, seen = 0, set()
    for ln in lines[start:]:
        text = ln.text.strip()
        m = re.match(r"^(.*?)\s*\b(Outstanding|Good|Adequate|Inadequate|Satisfactory)(?:\s+Grade\s*[1-4])?$", text, re.I)
        if not m:
            pending.append(text)
            continue
        label = " ".join(pending + [m.group(1)]).strip()
        pending = []
        key = table_key(label)
        if not key:
            continue
        if key in seen and part_i + 1 < len(parts):
            part_i += 1
            seen = set()
        seen.add(key)
        if exact_grade(m.group(2)):
            area = next((p for p, k in HEADINGS if k == key), label)
            out.append(Row(f"{parts[part_i]}.{key}", m.group(2), label or area, ln.page, "table"))
    return out


def _recommendations(doc: Document, stop: int, heads: set[int], family: str, found: list[str]) -> list[RawItem]:
    lines = doc.lines
    lac_start = 0 if family == "la-lac-2012" else _part_marker(lines, stop)
    recs: list[RawItem] = []
    i = 0
    while True:
        i = find_line(lines, r"(?i)^areas for improvement:?$", i, stop)
        if i is None:
            break
        j = i + 1
        while j < stop and j not in heads and not GRADE_N_RE.fullmatch(lines[j].text) \
                and not (lac_start is not None and j == lac_start):
            j += 1
        part = "lac" if lac_start is not None and i > lac_start else "safeguarding"
        got = timescale_items(doc, lines[i + 1:j], section=part, heading=lines[i].text)
        if got:
            found.append(part)
        recs.extend(got)
        i = j
    return recs


def timescale_items(doc: Document, lines: list[Line], section: str | None, heading: str | None = None) -> list[RawItem]:
    """Items grouped under timescale sub-headings ('Within three months:'); a lead-in before
    the first sub-heading is not an item."""
    groups: list[tuple[str | None, list[Line]]] = []
    cur: list[Line] | None = None
    for ln in lines:
        m = TIMESCALE_RE.match(ln.text.strip())
        if m:
            cur = []
            groups.append((m.group(1)[:1].upper() + m.group(1)[1:], cur))
        elif cur is not None:
            cur.append(ln)
    if not groups:
        groups = [(None, list(lines))]
    recs = []
    for timescale, group in groups:
        bs = build_blocks(group, doc.body_size if doc.styled else None, styled=doc.styled)
        for it in items(bs, paragraphs=False, styled=doc.styled):
            recs.append(RawItem(it.full(), section, heading, it.page, timescale, points=it.points() or None))
    return recs


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    lines = doc.lines
    rep = Raw()
    table_i = find_line(lines, r"(?i)^record of main findings:?$")
    stop = table_i if table_i is not None else len(lines)
    # metadata from the front page
    head = lines[:20]
    title_i = next((i for i, ln in enumerate(head) if norm(ln.text).startswith("inspection of")), None)
    if title_i is not None:
        rep.title, k = title_lines(head, title_i,
                                   lambda t: not re.search(r"(?i)council|borough|inspection dates?|county|city", t), 3)
        if k < len(head) and not head[k].text.lower().startswith("inspection date") and len(head[k].text) < 80:
            rep.provider = head[k].text.strip()
    rep.published = published_date(head)
    rep.inspection_start, rep.inspection_end = labelled_dates(head)
    rep.lead_inspector = lead_inspector(head)
    parts = ["lac"] if family == "la-lac-2012" else ["safeguarding", "lac"]
    body, heads = _body_grades(lines, stop, family)
    table = _table_grades(lines, table_i + 1, parts) if table_i is not None else []
    # the body's headings come first: where the Record of main findings disagrees, the body is kept
    order = {f"{p}.{k}": n for n, (p, k) in enumerate(
        [(p, k) for p in parts for k in (SAFEGUARDING_KEYS if p == "safeguarding" else LAC_KEYS)])}
    rep.rows = sorted(body, key=lambda r: order.get(r.key, 999)) + table
    rep.items = _recommendations(doc, stop, heads, family, rep.sections_found)
    return rep
