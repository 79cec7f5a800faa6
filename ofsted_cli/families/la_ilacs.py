"""Inspections of local authority children's services (ILACS), 2018 onwards.

The front-page 'Judgement | Grade' table decides the family: a combined 'children in care and
care leavers' row (2018), separate 'children in care' and 'care leavers' rows with an
'Overall effectiveness' row (2023), or without it (2026 reform). Wrapped cells interleave
labels and grades in the text, so rows and grades are read as two ordered streams and paired.
The section headings restate the grades ('…help and protection: good'); they cross-check the
table and identify the report where its title line is missing from the text layer.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document, Line
from ..grades import exact_grade
from ..layout import blocks, heading_like
from .base import FamilyInfo, Found, Raw, Row
from .common import GRADE_OPEN, improvement, norm, raw_item, split_grade
from .readers import labelled_dates, lead_inspector, title_lines

_KEYS_2018 = {"impact_of_leaders": "The impact of leaders on social work practice with children and families",
              "help_and_protection": "The experiences and progress of children who need help and protection",
              "children_in_care_and_care_leavers": "The experiences and progress of children in care and care leavers",
              "overall_effectiveness": "Overall effectiveness"}
_KEYS_2023 = {"impact_of_leaders": _KEYS_2018["impact_of_leaders"],
              "help_and_protection": _KEYS_2018["help_and_protection"],
              "children_in_care": "The experiences and progress of children in care",
              "care_leavers": "The experiences and progress of care leavers",
              "overall_effectiveness": "Overall effectiveness"}
_KEYS_2026 = {k: v for k, v in _KEYS_2023.items() if k != "overall_effectiveness"}
SECTIONS = {"what_needs_to_improve": "What needs to improve (?)"}
_OLDER = {"leadership_management_governance": ("impact_of_leaders",), "lac.overall_effectiveness": ("overall_effectiveness",),
          "safeguarding.overall_effectiveness": ("overall_effectiveness",)}
_SUCCEEDS_2018 = _OLDER | {"looked_after_and_permanence": ("children_in_care_and_care_leavers",),
                           "care_leavers": ("children_in_care_and_care_leavers",)}
_SUCCEEDS_2023 = _OLDER | {"looked_after_and_permanence": ("children_in_care",),
                           "children_in_care_and_care_leavers": ("children_in_care", "care_leavers")}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 30

FAMILIES = [
    FamilyInfo("la-ilacs-2018", "ILACS 2018–2022: combined children in care and care leavers judgement",
               _KEYS_2018, tuple(_KEYS_2018), SECTIONS, evidence="real (104)", succeeds=_SUCCEEDS_2018, full=True, authority=True),
    FamilyInfo("la-ilacs-2023", "ILACS 2023–March 2026: separate children in care and care leavers judgements",
               _KEYS_2023, tuple(_KEYS_2023), SECTIONS, evidence="real (91)", succeeds=_SUCCEEDS_2023, full=True, authority=True),
    FamilyInfo("la-ilacs-2026", "ILACS from April 2026: as 2023 without overall effectiveness",
               _KEYS_2026, tuple(_KEYS_2026), SECTIONS, evidence="real (8)", succeeds=_SUCCEEDS_2023, full=True, authority=True),
]

ROW_START = re.compile(r"(?i)^(the impact of leaders|the experiences and progress|the experiences of|overall effectiveness)")
GRADE_TAIL = re.compile(r"(?i)^(.*?)\s*\b(requires?\s+improvement(?:\s+to(?:\s+be(?:\s+good)?)?)?|outstanding|inadequate|good)\s*$")
ROW_KEYS = [
    (re.compile(r"(?i)impact of leaders"), "impact_of_leaders"),
    (re.compile(r"(?i)help\s+and\s+protection"), "help_and_protection"),
    (re.compile(r"(?i)in care and care\s+leavers"), "children_in_care_and_care_leavers"),
    (re.compile(r"(?i)children\s+in\s+care"), "children_in_care"),
    (re.compile(r"(?i)care\s+leavers"), "care_leavers"),
    (re.compile(r"(?i)overall effectiveness"), "overall_effectiveness"),
]
IMPROVE_RE = re.compile(r"(?i)^what needs to improve(?: in this area of social work practice)?\s*\??:?$")
BODY_HEADING = re.compile(r"(?i)^(the experiences and progress of|the impact of leaders|the effectiveness of)")
_TITLE = re.compile(r"inspection of .*(children's (social care )?services|children and families trust|"
                    r"children's services trust|local authority children)")


def _title_ok(doc: Document) -> bool:
    head = norm(" ".join(doc.texts[:12]))
    return bool(_TITLE.search(head)) and "focused visit" not in head


def _table_start(lines: list[Line]) -> int | None:
    for i, ln in enumerate(lines[:40]):
        if re.match(r"(?i)^judgements?\s+grades?$", ln.text) or re.match(r"(?i)^the impact of leaders", ln.text):
            return i + 1 if ln.text.lower().startswith("judgement") else i
    return None


def read_table(lines: list[Line], start: int) -> list[Row]:
    """Rows in table order. Labels and grades are two ordered streams: a grade may sit at the
    end of a label line, alone, split ('Requires improvement to' / 'be good'), or above and
    below its label; they are paired in order."""
    rows: list[list] = []   # [label text, page]
    grades: list[str] = []
    last_grade_open = False  # the previous grade ended 'to be' and waits for 'good'
    for i in range(start, min(start + 40, len(lines))):
        ln = lines[i]
        t = re.sub(r"(?i)\bto be good\b", "", ln.text).strip()
        if last_grade_open and re.search(r"(?i)(?:^|\s)(?:be\s+)?good$", t) and \
                (re.fullmatch(r"(?i)(?:be\s+)?good|", t) or re.search(r"(?i)\bbe\s+good$", t)):
            last_grade_open = False
            t = re.sub(r"(?i)\s*\b(?:be\s+)?good$", "", t)  # the rest of 'Requires improvement to / be good'
            if not t:
                continue
        m = GRADE_TAIL.match(t)
        prefix, grade = (m.group(1), m.group(2)) if m else (t, None)
        if prefix:
            if ROW_START.match(prefix):
                rows.append([prefix, ln.page])
            elif rows:
                if len(grades) >= len(rows) and len(prefix) > 70:
                    break  # prose after the table
                rows[-1][0] += " " + prefix
            elif not grade:
                continue
        if grade:
            if exact_grade(grade):
                grades.append(re.sub(r"\s+", " ", grade))
                last_grade_open = bool(GRADE_OPEN.search(grade.strip()))
        if rows and len(grades) == len(rows) and grade:
            # the table ends after a graded row unless another row follows
            nxt = lines[i + 1].text if i + 1 < len(lines) else None
            if not nxt or not (ROW_START.match(nxt) or re.fullmatch(r"(?i)(?:to )?(?:be )?good", nxt)
                               or (len(nxt) < 60 and not re.search(r"[.:;]$", nxt) and nxt[:1].islower())):
                break
    out = []
    for (label, page), printed in zip(rows, grades):
        key = next((k for rx, k in ROW_KEYS if rx.search(label)), None)
        if key:
            out.append(Row(key, printed, re.sub(r"\s+", " ", label).strip(), page, "table"))
    return out


def body_rows(doc: Document) -> list[Row]:
    """The section headings that restate a grade ('The experiences and progress of children
    who need help and protection: good')."""
    out = []
    for b in blocks(doc):
        if not heading_like(b) or not BODY_HEADING.match(b.text) or b.text.lower().startswith("the effectiveness of"):
            continue
        sp = split_grade(b.text)
        if not sp or len(sp[0]) > 130 or not exact_grade(sp[1]):
            continue
        key = next((k for rx, k in ROW_KEYS if rx.search(sp[0])), None)
        if key:
            out.append(Row(key, sp[1], sp[0], b.page, "heading"))
    return out


def _family_of(keys: set[str]) -> str | None:
    if "children_in_care_and_care_leavers" in keys:
        return "la-ilacs-2018"
    if "care_leavers" in keys or "children_in_care" in keys:
        return "la-ilacs-2023" if "overall_effectiveness" in keys else "la-ilacs-2026"
    if keys:
        return "la-ilacs-2018"
    return None


def _label_keys(lines: list[Line]) -> set[str]:
    """The table's rows by their labels alone (where no grade could be read beside them)."""
    keys: set[str] = set()
    for i, ln in enumerate(lines[:40]):
        if ROW_START.match(ln.text):
            label = ln.text + " " + (lines[i + 1].text if i + 1 < len(lines) and not ROW_START.match(lines[i + 1].text) else "")
            key = next((k for rx, k in ROW_KEYS if rx.search(label)), None)
            if key:
                keys.add(key)
    return keys


def detect(doc: Document) -> Found | None:
    """The family, by the rows of the judgement table (handed to ``raw``)."""
    start = _table_start(doc.lines)
    if start is None:
        return None
    rows = read_table(doc.lines, start)
    keys = {r.key for r in rows}
    if _title_ok(doc):
        fid = _family_of(keys or _label_keys(doc.lines))
        return Found(fid, rows) if fid else None
    # no title in the text layer: the judgement table and the graded section headings
    # identify the report as surely
    if doc.text.lower().count("what needs to improve") >= 1:
        heads = {r.key for r in body_rows(doc)}
        if len(keys) >= 3 and len(heads) >= 2 and heads <= keys:
            fid = _family_of(keys)
            return Found(fid, rows) if fid else None
    return None


def _metadata(doc: Document, raw: Raw) -> None:
    lines = doc.lines[:30]
    raw.lead_inspector = lead_inspector(lines, several=True)
    ti = next((i for i, ln in enumerate(lines) if norm(ln.text).startswith("inspection of")), None)
    if ti is not None:
        raw.title, _ = title_lines(lines, ti, lambda t: not re.match(r"(?i)inspection dates?|lead inspector|judgement", t)
                                   and len(t) < 100, 4)
        m = re.match(r"(?i)inspection of (?:the )?(.*?)(?: local authority)? children['\u2019]s (?:social care )?services", raw.title)
        if m and m.group(1).strip() and not re.fullmatch(r"(?i)local authority", m.group(1).strip()):
            raw.provider = m.group(1).strip()
        elif re.match(r"(?i)inspection of (?:the )?(.+(?:trust|council))$", raw.title):
            raw.provider = re.match(r"(?i)inspection of (?:the )?(.+)$", raw.title).group(1)
        elif ti > 0:
            # 2018-20: the authority's name stands above the title, in large type
            above = [ln.text for ln in lines[max(0, ti - 2):ti] if not re.fullmatch(r"\d+", ln.text) and len(ln.text) < 60]
            raw.provider = " ".join(above).strip() or None
    raw.inspection_start, raw.inspection_end = labelled_dates(lines)


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    r = Raw()
    _metadata(doc, r)
    table = found if found is not None else read_table(doc.lines, _table_start(doc.lines) or 0)
    r.rows = table + body_rows(doc)
    # the list ends at the first section that grades a judgement, whatever its type size
    stop = lambda b: heading_like(b) and bool(BODY_HEADING.match(b.text))
    for head, it in improvement(doc, IMPROVE_RE, section_of=lambda b: "what_needs_to_improve", stop=stop,
                                paragraphs=False, first_only=True, found=r.sections_found):
        r.items.append(raw_item(head, it, "what_needs_to_improve"))
    return r
