"""`ofsted query DB SQL`: one SQL statement against an exported database, really read-only.

- The file is opened through a URI the standard library makes from its path
  (percent-encoded: a name with '#', '?' or '%' is that file, never another or a mode), in
  SQLite's read-only mode; and an authorizer allows reading only: SELECT, reading columns,
  functions, recursive queries and the PRAGMAs that describe the schema. No ATTACH (so no
  VACUUM INTO, which attaches its target), no temporary objects, no writes of any kind.
  ``--write`` lifts both.
- A statement runs under a time limit (``--timeout``) and stops within a moment of Ctrl-C:
  a progress handler, called every few thousand SQLite instructions, asks whether either has
  come; rows are read as they come (one at a time to the writer) and the process's memory is
  capped (``--max-memory``), so that a runaway query or a crafted view ends with one line.
- Values are written by one rule in every format: a BLOB as its SQLite literal (``X'0A1B'``,
  which pasted into SQL means the same bytes); a REAL that is not a finite number (SQLite
  keeps infinities) as null, with a note — never ``NaN`` or ``Infinity``, which JSON has not.
"""
from __future__ import annotations

import math
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

from . import defaults

_READ = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
# PRAGMAs that only describe the database, with or without an argument (a table's name)
_DESCRIBE = {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
             "foreign_key_list", "function_list", "pragma_list", "collation_list", "module_list",
             "compile_options", "database_list"}
# PRAGMAs that read a value without an argument and set it with one
_READ_VALUE = {"user_version", "application_id", "schema_version", "page_count", "page_size", "freelist_count",
               "encoding", "foreign_keys"}
STEPS = 2000  # SQLite instructions between two looks at the clock and at Ctrl-C


class QueryError(Exception):
    """A query that could not run or was stopped; ``status`` where it is not a usage error."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def _authorize(action: int, arg1: Any, arg2: Any, db: Any, trigger: Any) -> int:
    if action in _READ:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _DESCRIBE or name in _READ_VALUE and arg2 is None:
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def connect(path: str, write: bool = False) -> sqlite3.Connection:
    """The database at ``path``, read-only unless ``write``."""
    p = Path(path)
    if not p.is_file():
        raise QueryError(f"no database {path!r}" + (" (it is a folder)" if p.is_dir() else ""))
    with open(p, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise QueryError(f"{path!r} is not a SQLite database")
    uri = p.resolve().as_uri() + ("?mode=rw" if write else "?mode=ro")
    try:
        con = sqlite3.connect(uri, uri=True, timeout=defaults.LOCK_WAIT)
    except sqlite3.Error as exc:
        raise QueryError(f"cannot open {path!r}: {exc}") from None
    if not write:
        con.set_authorizer(_authorize)
    return con


class Query:
    """One statement: :meth:`run` gives its columns, then :meth:`rows` yields its rows as
    they come. ``notes`` says what was written other than as stored."""

    def __init__(self, path: str, sql: str, *, write: bool = False, timeout: float = defaults.TIMEOUT):
        self.con = connect(path, write)
        self.write = write
        self.deadline = time.monotonic() + timeout if timeout else None
        self.timeout = timeout
        self.stopped: str | None = None
        self.notes: list[str] = []
        self.sql = sql
        self.cur: sqlite3.Cursor | None = None
        self.con.set_progress_handler(self._check, STEPS)

    def _check(self) -> int:
        if self.stopped:
            return 1
        if self.deadline is not None and time.monotonic() > self.deadline:
            self.stopped = "timeout"
            return 1
        return 0

    def _on_sigint(self, signum, frame) -> None:
        self.stopped = "interrupted"

    def run(self) -> list[str]:
        old = signal.signal(signal.SIGINT, self._on_sigint)
        try:
            self.cur = self.con.execute(self.sql)
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        finally:
            signal.signal(signal.SIGINT, old)
        return [d[0] for d in self.cur.description or []]

    def rows(self) -> Iterator[dict[str, Any]]:
        cols = [d[0] for d in self.cur.description or []]
        old = signal.signal(signal.SIGINT, self._on_sigint)
        try:
            while True:
                try:
                    row = self.cur.fetchone()
                except sqlite3.Error as exc:
                    raise self._error(exc) from None
                except MemoryError:
                    raise QueryError("the query needed more memory than the limit (--max-memory)", 1) from None
                if row is None:
                    break
                yield {c: self._value(v) for c, v in zip(cols, row)}
            if self.write:
                self.con.commit()
        finally:
            signal.signal(signal.SIGINT, old)
            self.con.close()

    def _value(self, v: Any) -> Any:
        if isinstance(v, bytes):
            return "X'" + v.hex().upper() + "'"
        if isinstance(v, float) and not math.isfinite(v):
            if not self.notes:
                self.notes.append("a value that is not a finite number (infinity) was written as null")
            return None
        return v

    def _error(self, exc: sqlite3.Error) -> QueryError:
        from .errors import Exit
        msg = str(exc)
        if self.stopped == "interrupted":
            return QueryError("interrupted", Exit.INTERRUPTED)
        if self.stopped == "timeout":
            return QueryError(f"the query ran longer than {self.timeout:g} s (--timeout)", Exit.SOME_FAILED)
        if "authoriz" in msg or "readonly" in msg or "read-only" in msg:
            return QueryError("the database is opened read-only, for reading only (no ATTACH, VACUUM, temporary "
                              "tables or PRAGMA writes): add --write to change it")
        return QueryError(f"query failed: {msg}")


def command(run, db: str, sql: str, write: bool) -> int:
    """`ofsted query`: the rows written as they come; a stopped query one line and its status."""
    from . import views
    from .errors import Exit
    from .limits import cap_memory
    from .runner import Output, Stop, interrupted, usage
    from .terminal import message, note
    out = Output(run)
    cap_memory(run.max_memory)
    try:
        q = Query(db, sql, write=write, timeout=run.timeout)
        cols = q.run()
        out.check_fields(cols)
        out.emit(q.rows(), columns=cols, table=lambda rs: views.rows_table(list(rs), cols, None, stored=True))
    except QueryError as exc:
        if exc.status == Exit.INTERRUPTED:
            raise Stop(interrupted()) from None
        if exc.status is None:
            usage(str(exc))
        message("error", db, str(exc))
        raise Stop(exc.status) from None
    for n in q.notes:
        note(f"note: {n}")
    return Exit.OK
