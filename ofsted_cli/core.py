"""The library entry points: one file (or standard input) in, one record out.

:func:`extract_path` never raises for a bad file: it returns an error record
(``{"source": …, "error": {"code", "message"}}``) as the output contract says.
"""
from __future__ import annotations

import hashlib
import os
import sys
import traceback
from dataclasses import dataclass
from typing import Any

from . import families
from .document import Document, build, from_text
from .errors import ExtractError
from .model import error_record, record
from .pdf import backend_version, read_pdf

DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


@dataclass
class Options:
    backend: str = "pypdfium2"
    max_pages: int = DEFAULT_MAX_PAGES
    max_bytes: int = DEFAULT_MAX_BYTES
    debug: bool = False


def sniff(data: bytes) -> str:
    """What the bytes are: 'pdf', 'html', 'text' or 'binary'."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body")) or b"<html" in low:
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


def read_bytes(path: str, opts: Options) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise ExtractError("not-found", "no such file") from None
    except OSError as exc:
        raise ExtractError("unreadable", exc.strerror or str(exc)) from None
    if os.path.isdir(path):
        raise ExtractError("unreadable", "is a directory")
    if size > opts.max_bytes:
        raise ExtractError("too-large", f"{size} bytes, more than the limit of {opts.max_bytes} (--max-bytes)")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise ExtractError("not-found", "the file disappeared before it could be read") from None
    except OSError as exc:
        raise ExtractError("unreadable", exc.strerror or str(exc)) from None


def load_document(data: bytes, path: str, opts: Options) -> Document:
    if not data:
        raise ExtractError("empty", "the file is empty")
    kind = sniff(data)
    if kind == "pdf":
        truncated = b"%%EOF" not in data[-2048:]
        try:
            pages, count = read_pdf(data, opts.backend, opts.max_pages)
        except ExtractError as exc:
            if truncated and exc.code == "damaged":
                raise ExtractError("truncated", "the PDF is cut short (no end-of-file marker) and cannot be read") from None
            raise
        doc = build(pages, paged=True, fmt="pdf", backend=opts.backend,
                    backend_version=backend_version(opts.backend), page_count=count)
        if not any(doc.pages) or sum(len(t) for t in doc.texts) < 40:
            if truncated:
                raise ExtractError("truncated", "the PDF is cut short (no end-of-file marker) and no text could be read")
            raise ExtractError("no-text-layer", "the PDF has no text layer (scanned images?); OCR is not supported")
        doc.damaged = truncated
        return doc
    if kind == "html":
        raise ExtractError("not-a-pdf", "the bytes are HTML (a web page saved under this name), not a PDF")
    if path.lower().endswith(".pdf"):
        raise ExtractError("not-a-pdf", f"the bytes are {kind}, not a PDF (no %PDF- header)")
    if kind == "binary":
        raise ExtractError("not-an-ofsted-report", "binary data that is neither a PDF nor text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError("bad-encoding", f"the text is not valid UTF-8 (byte {exc.start})") from None
    return from_text(text)


def extract_bytes(data: bytes, path: str, opts: Options | None = None) -> dict[str, Any]:
    opts = opts or Options()
    source: dict[str, Any] = {"path": path, "sha256": hashlib.sha256(data).hexdigest(),
                              "format": None, "pages": None}
    try:
        doc = load_document(data, path, opts)
        source["format"] = doc.format
        source["pages"] = len(doc.pages) if doc.paged else None
        if doc.backend:
            source["backend"] = doc.backend
            source["backend_version"] = doc.backend_version
        rep = families.parse(doc)
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
    except Exception as exc:  # a bug: keep the batch going, say so clearly
        msg = f"{type(exc).__name__}: {exc}"
        if opts.debug:
            msg += "\n" + traceback.format_exc()
        return error_record(source, "internal", msg)


def extract_path(path: str, opts: Options | None = None) -> dict[str, Any]:
    """Read one file ('-' for standard input) into a record, or an error record."""
    opts = opts or Options()
    try:
        data = read_bytes(path, opts)
    except ExtractError as exc:
        return error_record({"path": path, "sha256": None, "format": None, "pages": None},
                            exc.code, exc.message)
    return extract_bytes(data, path, opts)
