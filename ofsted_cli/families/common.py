"""Helpers every family shares: dates, names, grades at the end of a line, judgement tables,
letter dates and improvement sections. One rule each, so a family is its headings, its key
map and the few things only it prints."""
from __future__ import annotations

import datetime as dt
import functools
import re
from difflib import SequenceMatcher
from typing import Callable

from ..document import Document, Line
from ..layout import Block, Item, blocks, find_headings, items, section, split_at
from .base import RawItem, Row

# --- dates ---------------------------------------------------------------------------------
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_TOKEN = re.compile(
    r"(?i)\b(?P<nd>\d{1,2})/(?P<nm>\d{1,2})/(?P<ny>(?:19|20)\d{2})\b"
    r"|\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:of\s+)?(?P<m>" + MONTH_RE + r")\b\.?)?(?:\s*,?\s*(?P<y>(?:19|20)\d{2})\b)?")
DATE_TEXT_LIMIT = 400  # a dates field is short: longer text is cut before parsing (linear time)


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def date_tokens(text: str) -> list[tuple[int, int | None, int | None]]:
    """Day/month/year triples in order; month and year may be missing ('6–17 June 2011')."""
    toks = []
    for m in _DATE_TOKEN.finditer(text[:DATE_TEXT_LIMIT]):
        if m.group("nd"):
            toks.append((int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))))
            continue
        if not m.group("m") and not m.group("y"):
            toks.append((int(m.group("d")), None, None))  # a bare number: the first day of a range?
            continue
        mon = MONTHS.get(m.group("m").lower()[:4].rstrip(".")) if m.group("m") else None
        if mon is None and m.group("m"):
            mon = MONTHS.get(m.group("m").lower()[:3])
        toks.append((int(m.group("d")), mon, int(m.group("y")) if m.group("y") else None))
    return toks


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """The first full date in text ('22 July 2011', '09/11/2010'), or None."""
    for d, m, y in date_tokens(text):
        if m and (y or default_year):
            return _iso(y or default_year, m, d)
    return None


def parse_date_range(text: str, default_year: int | None = None) -> tuple[str | None, str | None]:
    """First and last date of a printed range or list of dates; None where not certain.
    A bare day takes the month (and year) of the next dated token; a missing year the next
    year printed, else ``default_year``. Linear in the text's length."""
    toks = date_tokens(text)
    # the next month and year printed after each token, from a scan backwards
    nxt_month: list[tuple[int | None, int | None]] = [(None, None)] * len(toks)
    nxt_year: list[int | None] = [None] * len(toks)
    month, year = (None, None), None
    for i in range(len(toks) - 1, -1, -1):
        nxt_month[i], nxt_year[i] = month, year
        d, m, y = toks[i]
        if m:
            month = (m, y)
        if y:
            year = y
    out = []
    for i, (d, m, y) in enumerate(toks):
        if m is None:
            if nxt_month[i][0] is None:
                continue  # a number no month follows
            m, y = nxt_month[i][0], y or nxt_month[i][1]
        if y is None:
            y = nxt_year[i] or default_year
        if y is None:
            continue
        iso = _iso(y, m, d)
        if iso:
            out.append(iso)
    if not out:
        return None, None
    start, end = out[0], out[-1]
    if end < start:
        return None, None
    return start, end


_MONTH_START = re.compile(r"(?i)^(?:\d|[-\u2013\u2014]|and\b|to\b|" + MONTH_RE + r"\b)")


def dates_text(lines: list[Line], i: int, label: re.Pattern | None = None) -> str:
    """The text of a dates line after its label, with the next line joined when it carries
    on the dates ('… and 28 – 30' / 'January 2014')."""
    t = lines[i].text
    txt = t.split(":", 1)[1] if ":" in t else (label.sub("", t) if label else t)
    if i + 1 < len(lines) and _MONTH_START.match(lines[i + 1].text) and \
            (re.search(r"(?i)(\d|[-\u2013\u2014]|\band|\bto)\s*$", t) and not re.search(r"(?:19|20)\d{2}\s*$", t)
             or re.match(r"^[\d\-\u2013]", lines[i + 1].text) and len(lines[i + 1].text) < 40):
        txt += " " + lines[i + 1].text
    return txt


_DATE_LINE = re.compile(r"\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4}\s*")


def letter_date(lines: list[Line], title_index: int | None = None, limit: int = 80) -> str | None:
    """A letter's date: a line that is only a date, on the first page, before the title (or,
    where the PDF puts that text box later, anywhere on the first page)."""
    if not lines:
        return None
    first_page = lines[0].page
    dated = [k for k, ln in enumerate(lines[:limit]) if ln.page == first_page and _DATE_LINE.fullmatch(ln.text)]
    before = [k for k in dated if title_index is None or k < title_index]
    k = (before or dated or [None])[0]
    return parse_date(lines[k].text) if k is not None else None


# --- names -------------------------------------------------------------------------------
_TITLES = re.compile(
    r"(?i)\s*[,(]?\s*\b(?:HMI|OI|His Majesty['\u2019]s Inspector|Her Majesty['\u2019]s Inspector|"
    r"Ofsted Inspector|Senior HMI|lead inspector|HM Inspector|"
    r"Social Care (?:\(Regulatory\) |Regulatory )?Inspector|Early Years Regulatory Inspector|"
    r"Regulatory Inspector|Inspector)\b\)?\.?")
_NAME = re.compile(r"^[A-Z][\w'\u2019.-]*(?:[ -][A-Z][\w'\u2019.-]*){0,4}$")


def clean_person(name: str | None) -> str | None:
    """A person's name alone: no 'HMI', 'His Majesty's Inspector', role or trailing
    punctuation; None where what is left is not a name (too long, a sentence, lower case)."""
    if not name:
        return None
    n = _TITLES.sub(" ", name[:200])
    n = re.sub(r"\s+", " ", n).strip(" ,.;:-\u2013")
    n = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", n)
    if not n or len(n) > 60 or not re.match(r"[A-Z]", n) or len(n.split()) > 6:
        return None
    return n


def is_person(name: str) -> bool:
    return bool(_NAME.match(name))


# --- headings and lines ------------------------------------------------------------------
def norm(s: str) -> str:
    """Loose form for heading matching: lower case, straight quotes, no end punctuation."""
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .:?*")


_CONTENTS_ENTRY = re.compile(r"\s\d{1,3}$")


def looks_contents(lines: list[Line], i: int) -> bool:
    """A line ending in a page number among others like it: a contents entry."""
    near = lines[max(0, i - 3): i + 4]
    return sum(1 for ln in near if _CONTENTS_ENTRY.search(ln.text)) >= 3


def find_line(lines: list[Line], pattern: str | re.Pattern, start: int = 0, stop: int | None = None,
              skip_contents: bool = True) -> int | None:
    """Index of the first line matching pattern (regex on the text), else None; contents
    entries are skipped."""
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    stop = len(lines) if stop is None else stop
    for i in range(start, stop):
        t = lines[i].text
        if rx.search(t) and not (skip_contents and _CONTENTS_ENTRY.search(t) and looks_contents(lines, i)):
            return i
    return None


# --- grades ------------------------------------------------------------------------------
GRADE_WORDS = (r"requires?\s+improvement(?:\s+to(?:\s+be(?:\s+good)?)?)?|outstanding|inadequate|adequate|good|"
               r"satisfactory|exceptional|strong\s+standard|expected\s+standard|needs\s+attention|urgent\s+improvement|"
               r"not\s+met(?:\s+with\s+(?:actions|enforcement))?|met|not\s+judged")
_GRADE_END = re.compile(r"(?i)^(.*?)[\s:]*\b(" + GRADE_WORDS + r")(?:\s+[1-4])?\s*\.?$")
_GRADE_N = re.compile(r"(?i)^(.*?)\s*\b(Grade\s*[1-4]\s*\([A-Za-z ]+\))\s*$")


def split_grade(text: str) -> tuple[str, str] | None:
    """(label, grade words) where a line ends with a grade ('Overall effectiveness Good',
    'Outcomes for pupils Requires improvement', '…protection: good', 'Grade 2 (good)',
    'Requires improvement 3', 'Not judged'); None otherwise. The one grade-at-line-end rule."""
    t = text.strip().strip("*")
    m = _GRADE_N.match(t) or _GRADE_END.match(t)
    if not m:
        return None
    return m.group(1).strip(" :\u2013-"), re.sub(r"\s+", " ", m.group(2))


# a grade printed over two lines ('Requires improvement to' / 'be good'): the one rule
GRADE_OPEN = re.compile(r"(?i)\bto(?:\s+be)?$")           # the grade's words cut short
GRADE_REST = re.compile(r"(?i)(?:to\s+)?(?:be\s+)?good")   # the rest, alone on the next line (fullmatch)


def join_split_grade(grade: str, nxt: str) -> str | None:
    """'Requires improvement to' and a next line 'be good' as one grade; None where ``nxt``
    does not finish ``grade``."""
    nxt = nxt.strip()
    if GRADE_OPEN.search(grade.strip()) and GRADE_REST.fullmatch(nxt):
        return f"{grade.strip()} {nxt}"
    return None


_SPLIT_GRADE_END = re.compile(r"(?i)\brequires?(?:\s+improvement(?:\s+to(?:\s+be)?)?)?$")
_SPLIT_GRADE_NEXT = re.compile(r"(?i)^(?:improvement|to be good|to be|be good|good)\b")


def merge_split_grades(lines: list[Line]) -> list[Line]:
    """Rejoin a grade wrapped over two lines in a table ('Requires' / 'improvement',
    'Requires improvement to' / 'be good')."""
    out: list[Line] = []
    lines = list(lines)
    # 'Requires' / label / 'improvement': a grade centred on a one-line label, split around it
    for i in range(len(lines) - 1):
        head = lines[i].text
        if not re.fullmatch(r"(?i)requires?(?:\s+improvement(?:\s+to)?)?", head):
            continue
        mid = lines[i + 1].text
        if i + 2 < len(lines) and re.fullmatch(r"(?i)(?:improvement(?: to(?: be(?: good)?)?)?|to be good|be good)", lines[i + 2].text):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]  # grade halves above and below the label
        elif re.fullmatch(r"(?i)requires?", head) and (m := re.search(r"(?i)\s(improvement(?:\s+to(?:\s+be)?)?)$", mid)):
            # 'Requires' above, 'improvement' at the end of the label line
            lines[i + 1] = Line(mid[: m.start()].rstrip() + " " + head + " " + m.group(1), lines[i + 1].page)
            lines[i] = Line("", lines[i].page)
    for i in range(len(lines) - 1):
        # 'label … Requires' / 'label tail improvement': two columns read line by line
        m1 = re.search(r"(?i)(?<=\S)\s+(requires?)$", lines[i].text)
        m2 = re.search(r"(?i)(?:^|\s)(improvement(?:\s+to(?:\s+be(?:\s+good)?)?)?)$", lines[i + 1].text)
        if m1 and m2 and lines[i].text:
            lines[i] = Line(lines[i].text[: m1.start()], lines[i].page)
            tail = lines[i + 1].text[: m2.start()].strip()
            lines[i + 1] = Line(f"{tail} {m1.group(1)} {m2.group(1)}".strip(), lines[i + 1].page)
    lines = [ln for ln in lines if ln.text]
    for ln in lines:
        if out and _SPLIT_GRADE_END.search(out[-1].text) and _SPLIT_GRADE_NEXT.match(ln.text):
            prev = out[-1].text
            # only a continuation of the grade words themselves
            if not re.search(r"(?i)improvement$", prev) or re.match(r"(?i)^(?:to be good|to be|be good)\b", ln.text):
                if re.search(r"(?i)requires?$", prev) and not re.match(r"(?i)^improvement", ln.text):
                    out.append(ln)
                    continue
                out[-1] = Line(f"{prev} {ln.text}", out[-1].page)
                continue
        out.append(ln)
    return out


_WORD = re.compile(r"[a-z0-9]+")


@functools.lru_cache(maxsize=4096)
def _words(s: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(s.lower().replace("\u2019", "'").replace("well-being", "wellbeing")))


def _bound(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """An upper bound of SequenceMatcher(None, a, b).ratio(): twice the words the two have in
    common (as multisets), over their lengths; cheap, so the ratio is worked out only where
    it could matter."""
    have: dict[str, int] = {}
    for x in b:
        have[x] = have.get(x, 0) + 1
    common = 0
    for x in a:
        if have.get(x, 0) > 0:
            have[x] -= 1
            common += 1
    return 2.0 * common / (len(a) + len(b))


def _pairs(choices) -> list[tuple[str, str]]:
    """(printed label, key) pairs from a key -> label dict or a list of pairs."""
    return [(v, k) for k, v in choices.items()] if isinstance(choices, dict) else list(choices)


MAX_EXTRA_WORDS = 4  # words a printed row label may add to the known label ('…, taking into account')


def match_label(label: str, choices, loose: float = 0.8) -> tuple[str | None, bool]:
    """(key, exact) for a printed row label: exact where a known label's words open the
    printed label (the longest such label wins); else the key whose label is most like it,
    at ``loose`` similarity or more (a misprint: 'The effectiveness of leaders and
    manager'); (None, False) for none. ``choices``: key -> label, or (label, key) pairs."""
    w = _words(label)
    best, best_r, best_len, exact, exact_len = None, 0.0, 0, None, 0
    for want, key in _pairs(choices):
        ww = _words(want)
        if ww and w[:len(ww)] == ww:
            if len(ww) > exact_len:
                exact, exact_len = key, len(ww)
            continue
        if not ww:
            continue
        a = w[:len(ww) + 2]
        bound = _bound(a, ww)
        if bound < loose or bound <= best_r:
            continue  # could be neither the answer nor bar one
        r = SequenceMatcher(None, a, ww, autojunk=False).ratio()
        if r > best_r:
            best, best_r, best_len = key, r, len(ww)
    # a label is a label, not a sentence: a few words more than the known label at most
    if exact is not None and len(w) - exact_len <= MAX_EXTRA_WORDS:
        return exact, True
    if best_r >= loose and len(w) - best_len <= MAX_EXTRA_WORDS:
        return best, False
    return None, False


def grade_rows(lines: list[Line], keys, *, limit: int | None = None,
               source: str = "table", skip: Callable[[str], bool] | None = None) -> list[Row]:
    """Rows of a 'label | grade' table read in the text's order: the label may wrap over
    lines before its grade (a grade alone on its line, or at the end of the label's last
    line); the label is matched to the family's keys (loosely, for misprints). A key is read
    once."""
    rows: list[Row] = []
    pending: list[Line] = []
    found: set[str] = set()
    lines = lines[:limit]
    rest_of_grade = -1
    for i, ln in enumerate(lines):
        if i == rest_of_grade:
            continue
        if skip is not None and skip(ln.text):
            pending = []
            continue
        sp = split_grade(ln.text)
        if sp is None:
            pending = (pending + [ln])[-3:]
            continue
        label, grade = sp
        best: tuple[str | None, bool, str] = (None, False, "")
        for n in range(0, len(pending) + 1):
            cand = " ".join([x.text for x in pending[len(pending) - n:]] + [label]).strip()
            if not cand:
                continue
            key, exact = match_label(cand, keys)
            if key and (exact or best[0] is None):
                best = (key, exact, cand)
                if exact:
                    break
        pending = []
        key, exact, area = best
        if i + 1 < len(lines) and (joined := join_split_grade(grade, lines[i + 1].text)):
            grade, rest_of_grade = joined, i + 1
        if key and key not in found:
            found.add(key)
            rows.append(Row(key, grade, area, ln.page, source, exact=exact))
    return rows


def heading_rows(doc: Document, keys) -> list[Row]:
    """Headings that state a grade ('The effectiveness of leaders and managers: outstanding',
    'Effectiveness of leadership and management requires improvement'): one row per key."""
    out: list[Row] = []
    found: set[str] = set()
    seen: dict[str, tuple | None] = {}  # a heading's words, read once however often printed
    for b in blocks(doc):
        if b.kind != "heading":
            continue
        t = b.text
        if t not in seen:
            sp = split_grade(t)
            seen[t] = (sp, *match_label(sp[0], keys)) if sp and sp[0] else None
        got = seen[t]
        if got is None:
            continue
        sp, key, exact = got
        if key and exact and key not in found:
            found.add(key)
            out.append(Row(key, sp[1], sp[0], b.page, "heading"))
    return out


# --- improvement sections -----------------------------------------------------------------
def section_id(text: str) -> str:
    """An id for a printed heading ('Areas for priority action' -> 'areas_for_priority_action')."""
    return re.sub(r"[^a-z0-9]+", "_", norm(text)).strip("_")


def _cut(sec: list[Block], rx: re.Pattern) -> list[Block]:
    """The section up to the first line matching ``rx`` (text input runs a closing sentence
    into the last item's block; in a PDF it is a block of its own)."""
    for k, b in enumerate(sec):
        for j, ln in enumerate(b.lines):
            if rx.match(ln.text):
                if j == 0:
                    return sec[:k]
                return sec[:k] + [Block(b.kind, b.lines[:j], b.level, b.marker, b.mkind, b.body, b.label, b.start)]
    return sec


# a list of strengths is not a list of improvements, wherever the report prints it: its
# lead-in ('The local authority has the following strengths:', 'Key strengths') ends a section
STRENGTHS = re.compile(r"(?i)^(?:[\w'\u2019 ]{0,60}?\b(?:has|have|had|shows?|demonstrates?) the following "
                       r"(?:key |main )?strengths|(?:key |main |its |the )?strengths(?: are| include)?)\s*:?$")


def improvement(doc: Document, head_rx: re.Pattern, *, section_of: Callable[[Block], str | None],
                inner: re.Pattern | None = None, stop: Callable[[Block], bool] | None = None,
                stop_rx: re.Pattern | None = None,
                paragraphs: bool = True, trailing_paragraphs: bool = False,
                no_items: re.Pattern | None = None, earlier: re.Pattern | None = None,
                first_only: bool = False, found: list[str] | None = None) -> list[tuple[Block, Item]]:
    """The items under each heading matching ``head_rx`` (a section walker over the layout's
    blocks): (heading block, item); a strengths lead-in (:data:`STRENGTHS`) ends a section.
    ``section_of`` maps the heading to the family's section
    id; ``found`` collects the ids of the sections the report prints that hold
    something. A statement that there are none (``no_items``) is not an item, bulleted or
    not; one that the areas of an earlier inspection stand (``earlier``) is not an item as a
    paragraph, but is one where the report prints it as an entry of its list."""
    bs = blocks(doc) if doc.styled else split_at(blocks(doc), head_rx, inner)
    out: list[tuple[Block, Item]] = []
    done = -1
    heads = find_headings(bs, head_rx, styled=doc.styled)
    for i in heads[:1] if first_only else heads:
        if i <= done:
            continue
        sec = section(bs, i, inner=inner, stop=stop)
        done = i + len(sec)
        sec = _cut(sec, STRENGTHS)
        if stop_rx is not None:
            sec = _cut(sec, stop_rx)
        got = items(sec, paragraphs=paragraphs, trailing_paragraphs=trailing_paragraphs, styled=doc.styled)
        said_none = any(_says_none(b.text, b.kind == "item", no_items, earlier) for b in sec)
        kept = [it for it in got if not _says_none(it.text, it.kind != "para", no_items, earlier)]
        printed = any(b.kind != "heading" for b in sec)  # a heading with nothing under it holds nothing
        if found is not None and printed and not said_none and section_of(bs[i]):
            found.append(section_of(bs[i]))
        out.extend((bs[i], it) for it in kept)
    return out


def _says_none(text: str, listed: bool, no_items: re.Pattern | None, earlier: re.Pattern | None) -> bool:
    return bool((no_items is not None and no_items.match(text))
                or (not listed and earlier is not None and earlier.match(text)))


def raw_item(head: Block, it: Item, section: str | None, **extra) -> RawItem:
    num = int(it.marker.rstrip(".)")) if it.kind == "number" and it.marker and it.marker.rstrip(".)").isdigit() else None
    return RawItem(it.full(), section, it.heading or head.text, it.page, number=num, points=it.points() or None,
                   extra={k: v for k, v in extra.items() if v is not None})
