"""Area SEND inspections of local area partnerships (2023+), and the earlier joint local
area SEND inspection letters (2016–2022).

The 2023+ outcome is one of three sentences under 'Inspection outcome' (judgement
``area_send_outcome``); recommendations are the rows of the 'Areas for priority action' and
'Areas for improvement' tables (one paragraph a row; a 'Responsible body' column, where
printed, becomes the item's ``responsible_body``).
"""
from __future__ import annotations

import re
from typing import Any

from ..document import BULLET, Document, Line
from ..layout import ends_sentence, item_marker, join_text, strip_connector
from .base import FamilyInfo, Raw, RawItem, Row
from .common import letter_date, norm, section_id
from .la_letters import NO_ITEMS
from .readers import LETTER_CLOSING as CLOSING
from .readers import labelled_dates, page_at, team_lead, title_lines, visit_dates

SECTIONS = {"areas_for_priority_action": "Areas for priority action (a table)",
            "areas_for_improvement": "Areas for improvement (a table)",
            "areas_of_significant_weakness": "Areas of significant weakness (2016–2022 letters)"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 40

FAMILIES = [
    FamilyInfo("la-send-area-2023", "Area SEND inspection of a local area partnership (2023+): outcome sentence",
               {"area_send_outcome": "Inspection outcome"}, ("area_send_outcome",), SECTIONS,
               evidence="real (38)", authority=True),
    FamilyInfo("la-send-area-2016", "Joint local area SEND inspection letter (2016–2022): written statement of action "
               "or not", sections=SECTIONS, graded=False, authority=True),
]
OUTCOMES = [
    (re.compile(r"(?i)widespread\s+and/or\s+systemic\s+failings|systemic\s+failings"), "systemic_failings"),
    (re.compile(r"(?i)lead\s+to\s+inconsistent\s+experiences"), "inconsistent_experiences"),
    (re.compile(r"(?i)typically\s+lead\s+to\s+positive\s+experiences"), "positive_experiences"),
]
HEADS = re.compile(r"(?i)^(areas for priority action|areas for improvement|areas of significant weakness)\s*:?$")


def detect(doc: Document) -> str | None:
    head = norm(" ".join(doc.texts[:30]))
    if re.search(r"area send inspection of|local area partnership report", head):
        return "la-send-area-2023"
    if re.search(r"joint local area send inspection|local area send inspection|inspection of (?:the )?local area .*special educational needs", head):
        return "la-send-area-2016"
    return None


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    lines = doc.lines
    rep = Raw()
    head = lines[:30]
    for i, ln in enumerate(head):
        t = ln.text
        if re.match(r"(?i)^area send inspection of", t) and rep.title is None:
            rep.title, _ = title_lines(head, i, lambda t: not re.match(r"(?i)inspection dates?", t), 2)
            m = re.search(r"(?i)area send inspection of (?:the )?(.+?)\s+local\s+area\s+partnership", rep.title)
            rep.provider = m.group(1).strip() if m else None
    rep.inspection_start, rep.inspection_end = labelled_dates(head)
    if family == "la-send-area-2016":
        ti = next((i for i, ln in enumerate(lines[:40]) if re.match(r"(?i)^(?:joint )?local area send inspection", ln.text)), None)
        rep.published = letter_date(lines, ti, 15)
        if ti is not None:
            rep.title = lines[ti].text
            m = re.search(r"(?i)\binspection (?:in|of) (?:the )?(.+)$", rep.title)
            rep.provider = m.group(1).strip() if m else None
            year = int(rep.published[:4]) if rep.published else None
            rep.inspection_start, rep.inspection_end = visit_dates(lines, ti, year, span=10)
        text = re.sub(r"\s+", " ", doc.text)
        m = re.search(r"(?i)(?:has|have) determined that (?:a )?written statement of action (?:\(WSOA\) )?is (not )?required", text)
        if m:
            rep.extra["written_statement_of_action"] = m.group(1) is None
    else:
        front = lines[:60]
        text = " ".join(ln.text for ln in front)
        for rx, gid in OUTCOMES:
            m = rx.search(text)
            if m:
                rep.rows.append(Row("area_send_outcome", m.group(0), "Inspection outcome", page_at(front, m.start()),
                                    "sentence", gid=gid))
                break
        rep.lead_inspector = team_lead(lines)
    rep.items = _table_items(lines, rep.sections_found)
    return rep


# how a recommendation row opens: a named group of leaders (not 'They' / 'This' continuing one)
NEW_ROW = re.compile(r"^(?!(?:They|This|These|It|Their|There)\b)(?:[A-Z][\w&'\u2019-]*\s+(?:[\w&'\u2019,-]+\s+){0,7}?)?"
                     r"(?i:leaders|partnership|partners|commissioners|council|board|icb)\b[^.]{0,60}?\b(?:should|must|needs?)\b")
_BODY = re.compile(r"(?i)\b(council|nhs|integrated care|icb|board|trust|partnership)\b|^and\b")
_ACTION = re.compile(r"(?i)\b(should|must|need|needs|ensure|improve|leaders)\b")


_NAME_WORD = re.compile(r"^(?:[A-Z][\w\u2019'()&.-]*,?|and|of|the|for|&|upon|on|in)$")


def _is_body(t: str) -> bool:
    """A line of the 'Responsible body' column: a short organisation name (capitalised words),
    no action verb, no sentence end."""
    if len(t) >= 50 or _ACTION.search(t) or t.endswith(".") or t.startswith(BULLET):
        return False
    words = t.split()
    return bool(words) and (bool(_BODY.search(t)) and words[0][:1].isupper() or all(_NAME_WORD.match(w) for w in words))


def _table_items(lines: list[Line], found: list[str]) -> list[RawItem]:
    """Rows of the improvement tables. With a 'Responsible body' column its names separate
    the rows (and are kept as ``responsible_body``); without it each paragraph is a row,
    a lead-in ending ':' keeping its bullets."""
    recs: list[RawItem] = []
    i, n = 0, len(lines)
    while i < n:
        if not HEADS.match(lines[i].text):
            i += 1
            continue
        heading = lines[i].text.strip(" :")
        section = section_id(heading)
        j = i + 1
        region: list[Line] = []
        while j < n and not HEADS.match(lines[j].text) and not CLOSING.match(lines[j].text) and \
                not re.match(r"(?i)^(local area partnership details|inspection team|what is it like\b.*\?|"
                             r"information about the local area partnership)$", lines[j].text):
            if re.match(r"(?i)^responsible bod(?:y|ies)\b", lines[j].text):
                j += 1
                continue
            region.append(lines[j])
            j += 1
        rows = _rows_by_geometry(region) if region and all(ln.box for ln in region) else _rows_by_text(region)
        if rows and not any(NO_ITEMS.match(ln.text) for ln in region):
            found.append(section)
        for body, row in rows:
            if not row:
                continue
            parts = []
            for ln in row:
                mk = item_marker(ln.text)
                if mk and parts:
                    parts[-1] = strip_connector(parts[-1])  # '…; and' before the next bullet of the cell
                parts.append(mk[2] if mk else ln.text)
            text = join_text(parts)
            if not text or NO_ITEMS.match(text):
                continue
            extra = {"responsible_body": join_text(body)} if body else {}
            recs.append(RawItem(text, section, heading, row[0].page, extra=extra))
        i = j
    return recs


TableRow = tuple[list[str], list[Line]]


def _rows_by_geometry(region: list[Line]) -> list[TableRow]:
    """Table rows from line boxes. Two columns (a 'Responsible body' column on the left):
    each item line joins the row whose body cell starts level with or above it. One column:
    a row ends where the vertical gap to the next line is wider than between lines of a
    paragraph (a lead-in ending ':' keeps its bullets)."""
    xs = sorted(ln.box[0] for ln in region)
    left = xs[0]
    right = [ln for ln in region if ln.box[0] > left + 80]
    if right and len(right) < len(region) and any(_is_body(ln.text) for ln in region if ln.box[0] <= left + 80):
        region = _split_merged_cells(region, left, min(ln.box[0] for ln in right))
        rows: list[TableRow] = []
        tops: list[tuple[int | None, float, int]] = []  # (page, top of the body cell, row index)
        prev_left = False
        prev_page = region[0].page
        for ln in region:
            if ln.box[0] <= left + 80:
                if not prev_left:
                    carried = rows and ln.page != prev_page and rows[-1][1] and not ends_sentence(rows[-1][1][-1].text)
                    if not carried:  # a row that runs over a page break keeps its row
                        rows.append(([], []))
                    tops.append((ln.page, ln.box[3], len(rows) - 1))
                rows[-1][0].append(ln.text)
                prev_left = True
                prev_page = ln.page
                continue
            prev_page = ln.page
            prev_left = False
            target = None
            for page, top, r in tops:
                if page == ln.page and top >= ln.box[3] - 3:
                    target = r
            if target is None:
                target = len(rows) - 1 if rows else None
            if target is None:
                rows.append(([], []))
                target = 0
            rows[target][1].append(ln)
        return rows
    pitches = sorted(a.box[3] - b.box[3] for a, b in zip(region, region[1:])
                     if a.page == b.page and 0 < a.box[3] - b.box[3] < 40)
    pitch = pitches[len(pitches) // 2] if pitches else 14.0
    rights = sorted(ln.box[2] for ln in region)
    margin = rights[int(0.9 * (len(rights) - 1))] - 30  # a line ending left of this is a paragraph's last
    rows = []
    for k, ln in enumerate(region):
        prev = region[k - 1] if k else None
        starts = prev is None
        if prev is not None and not prev.text.endswith(":") and not ln.text.startswith(BULLET):
            if re.match(r"^\d{1,2}\.\s", ln.text):
                starts = True
            elif ends_sentence(prev.text) and ln.text[:1].isupper():
                gap = prev.page == ln.page and prev.box[3] - ln.box[3] > 1.35 * pitch
                starts = gap or prev.box[2] < margin or bool(NEW_ROW.match(ln.text))
        if starts:
            rows.append(([], []))
        m = re.match(r"^\d{1,2}\.\s+", ln.text)
        rows[-1][1].append(Line(ln.text[m.end():], ln.page, ln.box) if m else ln)
    return rows


_ORG_END = re.compile(r"(?i)\b(?:council|board|icb|trust|partnership|authority|nhs \w+|leaders)$")


def _split_merged_cells(region: list[Line], left: float, col: float) -> list[Line]:
    """A line that starts in the body column but runs far into the item column holds both
    cells (the text layer joined them): split it at the word nearest the column edge, placing
    words by the line's average character width."""
    out = []
    for ln in region:
        x0, bottom, x1, top = ln.box
        if x0 > left + 80 or x1 < col + 40 or len(ln.text) < 10:
            out.append(ln)
            continue
        per_char = (x1 - x0) / len(ln.text)
        edge = (col - 8 - x0) / per_char  # characters that fit in the body column
        cuts = [m.start() for m in re.finditer(r" ", ln.text) if abs(m.start() - edge) <= 12]
        # near the estimated edge, prefer a cut after a word that ends an organisation's name
        cut = min(cuts, key=lambda c: (not _ORG_END.search(ln.text[:c]), abs(c - edge))) if cuts else None
        if cut is None or not ln.text[cut + 1:cut + 2].isupper():
            out.append(ln)
            continue
        out.append(Line(ln.text[:cut], ln.page, (x0, bottom, x0 + cut * per_char, top)))
        out.append(Line(ln.text[cut + 1:], ln.page, (col, bottom, x1, top)))
    return out


def _rows_by_text(region: list[Line]) -> list[TableRow]:
    """The same from text alone (text input): body names by their wording, rows by sentences."""
    with_bodies = sum(1 for ln in region if _is_body(ln.text)) >= 1 and any(
        re.search(r"(?i)council|integrated care|icb|nhs", ln.text) for ln in region if _is_body(ln.text))
    rows: list[TableRow] = []
    if with_bodies:
        body: list[str] = []
        for ln in region:
            if _is_body(ln.text):
                if rows and rows[-1][1] and not body and not ends_sentence(rows[-1][1][-1].text) and len(ln.text) < 12:
                    rows[-1][0].append(ln.text)  # tail of a wrapped name after a page break
                    continue
                body.append(ln.text)
                continue
            if body or not rows:
                rows.append((body, []))
                body = []
            rows[-1][1].append(ln)
        return rows
    numbered = sum(1 for ln in region if re.match(r"^\d{1,2}\.\s", ln.text)) >= 2
    for ln in region:
        if numbered:
            m = re.match(r"^\d{1,2}\.\s+", ln.text)
            starts = bool(m) or not rows
            if m:
                ln = Line(ln.text[m.end():], ln.page)
        else:
            starts = not rows or (ends_sentence(rows[-1][1][-1].text) and not rows[-1][1][-1].text.endswith(":")
                                  and not ln.text.startswith(BULLET) and ln.text[:1].isupper())
        if starts:
            rows.append(([], []))
        rows[-1][1].append(ln)
    return rows
