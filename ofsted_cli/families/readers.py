"""The metadata readers every family uses: one rule each for the inspection dates (a labelled
line and its continuation, or a letter's sentence: 'Following my visit to the school on 14
March 2017', '…took place between 3 and 5 May'), the lead inspector (a labelled line or the
next cell, the name under an 'Inspector' heading, a letter's sign-off), a labelled value,
the URN, and the kind of social-care provision a report is about. Families call these and
never write their own (their only copies)."""
from __future__ import annotations

import re
from typing import Iterable

from ..document import Document, Line
from .common import clean_person, dates_text, is_person, letter_date, parse_date_range

# --- dates ----------------------------------------------------------------------------------------
DATES_LABEL = re.compile(r"(?i)^(?:inspection dates?|dates? of (?:the )?inspection)\b")


def inspection_dates(doc: Document, limit: int = 60) -> tuple[str | None, str | None]:
    """The first and last day of the inspection: from its labelled line on the front page
    ('Inspection dates: 11 and 12 July 2024', the line after where it runs on), else from a
    letter's sentence (:func:`visit_dates`)."""
    lines = doc.lines[:limit]
    for i, ln in enumerate(lines):
        if DATES_LABEL.match(ln.text):
            start, end = parse_date_range(dates_text(lines, i, DATES_LABEL))
            if start:
                return start, end
    published = letter_date(doc.lines, None, 30)
    return visit_dates(doc.lines, 0, int(published[:4]) if published else None)


_VISIT = re.compile(r"(?i)\b(took place|visit(?:ed)? to|focused visit|between|on \d|from \d|inspected)")
_DAY_MONTH = re.compile(r"(?i)\d{1,2}\s*(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_YEAR_SPAN = re.compile(r"(?i)\b(?:19|20)\d{2}\s*(?:to|and)\s*(?:19|20)\d{2}\b")


def visit_dates(lines: list[Line], start: int, year: int | None, span: int = 40) -> tuple[str | None, str | None]:
    """A letter's inspection dates: the first sentence from ``start`` that says when the
    visit was ('This letter summarises the findings of the focused visit … on 2 and 3 March
    2021', 'Following my visit to the school on 14 March 2017'); a year not printed is the
    letter's (``year``)."""
    text = " ".join(ln.text for ln in lines[start:start + span])
    for sent in re.split(r"(?<=[.])\s+(?=[A-Z])", text):
        if _VISIT.search(sent) and _DAY_MONTH.search(sent):
            s, e = parse_date_range(_YEAR_SPAN.sub("", sent), year)
            if s:
                return s, e
    return None, None


# --- people ---------------------------------------------------------------------------------------
_LEAD = re.compile(r"(?i)^(?:lead|reporting) inspectors?(?: on site)?\b\s*:?\s*(.*)$")
_INSPECTOR_HEAD = re.compile(r"(?i)^(?:lead )?inspectors?:?$")
_SIGN_OFF = re.compile(r"(?i)^yours? (sincerely|faithfully)")


def lead_inspector(lines: list[Line], *, several: bool = False) -> str | None:
    """The lead inspector: 'Lead inspector: Jo Mitchell HMI' (or 'Reporting inspector …'),
    on the label's line or, where the label stands alone (a table's cell, the closing page's
    'Inspection team'), the name on the next line; with ``several``, every name printed
    ('A and B'). A label that gives no name is passed over for the next."""
    for i, ln in enumerate(lines):
        m = _LEAD.match(ln.text)
        if not m:
            continue
        rest = m.group(1).strip()
        if not rest:
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            name = clean_person(nxt.split(",")[0])
            if name and is_person(name):
                return name
            continue
        parts = re.split(r"\s+and\s+|;", rest) if several else [rest]
        names = [n for n in (clean_person(x) for x in parts) if n]
        if names:
            return " and ".join(names)
    return None


def inspector_under_heading(doc: Document, rx: re.Pattern = _INSPECTOR_HEAD) -> str | None:
    """The name under an 'Inspector' heading ('Jo Mitchell, Social Care Inspector'); with
    several inspectors, the first is the lead."""
    lines = doc.lines
    for i, ln in enumerate(lines):
        if rx.match(ln.text):
            for nxt in lines[i + 1:i + 3]:
                name = clean_person(nxt.text.split(",")[0])
                if name and is_person(name):
                    return name
    return None


def signatory(lines: list[Line]) -> str | None:
    """The person who signs a letter: the first name in the lines after 'Yours sincerely'."""
    for i, ln in enumerate(lines):
        if _SIGN_OFF.match(ln.text):
            for cand in lines[i + 1:i + 4]:
                name = clean_person(cand.text)
                if name and is_person(name) and " " in name:
                    return name
            return None
    return None


# --- labels, URN, provision -------------------------------------------------------------------------
def labelled_value(lines: Iterable[Line], label: str) -> str | None:
    """The value printed after 'Label:' on its line ('Registered provider: Ascent Ltd')."""
    rx = re.compile(r"(?i)^" + label + r"\s*:\s*(.+)$")
    for ln in lines:
        m = rx.match(ln.text)
        if m:
            return m.group(1).strip()
    return None


_URN = re.compile(r"(?im)^(?:unique reference number|urn):?\s*([A-Z]{0,2}\d{5,7})\b")


def urn_of(doc: Document) -> str | None:
    """The provider's unique reference number, from its labelled line ('Unique reference
    number: 139486', 'URN: SC123456'), wherever the report prints it."""
    m = _URN.search(doc.text)
    return m.group(1) if m else None


# the kinds of social-care provision, as Ofsted's provider tables name them (``Provision type``
# in ../shared/keys, 2015–2025), lower case; the longer first where one opens another
PROVISIONS = ("secure children's home", "children's home", "independent fostering agency",
              "local authority fostering agency", "voluntary adoption agency", "local authority adoption agency",
              "adoption support agency", "residential special school", "residential family centre",
              "boarding school", "residential holiday scheme for disabled children", "residential holiday scheme",
              "further education college with residential accommodation", "secure training centre",
              "supported accommodation")
KIND_PATTERN = "(" + "|".join(p.replace("'", "['\u2019]") for p in PROVISIONS) + ")"  # one group: the kind
# how a social-care report names its kind: 'Information about this children's home', 'What
# does the independent fostering agency need to do to improve?', 'Children's home details'
_PROVISION = re.compile(r"(?i)\b(?:information about this|inspection report for(?: a)?|inspection of (?:this|a)|"
                        r"this|what does the) " + KIND_PATTERN + r"\b|^" + KIND_PATTERN + r" details$", re.M)


def provision_kind(doc: Document, limit: int = 80) -> str | None:
    """The kind of social-care provision the report says it is about, in Ofsted's words
    (:data:`PROVISIONS`), from its first ``limit`` lines; None where it names none."""
    m = _PROVISION.search("\n".join(doc.texts[:limit]))
    if not m:
        return None
    return (m.group(1) or m.group(2)).lower().replace("\u2019", "'")
