"""Single inspection framework (2013–2018): inspections, re-inspections, and reviews of the
Local Safeguarding Children Board (with the inspection or on their own).

The overall judgement is a sentence ('The overall judgement is good', 'Children's services
in Salford are good'); the five rows of the front-page table follow ('2. Children looked
after and achieving permanence' may wrap with its grade on the middle line); the LSCB is
graded by a sentence only. Recommendations come in a local-authority part and an LSCB part,
each possibly split into 'Priority and immediate action' and 'Areas for improvement'.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document, Line
from ..grades import exact_grade, find_grade
from ..layout import blocks
from .base import FamilyInfo, Raw, Row
from .common import find_line, improvement, merge_split_grades, norm, raw_item
from .readers import labelled_dates, lead_inspector, page_at, published_date, title_lines

_KEYS = {"overall_effectiveness": "Overall effectiveness",
         "help_and_protection": "1. Children who need help and protection",
         "looked_after_and_permanence": "2. Children looked after and achieving permanence",
         "adoption_performance": "2.1 Adoption performance",
         "care_leavers": "2.2 Experiences and progress of care leavers",
         "leadership_management_governance": "3. Leadership, management and governance",
         "lscb": "The Local Safeguarding Children Board"}
_FROM_2009 = {"lac.overall_effectiveness": ("overall_effectiveness",),
              "safeguarding.overall_effectiveness": ("overall_effectiveness",)}
SECTIONS = {"local_authority": "the local authority's improvement list (groups: priority_and_immediate_action, "
                               "areas_for_improvement)",
            "lscb": "the Local Safeguarding Children Board's recommendations"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 20

FAMILIES = [
    FamilyInfo("la-sif", "Single inspection framework: services for children in need of help and protection, children "
               "looked after and care leavers (2013–2018)", _KEYS, ("overall_effectiveness", "help_and_protection",
               "looked_after_and_permanence", "leadership_management_governance"), SECTIONS,
               evidence="real (93)", succeeds=_FROM_2009, full=True, grades_deep=True, authority=True),
    FamilyInfo("la-sif-reinspection", "Single inspection framework re-inspection", _KEYS,
               ("overall_effectiveness", "help_and_protection", "looked_after_and_permanence",
                "leadership_management_governance"), SECTIONS, evidence="real (4)", succeeds=_FROM_2009, full=True, grades_deep=True, authority=True),
    FamilyInfo("la-lscb-review", "Review of the effectiveness of the Local Safeguarding Children Board, published on "
               "its own", {"lscb": _KEYS["lscb"]}, ("lscb",), {"lscb": SECTIONS["lscb"]}, evidence="real (1)", grades_deep=True, authority=True),
]

ROW_RE = re.compile(r"^(\d\.\d|\d(?=\.))\.?\s+(.*)$")  # "1." or "2.1"; a footnote "1 Ofsted…" is not a row
ROW_KEYS = {"1": "help_and_protection", "2": "looked_after_and_permanence", "2.1": "adoption_performance",
            "2.2": "care_leavers", "3": "leadership_management_governance"}
ROW_ORDER = ["1", "2", "2.1", "2.2", "3"]
ROW_WORDS = [("help and protection", "help_and_protection"), ("achieving permanence", "looked_after_and_permanence"),
             ("adoption", "adoption_performance"), ("care leavers", "care_leavers"),
             ("leadership, management", "leadership_management_governance")]
GRADE_TAIL = re.compile(r"(?i)^(.*?)\s*\b(requires?\s+improvement(?:\s+to(?:\s+be(?:\s+good)?)?)?|outstanding|inadequate|good|not\s+judged)\s*$")
GRADE_WORDS = r"(requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|good)"
OVERALL_RE = re.compile(
    r"(?i)(?:the overall judgement is(?: that)?(?: children['\u2019]s services (?:are|is|require))?|"
    r"children['\u2019]s services in [^.]{1,80}? (?:are|is|requires?)|"
    r"children['\u2019]s services (?:are|require))\s+" + GRADE_WORDS[:-1] + r"|improvement(?:\s+to\s+be\s+good)?)")
LSCB_RE = re.compile(
    r"(?i)(?:^|\n)(?:the judgement for )?(?:the )?(?:effectiveness of the |review of the )?"
    r"(?:local safeguarding children board|lscb)(?: \(lscb\))? (?:is |are )?" + GRADE_WORDS)
IMPROVE_HEAD = re.compile(
    r"(?i)^(?:what does the (?:local authority|lscb|local safeguarding children board|board|council) need to improve\??|"
    r"recommendations)\s*:?$")
SUBHEAD = re.compile(r"(?i)^(priority (?:and|&) immediate action|immediate action|priority action|areas for improvement|"
                     r"areas for priority action)\s*:?$")
HEADS = re.compile(IMPROVE_HEAD.pattern + "|" + SUBHEAD.pattern.replace("(?i)", ""))
NO_ITEMS = re.compile(r"(?i)^(?:the inspection did not (?:find|identify) any|there (?:are|were) no)\b")


def detect(doc: Document) -> str | None:
    head = norm(" ".join(doc.texts[:15]))
    if re.search(r"\bre-? ?inspection of services for children", head):  # 'Re-inspection', 'Reinspection'
        return "la-sif-reinspection"
    if "inspection of services for children in need of help and protection" in head:
        return "la-sif"
    if "review of the effectiveness of the local safeguarding children board" in head:
        return "la-lscb-review"
    return None


def _table(lines: list[Line]) -> list[Row]:
    rows: list[list] = []
    grades: list[tuple[str | None, str]] = []
    started = False
    open_grade = False  # the last grade ended 'to' / 'to be' and its rest follows
    since_row = 0  # lines since the last row started
    for ln in merge_split_grades(lines[:80]):
        t = ln.text.strip()
        if open_grade and re.search(r"(?i)(?:^|\s)(?:be\s+)?good$", t) and not ROW_RE.match(t):
            t = re.sub(r"(?i)\s*\b(?:be\s+)?good$", "", t)
            open_grade = False
            if not t:
                continue
        m = ROW_RE.match(t)
        # rows come in their printed order (1, 2, 2.1, 2.2, 3): a later '1.' is a list item
        # (or, where the number is misprinted, a row whose words name a judgement not yet read)
        in_order = m and m.group(1) in ROW_KEYS and (not rows or ROW_ORDER.index(m.group(1)) > ROW_ORDER.index(rows[-1][0]))
        named = next((k for w, k in ROW_WORDS if w in t.lower()), None) if m else None
        new_name = named is not None and named not in {next((k for w, k in ROW_WORDS if w in r[1].lower()), None) for r in rows}
        since_row += 1
        if m and m.group(1) in ROW_KEYS and ((in_order and (named or (started and len(rows) < 5)))
                                             or (new_name and (not rows or since_row <= 4))):
            started = True
            since_row = 0
            g = GRADE_TAIL.match(m.group(2))
            rows.append([m.group(1), g.group(1) if g else m.group(2), ln.page])
            if g:
                grades.append(_grade(g.group(2)))
                open_grade = bool(re.search(r"(?i)\bto(?:\s+be)?$", g.group(2)))
            continue
        if not started:
            continue
        if len(t) > 60:
            if len(rows) >= 5:
                break
            continue  # a footnote or prose between rows split by a page break
        g = GRADE_TAIL.match(t)
        if g and len(grades) < len(rows):
            if g.group(1):
                rows[-1][1] += " " + g.group(1)
            grades.append(_grade(g.group(2)))
            open_grade = bool(re.search(r"(?i)\bto(?:\s+be)?$", g.group(2)))
        elif len(grades) < len(rows) and len(t) < 60:
            rows[-1][1] += " " + t  # a wrapped label
        elif len(rows) >= 5 or rows[-1][0] == "3":
            break  # the last row has its grade: the table is over
    out = []
    for (num, label, page), (gid, printed) in zip(rows, grades):
        key = next((k for w, k in ROW_WORDS if w in label.lower()), ROW_KEYS[num])
        out.append(Row(key, printed, f"{num} {label.strip()}", page, "table"))  # 'Not judged' is no judgement
    return out


def _grade(word: str) -> tuple[str | None, str]:
    w = re.sub(r"\s+", " ", word.strip())
    if w.lower() == "not judged":
        return None, w
    g = exact_grade(w)
    return (g[0] if g else None), w


def _sentence_grade(rx: re.Pattern, text: str) -> tuple[str, str] | None:
    m = rx.search(text)
    if not m:
        return None
    word = m.group(1)
    if word.lower().startswith("improvement"):
        word = "requires " + word
    g = find_grade(word)
    return (g[0], m.group(0).strip()) if g else None


GRADED_SENTENCE = re.compile(
    r"(?i)the graded judge?ment about (?:the )?(.{5,160}?) is that (?:it|they) (?:is |are )?" + GRADE_WORDS)


def _graded_sentences(lines: list[Line]) -> list[Row]:
    """'The graded judgement about the experience and progress of care leavers is that it
    requires improvement': (key, sentence, grade id, page), first sentence per key."""
    out, seen = [], set()
    for i, ln in enumerate(lines):
        if "graded judg" not in ln.text.lower():
            continue
        text = " ".join(x.text for x in lines[i:i + 4])
        m = GRADED_SENTENCE.search(text)
        if not m:
            continue
        about = m.group(1).lower()
        key = next((k for w, k in ROW_WORDS if w in about), None)
        g = find_grade(m.group(2))
        if key and g and key not in seen:
            seen.add(key)
            out.append(Row(key, m.group(2), re.sub(r"\s+", " ", m.group(0)), ln.page, "sentence"))
    return out


def _joined(lines: list[Line]) -> str:
    return "\n".join(ln.text for ln in lines)


_LSCB_PART = re.compile(r"(?i)^(?:section 2:? .*(?:local safeguarding children board|lscb)|(?:the )?(?:effectiveness of "
                        r"the |review of the effectiveness of the )?(?:local safeguarding children board|lscb)\b)")


def _lscb_start(doc: Document) -> int | None:
    """The line where the LSCB's part of the report begins: its heading ('The Local
    Safeguarding Children Board', 'Section 2: The effectiveness (of the) local safeguarding
    children board'), after the local authority's own improvement list (the front page
    summarises both), never a contents entry."""
    la = find_line(doc.lines, HEADS) or 0
    for b in blocks(doc):
        k = b.start
        if k < la:
            continue
        if k > 0 and (b.kind == "heading" or b.label or not doc.styled) and _LSCB_PART.match(b.text) \
                and not re.search(r"\s\d{1,3}$", b.text):
            return k
    return None


_GROUP = {"priority": "priority_and_immediate_action", "immediate": "priority_and_immediate_action",
          "areas": "areas_for_improvement"}


def _group(heading: str | None) -> str | None:
    if not heading or not SUBHEAD.match(heading):
        return None
    t = norm(heading)
    return "areas_for_priority_action" if t.startswith("areas for priority") else _GROUP[t.split()[0]]


def _items(doc: Document, raw: Raw, lscb_start: int | None, lscb_only: bool) -> None:
    """Every improvement list: under a heading ('Recommendations', 'What does the local
    authority need to improve?') or a sub-heading ('Priority and immediate action', 'Areas
    for improvement') that stands on its own; the sub-heading an item stands under is its
    group; items after the LSCB part begins are the LSCB's."""
    def part(head) -> str:
        k = head.start
        return "lscb" if lscb_only or (lscb_start is not None and k >= lscb_start) else "local_authority"

    for head, it in improvement(doc, HEADS, section_of=part, inner=SUBHEAD, no_items=NO_ITEMS,
                                found=raw.sections_found):
        group = _group(it.heading) or _group(head.text)
        raw.items.append(raw_item(head, it, part(head), group=group))


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    lines = doc.lines
    rep = Raw()
    head = lines[:30]
    ti = next((i for i, ln in enumerate(head) if re.match(
        r"(?i)^(?:re-? ?)?inspection of services|^review of the effectiveness", ln.text)), None)
    if ti is not None:
        rep.title, _ = title_lines(head, ti, lambda t: not re.match(r"(?i)inspection dates?|report published", t), 7)
        # the authority's name sits above the title, sometimes over two lines
        above = [ln.text for ln in head[max(0, ti - 3):ti] if not re.fullmatch(r"\d+", ln.text)]
        rep.provider = " ".join(above[-2:] if len(above) >= 2 and len(above[-2]) < 60 and not above[-2].endswith(".")
                                else above[-1:]).strip() or None
    rep.published = published_date(head)
    rep.inspection_start, rep.inspection_end = labelled_dates(head)
    rep.lead_inspector = lead_inspector(lines)

    front = _joined(lines[:60])
    if family != "la-lscb-review":
        g = _sentence_grade(OVERALL_RE, re.sub(r"\s+", " ", front))
        if g:
            rep.rows.append(Row("overall_effectiveness", g[1], "Overall effectiveness", lines[0].page, "sentence",
                                gid=g[0]))
        rep.rows.extend(_table(lines))
        rep.rows.extend(_graded_sentences(lines))
    text = _joined(lines)
    # the sentence starts a line; it may wrap ('… (LSCB) is' / 'requires improvement')
    hits = [m for m in (LSCB_RE.search(text), LSCB_RE.search(re.sub(r"\n(?=[a-z(])", " ", text))) if m]
    m = min(hits, key=lambda h: h.start()) if hits else None  # the first place it is said
    if m:
        g = find_grade(m.group(1))
        if g:
            rep.rows.append(Row("lscb", m.group(1), "The Local Safeguarding Children Board",
                                page_at(lines, m.start()), "sentence", gid=g[0]))
    if family != "la-lscb-review" and rep.title and re.search(r"(?i)local safeguarding children board", rep.title):
        info = next(f for f in FAMILIES if f.id == family)
        rep.expected = info.expected + ("lscb",)  # a joint report grades the board too
    _items(doc, rep, _lscb_start(doc), family == "la-lscb-review")
    return rep


_CONTENTS_LSCB = re.compile(r"(?i)^(?:section 2:? .*|the )?(?:effectiveness of the |review of the effectiveness of the )?"
                            r"(?:local safeguarding children board|lscb)\b.*?\s(\d{1,3})$")


def grade_pages(doc: Document, rep) -> list[int] | None:
    """For a partial read (grades): the pages where the LSCB part begins, from the contents
    page's entry for it ('The Local Safeguarding Children Board (LSCB) 42'); None where the
    contents do not say."""
    for ln in doc.lines:
        m = _CONTENTS_LSCB.match(ln.text)
        if m:
            p = int(m.group(1)) - 1  # printed page numbers are the file's: the cover is page 1
            return [p - 1, p, p + 1, p + 2]
    return None
