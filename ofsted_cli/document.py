"""The document model: pages of cleaned lines that keep what the page says about them.

Every input (a PDF through a backend, or text converted from a PDF) becomes a
:class:`Document`. Family parsers read ``doc.lines`` — one stream of :class:`Line` with the
page each came from — and its blocks (:func:`ofsted_cli.layout.blocks`), so that paragraphs split
by page breaks are just consecutive lines once running headers, footers and footnotes are
gone. For PDF input each line keeps its box, font size and weight, the x where its text
starts and whether it opened with a bullet glyph; text input has none of these
(``Line.styled`` is False) and the layout falls back to wording rules.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from .pdf import RawLine

BULLET = "\u2022"
_CHAR_MAP = {
    "\r": "",
    "\ufffe": "-",  # pypdfium2's soft hyphen at a line end
    "\x02": "-",
    "\u00ad": "-",
    "\u202f": " ",
    "\u00a0": " ",
    "\u2011": "-",
    "\u2010": "-",  # the Unicode hyphen: one hyphen for every rule ("Re‐inspection")
    "\t": " ",
    "\u25fc": BULLET, "\u25aa": BULLET, "\u25cf": BULLET, "\u25a0": BULLET, "\u2023": BULLET,
    "\x83": BULLET, "\x84": BULLET, "\x95": BULLET,  # C1 control codes some PDFs use as bullet glyphs
}
_CHAR_MAP.update({chr(c): BULLET for c in range(0xE000, 0xF900) if chr(c) not in _CHAR_MAP})  # private use
# other control characters never reach a field
_CHAR_MAP.update({chr(c): " " for c in list(range(0, 32)) + list(range(0x7F, 0xA0)) if chr(c) not in _CHAR_MAP})
_CHAR_MAP["\n"] = " "
_TRANS = str.maketrans(_CHAR_MAP)
_SPACES = re.compile(r" {2,}")
# footnote digits glued to a word or heading: 'area2', 'improve?1', 'Board1' (text input only:
# in a PDF the mark is known by its small raised type)
_FOOTNOTE = re.compile(r"(?<=[a-z?)\u2019'])(\d{1,2})(?=[\s,.;:]*$|[,.;:]\s)")
MAX_LINE = 4000
_ANY_DIGIT = re.compile(r"\d")
_DIGITS = re.compile(r"\d+")
_PAGE_NO = re.compile(r"(?i)^(?:page\s*)?\d{1,3}(?:\s*of\s*\d{1,3})?$")
Box = tuple[float, float, float, float]


@dataclass(slots=True)
class Line:
    """A cleaned line. For PDF input: its box (left, bottom, right, top), the font size and
    weight of its text, the x where its text starts (after a bullet glyph) and whether it
    opened with a bullet glyph."""
    text: str
    page: int | None
    box: Box | None = None
    size: float | None = None
    bold: bool = False          # every letter bold, as far as sampled (first and last)
    indent: float | None = None
    glyph: bool = False         # opened with a bullet glyph (any symbol-font character)
    bold_start: bool = False    # the first letter is bold (a bold lead-in or a table row)
    base: float | None = None   # baseline y of the first text character
    y: float | None = field(init=False, default=None)  # the baseline, or the box's bottom: for gaps

    def __post_init__(self) -> None:
        self.y = self.base if self.base is not None else (self.box[1] if self.box else None)

    @property
    def styled(self) -> bool:
        """True when the PDF told the line's typography (False for text input)."""
        return self.size is not None

    def with_text(self, text: str) -> "Line":
        return Line(text, self.page, self.box, self.size, self.bold, self.indent, self.glyph, self.bold_start,
                    self.base)


# the characters of _CHAR_MAP that str.isprintable() lets through (all others it stops), so
# that a line is translated only where it holds one (translating costs a failed look-up for
# every other character)
_PRINTABLE_MAPPED = re.compile("[" + re.escape("".join(sorted(k for k in _CHAR_MAP if k.isprintable()))) + "]")


def clean_text(s: str) -> str:
    """One line of text as the families see it: bullet glyphs as '•', control characters as
    spaces, single spaces (at most MAX_LINE characters: a report's line is far shorter)."""
    if len(s) > MAX_LINE:
        s = s[:MAX_LINE]
    if not s.isprintable() or not s.isascii() and _PRINTABLE_MAPPED.search(s):
        s = s.translate(_TRANS)
    if "  " in s:
        s = _SPACES.sub(" ", s)
    s = s.strip()
    if s.startswith(BULLET) and len(s) > 1 and s[1] != " ":
        s = BULLET + " " + s[1:]
    return s




def detach_footnote(s: str) -> str:
    """Remove a footnote reference glued to the end of a word ('improve?1' -> 'improve?')
    (text input, where no type size tells a mark from a number)."""
    return _FOOTNOTE.sub("", s) if _ANY_DIGIT.search(s) else s


@dataclass
class Document:
    pages: list[list[Line]]
    paged: bool = True  # False for text input without page breaks
    format: str = "text"
    backend: str | None = None
    backend_version: str | None = None
    raw_chars: int = 0
    damaged: bool = False  # a PDF cut short: what was read may be incomplete
    page_count: int | None = None  # pages in the file (pages read may be fewer)
    derived: dict = field(default_factory=dict, repr=False)  # what later layers work out once (layout's blocks)

    @cached_property
    def lines(self) -> list[Line]:
        return [ln for page in self.pages for ln in page]

    @cached_property
    def texts(self) -> list[str]:
        return [ln.text for ln in self.lines]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.texts)

    @cached_property
    def flat(self) -> str:
        """The text as one line (each newline a space: offsets are those of ``text``), for
        sentences that wrap."""
        return self.text.replace("\n", " ")

    @cached_property
    def _line_starts(self) -> list[int]:
        out, pos = [], 0
        for t in self.texts:
            out.append(pos)
            pos += len(t) + 1
        return out

    def page_at(self, offset: int) -> int | None:
        """The page of the line holding character ``offset`` of ``text`` (or ``flat``)."""
        from bisect import bisect_right
        i = bisect_right(self._line_starts, offset) - 1
        return self.lines[i].page if 0 <= i < len(self.lines) else None

    @cached_property
    def styled(self) -> bool:
        """The PDF told the typography of (most of) its lines."""
        lines = self.lines
        return bool(lines) and sum(1 for ln in lines if ln.styled) >= 0.8 * len(lines)

    @cached_property
    def body_size(self) -> float | None:
        """The size of the body text: the size most characters are set in."""
        by_size: dict[float, int] = {}
        for ln in self.lines:
            if ln.size:
                by_size[ln.size] = by_size.get(ln.size, 0) + len(ln.text)
        c: Counter[float] = Counter()
        for size, n in by_size.items():  # (in order of first use: ties go to the first, as before)
            c[round(size * 2) / 2] += n
        return c.most_common(1)[0][0] if c else None

    def head(self, n: int = 60) -> str:
        """The first n lines, joined: where titles and front-page metadata sit."""
        return "\n".join(self.texts[:n])


def strip_furniture(pages: list[list[Line]], edge: int = 3) -> list[list[Line]]:
    """Remove running headers, footers and page numbers: lines near the top or bottom of a
    page (in the text's order) that repeat, digits aside and in the same type size, on many
    pages, or are bare page numbers. (A title set large on the first page is not the running
    header that repeats its words in small type on the others.)"""
    n = len(pages)
    if n == 0:
        return pages
    shape = lambda ln: (_DIGITS.sub("#", ln.text.lower()), round(ln.size) if ln.size else None)
    counts: Counter = Counter()
    for lines in pages:
        idx = list(range(min(edge, len(lines)))) + list(range(max(len(lines) - edge, 0), len(lines)))
        counts.update({shape(lines[i]) for i in set(idx)})
    threshold = max(3, int(0.4 * n)) if n >= 4 else n + 1
    out = []
    for lines in pages:
        keep = list(lines)
        for from_top in (True, False):
            k = 0
            while keep and k < edge:
                i = 0 if from_top else len(keep) - 1
                s = keep[i].text
                if _PAGE_NO.match(s) or (len(s) < 200 and counts[shape(keep[i])] >= threshold):
                    keep.pop(i)
                    k += 1
                else:
                    break
        out.append(keep)
    return out


# Ofsted's letterhead (address block), which some PDFs place inside the text of a page
_LETTERHEAD_START = re.compile(r"(?i)^(?:ofsted|piccadilly gate|store street|agora|6 cumberland place)$")
_LETTERHEAD_END = re.compile(r"(?i)^(?:www\.gov\.uk/ofsted|www\.ofsted\.gov\.uk|enquiries@ofsted\.gov\.uk)$")


_LETTERHEAD_FIRST = {"ofsted", "piccadilly gate", "store street", "agora", "6 cumberland place"}


def strip_letterhead(lines: list[Line]) -> list[Line]:
    """Drop each 'Ofsted / Piccadilly Gate / … / www.gov.uk/ofsted' address block."""
    if not any(len(ln.text) < 20 and ln.text.lower() in _LETTERHEAD_FIRST for ln in lines):
        return lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if _LETTERHEAD_START.match(lines[i].text):
            end = next((k for k in range(i + 1, min(i + 14, len(lines))) if _LETTERHEAD_END.match(lines[k].text)), None)
            if end is not None:
                while end + 1 < len(lines) and _LETTERHEAD_END.match(lines[end + 1].text):
                    end += 1
                i = end + 1
                continue
        out.append(lines[i])
        i += 1
    return out

_FOOTNOTE_START = re.compile(r"^(\d{1,2})\s+(?=[A-Z\u2018'\"(])")
_FOOTNOTE_REF = re.compile(r"^\d{1,2}$")


def strip_footnotes_text(lines: list[Line]) -> list[Line]:
    """Text input: drop footnote references standing on their own line, and the footnote
    block at the bottom of a page ('1 Ofsted produces this report under…' to the end of the
    page) when its number was referenced above it on the page."""
    refs: set[str] = set()
    out: list[Line] = []
    for ln in lines:
        s = ln.text
        if _FOOTNOTE_REF.match(s):
            refs.add(s)
            continue
        if any(c.isdigit() for c in s):
            m = _FOOTNOTE.search(s)
            if m:
                refs.add(m.group(1))
        out.append(ln)
    if not refs:
        return out
    for k in range(max(len(out) // 3, 1), len(out)):
        s = out[k].text
        if s[:1].isdigit():
            m = _FOOTNOTE_START.match(s)
            if m and m.group(1) in refs and len(s) >= 30 and len(s.split()) >= 5:  # not '1 Catford Road'
                return out[:k]
    return out


def strip_footnotes_styled(lines: list[tuple[Line, bool]], body: float | None) -> list[Line]:
    """PDF input: a line opening with a footnote number (small raised type) starts a footnote;
    it and the lines after it in smaller type than the body are dropped."""
    out: list[Line] = []
    dropping = False
    for ln, opens_note in lines:
        if opens_note:
            dropping = True
            continue
        if dropping and body and ln.size is not None and ln.size < body - 0.75:
            continue
        dropping = False
        out.append(ln)
    return out


_SOFT_HYPHEN = re.compile(r"(\w+)\ufffe\s*(\w+)")
_LOWER_WORD = re.compile(r"[a-z]+")


class _Words:
    """Which words a document uses, to tell a word broken by a line-end hyphen ('ser-vices')
    from a hyphenated compound ('pre-proceedings'): counts of its words, less the halves of
    the hyphen-broken ones. Counted only for the candidate words, found once."""

    def __init__(self, texts: list[str]):
        self.counts: Counter[str] = Counter()
        breaks = [m for t in texts if "\ufffe" in t for m in _SOFT_HYPHEN.finditer(t.lower())]
        if not breaks:
            return
        wanted = set()
        for m in breaks:
            a, b = m.group(1), m.group(2)
            wanted.update((a, b, a + b))
        text = "\n".join(texts).lower()
        self.counts = Counter(w for w in _LOWER_WORD.findall(text) if w in wanted)
        for m in breaks:
            self.counts[m.group(1)] -= 1
            self.counts[m.group(2)] -= 1

    def __contains__(self, word: str) -> bool:
        return self.counts.get(word, 0) > 0


def _unhyphenate(m: re.Match, words: _Words) -> str:
    """A PDF soft hyphen: join the halves when the first is no word of its own and the joined
    word occurs elsewhere in the document ('ser-vices' -> 'services'); otherwise keep the
    hyphen ('pre-proceedings', 'under-developed', 'multi-agency')."""
    a, b = m.group(1), m.group(2)
    broken = (a.lower() not in _PREFIXES and (a + b).lower() in words and a.lower() not in words)
    return a + b if broken else f"{a}-{b}"


# word-forming prefixes: 're-inspection', 'multi-agency' keep their hyphen
_PREFIXES = {"pre", "post", "re", "co", "non", "multi", "sub", "semi", "anti", "inter", "cross", "self",
             "mid", "ex", "de", "e", "over", "under", "well", "long", "short", "full", "out", "up", "un"}


def _without_marks(raw: RawLine) -> tuple[str, bool]:
    """The line's text without its footnote marks, and whether it opened with one."""
    text = raw.text
    opens = False
    lead = len(text) - len(text.lstrip())
    for a, b in reversed(raw.marks):
        if a <= lead:
            opens = True
        tail = text[b:]
        if tail[:1] == " " and tail[1:2] in (".", ",", ";", ":", ")"):
            tail = tail[1:]  # 'records2 .': the space PDFium put after the raised mark
        text = text[:a] + tail
    return text, opens


def build(raw_pages: list, *, paged: bool, fmt: str, backend: str | None = None,
          backend_version: str | None = None, page_count: int | None = None,
          page_numbers: list[int] | None = None) -> Document:
    """Clean raw pages into a Document. A raw page is a string (text input) or a list of
    :class:`~ofsted_cli.pdf.RawLine` from a PDF backend; typography stays with its line.
    ``page_numbers`` (1-based) where the pages are a selection of the file's."""
    pages_raw: list[list[RawLine]] = [[RawLine(s) for s in raw.split("\n")] if isinstance(raw, str) else raw
                                      for raw in raw_pages]
    raw_chars = sum(len(r.text) for p in pages_raw for r in p)
    words = _Words([r.text for p in pages_raw for r in p if "\ufffe" in r.text])
    pages: list[tuple[list[Line], list[int]]] = []
    by_size: dict[float, int] = {}  # characters per font size
    for raws in pages_raw:
        lines: list[Line] = []
        notes: list[int] = []  # where a line opens a footnote
        for r in raws:
            if r.marks:
                s, opens_note = _without_marks(r)
            else:
                s, opens_note = r.text, False
            if "\ufffe" in s:
                s = _SOFT_HYPHEN.sub(lambda m: _unhyphenate(m, words), s)
            t = clean_text(s)
            if r.symbol and t and not t.startswith(BULLET):
                t = BULLET + " " + t[1:].lstrip()  # a bullet glyph the text layer gives as a letter ('n')
            if not t or (opens_note and not t.strip()):
                if opens_note:
                    notes.append(len(lines))
                    lines.append(Line("", None, r.box, r.size))
                continue
            size = r.size
            if size is not None:
                by_size[size] = by_size.get(size, 0) + len(t)
            if opens_note:
                notes.append(len(lines))
            lines.append(Line(t, None, r.box, size, bool(r.bold_start and r.bold_end), r.indent,
                              r.symbol or t.startswith(BULLET), bool(r.bold_start), r.base))
        pages.append((lines, notes))
    sizes: Counter[float] = Counter()
    for size, n in by_size.items():
        sizes[round(size * 2) / 2] += n
    body = sizes.most_common(1)[0][0] if sizes else None
    out_pages: list[list[Line]] = []
    for lines, notes in pages:
        if notes:
            flags = set(notes)
            kept = strip_footnotes_styled([(ln, i in flags) for i, ln in enumerate(lines)], body)
            out_pages.append([ln for ln in kept if ln.text])
        else:
            out_pages.append(lines)
    if paged and len(out_pages) > 1:
        out_pages = strip_furniture(out_pages)
    out_pages = [strip_letterhead(p) for p in out_pages]
    out_pages = [_headings_in_order(p) for p in out_pages]
    final: list[list[Line]] = []
    for i, page in enumerate(out_pages):
        no = (page_numbers[i] if page_numbers else i + 1) if paged else None
        if paged and not any(ln.styled for ln in page):
            page = strip_footnotes_text(page)
        cleaned = []
        for ln in page:
            ln.page = no
            if ln.size is None:  # no typography: a footnote mark is known by wording
                t = detach_footnote(ln.text)
                if t != ln.text:
                    ln = ln.with_text(t)
            cleaned.append(ln)
        final.append(cleaned)
    return Document(pages=final, paged=paged, format=fmt, backend=backend,
                    backend_version=backend_version, raw_chars=raw_chars, page_count=page_count)


def _headings_in_order(page: list[Line]) -> list[Line]:
    """Put back a heading that the PDF's text order gives after the lines printed under it:
    a bold line standing above every line before it on its page, in the same column, moves
    before them."""
    if not page or not page[0].styled:
        return page
    out = list(page)
    for i in range(1, len(out)):
        h = out[i]
        if not (h.bold and h.box) or len(h.text) > 120:
            continue
        j = i
        while j > 0:
            o = out[j - 1]
            if not o.box or o.box[3] > h.box[1] or o.box[2] < h.box[0] or o.box[0] > h.box[2]:
                break  # above the heading, or in another column
            j -= 1
        if j < i and j == 0 or (j < i and out[j - 1].box and out[j - 1].box[1] > h.box[3]):
            out.insert(j, out.pop(i))
    return out


_BOLD_GRADE = re.compile(r"\*\*[ \t]*(Grade[ \t]*\d[ \t]*\([^)\n]{0,60}\))[ \t]*\*\*")


def from_text(text: str) -> Document:
    """Text converted from a PDF: form feeds separate pages; ``**bold**`` markers are dropped,
    and a bold grade run into its heading ('Quality of provision**Grade 2 (good)**') is put
    on its own line."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if "**" in text:
        text = _BOLD_GRADE.sub(r"\n\1\n", text).replace("**", "")
    raw_pages = text.split("\f")
    paged = len(raw_pages) > 1
    return build(raw_pages, paged=paged, fmt="text")
