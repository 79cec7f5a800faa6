"""PDF text backends behind one interface: ``read_pdf(data, backend) -> pages of RawLine``.

Each line carries what the page says about it, sampled per line (never per character):
the box spanned by its first and last character, the effective font size and weight of its
first text character (after a bullet glyph), whether its last letter is bold too, whether it
opens with a glyph from a symbol font (a bullet, whatever character the text layer gives for
it: '', 'n', U+0084 …), the x where its text starts, and the runs of small raised digits
(footnote marks) in it.

- ``pypdfium2`` (default): PDFium's text extraction and its per-character API
  (``FPDFText_GetFontSize``, ``…GetMatrix``, ``…GetFontWeight``, ``…GetFontInfo``,
  ``…GetLooseCharBox``); fast, and it keeps each judgement-table label next to its grade.
- ``pdfminer`` (pdfminer.six, default layout settings): its reading order puts a table's
  labels and grades in separate columns, so each page's lines are rebuilt from their
  coordinates (lines that overlap vertically form one row, read left to right).
"""
from __future__ import annotations

import ctypes
import functools
import io
import re
import struct
from dataclasses import dataclass
from importlib import metadata

from .pdfium_fast import CHAR_FUNCTIONS, bare_functions
from .errors import ExtractError

BACKENDS = ("pypdfium2", "pdfminer")
Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, origin bottom left)


@dataclass(slots=True)
class RawLine:
    """One line of a page as the backend gives it, with its typography."""
    text: str
    box: Box | None = None
    size: float | None = None      # effective font size (points) of the first text character
    bold_start: bool | None = None  # the first text character is bold
    bold_end: bool | None = None   # the last letter is bold too (a wholly bold line)
    symbol: bool = False           # opens with a glyph from a symbol font (a bullet)
    indent: float | None = None    # x where the text starts (after a bullet glyph)
    marks: tuple[tuple[int, int], ...] = ()  # small raised digit runs (footnote marks): text offsets
    base: float | None = None      # the baseline (y) of the first text character


PageLines = list[RawLine]

_SYMBOL_FONT = re.compile(r"(?i)wingding|symbol|webding|dingbat|zapf")
_BOLD_FONT = re.compile(r"(?i)bold|black|heavy|semibold|demibold")
# runs of digits: footnote mark candidates are one or two digits glued to the character
# before them ('board1', 'improve?1', 'protection.2', 'THRIVE3'), or opening a line before a
# space ('1 Ofsted produces…')
_DIGIT = re.compile(r"[0-9]")  # (a quick test: a line with no ASCII digit has no mark)
_DIGITS = re.compile(r"\d+")
_CID = re.compile(r"\(cid:\d+\)")  # pdfminer's text for a glyph with no Unicode
RAISED = 0.85  # a digit under this share of the text's size is raised (superscript)


@functools.lru_cache(maxsize=None)
def backend_version(name: str) -> str | None:
    dist = {"pypdfium2": "pypdfium2", "pdfminer": "pdfminer.six"}[name]
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def read_pdf(data: bytes, backend: str = "pypdfium2", max_pages: int | None = None,
             pages: "int | list[int] | None" = None) -> tuple[list[PageLines], int]:
    """The pages as lines with their typography, and the document's page count: all of them,
    the first ``pages`` (an int), or those of a list of 0-based indexes."""
    if backend == "pypdfium2":
        return _read_pdfium(data, max_pages, pages)
    if backend == "pdfminer":
        return _read_pdfminer(data, max_pages, pages)
    raise ValueError(f"unknown backend {backend!r}")


def _select(n: int, want) -> list[int]:
    if want is None:
        return list(range(n))
    if isinstance(want, int):
        return list(range(min(n, want)))
    return sorted({i for i in want if 0 <= i < n})


def _read_pdfium(data: bytes, max_pages: int | None, want) -> tuple[list[PageLines], int]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        if "password" in msg.lower():
            raise ExtractError("encrypted", "the PDF is encrypted and needs a password") from None
        raise ExtractError("damaged", f"the PDF cannot be opened ({msg})") from None
    try:
        n = len(pdf)
        if max_pages is not None and n > max_pages:
            raise ExtractError("too-large", f"{n} pages, more than the limit of {max_pages} (--max-pages)")
        reader = _PdfiumLines()
        pages = []
        for i in _select(n, want):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as exc:
                raise ExtractError("damaged", f"page {i + 1} cannot be read ({exc})") from None
            try:
                tp = page.get_textpage()
                try:
                    pages.append(reader.lines(tp))
                finally:
                    tp.close()
            finally:
                page.close()
        return pages, n
    finally:
        pdf.close()


_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_RECT = struct.Struct("4f").unpack_from  # an FS_RECTF's fields at once: left, top, right, bottom


class _PdfiumLines:
    """Lines of a PDFium text page with their typography, from a few look-ups per line.

    This runs once per line of every page, so it is written for speed: PDFium's functions
    bound once, a font's weight and kind worked out once per font name, a font's descent
    once per font and size, and no look-up that the line does not need (the font of the
    last letter only for a bold line, type sizes only around digits)."""

    def __init__(self):
        import pypdfium2.raw as raw
        self.rect = raw.FS_RECTF()
        self.matrix = raw.FS_MATRIX()
        self.flags = ctypes.c_int()
        self.name = ctypes.create_string_buffer(128)
        self.ox, self.oy = ctypes.c_double(), ctypes.c_double()
        self.ox_ref, self.oy_ref, self.flags_ref = ctypes.byref(self.ox), ctypes.byref(self.oy), ctypes.byref(self.flags)
        self.rect_ref = ctypes.byref(self.rect)
        self.matrix_ref = ctypes.byref(self.matrix)
        self.buflen = ctypes.c_ulong(128)
        fns = bare_functions() or {name: getattr(raw, name) for name in CHAR_FUNCTIONS}
        self.loose = fns["FPDFText_GetLooseCharBox"]
        self.font_size = fns["FPDFText_GetFontSize"]
        self.font_info = fns["FPDFText_GetFontInfo"]
        self.font_weight = fns["FPDFText_GetFontWeight"]
        self.char_matrix = fns["FPDFText_GetMatrix"]
        self.char_origin = fns["FPDFText_GetCharOrigin"]
        self._fonts: dict[bytes, tuple[bool, bool, bytes]] = {}
        self._descent: dict[tuple[bytes, float], float] = {}
        self._rounded: dict[float, float] = {}

    def _box(self, tp, i: int) -> Box | None:
        if not self.loose(tp, i, self.rect_ref):
            return None
        left, top, right, bottom = _RECT(self.rect)
        return left, bottom, right, top

    def _size(self, tp, i: int) -> float:
        size = self.font_size(tp, i)
        if size < 4 and self.char_matrix(tp, i, self.matrix_ref):
            m = self.matrix
            scale = abs(m.a * m.d - m.b * m.c) ** 0.5
            if scale > 0:
                size *= scale  # a font set at 1 pt and scaled by the text matrix (re-saved PDFs)
        return self._round(size)

    def _round(self, size: float) -> float:
        """``round(size, 1)``, once per distinct size (rounding to a digit is slow in Python)."""
        r = self._rounded.get(size)
        if r is None:
            r = self._rounded[size] = round(size, 1)
        return r

    def _font(self, tp, i: int) -> tuple[bool, bool, bytes]:
        """(bold, symbol, font key) for the character's font, worked out once per font name
        (its weight as declared, or 'Bold' in its name)."""
        n = self.font_info(tp, i, self.name, self.buflen, self.flags_ref)
        if n > len(self.name):  # a longer name than the buffer holds: PDFium left the buffer as it was
            self.name = ctypes.create_string_buffer(n)
            self.buflen = ctypes.c_ulong(n)
            n = self.font_info(tp, i, self.name, self.buflen, self.flags_ref)
        key = self.name.value if n else b""
        hit = self._fonts.get(key)
        if hit is None:
            name = key.decode("latin-1")
            bold = bool(_BOLD_FONT.search(name)) or self.font_weight(tp, i) >= 600
            hit = (bold, bool(_SYMBOL_FONT.search(name)), key)
            self._fonts[key] = hit
        return hit

    def lines(self, textpage) -> list[RawLine]:
        tp = textpage.raw
        text = textpage.get_text_range()
        aligned = len(text) == textpage.count_chars()
        out: list[RawLine] = []
        start = 0
        parts = text.split("\r\n")
        seps = None
        if text.count("\n") != len(parts) - 1 or text.count("\r") != len(parts) - 1:
            parts = _LINE_BREAK.split(text)  # other line breaks than PDFium's own
            seps = [m.end() - m.start() for m in _LINE_BREAK.finditer(text)] + [0]
        line_fn = self._line
        append = out.append
        for k, line in enumerate(parts):
            end = start + len(line)
            if aligned and line and not line.isspace():
                append(line_fn(tp, line, start))
            else:
                append(RawLine(line))
            start = end + (seps[k] if seps else 2)
        return out

    def _baseline(self, tp, i: int, key: bytes, size: float, bottom: float) -> float | None:
        """The baseline of character ``i``: its loose box's bottom raised by its font's descent,
        measured once per font and size (PDFium's loose box is the font's, so its bottom is the
        baseline less the descent, whatever the glyph)."""
        d = self._descent.get((key, size))
        if d is None:
            if not self.char_origin(tp, i, self.ox_ref, self.oy_ref):
                return None
            d = self.oy.value - bottom
            self._descent[(key, size)] = d
        return bottom + d

    def _line(self, tp, line: str, start: int) -> RawLine:
        loose, r, rref = self.loose, self.rect, self.rect_ref
        rect = _RECT
        stripped = line.rstrip()
        lead = len(line) - len(line.lstrip())
        first = start + lead
        last = start + len(stripped) - 1
        box = tb = None
        if loose(tp, first, rref):
            l0, t0, r0, b0 = rect(r)
            tb = box = (l0, b0, r0, t0)
            if last != first:
                if loose(tp, last, rref):
                    l1, t1, r1, b1 = rect(r)
                    box = (l0 if l0 < l1 else l1, b0 if b0 < b1 else b1, r0 if r0 > r1 else r1, t0 if t0 > t1 else t1)
                else:
                    box = None
        bold, symbol, key = self._font(tp, first)
        text_i = first
        if symbol:
            k = lead + 1
            while k < len(line) and line[k] in " \t":
                k += 1
            if k < len(line):
                text_i = start + k
                bold, _, key = self._font(tp, text_i)
                tb = self._box(tp, text_i)
        size = self._size(tp, text_i)
        if tb is not None:
            indent, base = tb[0], self._baseline(tp, text_i, key, size, tb[1])
        else:
            indent = base = None
        bold_end = False
        if bold:
            # the last letter (not a trailing footnote mark or punctuation) decides a wholly bold line
            k = len(stripped) - 1
            while k > lead and not line[k].isalpha():
                k -= 1
            bold_end = self._font(tp, start + k)[0] if k > lead else bold
        marks: tuple = ()
        if _DIGIT.search(stripped, lead):
            marks = self._marks(tp, stripped, start, lead, [m.span() for m in _DIGITS.finditer(stripped, lead)])
        return RawLine(line, box, size, bold, bold_end, symbol, indent, marks, base)

    def _marks(self, tp, body: str, start: int, lead: int, runs: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        """Footnote marks among the line's runs of digits: one or two digits glued to the
        character before them and in smaller type than it; or opening the line before a space,
        in smaller type than the text after them (or, alone on the line, in small type)."""
        marks = []
        for a, b in runs:
            if a > lead and b - a <= 2 and not body[a - 1].isspace():
                i = start + a
                if self._size(tp, i) < RAISED * self._size(tp, i - 1):
                    marks.append((a, b))
        a, b = runs[0]
        if a == lead and b - a <= 2 and (b == len(body) or body[b].isspace()):
            k = b
            while k < len(body) and body[k] == " ":
                k += 1
            d = self._size(tp, start + a)
            ref = self._size(tp, start + k) if k < len(body) else None
            # a digit before the text of its line, smaller than it (a footnote's number);
            # alone on its line, small type
            if ref and d < RAISED * ref or ref is None and d < 10.5:
                marks.insert(0, (a, b))
        return tuple(marks)


def _read_pdfminer(data: bytes, max_pages: int | None, want) -> tuple[list[PageLines], int]:
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)))
        all_pages = list(PDFPage.create_pages(doc))
        n = len(all_pages)
        if max_pages is not None and n > max_pages:
            raise ExtractError("too-large", f"{n} pages, more than the limit of {max_pages} (--max-pages)")
        rsrc = PDFResourceManager()
        device = PDFPageAggregator(rsrc, laparams=LAParams())
        interp = PDFPageInterpreter(rsrc, device)
        for page in [all_pages[i] for i in _select(n, want)]:
            interp.process_page(page)
            layout = device.get_result()
            lines = []
            for el in layout:
                if isinstance(el, LTTextContainer):
                    for line in el:
                        if isinstance(line, LTTextLine):
                            raw = _miner_line(line, LTChar)
                            if raw is not None:
                                lines.append(raw)
            pages.append(rows_from_lines(lines))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractError("encrypted", "the PDF is encrypted and needs a password") from None
    except (PDFSyntaxError, PSException) as exc:
        raise ExtractError("damaged", f"the PDF cannot be parsed ({exc})") from None
    return pages, n


def _miner_line(line, LTChar) -> RawLine | None:
    """A pdfminer text line with the same typography PDFium gives."""
    objs = [o for o in line if hasattr(o, "get_text")]
    first_vis = next((o for o in objs if isinstance(o, LTChar) and o.get_text().strip()), None)
    symbol_first = first_vis is not None and bool(_SYMBOL_FONT.search(first_vis.fontname))

    def text_of(o) -> str:
        t = o.get_text()
        if o is first_vis and symbol_first:
            return "\u2022"  # a bullet glyph, whatever its code ('(cid:132)')
        return _CID.sub("", t) if "(cid:" in t else t

    text = "".join(text_of(o) for o in objs).rstrip("\n")
    if not text.strip():
        return None
    chars = [(o, k) for k, o in enumerate(objs) if isinstance(o, LTChar)]
    offsets = []
    pos = 0
    for o in objs:
        offsets.append(pos)
        pos += len(text_of(o))
    vis = [(o, offsets[k]) for o, k in chars if o.get_text().strip()]
    if not vis:
        return None
    first, _ = vis[0]
    symbol = bool(_SYMBOL_FONT.search(first.fontname))
    tfirst = vis[1][0] if symbol and len(vis) > 1 else first
    letters = [o for o, _ in vis if o.get_text().isalpha()]
    bold = bool(_BOLD_FONT.search(tfirst.fontname))
    bold_end = bool(_BOLD_FONT.search(letters[-1].fontname)) if letters else bold
    marks = []
    prev = None
    for o, off in vis:
        if o.get_text().isdigit() and prev is not None and o.size < RAISED * prev.size:
            if marks and marks[-1][1] == off:
                marks[-1] = (marks[-1][0], off + 1)
            else:
                marks.append((off, off + 1))
        if not o.get_text().isdigit():
            prev = o
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    marks = [(a - lead, b - lead) for a, b in marks if a >= lead]
    return RawLine(text, (line.x0, line.y0, line.x1, line.y1), round(tfirst.size, 1), bold, bold_end,
                   symbol, tfirst.x0, tuple(marks), tfirst.y0)


def rows_from_lines(lines: list[RawLine]) -> list[RawLine]:
    """Rebuild reading order from text-line boxes: lines whose vertical extents overlap by
    at least half the smaller height form one row, read left to right; rows top to bottom.
    A row keeps the typography of its first line."""
    lines = sorted(lines, key=lambda ln: (-ln.box[3], ln.box[0]))
    rows: list[list] = []  # [top, bottom, [lines]]
    for ln in lines:
        x0, y0, x1, y1 = ln.box
        h = max(y1 - y0, 0.1)
        placed = False
        for row in rows[-3:]:
            top, bottom = row[0], row[1]
            overlap = min(top, y1) - max(bottom, y0)
            if overlap >= 0.5 * min(h, max(top - bottom, 0.1)) and \
                    all(x1 <= o.box[0] + 1 or x0 >= o.box[2] - 1 for o in row[2]):
                row[2].append(ln)
                row[0], row[1] = max(top, y1), min(bottom, y0)
                placed = True
                break
        if not placed:
            rows.append([y1, y0, [ln]])
    rows.sort(key=lambda r: -r[0])
    out = []
    for top, bottom, ls in rows:
        ls = sorted(ls, key=lambda o: o.box[0])
        text, marks = "", []
        for o in ls:
            if text:
                text += " "
            marks.extend((a + len(text), b + len(text)) for a, b in o.marks)
            text += o.text
        f = ls[0]
        out.append(RawLine(text, (f.box[0], bottom, max(o.box[2] for o in ls), top), f.size, f.bold_start,
                           ls[-1].bold_end, f.symbol, f.indent, tuple(marks), f.base))
    return out
