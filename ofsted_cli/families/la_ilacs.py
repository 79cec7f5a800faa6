"""Inspections of local authority children's services (ILACS), 2018 onwards.

The front-page 'Judgement | Grade' table decides the family: a combined 'children in care and
care leavers' row (2018), separate 'children in care' and 'care leavers' rows with an
'Overall effectiveness' row (2023), or without it (2026 reform). Wrapped cells interleave
labels and grades in the text, so rows and grades are read as two ordered streams and paired.
"""
from __future__ import annotations

import re

from ..document import Document, Line
from ..grades import exact_grade
from ..model import Judgement, Recommendation, Report
from ..layout import find_headings, heading_like, items, section
from .common import clean_person, norm, parse_date_range

FAMILIES = {
    "la-ilacs-2018": "ILACS 2018–2022: combined children in care and care leavers judgement",
    "la-ilacs-2023": "ILACS 2023–March 2026: separate children in care and care leavers judgements",
    "la-ilacs-2026": "ILACS from April 2026: as 2023 without overall effectiveness",
}

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


def _title_ok(doc: Document) -> bool:
    head = norm(" ".join(doc.texts[:12]))
    return bool(re.search(r"inspection of .*(children's (social care )?services|children and families trust|children's services trust|local authority children)", head)) \
        and "focused visit" not in head


def _table_start(lines: list[Line]) -> int | None:
    for i, ln in enumerate(lines[:40]):
        if re.match(r"(?i)^judgements?\s+grades?$", ln.text) or re.match(r"(?i)^the impact of leaders", ln.text):
            return i + 1 if ln.text.lower().startswith("judgement") else i
    return None


def read_table(lines: list[Line], start: int) -> list[tuple[str, str, str, str, int | None]]:
    """Rows as (key, label text, grade id, printed grade, page), in table order."""
    rows: list[list] = []   # [label text, page]
    grades: list[tuple[str, str]] = []
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
            g = exact_grade(grade)
            if g:
                grades.append((g[0], re.sub(r"\s+", " ", grade)))
                last_grade_open = bool(re.search(r"(?i)\bto(\s+be)?$", grade.strip()))
        if rows and len(grades) == len(rows) and grade:
            # the table ends after a graded row unless another row follows
            nxt = lines[i + 1].text if i + 1 < len(lines) else None
            if not nxt or not (ROW_START.match(nxt) or re.fullmatch(r"(?i)(?:to )?(?:be )?good", nxt)
                               or (len(nxt) < 60 and not re.search(r"[.:;]$", nxt) and nxt[:1].islower())):
                break
    out = []
    for (label, page), (gid, printed) in zip(rows, grades):
        key = next((k for rx, k in ROW_KEYS if rx.search(label)), None)
        if key:
            out.append((key, re.sub(r"\s+", " ", label).strip(), gid, printed, page))
    return out


def detect(doc: Document) -> str | None:
    if not _title_ok(doc):
        return None
    start = _table_start(doc.lines)
    if start is None:
        return None
    keys = [r[0] for r in read_table(doc.lines, start)]
    if "children_in_care_and_care_leavers" in keys:
        return "la-ilacs-2018"
    if "care_leavers" in keys or "children_in_care" in keys:
        return "la-ilacs-2023" if "overall_effectiveness" in keys else "la-ilacs-2026"
    if keys:
        return "la-ilacs-2018"
    return None


def _metadata(doc: Document, rep: Report) -> None:
    lines = doc.lines[:30]
    ti = next((i for i, ln in enumerate(lines) if norm(ln.text).startswith("inspection of")), 0)
    title = []
    k = ti
    while k < len(lines) and not re.match(r"(?i)inspection dates?|lead inspector|judgement", lines[k].text) and len(title) < 4:
        title.append(lines[k].text)
        k += 1
    rep.title = " ".join(title).strip()
    m = re.match(r"(?i)inspection of (?:the )?(.*?)(?: local authority)? children['\u2019]s (?:social care )?services", rep.title)
    if m and m.group(1).strip() and not re.fullmatch(r"(?i)local authority", m.group(1).strip()):
        rep.provider = m.group(1).strip()
    elif re.match(r"(?i)inspection of (?:the )?(.+(?:trust|council))$", rep.title):
        rep.provider = re.match(r"(?i)inspection of (?:the )?(.+)$", rep.title).group(1)
    elif ti > 0:
        above = [ln.text for ln in lines[max(0, ti - 2):ti] if not re.fullmatch(r"\d+", ln.text)]
        rep.provider = " ".join(above).strip() or None
    for i, ln in enumerate(lines):
        t = ln.text
        if re.match(r"(?i)inspection dates?\b", t) and rep.inspection_start is None:
            txt = t.split(":", 1)[-1] if ":" in t else t
            if i + 1 < len(lines) and not re.match(r"(?i)lead inspector|judgement", lines[i + 1].text) \
                    and re.match(r"^[\d\s]+[A-Za-z]+ \d{4}$|^\d", lines[i + 1].text):
                txt += " " + lines[i + 1].text
            rep.inspection_start, rep.inspection_end = parse_date_range(txt)
        elif re.match(r"(?i)lead inspectors?\b", t) and rep.lead_inspector is None:
            name = re.sub(r"(?i)^lead inspectors?:?", "", t)
            names = [n for n in (clean_person(x) for x in re.split(r"\s+and\s+|;", name)) if n]
            rep.lead_inspector = " and ".join(names) or None


def _recommendations(doc: Document) -> list[Recommendation]:
    bs = doc.blocks
    out: list[Recommendation] = []
    for i in find_headings(bs, IMPROVE_RE, styled=doc.styled)[:1]:
        # the list ends at the first section that grades a judgement, whatever its type size
        sec = section(bs, i, stop=lambda b: heading_like(b) and bool(BODY_HEADING.match(b.text)))
        for it in items(sec, paragraphs=False, styled=doc.styled):
            out.append(Recommendation(it.full(), None, None, it.page))
    return out


_BODY_GRADE = re.compile(r"(?i)^(.*?):\s*(requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate)\s*$")


def body_grades(lines: list[Line]) -> list[Judgement]:
    """The section headings that restate a grade ('The experiences and progress of children
    who need help and / protection: good')."""
    out = []
    for i, ln in enumerate(lines):
        if not BODY_HEADING.match(ln.text) or ln.text.lower().startswith("the effectiveness of"):
            continue
        text = ln.text
        for k in range(i + 1, min(i + 3, len(lines))):
            if ":" in text:
                break
            text += " " + lines[k].text
        m = _BODY_GRADE.match(text)
        if not m or len(m.group(1)) > 130:
            continue
        key = next((k for rx, k in ROW_KEYS if rx.search(m.group(1))), None)
        g = exact_grade(m.group(2))
        if key and g:
            out.append(Judgement(key, g[0], m.group(2), m.group(1).strip(), ln.page, "heading"))
    return out


def parse(doc: Document, family: str) -> Report:
    rep = Report(type=family)
    _metadata(doc, rep)
    start = _table_start(doc.lines)
    for key, label, gid, printed, page in read_table(doc.lines, start or 0):
        rep.add_judgement(Judgement(key, gid, printed, label, page, "table"))
    # cross-check the table with the headings that restate its grades; a heading fills a
    # row the table did not give
    for h in body_grades(doc.lines):
        t = rep.judgement(h.key)
        if t is None:
            rep.add_judgement(h)
        elif t.grade != h.grade:
            rep.warn("grade-conflict", f"{h.key}: the table says {t.label!r} but the heading on page {h.page} says "
                                       f"{h.label!r}; the table's grade is kept")
    if not rep.judgements:
        rep.warn("no-judgements", "the judgement table could not be read")
    rep.recommendations = _recommendations(doc)
    return rep
