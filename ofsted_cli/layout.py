"""Blocks: what a reader sees on the page — headings, list items, paragraphs.

One classifier for every family. For PDF input it reads how Ofsted prints a report, which
does not change from report to report the way wording does:

- a **heading** is a line set wholly in bold, or in larger type than the body, that is not a
  list item; consecutive heading lines in the same type and close together are one heading
  (a wrapped heading). Its ``level`` ranks its type: larger type first, then bold.
- a **list item** opens with a bullet glyph (any character of a symbol font, or '•', '◼'),
  a number ('12.', '3)'), a letter ('(a)', 'b.') or a dash ('–'); the lines after it that
  start right of its marker (the hanging indent), or that carry on its unfinished sentence,
  belong to it. Its ``level`` is its depth: an item whose marker stands right of the marker
  of an open item is inside that item.
- a **paragraph** is any other run of lines; a wider gap than between the lines of a
  paragraph (or a heading, or an item) ends it.

Text input has no typography: headings are then read from wording (a short line that starts
upper case, does not end a sentence and is not followed by a lower-case line), and
paragraphs end where a sentence ends on a line shorter than the text's width.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from .document import BULLET, Document, Line

_NUM_ITEM = re.compile(r"^(\d{1,3})[.)](?:\s+(?=\S)|(?=[A-Z]))")  # '12. Ensure', '144.Ensure'
_LETTER_ITEM = re.compile(r"^\(?([a-z]|[ivx]{1,4})[.)]\s+(?=\S)")
_DASH_MARKS = "-\u2013\u2014\u2212o"  # hyphen, en and em dash, minus, and 'o' (a hollow bullet as text)
_DASH_ITEM = re.compile(rf"^[{re.escape(_DASH_MARKS)}]\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.;!?]['\u2019\")]?$")
# a line ending in one of these words is a sentence wrapped onto the next line, not a heading
_WRAPPED_END = re.compile(r"(?i)\b(?:the|to|of|and|or|a|an|for|in|with|which|that|by|on|at|from|as|is|are|"
                          r"be|their|its|this|these|who|when|where|not)$")


_STOPS = {":", ".", ";", "!", "?"}


_CLOSERS = {"'", "\u2019", '"', ")"}


def ends_sentence(text: str) -> bool:
    """The text ends a sentence (or a list point: '…; '), perhaps inside a quote or bracket."""
    c = text[-1:]
    if c.isspace():
        text = text.rstrip()
        c = text[-1:]
    if c in _CLOSERS:
        c = text[-2:-1]
    return c in _ENDS


_ENDS = frozenset(".;!?")
_DASHES = frozenset(_DASH_MARKS)


def item_marker(text: str) -> tuple[str, str, str] | None:
    """(kind, marker, text without marker) for a list item line: kind 'bullet', 'number',
    'letter' or 'dash'."""
    c = text[:1]
    if c == BULLET:
        return "bullet", BULLET, text[1:].strip()
    if c.isdecimal():  # (each pattern is tried only where the first character allows it)
        m = _NUM_ITEM.match(text)
        if m:
            return "number", m.group(1) + ".", text[m.end():]
        return None
    if c in _DASHES:
        m = _DASH_ITEM.match(text)
        if m:
            return "dash", text[0], text[m.end():]
    if c == "(" or "a" <= c <= "z":
        m = _LETTER_ITEM.match(text)
        if m:
            return "letter", m.group(0).strip(), text[m.end():]
    return None


@dataclass
class Block:
    kind: str                    # 'heading', 'item' or 'para'
    lines: list[Line]
    level: int = 0               # heading: rank of its type (0 = largest); item: list depth (0 = top)
    marker: str | None = None    # item: '•', '12.', '(a)', '–'
    mkind: str | None = None     # item: 'bullet', 'number', 'letter', 'dash'
    body: str = ""               # item: the first line's text after its marker
    label: bool = False          # para: a one-line label of a few words (a minor heading or theme)
    start: int = 0               # the index of its first line in the lines it was built from (doc.lines)

    @property
    def page(self) -> int | None:
        return self.lines[0].page

    @cached_property
    def text(self) -> str:
        """The block's words: lines joined (a line-end hyphen kept), the item marker dropped."""
        parts = [self.body] + [ln.text for ln in self.lines[1:]] if self.kind == "item" else [ln.text for ln in self.lines]
        return join_text(parts)

    @property
    def size(self) -> float | None:
        return self.lines[0].size

    @property
    def bold(self) -> bool:
        return self.lines[0].bold

    @property
    def x(self) -> float | None:
        """Left edge of the block's first line (the marker, for an item)."""
        b = self.lines[0].box
        return b[0] if b else None

    @property
    def indent(self) -> float | None:
        """Where an item's text starts (after its marker)."""
        ln = self.lines[0]
        if ln.indent is not None and ln.glyph:
            return ln.indent
        for other in self.lines[1:]:
            if other.box and other.page == ln.page:
                return other.box[0]
        return None

    def __repr__(self) -> str:
        return f"Block({self.kind}, p{self.page}, l{self.level}, {self.marker!r}, {self.text[:60]!r})"


def join_text(parts: Iterable[str]) -> str:
    out = ""
    for p in parts:
        p = p.strip()
        if not p:
            continue
        if out.endswith("-") and not out.endswith(" -") and p[:1].islower():
            out += p  # hyphenated word split at a line end: keep the hyphen, no space
        else:
            out = f"{out} {p}" if out else p
    return _WS.sub(" ", out).strip()


_WS = re.compile(r"\s+")


# --- the classifier ----------------------------------------------------------------------
@dataclass(frozen=True)
class LayoutSettings:
    para_gap: float = 1.45      # a gap over this many line pitches ends a paragraph
    local_gap: float = 1.25     # ... or over this many of the paragraph's own line pitch
    heading_gap: float = 1.5    # heading lines this close (in sizes) are one wrapped heading
    indent_tol: float = 3.0     # points: the same x
    larger: float = 1.5         # points over the body size that make a line a heading
    bold_below_body: float = 1.25   # points a bold line may be below the body size and still head
    heading_chars: int = 220        # a longer line is a sentence, never a heading (PDF)
    text_heading_chars: int = 110   # ... (text input, where wording decides)
    lead_in_words: int = 8          # a line ending ':' with more words is a lead-in, not a heading
    wrapped_heading_chars: int = 70  # the second line of a heading wrapped after a function word
    max_pitch: float = 40.0         # points: a larger step between lines is no line pitch
    same_size: float = 0.6          # points: type sizes this close are the same size
    colon_words: int = 5            # a line after 'Label:' with more words starts a new heading
    above: float = -1.0             # points: a line this far above the last is in another column or cell
    column_jump: float = 40.0       # points: a left edge moved this far is another column
    right_tol: float = 15.0         # points from the right margin that count as a full line
    right_quantile: float = 0.9     # the page's right margin: this quantile of its lines' right edges
    full_width: float = 0.88        # text input: a line this share of the longest is a full line
    theme_words: int = 14           # a theme label over a list has at most this many words
    numbered_theme_words: int = 16  # a numbered theme heading over bullets, at most this many words
    default_size: float = 12.0      # the type size assumed where a line has none


SETTINGS = LayoutSettings()


def is_heading_line(ln: Line, body: float | None, s: LayoutSettings = SETTINGS) -> bool:
    """Typography: wholly bold, or larger than the body; never a list item or a long sentence."""
    if not ln.styled or ln.glyph:
        return False
    if len(ln.text) > s.heading_chars:
        return False
    if ln.bold and (body is None or ln.size >= body - s.bold_below_body):
        return True
    return body is not None and ln.size >= body + s.larger


def looks_like_heading_text(lines: list[Line], k: int) -> bool:
    """Wording (text input): a short line starting upper case, not ending a sentence or on a
    function word, followed by a line that does not continue it (upper case, a number or a
    marker) or by nothing."""
    t = lines[k].text.strip()
    if not t or not t[0].isupper() or len(t) > SETTINGS.text_heading_chars or t[-1] in ".;,)" \
            or _WRAPPED_END.search(t):
        return False
    if t.endswith(":") and len(t.split()) > SETTINGS.lead_in_words:
        return False  # a lead-in sentence ('To further improve …, the provider should:')
    if item_marker(t):
        return False
    if k + 1 >= len(lines):
        return True
    nxt = lines[k + 1].text.strip()
    return not nxt[:1].islower()


def _two_line_heading(lines: list[Line], k: int) -> bool:
    """Text input: a heading wrapped after a function word ('…who need help and' /
    'protection: good'), the second line short and unfinished, then a new line or nothing."""
    if k + 1 >= len(lines):
        return False
    a, b = lines[k].text.strip(), lines[k + 1].text.strip()
    if not a[:1].isupper() or item_marker(a) or len(a) > SETTINGS.text_heading_chars or not _WRAPPED_END.search(a):
        return False
    if len(b) > SETTINGS.wrapped_heading_chars or re.search(r"[.;,]$", b) or item_marker(b):
        return False
    if k + 2 < len(lines):
        c = lines[k + 2].text.strip()
        return not c[:1].islower()
    return True


def _pitch(lines: list[Line]) -> float | None:
    d = sorted(a.y - b.y for a, b in zip(lines, lines[1:])
               if a.y is not None and b.y is not None and a.page == b.page and 0 < a.y - b.y < SETTINGS.max_pitch)
    return d[len(d) // 2] if len(d) >= 3 else None


def _gap(a: Line, b: Line) -> float | None:
    """Vertical distance between two lines' bottoms (same page only)."""
    if a.y is not None and b.y is not None and a.page == b.page:
        return a.y - b.y
    return None


def _right_margins(lines: list[Line]) -> dict[int | None, float]:
    by_page: dict[int | None, list[float]] = {}
    for ln in lines:
        if ln.box:
            by_page.setdefault(ln.page, []).append(ln.box[2])
    out = {}
    for p, xs in by_page.items():
        xs.sort()
        out[p] = xs[int(SETTINGS.right_quantile * (len(xs) - 1))]
    return out


def blocks(doc: Document, s: LayoutSettings = SETTINGS) -> list[Block]:
    """The document's blocks, built once (kept in ``doc.derived``)."""
    got = doc.derived.get(("blocks", s))
    if got is None:
        got = doc.derived[("blocks", s)] = build_blocks(doc.lines, doc.body_size if doc.styled else None,
                                                        styled=doc.styled, s=s)
    return got


def build_blocks(lines: list[Line], body: float | None, *, styled: bool, s: LayoutSettings = SETTINGS) -> list[Block]:
    pitch = _pitch(lines) if styled else None
    rights = _right_margins(lines) if styled else {}
    full = _full_width_chars(lines) if not styled else None
    out: list[Block] = []
    cur: Block | None = None
    wrapped_heading = -1
    next_mk: tuple | None = None  # the next line's marker, where this line's look-ahead read it
    for k, ln in enumerate(lines):
        if k == wrapped_heading:
            cur.lines.append(ln)
            next_mk = None
            continue
        mk = item_marker(ln.text) if next_mk is None else next_mk[0]
        next_mk = None
        if styled and cur is not None and cur.kind in ("item", "para") and _wraps(cur, ln, mk, pitch, s):
            cur.lines.append(ln)  # an unfinished sentence carried on (even in bold type)
            continue
        if styled:
            heading = not mk and is_heading_line(ln, body, s)
        else:
            next_mk = (item_marker(lines[k + 1].text),) if k + 1 < len(lines) else (None,)  # (read once)
            opens_list = bool(next_mk[0])
            heading = not mk and (_closed(cur) or opens_list or cur.kind == "item" and
                                  not _WRAPPED_END.search(cur.lines[-1].text)) and looks_like_heading_text(lines, k)
            if not heading and _closed(cur) and _two_line_heading(lines, k):
                heading, wrapped_heading = True, k + 1
        if heading:
            if cur is not None and cur.kind == "heading" and _same_heading(cur, ln, s, styled):
                cur.lines.append(ln)
                continue
            cur = Block("heading", [ln], start=k)
            out.append(cur)
            continue
        if mk:
            cur = Block("item", [ln], marker=mk[1], mkind=mk[0], body=mk[2], start=k)
            out.append(cur)
            continue
        if cur is not None and cur.kind in ("item", "para") and _belongs(cur, ln, pitch, rights, full, s, styled):
            cur.lines.append(ln)
            continue
        cur = Block("para", [ln], start=k)
        out.append(cur)
    _levels(out, styled, s)
    if styled:
        for b in out:
            if b.kind == "para" and len(b.lines) == 1:
                t = b.text
                b.label = (len(t.split()) <= s.theme_words and t[:1].isupper() and not ends_sentence(t)
                           and not t.endswith(":"))
    return out


def _same_heading(cur: Block, ln: Line, s: LayoutSettings, styled: bool) -> bool:
    last = cur.lines[-1]
    if not styled:
        return False
    if last.page != ln.page or abs((last.size or 0) - (ln.size or 0)) > s.same_size or last.bold != ln.bold:
        return False
    if last.text.endswith((".", "?")) and not last.text.endswith("..."):
        return False
    if last.text.endswith(":") and (len(ln.text.split()) > s.colon_words or ln.text.endswith(":")):
        return False  # 'Inspection dates: …' then 'Lead inspector: …'; but '…protected:' / 'good' is one heading
    g = _gap(last, ln)
    return g is not None and 0 < g <= s.heading_gap * (ln.size or s.default_size)


def _wraps(cur: Block, ln: Line, mk, pitch: float | None, s: LayoutSettings) -> bool:
    """PDF input: the block's last line stops mid-sentence and ``ln`` carries it on, close
    below it, right of an item's marker or level with a paragraph."""
    if mk or ln.glyph or ln.box is None:
        return False
    last = cur.lines[-1]
    g = _gap(last, ln)
    if g is None or g <= 0 or (pitch is not None and g > s.para_gap * pitch):
        return False
    x = cur.x
    if x is None:
        return False
    if cur.kind == "item":
        if ln.box[0] <= x + s.indent_tol:
            return False
    elif not (last.box and abs(ln.box[0] - last.box[0]) <= s.indent_tol):
        return False
    t = last.text
    return not (t[-1:] in _STOPS or ends_sentence(t))


def _closed(cur: Block | None) -> bool:
    """Text input: the current block has finished (a heading may follow): nothing yet, a
    heading, or a last line that ends a sentence or a lead-in."""
    if cur is None or cur.kind == "heading":
        return True
    return cur.lines[-1].text.rstrip()[-1:] in _CLOSING


_CLOSING = frozenset(".;:!?)\u2019'\"")


def _belongs(cur: Block, ln: Line, pitch: float | None, rights: dict, full: float | None,
             s: LayoutSettings, styled: bool) -> bool:
    """Does ``ln`` carry on the current item or paragraph?"""
    last = cur.lines[-1]
    unfinished = not ends_sentence(last.text) and not last.text.endswith(":")
    if not styled:
        if cur.kind == "item":
            # text input: an item runs to the next marker or heading, but a sentence after a
            # finished sub-item (a marker of another kind than the list's) is a paragraph
            return not (cur.mkind in ("dash", "letter") and ends_sentence(last.text) and ln.text[:1].isupper())
        if unfinished or not ln.text[:1].isupper():
            return True
        return len(last.text) >= (full or 1e9)  # a sentence ending a full line is mid-paragraph
    g = _gap(last, ln)
    if g is not None and g < s.above:
        return False  # above the last line: another column or table cell
    if cur.kind == "item":
        mx = cur.x
        if ln.box and mx is not None and ln.box[0] > mx + s.indent_tol:
            # right of the marker: the hanging indent; a wide gap with a finished sentence
            # before it is a new paragraph in the item's column, still the item's
            return True
        if unfinished and (g is None or pitch is None or g <= s.para_gap * pitch):
            return True  # a list whose lines wrap back to the margin
        return False
    # a paragraph
    if g is None:
        # a page break: carry on an unfinished sentence, or a last line that fills the width
        if unfinished:
            return True
        r = rights.get(last.page)
        return bool(last.box and r and last.box[2] >= r - s.right_tol and ln.text[:1].islower())
    limit = s.para_gap * pitch if pitch is not None else None
    if len(cur.lines) >= 2:
        local = _gap(cur.lines[-2], last)
        if local is not None and 0 < local < s.max_pitch:
            limit = min(limit or 1e9, s.local_gap * local)  # wider than this paragraph's own line pitch
    if limit is not None and g > limit:
        return False
    if last.box and ln.box and abs(last.box[0] - ln.box[0]) > s.column_jump and not unfinished:
        return False  # another column
    return True


def _full_width_chars(lines: list[Line]) -> float:
    lens = sorted(len(ln.text) for ln in lines)
    if len(lens) < 4:
        return float("inf")
    return SETTINGS.full_width * lens[int(SETTINGS.right_quantile * (len(lens) - 1))]


def _levels(out: list[Block], styled: bool, s: LayoutSettings) -> None:
    """Heading levels by type rank; item depths by marker position (text input: marker kind)."""
    styles = sorted({(round(b.size or 0), b.bold) for b in out if b.kind == "heading"}, key=lambda t: (-t[0], not t[1]))
    rank = {st: i for i, st in enumerate(styles)}
    stack: list[Block] = []
    first_kind: str | None = None
    for b in out:
        if b.kind == "heading":
            b.level = rank[(round(b.size or 0), b.bold)] if styled else 0
            stack, first_kind = [], None
            continue
        if b.kind != "item":
            if styled and b.x is not None and stack and b.x > (stack[0].x or 0) + s.indent_tol:
                continue  # a paragraph inside an item's column keeps the list open
            if not styled:
                continue
            stack = []
            continue
        if not styled or b.x is None:
            if first_kind is None:
                first_kind = b.mkind
            b.level = 0 if b.mkind == first_kind else 1
            continue
        while stack and (stack[-1].x or 0) >= b.x - s.indent_tol:
            stack.pop()
        b.level = len(stack)
        stack.append(b)


# --- reading sections --------------------------------------------------------------------
def contents_entry(b: Block) -> bool:
    """A contents-page entry: a heading's words followed by a page number."""
    return bool(re.search(r"\s\d{1,3}$", b.text)) and not b.text.rstrip()[-5:].strip().isalpha()


def find_headings(bs: list[Block], rx: re.Pattern, start: int = 0, kinds: tuple[str, ...] = ("heading",),
                  styled: bool = True) -> list[int]:
    """Indexes of heading blocks whose text matches ``rx`` (contents entries skipped). Text
    input has no typography, so a one-line paragraph matching ``rx`` counts too."""
    out = []
    for i in range(start, len(bs)):
        b = bs[i]
        if b.kind in kinds or b.label or (not styled and b.kind == "para" and len(b.lines) == 1):
            t = b.text
            if rx.search(t) and not contents_entry(b):
                out.append(i)
    return out


def split_at(bs: list[Block], *rxs: re.Pattern | None) -> list[Block]:
    """Text input, where wording must stand for type: a line whose whole text matches one of
    ``rxs`` (a family's own heading wording) inside a paragraph or item becomes a heading of
    its own. A new list: the document's blocks are not changed."""
    rxs = tuple(rx for rx in rxs if rx is not None)
    out: list[Block] = []
    for b in bs:
        if b.kind == "heading" or len(b.lines) < 2 and b.kind != "item":
            out.append(b)
            continue
        cut = [k for k, ln in enumerate(b.lines) if (k or b.kind != "item") and any(rx.match(ln.text) for rx in rxs)]
        if not cut:
            out.append(b)
            continue
        start = 0
        for k in cut + [len(b.lines)]:
            part = b.lines[start:k]
            if part:
                out.append(Block(b.kind, part, b.level, b.marker, b.mkind, b.body, b.label, b.start) if start == 0
                           else Block("para", part, start=b.start + start))
            if k < len(b.lines):
                out.append(Block("heading", [b.lines[k]], start=b.start + k))
            start = k + 1
    return out


def heading_like(b: Block) -> bool:
    return b.kind == "heading" or b.label


def section(bs: list[Block], i: int, *, inner: re.Pattern | None = None,
            stop: Callable[[Block], bool] | None = None) -> list[Block]:
    """The blocks under heading ``i``.

    A heading set apart by its type runs to the next heading in the same or larger type: a
    heading in smaller type, or a label in body type, is a sub-heading or theme inside it.
    A heading with nothing of its own before a heading in the same type is a parent: its
    section runs on through the headings in that type that open a list. A heading indented
    from it opens a box (a case study) that is passed over. A heading not set apart by
    type (text input, or a label in body type) runs to the next heading or label whose
    wording does not name a theme over a list. A heading matching ``inner`` never ends a
    section; ``stop`` ends it early."""
    head = bs[i]
    by_type = head.kind == "heading" and head.size is not None
    rest = bs[i + 1:]
    inner_hit = lambda b: inner is not None and bool(inner.search(b.text))
    parent = by_type and bool(rest) and rest[0].kind == "heading" and not _smaller(rest[0], head) and not inner_hit(rest[0])
    out: list[Block] = []
    aside: float | None = None
    for k, b in enumerate(rest):
        nxt = rest[k + 1] if k + 1 < len(rest) else None
        if stop is not None and stop(b):
            break
        if aside is not None:
            resumes = b.text[:1].islower() and out and out[-1].kind == "item" and not ends_sentence(out[-1].text)
            if b.x is not None and b.x >= aside - SETTINGS.indent_tol and b.kind != "item" and not resumes:
                continue
            aside = None
        prev = rest[k - 1] if k else head
        if by_type and b.kind == "heading" and b.x is not None and nxt is not None and nxt.x is not None \
                and nxt.x >= b.x - SETTINGS.indent_tol and (
                    prev.page == b.page and prev.x is not None and b.x > prev.x + 12
                    or _smaller(b, head) and head.x is not None and b.x > head.x + 12):
            aside = b.x  # a boxed case study inside the section
            continue
        if heading_like(b) and not inner_hit(b):
            if by_type:
                if b.kind == "heading" and not _smaller(b, head):
                    if not (parent and nxt is not None and nxt.kind == "item" and not names_section(b.text)):
                        break
                elif b.kind == "heading" and not _list_goes_on(out, rest[k + 1:], b):
                    break  # a smaller heading after the list that does not carry it on
            elif not _text_theme(b, nxt):
                break
        out.append(b)
    return out


def _list_goes_on(before: list[Block], after: list[Block], b: Block) -> bool:
    """A sub-heading after a list's items is a theme inside the list when the next item
    after it carries the same list on (same marker kind; the next number) and its words do
    not name one of the report's sections."""
    last = next((x for x in reversed(before) if x.kind == "item" and x.level == 0), None)
    if last is None:
        return True  # before the list: a sub-heading over it
    if names_section(b.text):
        return False
    nxt = next((x for x in after if x.kind == "item" or (x.kind == "heading")), None)
    if nxt is None or nxt.kind != "item" or nxt.mkind != last.mkind:
        return False
    if last.mkind == "number":
        return _number(nxt.marker) == _number(last.marker) + 1
    return True


def _number(marker: str | None) -> int:
    m = re.match(r"\d+", marker or "")
    return int(m.group(0)) if m else -1


# text input only: the words of a report's own section headings, which never name a theme
_SECTION_WORDS = re.compile(
    r"(?i)^(next steps|main findings|headline findings|(?:key )?strengths|case study|what needs to improve|"
    r"areas? (?:for|of)|information about|inspection findings|(?:executive )?summary|overview|findings|"
    r"yours (?:sincerely|faithfully)|what is it like|the inspection|about (?:the|this)|what does|"
    r"inspection judge?ments?|progress since|the local authority)\b")


# ... and words that name a section wherever they stand ('Early help strengths')
_SECTION_ANYWHERE = re.compile(r"(?i)\b(strengths|findings|next steps|case study|summary)\b")


def names_section(text: str) -> bool:
    """The heading's words name one of a report's own sections, never a theme over a list."""
    return bool(_SECTION_WORDS.match(text) or _SECTION_ANYWHERE.search(text))


def _text_theme(b: Block, nxt: Block | None) -> bool:
    return (nxt is not None and nxt.kind == "item" and len(b.text.split()) <= SETTINGS.theme_words
            and not names_section(b.text))


def _smaller(b: Block, head: Block) -> bool:
    """b's type is smaller than head's (a sub-heading)."""
    if b.size is None or head.size is None:
        return False
    if b.size < head.size - SETTINGS.same_size:
        return True
    return abs(b.size - head.size) <= SETTINGS.same_size and head.bold and not b.bold


@dataclass
class Item:
    text: str
    page: int | None
    kind: str                 # 'bullet', 'number', 'letter', 'dash' or 'para'
    subs: list[str] = field(default_factory=list)
    heading: str | None = None  # the sub-heading it stood under, inside the section
    theme: str | None = None    # the theme label it stood under, since that sub-heading
    marker: str | None = None

    def points(self) -> list[str]:
        """The sub-items as printed."""
        return [re.sub(r"\s+", " ", s).strip() for s in self.subs]

    def full(self) -> str:
        """The item with its sub-items in order, their words as printed; where the printed
        text does not separate two points ('…by:', '…;', '…, and'), '; ' (or ': ' after the
        item's own text) is put between them, so that they never run together."""
        out = re.sub(r"\s+", " ", self.text).strip()
        for k, p in enumerate(self.points()):
            joined = out[-1:] in ":;,.\u2013\u2014-" or _CONNECTOR.search(out)
            out += " " + p if joined else (": " if k == 0 else "; ") + p
        return out


_CONNECTOR = re.compile(r"(?i)(?:^|\s+)(?:and|or)\s*$")


def strip_connector(text: str) -> str:
    """'…the local area; and' -> '…the local area;'"""
    return _CONNECTOR.sub("", text.rstrip())


def is_label(b: Block, nxt: Block | None) -> bool:
    """A theme label: a one-line paragraph (or a heading) of a few words that does not end a
    sentence, standing over a list item or paragraph ('Leadership and management',
    'Care leavers'): it groups the items under it and is never one of them."""
    if b.kind == "item" or nxt is None or nxt.kind == "heading":
        return False
    t = b.text
    return (len(b.lines) <= 2 and len(t.split()) <= SETTINGS.theme_words and t[:1].isupper()
            and not ends_sentence(t) and not t.endswith(":"))


def items(bs: list[Block], *, paragraphs: bool = True, trailing_paragraphs: bool = False,
          stop: Callable[[Block], bool] | None = None, styled: bool = True) -> list[Item]:
    """The items of a section's blocks: one per top-level list item, with the deeper items
    inside it as sub-items; a heading or theme label among them names their group and is not
    an item; a paragraph before the first item is a lead-in. Where the section has no list,
    each paragraph is an item (``paragraphs``); with ``trailing_paragraphs``, paragraphs
    after the list are items too."""
    if stop is not None:
        cut = next((k for k, b in enumerate(bs) if stop(b)), None)
        bs = bs[:cut] if cut is not None else bs
    listed = [b for b in bs if b.kind == "item"]
    out: list[Item] = []
    heading: str | None = None
    theme: str | None = None
    if not listed:
        if not paragraphs:
            return []
        for k, b in enumerate(bs):
            nxt = bs[k + 1] if k + 1 < len(bs) else None
            if b.kind == "heading":
                heading, theme = b.text, None
                continue
            if b.label or is_label(b, nxt):
                theme = b.text
                continue
            out.append(Item(b.text, b.page, "para", heading=heading, theme=theme))
        return out
    top = min(b.level for b in listed)
    top_kind = next(b.mkind for b in listed if b.level == top)
    # numbered theme headings over bullets ('1. Quality of practice' / '• …'): the bullets are the items
    heads = [k for k, b in enumerate(bs) if b.kind == "item" and b.level == top]
    if top_kind == "number" and any(b.mkind == "bullet" for b in listed) and all(
            not ends_sentence(bs[k].text) and len(bs[k].text.split()) <= SETTINGS.numbered_theme_words and k + 1 < len(bs)
            and bs[k + 1].kind == "item" and bs[k + 1].mkind == "bullet" for k in heads):
        for k in heads:
            bs[k] = Block("heading", bs[k].lines, level=99, start=bs[k].start)
        listed = [b for b in bs if b.kind == "item"]
        top = min(b.level for b in listed)
        top_kind = next(b.mkind for b in listed if b.level == top)
    cur: Item | None = None
    cur_x: float | None = None
    for k, b in enumerate(bs):
        nxt = bs[k + 1] if k + 1 < len(bs) else None
        if b.kind == "heading":
            heading, theme, cur = b.text, None, None
            continue
        if b.kind == "item":
            is_top = b.level == top and (styled or b.mkind == top_kind)
            if is_top or cur is None:
                cur = Item(b.text, b.page, b.mkind or "bullet", heading=heading, theme=theme, marker=b.marker)
                cur_x = b.x
                out.append(cur)
            else:
                cur.subs.append(b.marker + " " + b.text if b.mkind == "letter" else b.text)
            continue
        # a paragraph
        if cur is not None and styled and not ends_sentence(cur.subs[-1] if cur.subs else cur.text) \
                and b.x is not None and cur_x is not None and b.x > cur_x + SETTINGS.indent_tol and b.text[:1].islower():
            # the rest of an unfinished item, after a box that interrupted it
            if cur.subs:
                cur.subs[-1] = join_text([cur.subs[-1], b.text])
            else:
                cur.text = join_text([cur.text, b.text])
            continue
        if (b.label or is_label(b, nxt)) and (nxt is not None and nxt.kind in ("item", "para")):
            theme, cur = b.text, None
            continue
        if cur is None:
            if any(o.kind == "item" for o in bs[k + 1:]):
                continue  # a lead-in before the list
            if trailing_paragraphs and out:
                cur = Item(b.text, b.page, "para", heading=heading, theme=theme)
                out.append(cur)
            continue
        if trailing_paragraphs:
            cur = Item(b.text, b.page, "para", heading=heading, theme=theme)
            out.append(cur)
    return out


def describe(bs: list[Block]) -> str:
    """The blocks as the families see them, one a line: page, kind, level, type (size, b for
    bold) and marker, then the text; items indented by their depth. What ``ofsted text
    --blocks`` prints, so that a layout change shows as a readable diff."""
    out = []
    for b in bs:
        kind = "label" if b.label else b.kind
        style = f"{b.size:g}{'b' if b.bold else ''}" if b.size is not None else "-"
        pad = "  " * b.level if b.kind == "item" else ""
        marker = f"{b.marker} " if b.marker else ""
        page = b.page if b.page is not None else "-"
        out.append(f"p{page} {kind:<7} L{b.level} {style:<5} {pad}{marker}{b.text}")
    return "\n".join(out) + ("\n" if out else "")
