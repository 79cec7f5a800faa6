"""Error and warning codes: short, stable ids for every way a file can fail and every way a
record can be doubtful (documented in the README, listed by `ofsted formats`); and the exit
statuses of the command (in the README and `ofsted --help`, from :data:`EXIT_MEANINGS`)."""
from __future__ import annotations

import enum

ERROR_CODES = {
    "not-found": "the path does not exist",
    "unreadable": "the file exists but cannot be read (permissions, a directory, I/O error)",
    "not-a-file": "a named pipe, socket or device, not a regular file: refused at once, never waited on",
    "empty": "the file has no bytes",
    "not-a-pdf": "bytes that are not a PDF (nor report text): an HTML error page, a Word document, a spreadsheet, "
                 "an archive, a database, an image — said in words",
    "damaged": "a PDF that the backend cannot open or read (malformed)",
    "truncated": "a PDF cut short (no end-of-file marker) whose judgements could not be read",
    "encrypted": "a PDF that needs a password",
    "no-text-layer": "a PDF with no extractable text (scanned images; OCR is not supported)",
    "not-an-ofsted-report": "readable text that is not an Ofsted inspection report",
    "too-large": "more pages, bytes or memory than the limits (--max-pages, --max-bytes, --max-memory)",
    "bad-encoding": "a text file that is not valid UTF-8",
    "timeout": "the report took longer than --timeout seconds (wall or CPU time)",
    "crashed": "the worker reading the report died (out of memory, or a crash in a PDF library)",
    "http-error": "fetch: the site refused, failed or could not be reached, after its retries",
    "site-changed": "fetch: a page of Ofsted's site without the markup this version reads (named by its URL)",
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


class Exit(enum.IntEnum):
    """Exit statuses."""
    OK = 0             # every report read and checked (diff: nothing differs)
    DIFFERENT = 1      # diff: the reports differ
    INTERNAL = 1       # an unexpected error (a bug), with one line on stderr (an alias of 1)
    USAGE = 2          # bad options or arguments (diff: a report could not be read)
    SOME_FAILED = 3    # some inputs gave error records (which were written)
    DOUBTFUL = 4       # some records carry warnings that ask for a check (--strict: any warning)
    OUTPUT = 5         # the output could not be written (a full disk, a closed file)
    INTERRUPTED = 130  # Ctrl-C
    PIPE_CLOSED = 141  # the reader of the output went away (`| head`): a quiet end, as SIGPIPE gives


EXIT_MEANINGS = [  # the README's table and `ofsted --help` are generated from this
    (0, "every report read, no record doubtful (diff: the reports are the same)"),
    (1, "diff: the reports differ; any command: an internal error (a bug, named on stderr)"),
    (2, "usage error (diff: a report could not be read)"),
    (3, "some inputs failed; their error records were written"),
    (4, "some records carry doubtful warnings, named on stderr (--strict: any warning; --no-warn-exit keeps 0)"),
    (5, "the output could not be written (a full disk, a closed file)"),
    (130, "interrupted (Ctrl-C)"),
    (141, "the reader of the output went away (| head): a quiet end, as SIGPIPE gives"),
]


def statuses_help() -> str:
    """The exit statuses as the closing lines of ``ofsted --help``."""
    import textwrap
    out = ["\b", "Exit statuses:"]
    for code, meaning in EXIT_MEANINGS:
        lines = textwrap.wrap(meaning, 66)
        out += [f"  {code:<4} {lines[0]}"] + [f"       {ln}" for ln in lines[1:]]
    return "\n".join(out)
