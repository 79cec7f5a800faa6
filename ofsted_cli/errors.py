"""Error codes: short, stable ids for every way a file can fail (documented in the README)."""
from __future__ import annotations

ERROR_CODES = {
    "not-found": "the path does not exist",
    "unreadable": "the file exists but cannot be read (permissions, a directory, I/O error)",
    "empty": "the file has no bytes",
    "not-a-pdf": "a .pdf file whose bytes are not a PDF (e.g. an HTML error page)",
    "damaged": "a PDF that the backend cannot open or read (malformed)",
    "truncated": "a PDF cut short (no end-of-file marker) whose judgements could not be read",
    "encrypted": "a PDF that needs a password",
    "no-text-layer": "a PDF with no extractable text (scanned images; OCR is not supported)",
    "not-an-ofsted-report": "readable text that is not an Ofsted inspection report",
    "too-large": "more pages, bytes or memory than the limits (--max-pages, --max-bytes, --max-memory)",
    "bad-encoding": "a text file that is not valid UTF-8",
    "timeout": "the report took longer than --timeout seconds (wall or CPU time)",
    "crashed": "the worker reading the report died (out of memory, or a crash in a PDF library)",
    "bad-record": "a saved record (JSON Lines, JSON or a cache entry) that is not an ofsted-cli record",
    "internal": "an unexpected error in the extractor (a bug: please report it with --debug)",
}


class ExtractError(Exception):
    """A per-file failure with a stable code; becomes an error record, never a traceback."""

    def __init__(self, code: str, message: str):
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
