"""Letters to local authorities: ILACS focused visits, joint targeted area inspections (JTAI)
and monitoring visits. None carries a graded judgement (``judgements`` is empty, which is
the correct answer); their improvement items are recommendations.
"""
from __future__ import annotations

import re

from ..document import Document, Line
from ..model import Recommendation, Report
from ..layout import find_headings, items, section
from .common import clean_person, norm, parse_date, parse_date_range

FAMILIES = {
    "la-focused-visit": "ILACS focused-visit letter (no graded judgements)",
    "la-jtai": "Joint targeted area inspection letter (no graded judgements)",
    "la-monitoring-visit": "Monitoring visit letter to a local authority (no graded judgements)",
}

IMPROVE_HEAD = re.compile(
    r"(?i)^(what needs to improve(?: in this area of (?:social work )?practice)?|areas? for improvement|"
    r"areas? for priority actions?|priority actions?)\s*\??:?$")
NO_ITEMS = re.compile(r"(?i)^(?:there (?:are|were) no|no areas for|the inspection did not|"
                      r"the areas (?:for|of) (?:improvement|priority action) (?:continue|remain))\b")
# the closing paragraphs of a letter end any list before them
CLOSING = re.compile(r"(?i)^(?:ofsted will take the findings|yours (?:sincerely|faithfully)|if you have any|"
                     r"i am copying this letter|this letter will be published)\b")
_DATE_LINE = re.compile(r"\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\s*")
_NAME = re.compile(r"^[A-Z][A-Za-z'\u2019\-]+(?: [A-Z][A-Za-z'\u2019\-.]*){1,3}$")


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


def _dates(lines: list[Line], start: int, year: int | None) -> tuple[str | None, str | None]:
    text = " ".join(ln.text for ln in lines[start:start + 40])
    for sent in re.split(r"(?<=[.])\s+(?=[A-Z])", text):
        if re.search(r"(?i)\b(took place|visit(?:ed)? to|focused visit|between|on \d|from \d|inspected)", sent) and \
                re.search(r"(?i)\d{1,2}\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", sent):
            s, e = parse_date_range(re.sub(r"(?i)\b(?:19|20)\d{2}\s*(?:to|and)\s*(?:19|20)\d{2}\b", "", sent), year)
            if s:
                return s, e
    return None, None


def _signatory(lines: list[Line]) -> str | None:
    for i, ln in enumerate(lines):
        if re.match(r"(?i)^yours? (sincerely|faithfully)", ln.text):
            for cand in lines[i + 1:i + 4]:
                name = clean_person(cand.text)
                if name and _NAME.match(name):
                    return name
            return None
    return None


def _inspector_sentence(text: str) -> str | None:
    m = re.search(r"(?i)(?:the )?lead inspector (?:was|is) ([A-Z][^,.;]+?)(?:,|\.| and |$)", text) or \
        re.search(r"(?i)the inspectors were ([A-Z][^,.;]+?)(?:,| and |\.)", text) or \
        re.search(r"(?i)the inspector was ([A-Z][^,.;]+?)(?:,|\.| and |$)", text)
    return clean_person(m.group(1)) if m else None


def improvement_items(doc: Document, head_rx: re.Pattern = IMPROVE_HEAD, paragraphs: bool = True) -> list[Recommendation]:
    """Items under each improvement heading, up to the next heading in the same or larger
    type; the heading is the section."""
    bs = doc.blocks
    recs: list[Recommendation] = []
    for i in find_headings(bs, head_rx, styled=doc.styled):
        section_name = re.sub(r"\s+", " ", bs[i].text).strip(" ?:").lower()
        sec = section(bs, i, stop=lambda b: bool(CLOSING.match(b.text)))
        for it in items(sec, paragraphs=paragraphs, styled=doc.styled):
            if NO_ITEMS.match(it.text):
                continue
            recs.append(Recommendation(it.full(), section_name, None, it.page))
    return recs


def parse(doc: Document, family: str) -> Report:
    lines = doc.lines
    rep = Report(type=family)
    ti = _title_index(lines)
    # the letter's date: a line that is only a date, before the title (or, where the PDF
    # puts that text box later, anywhere on the first page)
    first_page = lines[0].page if lines else None
    dated = [k for k, ln in enumerate(lines[:80]) if ln.page == first_page and _DATE_LINE.fullmatch(ln.text)]
    before = [k for k in dated if ti is None or k < ti]
    k = (before or dated or [None])[0]
    rep.published = parse_date(lines[k].text) if k is not None else None
    year = int(rep.published[:4]) if rep.published else None
    body = " ".join(ln.text for ln in lines[(ti or 0):(ti or 0) + 40])
    if ti is not None:
        title = [lines[ti].text]
        k = ti + 1
        while k < len(lines) and len(title) < 4 and not re.match(r"(?i)^this (letter|inspection)|^between|^dear", lines[k].text) \
                and not lines[k].text.endswith(".") and len(lines[k].text) < 80:
            title.append(lines[k].text)
            k += 1
        rep.title = re.sub(r"\s+", " ", " ".join(title)).strip()
        rep.provider = _provider(rep.title, body)
    rep.inspection_start, rep.inspection_end = _dates(lines, ti or 0, year)
    if family != "la-jtai":
        rep.lead_inspector = _signatory(lines) or _inspector_sentence(body)
    rep.recommendations = improvement_items(doc)
    return rep
