"""Helpers every family parser shares: dates, names, headings and list items."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..document import BULLET, Line

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_DATE_TOKEN = re.compile(
    r"(?i)\b(?P<nd>\d{1,2})/(?P<nm>\d{1,2})/(?P<ny>(?:19|20)\d{2})\b"
    r"|\b(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:of\s+)?(?P<m>" + _MONTH_RE + r")\b\.?)?(?:\s*,?\s*(?P<y>(?:19|20)\d{2})\b)?")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def date_tokens(text: str) -> list[tuple[int, int | None, int | None]]:
    """Day/month/year triples in order; month and year may be missing ('6–17 June 2011')."""
    toks = []
    for m in _DATE_TOKEN.finditer(text):
        if m.group("nd"):
            toks.append((int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))))
            continue
        if not m.group("m") and not m.group("y"):
            # a bare number counts only as the first day of a range ('6–17 June')
            toks.append((int(m.group("d")), None, None))
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
    """First and last date of a printed range or list of dates; None where not certain."""
    toks = date_tokens(text)
    # drop bare numbers that are not followed by a dated token
    filled: list[tuple[int, int | None, int | None]] = []
    for i, (d, m, y) in enumerate(toks):
        if m is None:
            nxt = next(((mm, yy) for _, mm, yy in toks[i + 1:] if mm), None)
            if nxt is None:
                continue
            m, y = nxt[0], y or nxt[1]
        filled.append((d, m, y))
    # fill missing years from the next token that has one, else the default
    out = []
    for i, (d, m, y) in enumerate(filled):
        if y is None:
            y = next((yy for _, _, yy in filled[i + 1:] if yy), None) or default_year
        if y is None:
            continue
        out.append(_iso(y, m, d))
    out = [x for x in out if x]
    if not out:
        return None, None
    start, end = out[0], out[-1]
    if end < start:
        return None, None
    return start, end


# --- names -------------------------------------------------------------------------------
_TITLES = re.compile(
    r"(?i)\s*[,(]?\s*\b(?:HMI|OI|His Majesty['\u2019]s Inspector|Her Majesty['\u2019]s Inspector|"
    r"Ofsted Inspector|Senior HMI|lead inspector|HM Inspector|Social Care Regulatory Inspector)\b\)?\.?")


def clean_person(name: str | None) -> str | None:
    """A person's name alone: no 'HMI', 'His Majesty's Inspector', trailing punctuation."""
    if not name:
        return None
    n = _TITLES.sub(" ", name)
    n = re.sub(r"\s+", " ", n).strip(" ,.;:-\u2013")
    n = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", n)
    if not n or len(n) > 60 or not re.match(r"[A-Z]", n):
        return None
    return n


# --- headings and lines ------------------------------------------------------------------
def norm(s: str) -> str:
    """Loose form for heading matching: lower case, straight quotes, no end punctuation."""
    s = s.lower().replace("\u2019", "'").replace("\u2018", "'")
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .:?*")


_CONTENTS_ENTRY = re.compile(r"\s\d{1,3}$")


def is_contents_entry(text: str) -> bool:
    return bool(_CONTENTS_ENTRY.search(text))


def find_line(lines: list[Line], pattern: str | re.Pattern, start: int = 0, stop: int | None = None,
              skip_contents: bool = True) -> int | None:
    """Index of the first line matching pattern (regex on the stripped text), else None."""
    rx = re.compile(pattern) if isinstance(pattern, str) else pattern
    stop = len(lines) if stop is None else stop
    for i in range(start, stop):
        t = lines[i].text
        if rx.search(t) and not (skip_contents and is_contents_entry(t) and looks_contents(lines, i)):
            return i
    return None


def looks_contents(lines: list[Line], i: int) -> bool:
    """A line ending in a page number among others like it: a contents entry."""
    near = lines[max(0, i - 3): i + 4]
    return sum(1 for ln in near if _CONTENTS_ENTRY.search(ln.text)) >= 3


# --- list items ---------------------------------------------------------------------------
_NUM_ITEM = re.compile(r"^(\d{1,3})[.)](?:\s+(?=\S)|(?=[A-Z]))")  # '12. Ensure', '144.Ensure'
_LETTER_ITEM = re.compile(r"^\(?([a-z]|[ivx]{1,4})[.)]\s+(?=\S)")
_DASH_ITEM = re.compile(r"^[-\u2013\u2014\u2212o]\s+(?=\S)")


@dataclass
class Item:
    text: str
    page: int | None
    kind: str  # bullet, number, para
    subs: list[str]

    def full(self) -> str:
        """The item with its sub-items in order; a list connector ending a sub-item
        ('…; and') is dropped, as the sub-items are joined here."""
        parts = [self.text] + [strip_connector(x) for x in self.subs]
        return re.sub(r"\s+", " ", " ".join(parts)).strip()


_CONNECTOR = re.compile(r"(?i)(?:^|\s+)(?:and|or)\s*$")  # '…area; and', '…reviews, and' or a lone 'and'


def strip_connector(text: str) -> str:
    """'…the local area; and' -> '…the local area;'"""
    return _CONNECTOR.sub("", text.rstrip())


def item_marker(text: str) -> tuple[str, str] | None:
    """('bullet'|'number'|'dash'|'letter', text without marker) for a list item line."""
    if text.startswith(BULLET):
        return "bullet", text[1:].strip()
    m = _NUM_ITEM.match(text)
    if m:
        return "number", text[m.end():]
    m = _DASH_ITEM.match(text)
    if m:
        return "dash", text[m.end():]
    m = _LETTER_ITEM.match(text)
    if m:
        return "letter", text[m.end():]
    return None


def ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.;!?]['\u2019\")]?$", text.strip()))


# a line ending in one of these words is a sentence wrapped onto the next line, not a heading
_WRAPPED_END = re.compile(r"(?i)\b(?:the|to|of|and|or|a|an|for|in|with|which|that|by|on|at|from|as|is|are|"
                          r"be|their|its|this|these|who|when|where|not)$")


def looks_like_heading(lines: list[Line], k: int) -> bool:
    """A short line starting upper case, not ending a sentence, followed by a line that does
    not continue it (upper case, a number or a marker) or by nothing."""
    t = lines[k].text.strip()
    if not t or not t[0].isupper() or len(t) > 110 or re.search(r"[.;,]$", t) or _WRAPPED_END.search(t):
        return False
    if k + 1 >= len(lines):
        return True
    nxt = lines[k + 1].text.strip()
    return not nxt[:1].islower()


_SECTIONISH = re.compile(r"(?i)\b(information about|summary|findings|inspection|judge?ments?|the local|contents|"
                         r"next steps|strengths|progress since|about this|what does|case study|overview|"
                         r"evaluation of progress|background|context|conclusions?)\b")


SECTION_START = re.compile(
    r"(?i)^(next steps|main findings|headline findings|(?:key )?strengths|case study|what needs to improve|"
    r"areas? (?:for|of)|information about|inspection findings|(?:executive )?summary|overview|findings|"
    r"yours (?:sincerely|faithfully)|what is it like|the inspection|about (?:the|this))\b")


_NOT_THEME = re.compile(r"(?i)\b(strengths|findings|next steps|case study|summary)\b")


def is_list_theme(text: str) -> bool:
    """Inside a bulleted list, a line between two items that names a theme (up to 14 words,
    not one of the letter's own section headings)."""
    return len(text.split()) <= 14 and not SECTION_START.match(text) and not _NOT_THEME.search(text)


def is_theme_heading(text: str, max_words: int = 5) -> bool:
    """A short theme label that groups list items ('Workforce', 'Quality of practice')."""
    return len(text.split()) <= max_words and not _SECTIONISH.search(text)


def line_pitch(lines: list[Line]) -> float | None:
    """The usual distance between the baselines of two lines of a paragraph (PDF input only)."""
    d = sorted(a.box[1] - b.box[1] for a, b in zip(lines, lines[1:])
               if a.box and b.box and a.page == b.page and 0 < a.box[1] - b.box[1] < 40)
    return d[len(d) // 2] if len(d) >= 3 else None


def full_width(lines: list[Line]) -> float:
    """Characters on a line that reaches the right margin: 88% of the block's longest lines
    (a stand-in for x coordinates, which the text layer does not keep)."""
    lens = sorted(len(ln.text) for ln in lines)
    if len(lens) < 4:
        return float("inf")
    return 0.88 * lens[int(0.9 * (len(lens) - 1))]


def join_text(parts: list[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out.endswith("-") and not out.endswith(" -") and p[:1].islower():
            out += p  # hyphenated word split at a line end: keep the hyphen, no space
        else:
            out = f"{out} {p}" if out else p
    return re.sub(r"\s+", " ", out).strip()


def collect_items(lines: list[Line], *, paragraphs: bool = True,
                  stop_rx: re.Pattern | None = None, trailing_paragraphs: bool = False) -> list[Item]:
    """Group a section's lines into items: one per top-level bullet or numbered point, with
    continuation lines joined and sub-bullets (a different marker inside an item) kept in
    their parent. Where the section has no markers and ``paragraphs`` is set, each paragraph
    (a line ending a sentence closes it) is an item."""
    marked = [(ln, item_marker(ln.text)) for ln in lines]
    kinds = [m[0] for _, m in marked if m]
    items: list[Item] = []
    if kinds:
        top = kinds[0]
        # numbered theme headings ('1. Quality of practice') over bullets: the bullets are items
        heads = [k for k, (_, m) in enumerate(marked) if m and m[0] == top]
        theme_numbers = top == "number" and "bullet" in kinds and all(
            not ends_sentence(marked[k][1][1]) and len(marked[k][1][1].split()) <= 16
            and k + 1 < len(marked) and marked[k + 1][1] and marked[k + 1][1][0] == "bullet" for k in heads)
        if theme_numbers:
            top = "bullet"
        cur: Item | None = None
        for k, (ln, m) in enumerate(marked):
            if stop_rx and stop_rx.search(ln.text):
                break
            if theme_numbers and m and m[0] == "number":
                cur = None
                continue
            if not m and cur is not None and ends_sentence(cur.subs[-1] if cur.subs else cur.text) \
                    and looks_like_heading(lines, k):
                if k + 1 < len(marked) and marked[k + 1][1] and marked[k + 1][1][0] == top \
                        and is_theme_heading(ln.text):
                    continue  # a theme sub-heading between items
                break  # a heading after the list ends it
            if m and m[0] == top:
                cur = Item(m[1], ln.page, top, [])
                items.append(cur)
            elif m and cur is not None:
                cur.subs.append(ln.text if m[0] == "letter" else m[1])  # keep "(i)" markers in the text
            elif cur is not None:
                if trailing_paragraphs and ln.text[:1].isupper() and (
                        cur.subs and ends_sentence(cur.subs[-1]) or cur.kind == "para" and ends_sentence(cur.text)):
                    # a paragraph after a list whose last item closed with its sub-items
                    cur = Item(ln.text, ln.page, "para", [])
                    items.append(cur)
                elif cur.subs:
                    cur.subs[-1] = join_text([cur.subs[-1], ln.text])
                else:
                    cur.text = join_text([cur.text, ln.text])
            # text before the first item is a lead-in: not an item
        for it in items:
            it.text = join_text([it.text])
        return items
    if not paragraphs:
        return []
    cur_parts: list[str] = []
    page = None
    full = full_width(lines)
    pitch = line_pitch(lines)
    for k, ln in enumerate(lines):
        if stop_rx and stop_rx.search(ln.text):
            break
        if not cur_parts:
            page = ln.page
        cur_parts.append(ln.text)
        nxt_ln = lines[k + 1] if k + 1 < len(lines) else None
        nxt = nxt_ln.text if nxt_ln else ""
        if not re.search(r"[.!]['\u2019\")]?$", ln.text):
            continue
        if pitch and nxt_ln is not None and nxt_ln.page == ln.page and ln.box and nxt_ln.box:
            # the PDF shows where paragraphs end: a wider gap before the next line
            ends = ln.box[1] - nxt_ln.box[1] > 1.4 * pitch
        else:
            # a sentence on a line that stops short of the margin (a full line ending in a
            # full stop is usually mid-paragraph)
            ends = len(ln.text) < full or not nxt[:1].isupper()
        if ends:
            items.append(Item(join_text(cur_parts), page, "para", []))
            cur_parts = []
    if cur_parts:
        items.append(Item(join_text(cur_parts), page, "para", []))
    return items


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


_MONTH_START = re.compile(r"(?i)^(?:\d|[-\u2013\u2014]|and\b|to\b|" + _MONTH_RE + r"\b)")


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
