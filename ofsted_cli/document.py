"""The document model: pages of cleaned lines, page numbers kept.

Every input (PDF through a backend, or text converted from a PDF) becomes a :class:`Document`.
Family parsers read ``doc.lines`` — one stream of :class:`Line` with the page each came from —
so that paragraphs split by page breaks are just consecutive lines once running headers and
footers are gone.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

BULLET = "\u2022"
_CHAR_MAP = {
    "\r": "",
    "\ufffe": "-",  # pypdfium2's soft hyphen at a line end
    "\x02": "-",
    "\u00ad": "-",
    "\u202f": " ",
    "\u00a0": " ",
    "\u2011": "-",
    "\u25fc": BULLET, "\u25aa": BULLET, "\u25cf": BULLET, "\u25a0": BULLET, "\u2023": BULLET,
    "\uf0b7": BULLET, "\uf0a7": BULLET, "\uf06e": BULLET, "\uf02d": BULLET, "\uf0be": BULLET,
    "\uf076": BULLET, "\uf0d8": BULLET, "\uf0fc": BULLET, "\uf03c": BULLET,
    "\x83": BULLET, "\x95": BULLET,  # C1 control codes some PDFs use as bullet glyphs
}
_CHAR_MAP.update({chr(c): BULLET for c in range(0xE000, 0xF900) if chr(c) not in _CHAR_MAP})  # private use
_TRANS = str.maketrans(_CHAR_MAP)
_SPACES = re.compile(r"[ \t]+")
# footnote digits glued to a word or heading: 'area2', 'improve?1', 'Board1'
_FOOTNOTE = re.compile(r"(?<=[a-z?)\u2019'])(\d{1,2})(?=[\s,.;:]*$|[,.;:]\s)")
_PAGE_NO = re.compile(r"(?i)^(?:page\s*)?\d{1,3}(?:\s*of\s*\d{1,3})?$")


@dataclass(frozen=True)
class Line:
    text: str
    page: int | None
    box: tuple[float, float, float, float] | None = None  # left, bottom, right, top (PDF input)


class GLine(str):
    """A line of text that carries its box through cleaning (a str, so every text function
    applies to it unchanged)."""
    box: tuple[float, float, float, float] | None

    def __new__(cls, text: str, box=None):
        obj = str.__new__(cls, text)
        obj.box = box
        return obj


def _keep_box(new: str, old: str) -> str:
    return old if new == old else GLine(new, getattr(old, "box", None))


def clean_line(s: str) -> str:
    s = _SPACES.sub(" ", s.translate(_TRANS)).strip()
    if s.startswith(BULLET) and len(s) > 1 and s[1] != " ":
        s = BULLET + " " + s[1:]
    return s


_DIGIT = re.compile(r"\d")


def detach_footnote(s: str) -> str:
    """Remove a footnote reference glued to the end of a word ('improve?1' -> 'improve?')."""
    return _FOOTNOTE.sub("", s) if _DIGIT.search(s) else s


@dataclass
class Document:
    pages: list[list[str]]
    paged: bool = True  # False for text input without page breaks
    format: str = "text"
    backend: str | None = None
    backend_version: str | None = None
    raw_chars: int = 0
    damaged: bool = False  # a PDF cut short: what was read may be incomplete

    @cached_property
    def lines(self) -> list[Line]:
        out = []
        for i, page in enumerate(self.pages):
            no = i + 1 if self.paged else None
            out.extend(Line(str(t), no, getattr(t, "box", None)) for t in page if t)
        return out

    @cached_property
    def texts(self) -> list[str]:
        return [ln.text for ln in self.lines]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.texts)

    def head(self, n: int = 60) -> str:
        """The first n lines, joined: where titles and front-page metadata sit."""
        return "\n".join(self.texts[:n])


def strip_furniture(pages: list[list[str]], edge: int = 3) -> list[list[str]]:
    """Remove running headers, footers and page numbers: lines near the top or bottom of a
    page that repeat (digits aside) on many pages, or are bare page numbers."""
    n = len(pages)
    if n == 0:
        return pages
    shape = lambda s: re.sub(r"\d+", "#", s.lower())
    counts: Counter[str] = Counter()
    for lines in pages:
        idx = list(range(min(edge, len(lines)))) + list(range(max(len(lines) - edge, 0), len(lines)))
        counts.update({shape(lines[i]) for i in set(idx)})
    threshold = max(3, int(0.4 * n)) if n >= 4 else n + 1
    out = []
    for lines in pages:
        keep = list(lines)
        # trim from the top and the bottom while the edge line is furniture
        for from_top in (True, False):
            k = 0
            while keep and k < edge:
                i = 0 if from_top else len(keep) - 1
                s = keep[i]
                if _PAGE_NO.match(s) or (len(s) < 200 and counts[shape(s)] >= threshold):
                    keep.pop(i)
                    k += 1
                else:
                    break
        out.append(keep)
    return out


_FOOTNOTE_START = re.compile(r"^(\d{1,2})\s+(?=[A-Z\u2018'\"(])")
_FOOTNOTE_REF = re.compile(r"^\d{1,2}$")


def strip_footnotes(lines: list[str]) -> list[str]:
    """Drop footnote references standing on their own line, and the footnote block at the
    bottom of a page ('1 Ofsted produces this report under…' to the end of the page) when
    its number was referenced above it on the page (on its own line or glued to a word)."""
    refs: set[str] = set()
    out: list[str] = []
    for s in lines:
        if _FOOTNOTE_REF.match(s):
            refs.add(s)
            continue
        m = _FOOTNOTE.search(s)
        if m:
            refs.add(m.group(1))
        out.append(s)
    if not refs:
        return out
    for k in range(max(len(out) // 3, 1), len(out)):
        m = _FOOTNOTE_START.match(out[k])
        if m and m.group(1) in refs and len(out[k]) >= 30 and len(out[k].split()) >= 5:  # not '1 Catford Road'
            return out[:k]
    return out


_SOFT_HYPHEN = re.compile(r"(\w+)\ufffe\s*(\w+)")


class _Words:
    """Which words a document uses, to tell a word broken by a line-end hyphen ('ser-vices')
    from a hyphenated compound ('pre-proceedings'): counts of its words, less the halves of
    the hyphen-broken ones."""

    def __init__(self, page_pairs: list):
        self.counts: Counter[str] = Counter()
        if any("\ufffe" in s for pairs in page_pairs for s, _ in pairs):
            text = "\n".join(s for pairs in page_pairs for s, _ in pairs).lower()
            self.counts = Counter(_LOWER_WORD.findall(text))
            for m in _SOFT_HYPHEN.finditer(text):
                self.counts[m.group(1)] -= 1
                self.counts[m.group(2)] -= 1

    def __contains__(self, word: str) -> bool:
        return self.counts.get(word, 0) > 0


_LOWER_WORD = re.compile(r"[a-z]+")


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


def build(raw_pages: list, *, paged: bool, fmt: str, backend: str | None = None,
          backend_version: str | None = None) -> Document:
    """Clean raw pages into a Document. A raw page is a string (text input) or a list of
    (line, box) pairs from a PDF backend; boxes stay with their lines."""
    pages = []
    raw_chars = 0
    page_pairs = [[(s, None) for s in raw.split("\n")] if isinstance(raw, str) else raw for raw in raw_pages]
    words = _Words(page_pairs)
    for pairs in page_pairs:
        lines = []
        for s, box in pairs:
            raw_chars += len(s)
            if "\ufffe" in s:
                s = _SOFT_HYPHEN.sub(lambda m: _unhyphenate(m, words), s)
            t = clean_line(s)
            if t:
                lines.append(GLine(t, box))
        pages.append(lines)
    if paged and len(pages) > 1:
        pages = strip_furniture(pages)
    if paged:
        pages = [strip_footnotes(p) for p in pages]
    pages = [[_keep_box(detach_footnote(s), s) for s in p] for p in pages]
    return Document(pages=pages, paged=paged, format=fmt, backend=backend,
                    backend_version=backend_version, raw_chars=raw_chars)


_BOLD_GRADE = re.compile(r"\s*\*\*\s*(Grade\s*\d\s*\([^)]*\))\s*\*\*")


def from_text(text: str) -> Document:
    """Text converted from a PDF: form feeds separate pages; ``**bold**`` markers are dropped,
    and a bold grade run into its heading ('Quality of provision**Grade 2 (good)**') is put
    on its own line."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    text = _BOLD_GRADE.sub(r"\n\1\n", text)
    text = text.replace("**", "")
    raw_pages = text.split("\f")
    paged = len(raw_pages) > 1
    return build(raw_pages, paged=paged, fmt="text")
