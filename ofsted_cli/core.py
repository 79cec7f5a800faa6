"""The library entry points: one file (or standard input) in, one record out.

:func:`extract_path` never raises for a bad file: it returns an error record
(``{"source": …, "error": {"code", "message"}}``) as the output contract says.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
import traceback
from dataclasses import dataclass
from typing import Any

from . import defaults, families
from .document import Document, build, from_text
from .errors import ExtractError
from .model import error_record, record
from .pdf import backend_version, read_pdf



@dataclass
class Options:
    backend: str = "pypdfium2"
    max_pages: int = defaults.MAX_PAGES
    max_bytes: int = defaults.MAX_BYTES
    debug: bool = False
    pages: int | None = None  # read only the first pages where the family allows (grades)


def sniff(data: bytes) -> str:
    """What the bytes are: 'pdf', 'html', 'text', 'binary', or a format named by
    :data:`NOT_A_REPORT` (a Word document, a spreadsheet, an archive, a database, an image)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):  # a ZIP: Office documents are ZIPs of XML parts
        for part, kind in ((b"word/", "docx"), (b"xl/", "xlsx"), (b"ppt/", "pptx")):
            if part in data[:65536] or part in data[-65536:]:
                return kind
        return "zip"
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in low:
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


_MAGIC = [(b"SQLite format 3\x00", "sqlite"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"{\\rtf", "rtf"),
          (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"), (b"\x1f\x8b", "gzip")]
NOT_A_REPORT = {  # what the bytes are, in words, and what to do
    "html": "the bytes are HTML (a web page saved under this name), not a PDF",
    "docx": "a Word document (.docx), not a PDF: save it as PDF and read that",
    "xlsx": "an Excel workbook (.xlsx), not a report",
    "pptx": "a PowerPoint presentation (.pptx), not a report",
    "zip": "a ZIP archive, not a PDF: unpack it and give the folder",
    "ole": "an old Microsoft Office document (.doc/.xls), not a PDF: save it as PDF and read that",
    "rtf": "an RTF document, not a PDF: save it as PDF and read that",
    "sqlite": "an SQLite database, not a report: ask it questions with ofsted query FILE \"SQL\"",
    "image": "an image, not a PDF (scanned pages need OCR, which is not supported)",
    "gzip": "a gzip archive, not a PDF: unpack it first",
    "binary": "binary data that is neither a PDF nor text",
}


def _too_large(n: int | None, limit: int) -> ExtractError:
    if n is None:
        return ExtractError("too-large", f"more than {limit} bytes (the --max-bytes limit)")
    return ExtractError("too-large", f"{n} bytes, more than {limit} (the --max-bytes limit)")


def read_capped(fh, limit: int, what: int | None = None) -> bytes:
    """At most ``limit`` bytes from a stream; more is 'too-large' (a device, a pipe or standard
    input says nothing of its size beforehand)."""
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(what, limit)
    return data


def _no_block(path: str, flags: int) -> int:
    """Open without waiting: a file swapped for a named pipe after it was checked is not read."""
    fd = os.open(path, flags | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ExtractError("not-a-file", "not a regular file (it changed while being read)")
    return fd


def read_bytes(path: str, opts: Options) -> bytes:
    """The file's bytes, within the byte limit: a regular file or '-' (standard input); a
    named pipe, socket or device is refused at once (opening a pipe would wait for a writer),
    and so is a folder."""
    if path == "-":
        return read_capped(sys.stdin.buffer, opts.max_bytes)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ExtractError("not-found", "no such file") from None
    except OSError as exc:
        raise ExtractError("unreadable", exc.strerror or str(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ExtractError("unreadable", "is a directory")
    if not stat.S_ISREG(st.st_mode):
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) \
            else "a device"
        raise ExtractError("not-a-file", f"{what}, not a regular file: only files are read ('-' for standard input)")
    if st.st_size > opts.max_bytes:
        raise _too_large(st.st_size, opts.max_bytes)
    try:
        with open(path, "rb", opener=_no_block) as fh:
            return read_capped(fh, opts.max_bytes)
    except FileNotFoundError:
        raise ExtractError("not-found", "the file disappeared before it could be read") from None
    except IsADirectoryError:
        raise ExtractError("unreadable", "is a directory") from None
    except OSError as exc:
        raise ExtractError("unreadable", exc.strerror or str(exc)) from None


def load_document(data: bytes, path: str, opts: Options, pages=None) -> Document:
    """The cleaned document; of a PDF, only its first ``pages`` pages (an int) or the pages of
    a list of 0-based indexes, where given."""
    if not data:
        raise ExtractError("empty", "the file is empty")
    kind = sniff(data)
    if kind == "pdf":
        truncated = b"%%EOF" not in data[-2048:]
        try:
            raw_pages, count = read_pdf(data, opts.backend, opts.max_pages, pages)
        except ExtractError as exc:
            if truncated and exc.code == "damaged":
                raise ExtractError("truncated", "the PDF is cut short (no end-of-file marker) and cannot be read") from None
            raise
        numbers = None if pages is None or isinstance(pages, int) else [i + 1 for i in sorted(set(pages)) if i < count]
        doc = build(raw_pages, paged=True, fmt="pdf", backend=opts.backend,
                    backend_version=backend_version(opts.backend), page_count=count, page_numbers=numbers)
        if not any(doc.pages) or sum(len(t) for t in doc.texts) < 40:
            if truncated:
                raise ExtractError("truncated", "the PDF is cut short (no end-of-file marker) and no text could be read")
            raise ExtractError("no-text-layer", "the PDF has no text layer (scanned images?); OCR is not supported")
        doc.damaged = truncated
        return doc
    if kind in NOT_A_REPORT:
        raise ExtractError("not-a-pdf", NOT_A_REPORT[kind])
    if path.lower().endswith(".pdf"):
        raise ExtractError("not-a-pdf", f"the bytes are {kind}, not a PDF (no %PDF- header)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError("bad-encoding", f"the text is not valid UTF-8 (byte {exc.start})") from None
    return from_text(text)


def display_path(path: str) -> str:
    """The path as text: bytes of a file name that are not UTF-8 are shown escaped ('\\xff'),
    so every output format can carry it."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def source_of(path: str, sha: str | None = None) -> dict[str, Any]:
    return {"path": display_path(path), "sha256": sha, "format": None, "pages": None}


def extract_bytes(data: bytes, path: str, opts: Options | None = None) -> dict[str, Any]:
    opts = opts or Options()
    source = source_of(path, hashlib.sha256(data).hexdigest())
    try:
        doc, rep = _parse(data, path, opts)
        source["format"] = doc.format
        source["pages"] = (doc.page_count or len(doc.pages)) if doc.paged else None
        if doc.paged and doc.page_count and len(doc.pages) < doc.page_count:
            source["pages_read"] = len(doc.pages)
        if doc.backend:
            source["backend"] = doc.backend
            source["backend_version"] = doc.backend_version
        if rep is None:
            if doc.damaged:
                raise ExtractError("truncated", "the PDF is cut short and what could be read is not a whole report")
            raise ExtractError("not-an-ofsted-report", "no Ofsted report title or wording was found")
        if doc.damaged:
            if not rep.judgements and families.INFO[rep.type].graded:
                raise ExtractError("truncated", "the PDF is cut short and its judgements could not be read")
            rep.warn("damaged-pdf", "the PDF is cut short (no end-of-file marker): this record is what could be "
                                    "read, recommendations may be incomplete")
        return record(source, rep)
    except ExtractError as exc:
        return error_record(source, exc.code, exc.message)
    except MemoryError:
        return error_record(source, "too-large", "reading the report needed more memory than the limit (--max-memory)")
    except RecursionError:
        return error_record(source, "damaged", "the PDF's structure nests too deeply to be read")
    except Exception as exc:  # a bug: keep the batch going, say so clearly
        msg = f"{type(exc).__name__}: {exc}"
        if opts.debug:
            msg += "\n" + traceback.format_exc()
        return error_record(source, "internal", msg)


def _parse(data: bytes, path: str, opts: Options):
    """(document, report). With ``opts.pages`` (grades), the first pages first; then the
    pages the family says its remaining grades are on (from the report's contents page), and
    the whole report only where it cannot say, or where judgements the report must print are
    still missing. Never fewer grades than a whole read."""
    if opts.pages:
        doc = load_document(data, path, opts, opts.pages)
        if not (doc.page_count and doc.page_count > len(doc.pages)):
            return doc, families.parse(doc)
        rep = families.parse(doc)
        if rep is not None and _complete(rep) and _all_read(rep):
            return doc, _judgements_only(rep)
        more = families.grade_pages(doc, rep) if rep is not None else None
        if more:
            doc2 = load_document(data, path, opts, list(range(opts.pages)) + more)
            rep2 = families.parse(doc2)
            if rep2 is not None and rep2.type == rep.type and _complete(rep2):
                return doc2, _judgements_only(rep2)
    doc = load_document(data, path, opts)
    return doc, families.parse(doc)


def _complete(rep) -> bool:
    """Every judgement the report must print was found, and the provider's URN where the
    family prints one, so that the record keys the provider as a whole read does (a partial
    read's verdict)."""
    if rep.urn is None and families.INFO[rep.type].urn:
        return False
    return not rep.missing and not any(w.code == "no-judgements" for w in rep.warnings)


def _all_read(rep) -> bool:
    """A family that prints grades beyond the first pages (an LSCB part, a closing table) is
    read on unless every judgement it can print was found: what is not found may be further
    on, and a partial read never returns less than a whole one."""
    info = families.INFO[rep.type]
    return not info.grades_deep or all(rep.judgement(k) is not None for k in info.keys)


def _judgements_only(rep):
    """A partial read says nothing of recommendations: none, and no warning about them."""
    rep.recommendations = []
    rep.warnings = [w for w in rep.warnings if w.about != "items"]
    return rep


def extract_path(path: str, opts: Options | None = None) -> dict[str, Any]:
    """Read one file ('-' for standard input) into a record, or an error record."""
    opts = opts or Options()
    try:
        data = read_bytes(path, opts)
    except ExtractError as exc:
        return error_record(source_of(path), exc.code, exc.message)
    except MemoryError:
        return error_record(source_of(path), "too-large", "reading the file needed more memory than the limit")
    return extract_bytes(data, path, opts)


def document_text(path: str, opts: Options, raw: bool = False, blocks: bool = False) -> str:
    """What the parsers see (`ofsted text`): the cleaned text with page markers, the blocks
    (``blocks``), or a PDF's text as the backend gives it (``raw``)."""
    from .terminal import safe
    data = read_bytes(path, opts)
    if raw and sniff(data) == "pdf":
        return "".join(f"===== page {i} =====\n" + "\n".join(safe(ln.text) for ln in page) + "\n"
                       for i, page in enumerate(read_pdf(data, opts.backend)[0], 1))
    doc = load_document(data, path, opts)
    if blocks:
        from .layout import blocks, describe
        return describe(blocks(doc))
    return "".join(f"===== page {i} =====\n" + "\n".join(ln.text for ln in page) + "\n"
                   for i, page in enumerate(doc.pages, 1))
