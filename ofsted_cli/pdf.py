"""PDF text backends behind one interface: ``read_pdf(data, backend) -> (pages, version)``.

- ``pypdfium2`` (default): PDFium's text extraction; fast, and it keeps each judgement-table
  label next to its grade.
- ``pdfminer`` (pdfminer.six, default layout settings): its reading order puts a table's
  labels and grades in separate columns, so each page's lines are rebuilt from their
  coordinates (lines that overlap vertically form one row, read left to right).
"""
from __future__ import annotations

import io
from importlib import metadata

from .errors import ExtractError

BACKENDS = ("pypdfium2", "pdfminer")


def backend_version(name: str) -> str | None:
    dist = {"pypdfium2": "pypdfium2", "pdfminer": "pdfminer.six"}[name]
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def read_pdf(data: bytes, backend: str = "pypdfium2", max_pages: int | None = None) -> list[str]:
    if backend == "pypdfium2":
        return _read_pdfium(data, max_pages)
    if backend == "pdfminer":
        return _read_pdfminer(data, max_pages)
    raise ValueError(f"unknown backend {backend!r}")


def _read_pdfium(data: bytes, max_pages: int | None) -> list[str]:
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
                    pages.append(tp.get_text_range())
                finally:
                    tp.close()
            finally:
                page.close()
        return pages
    finally:
        pdf.close()


def _read_pdfminer(data: bytes, max_pages: int | None) -> list[str]:
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
            pages.append("\n".join(rows_from_boxes(boxes)))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ExtractError("encrypted", "the PDF is encrypted and needs a password") from None
    except (PDFSyntaxError, PSException) as exc:
        raise ExtractError("damaged", f"the PDF cannot be parsed ({exc})") from None
    return pages


def rows_from_boxes(boxes: list[tuple[float, float, float, float, str]]) -> list[str]:
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
    return [" ".join(b[4] for b in sorted(r[2], key=lambda b: b[0])) for r in rows]
