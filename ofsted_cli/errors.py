"""Error and warning codes: short, stable ids for every way a file can fail and every way a
record can be doubtful (documented in the README, listed by `ofsted formats`)."""
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


# warnings on records that were read. Doubtful ones say the record may be wrong or
# incomplete: each is named on stderr and the run exits 4; the others only with --strict.
WARNING_CODES = {
    "unknown-family": (True, "an Ofsted report of no family the tool knows: no judgements or items read"),
    "no-judgements": (True, "a report of a graded family in which no judgement was found"),
    "incomplete": (True, "an expected judgement is missing, an improvement section yielded no item, or a "
                         "numbered list has a gap"),
    "grade-conflict": (True, "the same judgement printed with two grades (a heading and a table disagree)"),
    "damaged-pdf": (True, "a PDF cut short: the record is what could be read"),
    "bad-metadata": (True, "a metadata field failed its check (not a name, dates out of order or span): left empty"),
    "missing-metadata": (True, "a field the family's reports print (title, provider, inspection dates, lead inspector) "
                               "was not found: left empty"),
    "unknown-authority": (True, "a local authority's name that the register of English authorities does not know: "
                                "no provider key"),
    "no-urn": (False, "a school or provider report that prints no URN: keyed by its name (name:…)"),
    "label-mismatch": (False, "a judgement's printed label matched its key only loosely (a misprint)"),
}
DOUBTFUL = frozenset(k for k, (doubtful, _) in WARNING_CODES.items() if doubtful)


class ExtractError(Exception):
    """A per-file failure with a stable code; becomes an error record, never a traceback."""

    def __init__(self, code: str, message: str):
        assert code in ERROR_CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
