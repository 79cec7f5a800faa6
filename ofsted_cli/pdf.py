"""PDF text backends behind one interface: ``read_pdf(data, backend) -> (pages, version)``.

- ``pypdfium2`` (default): PDFium's text extraction; fast, and it keeps each judgement-table
  label next to its grade.
- ``pdfminer`` (pdfminer.six, default layout settings): its reading order puts a table's
  labels and grades in separate columns, so each page's lines are rebuilt from their
  coordinates (lines that overlap vertically form one row, read left to right).
"""
from __future__ import annotations

import functools
import io
import re
from importlib import metadata

from .errors import ExtractError

BACKENDS = ("pypdfium2", "pdfminer")
Box = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, origin bottom left)
PageLines = list[tuple[str, "Box | None"]]


@functools.lru_cache(maxsize=None)
def backend_version(name: str) -> str | None:
    dist = {"pypdfium2": "pypdfium2", "pdfminer": "pdfminer.six"}[name]
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def read_pdf(data: bytes, backend: str = "pypdfium2", max_pages: int | None = None) -> list[PageLines]:
    """Each page as its lines of text, each with its box where the backend gives one."""
    if backend == "pypdfium2":
        return _read_pdfium(data, max_pages)
    if backend == "pdfminer":
        return _read_pdfminer(data, max_pages)
    raise ValueError(f"unknown backend {backend!r}")


def _read_pdfium(data: bytes, max_pages: int | None) -> list[PageLines]:
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
        pages = []
        for i in range(n):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as exc:
                raise ExtractError("damaged", f"page {i + 1} cannot be read ({exc})") from None
            try:
                tp = page.get_textpage()
                try:
                    pages.append(_lines_with_boxes(tp))
                finally:
                    tp.close()
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def _lines_with_boxes(tp) -> list[tuple[str, Box | None]]:
    """The page's text as lines, each with the box (left, bottom, right, top) spanned by its
    first and last character: two look-ups a line, cheap next to the text itself."""
    text = tp.get_text_range()
    n = tp.count_chars()
    out: list[tuple[str, Box | None]] = []
    start = 0
    for m in list(_LINE_BREAK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        line = text[start:end]
        box = None
        if line.strip() and len(text) == n:
            first = start + (len(line) - len(line.lstrip()))
            last = start + len(line.rstrip()) - 1
            try:
                l0, b0, r0, t0 = tp.get_charbox(first, loose=True)
                l1, b1, r1, t1 = tp.get_charbox(last, loose=True)
                box = (min(l0, l1), min(b0, b1), max(r0, r1), max(t0, t1))
            except Exception:
                box = None
        out.append((line, box))
        if m is None:
            break
        start = m.end()
    return out


def _read_pdfminer(data: bytes, max_pages: int | None) -> list[PageLines]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    pages = []
    try:
        for n, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            if max_pages is not None and n >= max_pages:
                raise ExtractError("too-large", f"more pages than the limit of {max_pages} (--max-pages)")
            boxes = []
            for el in layout:
                if isinstance(el, LTTextContainer):
                    for line in el:
                        if isinstance(line, LTTextLine):
                            text = line.get_text().strip()
                            if text:
                                boxes.append((line.x0, line.y0, line.x1, line.y1, text))
            pages.append(rows_from_boxes(boxes))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractError("encrypted", "the PDF is encrypted and needs a password") from None
    except (PDFSyntaxError, PSException) as exc:
        raise ExtractError("damaged", f"the PDF cannot be parsed ({exc})") from None
    return pages


def rows_from_boxes(boxes: list[tuple[float, float, float, float, str]]) -> list[tuple[str, Box]]:
    """Rebuild reading order from text-line boxes: lines whose vertical extents overlap by
    at least half the smaller height form one row, read left to right; rows top to bottom."""
    boxes = sorted(boxes, key=lambda b: (-b[3], b[0]))
    rows: list[list] = []  # [top, bottom, [boxes]]
    for b in boxes:
        x0, y0, x1, y1, _ = b
        h = max(y1 - y0, 0.1)
        placed = False
        for row in rows[-3:]:
            top, bottom = row[0], row[1]
            overlap = min(top, y1) - max(bottom, y0)
            if overlap >= 0.5 * min(h, max(top - bottom, 0.1)) and \
                    all(x1 <= ob[0] + 1 or x0 >= ob[2] - 1 for ob in row[2]):
                row[2].append(b)
                row[0], row[1] = max(top, y1), min(bottom, y0)
                placed = True
                break
        if not placed:
            rows.append([y1, y0, [b]])
    rows.sort(key=lambda r: -r[0])
    out = []
    for top, bottom, bs in rows:
        bs = sorted(bs, key=lambda b: b[0])
        out.append((" ".join(b[4] for b in bs), (bs[0][0], bottom, max(b[2] for b in bs), top)))
    return out
