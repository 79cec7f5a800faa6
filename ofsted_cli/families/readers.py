"""The metadata readers every family uses: one rule each for the inspection dates (a labelled
line and its continuation, or a letter's sentence: 'Following my visit to the school on 14
March 2017', '…took place between 3 and 5 May'), the lead inspector (a labelled line or the
next cell, the name under an 'Inspector' heading, a letter's sign-off), a labelled value,
the URN, and the kind of social-care provision a report is about. Families call these and
never write their own (their only copies)."""
from __future__ import annotations

import re
from typing import Callable, Iterable

from ..document import Document, Line
from ..layout import blocks
from .common import (
    clean_person,
    dates_text,
    is_person,
    letter_date,
    parse_date,
    parse_date_range,
)

# --- dates ----------------------------------------------------------------------------------------
DATES_LABEL = re.compile(r"(?i)^(?:inspection dates?|dates? of (?:the )?inspection)\b")


def labelled_dates(lines: list[Line]) -> tuple[str | None, str | None]:
    """The first and last day of the inspection from its labelled line ('Inspection dates:
    11 and 12 July 2024', 'Inspection date 3 May 2022', the next line joined where the
    dates run on to it), the first such line that gives a date."""
    for i, ln in enumerate(lines):
        if DATES_LABEL.match(ln.text):
            start, end = parse_date_range(dates_text(lines, i, DATES_LABEL))
            if start:
                return start, end
    return None, None


def inspection_dates(doc: Document, limit: int = 60) -> tuple[str | None, str | None]:
    """The first and last day of the inspection: from its labelled line among the first
    ``limit`` lines (:func:`labelled_dates`), else from a letter's sentence
    (:func:`visit_dates`)."""
    start, end = labelled_dates(doc.lines[:limit])
    if start:
        return start, end
    published = letter_date(doc.lines, None, 30)
    return visit_dates(doc.lines, 0, int(published[:4]) if published else None)


_PUBLISHED = re.compile(r"(?i)^(?:report )?published\b")


def published_date(lines: list[Line]) -> str | None:
    """The date the report was published, from its labelled line ('Report published: 15
    July 2016', 'Published 3 May 2010')."""
    for ln in lines:
        if _PUBLISHED.match(ln.text):
            d = parse_date(ln.text)
            if d:
                return d
    return None


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
        m = _VISIT.search(sent)
        if m and _DAY_MONTH.search(sent):
            # the dates the visit's words introduce; a date before them (the letter's own,
            # where the letter's opening runs into its first sentence) is not the visit's
            s, e = parse_date_range(_YEAR_SPAN.sub("", sent[m.start():]), year)
            if s is None:
                s, e = parse_date_range(_YEAR_SPAN.sub("", sent), year)
            if s:
                return s, e
    return None, None


# --- letters --------------------------------------------------------------------------------------
# the closing paragraphs of a letter (to a school or an authority) end any list before them
LETTER_CLOSING = re.compile(r"(?i)^(?:ofsted will take the findings|yours (?:sincerely|faithfully)|if you have any|"
                            r"i am copying this letter|this letter will be published)\b")


# --- titles ---------------------------------------------------------------------------------------
def title_lines(lines: list[Line], i: int, more: Callable[[str], bool], most: int) -> tuple[str, int]:
    """A title that runs on over lines: line ``i`` and the lines after it for which
    ``more`` holds (each family knows what follows its titles), ``most`` lines at most; the
    title (one space between lines) and the index of the line after it."""
    out = [lines[i].text]
    k = i + 1
    while k < len(lines) and len(out) < most and more(lines[k].text):
        out.append(lines[k].text)
        k += 1
    return re.sub(r"\s+", " ", " ".join(out)).strip(), k


_TITLE_WORDS = re.compile(r"(?:[A-Z][\w'\u2019&-]*\s?)+")


def wrapped_title(doc: Document, i: int, not_title: Callable[[str], bool] | None = None) -> str:
    """A title that may wrap over lines ('Inspection of a good school: Hillside' / 'Primary
    School'): in a PDF, the heading block line ``i`` opens (lines in the same type); in
    text, the next line joined where it is a short run of capitalised words (not an
    address, not a date, not what ``not_title`` says is something else, such as a row label)."""
    first = doc.lines[i]
    if doc.styled:
        b = next((b for b in blocks(doc) if b.lines and b.lines[0] is first), None)
        return b.text if b is not None and b.kind == "heading" else first.text
    t = first.text
    if i + 1 < len(doc.lines):
        nxt = doc.lines[i + 1].text
        if t.endswith("-") and len(nxt) < 40:
            return t + nxt  # 'Pre-' / 'School'
        if len(nxt) < 40 and not re.search(r"[\d,:]", nxt) and _TITLE_WORDS.fullmatch(nxt) \
                and not (not_title and not_title(nxt)):
            return f"{t} {nxt}"
    return t


# --- where -----------------------------------------------------------------------------------------
def page_at(lines: list[Line], offset: int) -> int | None:
    """The page of the line where character ``offset`` falls in these lines' texts joined by
    one character (a space or a newline); for the whole document, :meth:`Document.page_at`."""
    pos = 0
    for ln in lines:
        pos += len(ln.text) + 1
        if pos > offset:
            return ln.page
    return lines[-1].page if lines else None


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


def lead_in_text(doc: Document) -> str | None:
    """The lead inspector as a report's closing details print them: 'Jo Mitchell, Lead
    inspector' or 'Lead inspector: Jo Mitchell' on a line of its own, anywhere in the report;
    else the first name under an 'Inspector(s)' heading (:func:`inspector_under_heading`)."""
    m = re.search(r"(?im)^(.+?),\s*(?:lead|reporting) inspector\b", doc.text) or \
        re.search(r"(?im)^(?:lead|reporting) inspector:?\s+(.+)$", doc.text)
    if m:
        name = clean_person(m.group(1))
        if name:
            return name
    return inspector_under_heading(doc)


def inspector_sentence(text: str) -> str | None:
    """The lead inspector a letter names in a sentence ('The lead inspector was Jo Mitchell,
    HMI', 'The inspectors were …', 'The inspector was …')."""
    m = re.search(r"(?i)(?:the )?lead inspector (?:was|is) ([A-Z][^,.;]+?)(?:,|\.| and |$)", text) or \
        re.search(r"(?i)the inspectors were ([A-Z][^,.;]+?)(?:,| and |\.)", text) or \
        re.search(r"(?i)the inspector was ([A-Z][^,.;]+?)(?:,|\.| and |$)", text)
    return clean_person(m.group(1)) if m else None


def team_lead(lines: list[Line]) -> str | None:
    """The lead of an 'Inspection team' printed in columns (Ofsted's, then the Care Quality
    Commission's): the first name in the block under the heading."""
    ti = next((i for i, ln in enumerate(lines) if re.match(r"(?i)^inspection team$", ln.text)), None)
    if ti is None:
        return None
    team = " ".join(ln.text for ln in lines[ti + 1:ti + 5])
    team = re.sub(r"^Ofsted\s+Care\s+Quality\s+Commission\s+", "", team)
    m = re.match(r"(?:(?:Dr|Mr|Mrs|Ms|Miss)\.?\s+)?([A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019-]+){1,3})\s*(?:,|\s+HMI\b)", team)
    return clean_person(m.group(1)) if m else None


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
    key = f"provision_kind:{limit}"  # asked by each social-care family's detect and by unknown's
    if key not in doc.derived:
        m = _PROVISION.search("\n".join(doc.texts[:limit]))
        doc.derived[key] = (m.group(1) or m.group(2)).lower().replace("\u2019", "'") if m else None
    return doc.derived[key]
