"""`ofsted export --db FILE.sqlite` and `ofsted query`: records into a SQLite database
(standard library only), and SQL out of it.

Tables use the record's own field names: ``reports`` (with ``provider_key`` and, for a local
authority, ``authority``, ``ons_code``, ``la_code`` and ``region``), ``judgements``,
``recommendations`` (every recommendation field), ``warnings``, ``errors``, ``families`` (the
registry: which types are full inspections, which are about local authorities) and
``key_succession`` (a judgement key of an older framework and the keys that replaced it).
Views need no quoting:

- ``report_grades``: one row per report, a column per judgement key (dots as underscores:
  ``lac_overall_effectiveness``);
- ``full_inspections``: the reports of full inspections with grades, each numbered by
  ``recency`` within its provider (1 the latest);
- ``latest_grades``: one row per provider, the grades of its latest full inspection (a column
  per key of every family); ``la_latest_grades`` the same for local authorities with only
  their columns;
- ``grade_changes``: per provider and judgement of its latest full inspection, the grade of the
  previous full inspection beside it (across frameworks through ``key_succession``) and the
  change ('improved', 'declined', 'unchanged', 'changed', 'new', 'first inspection').

A re-run skips files whose real path and SHA-256 are stored, replaces changed ones and adds
new ones; each file is one transaction, so a locked database or a full disk leaves what was
there intact. A database that holds tables ofsted did not make is refused before anything is
touched.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from typing import Any, Callable, Iterable

from . import __version__, defaults
from .model import REC_FIELDS, REPORT_FIELDS

SCHEMA_ID = 3  # the database layout written here


class ExportError(Exception):
    pass


TABLES = """
CREATE TABLE IF NOT EXISTS ofsted_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS families (id TEXT PRIMARY KEY, full INTEGER NOT NULL, graded INTEGER NOT NULL,
    authority INTEGER NOT NULL, evidence TEXT, description TEXT);
CREATE TABLE IF NOT EXISTS key_succession (old_key TEXT NOT NULL, new_key TEXT NOT NULL, PRIMARY KEY (old_key, new_key));
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    real_path TEXT NOT NULL UNIQUE,
    sha256 TEXT NOT NULL,
    format TEXT, pages INTEGER, backend TEXT, backend_version TEXT,
    type TEXT, title TEXT, provider TEXT, provider_key TEXT, urn TEXT,
    authority TEXT, ons_code TEXT, la_code TEXT, region TEXT,
    inspection_start TEXT, inspection_end TEXT, published TEXT, lead_inspector TEXT,
    extra TEXT,
    extracted_by TEXT
);
CREATE TABLE IF NOT EXISTS judgements (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    key TEXT NOT NULL, area TEXT, grade TEXT NOT NULL, label TEXT, score INTEGER, page INTEGER, source TEXT
);
CREATE TABLE IF NOT EXISTS recommendations (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    n INTEGER NOT NULL, text TEXT NOT NULL, section TEXT, heading TEXT, timescale TEXT, "group" TEXT,
    responsible_body TEXT, due TEXT, page INTEGER, points TEXT
);
CREATE TABLE IF NOT EXISTS warnings (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    code TEXT NOT NULL, message TEXT
);
CREATE TABLE IF NOT EXISTS errors (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL, real_path TEXT NOT NULL UNIQUE, sha256 TEXT, code TEXT NOT NULL, message TEXT,
    extracted_by TEXT
);
CREATE INDEX IF NOT EXISTS reports_provider_key ON reports(provider_key);
CREATE INDEX IF NOT EXISTS reports_type ON reports(type);
CREATE INDEX IF NOT EXISTS reports_inspection_start ON reports(inspection_start);
CREATE INDEX IF NOT EXISTS judgements_key ON judgements(key, grade);
CREATE INDEX IF NOT EXISTS judgements_report ON judgements(report_id);
CREATE INDEX IF NOT EXISTS recommendations_report ON recommendations(report_id);
CREATE INDEX IF NOT EXISTS warnings_report ON warnings(report_id);
"""
OURS = {"ofsted_meta", "families", "key_succession", "reports", "judgements", "recommendations", "warnings", "errors"}
AUTHORITY_COLUMNS = ("authority", "ons_code", "la_code", "region")


def column(key: str) -> str:
    """A judgement key as a column name that needs no quoting ('lac.outcomes' -> 'lac_outcomes')."""
    return key.replace(".", "_")


def _all_keys(only=lambda info: True) -> list[str]:
    from .families import INFO
    out: list[str] = []
    for info in INFO.values():
        if only(info):
            out.extend(k for k in info.keys if k not in out)
    return out


def _pivot(keys: list[str], j: str = "j") -> str:
    return ",\n    ".join(f"MAX(CASE WHEN {j}.key = '{k}' THEN {j}.grade END) AS {column(k)}" for k in keys)


# the order in which a provider's inspections are dated (a report that prints no start date
# is placed by its end or its publication)
WHEN = "COALESCE({r}.inspection_start, {r}.inspection_end, {r}.published)"


def _views() -> str:
    """The views, written from the registry of families so that their columns are the keys
    the families grade."""
    keys = _all_keys()
    # a local authority's full inspections of today's frameworks (SIF and ILACS): the
    # 2009–2013 frameworks' dotted keys are left to latest_grades
    from .families import INFO
    la_keys = ["overall_effectiveness"]  # then the keys of the latest frameworks first
    for info in reversed(INFO.values()):
        if info.authority and info.full:
            la_keys.extend(k for k in info.keys if "." not in k and k not in la_keys)
    cols = ", ".join(f"g.{column(k)}" for k in keys)
    la_cols = ", ".join(f"g.{column(k)}" for k in la_keys)
    return f"""
DROP VIEW IF EXISTS grade_changes;
DROP VIEW IF EXISTS la_latest_grades;
DROP VIEW IF EXISTS latest_grades;
DROP VIEW IF EXISTS full_inspections;
DROP VIEW IF EXISTS report_grades;
CREATE VIEW report_grades AS
SELECT r.id AS report_id, r.path, r.type, r.provider, r.provider_key, r.inspection_start, r.inspection_end,
    r.published,
    {_pivot(keys)}
FROM reports r LEFT JOIN judgements j ON j.report_id = r.id GROUP BY r.id;
CREATE VIEW full_inspections AS
SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.provider_key ORDER BY {WHEN.format(r="r")} DESC, r.id DESC) AS recency
FROM reports r JOIN families f ON f.id = r.type AND f.full = 1
WHERE r.provider_key IS NOT NULL AND EXISTS (SELECT 1 FROM judgements j WHERE j.report_id = r.id);
CREATE VIEW latest_grades AS
SELECT r.provider_key, r.provider, r.authority, r.ons_code, r.la_code, r.region, r.type, r.inspection_start,
    r.inspection_end, r.path, {cols}
FROM full_inspections r JOIN report_grades g ON g.report_id = r.id
WHERE r.recency = 1;
CREATE VIEW la_latest_grades AS
SELECT r.provider_key, r.authority, r.ons_code, r.la_code, r.region, r.provider, r.type, r.inspection_start,
    r.inspection_end, r.path, {la_cols}
FROM full_inspections r JOIN families f ON f.id = r.type AND f.authority = 1
JOIN report_grades g ON g.report_id = r.id
WHERE r.recency = 1;
CREATE VIEW grade_changes AS
WITH pairs AS (
    SELECT l.provider_key, l.provider, l.authority, l.region, lj.key, lj.grade AS latest_grade,
        lj.score AS latest_score, l.type AS latest_type, l.inspection_start AS latest_start, p.id AS previous_id,
        p.type AS previous_type, p.inspection_start AS previous_start,
        COALESCE((SELECT j.id FROM judgements j WHERE j.report_id = p.id AND j.key = lj.key),
                 (SELECT MIN(j.id) FROM judgements j JOIN key_succession s ON s.old_key = j.key
                  WHERE j.report_id = p.id AND s.new_key = lj.key)) AS previous_judgement
    FROM full_inspections l JOIN judgements lj ON lj.report_id = l.id
    LEFT JOIN full_inspections p ON p.provider_key = l.provider_key AND p.recency = 2
    WHERE l.recency = 1)
SELECT c.provider_key, c.provider, c.authority, c.region, c.key,
    c.previous_type, c.previous_start, pj.grade AS previous_grade,
    c.latest_type, c.latest_start, c.latest_grade,
    CASE WHEN c.previous_id IS NULL THEN 'first inspection'
         WHEN pj.grade IS NULL THEN 'new'
         WHEN c.latest_score IS NULL OR pj.score IS NULL THEN
              CASE WHEN c.latest_grade = pj.grade THEN 'unchanged' ELSE 'changed' END
         WHEN c.latest_score < pj.score THEN 'improved'
         WHEN c.latest_score > pj.score THEN 'declined'
         ELSE 'unchanged' END AS change
FROM pairs c LEFT JOIN judgements pj ON pj.id = c.previous_judgement;
"""


def _real(path: str) -> str:
    if path == "-":
        return path
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def sha256_of(path: str, limit: int = defaults.MAX_BYTES) -> str | None:
    """The file's SHA-256 (a regular file within the byte limit only; None otherwise)."""
    import stat
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def _explain(exc: sqlite3.Error, wait: float = defaults.LOCK_WAIT) -> str:
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return (f"the database is locked by another program (waited {wait:g} s, --lock-wait); try again when it "
                "has finished")
    if "full" in msg:
        return "the disk is full: the rows of the records not yet stored were not written, the database is whole"
    if "readonly" in msg or "read-only" in msg:
        return "the database cannot be written (read-only file or folder)"
    return f"SQLite: {msg}"


OUR_VIEWS = {"report_grades", "full_inspections", "latest_grades", "la_latest_grades", "grade_changes"}
BATCH = 1000          # records written in one transaction (a killed run loses at most this batch)
BATCH_SECONDS = 2.0   # … or what arrived in this time, whichever is first (reading PDFs is slow)


class Store:
    """An export database. Records are written in batches, each a transaction (so 20,000 saved
    records take seconds, and a run killed at any moment leaves whole records that a re-run
    completes); within a batch each record has a savepoint, so a record that cannot be stored
    is reported and the others are kept."""

    def __init__(self, con: sqlite3.Connection, path: str, wait: float):
        self.con = con
        self.path = path
        self.wait = wait

    @classmethod
    def open(cls, path: str, wait: float = defaults.LOCK_WAIT) -> "Store":
        if os.path.exists(path):
            if os.path.isdir(path):
                raise ExportError(f"cannot open database {path!r}: it is a folder")
            with open(path, "rb") as fh:
                head = fh.read(16)
            if head and head != b"SQLite format 3\x00":
                raise ExportError(f"{path!r} is not a SQLite database: choose another file")
        try:
            con = sqlite3.connect(path, timeout=wait, isolation_level=None)
            con.execute("PRAGMA foreign_keys = ON")
            objects = con.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
        except sqlite3.Error as exc:
            raise ExportError(f"cannot open database {path!r}: {_explain(exc, wait)}") from None
        tables = {n for t, n in objects if t == "table"}
        if tables and "ofsted_meta" not in tables:
            con.close()
            clash = sorted(tables & OURS) or sorted(tables)[:3]
            raise ExportError(f"{path!r} holds tables that ofsted did not make ({', '.join(clash)}): "
                              "nothing was changed; choose another file")
        foreign = sorted(f"{t} {n}" for t, n in objects if t == "trigger" or t == "table" and n not in OURS
                         or t == "view" and n not in OUR_VIEWS)
        if foreign:
            con.close()
            raise ExportError(f"{path!r} holds what ofsted export did not make ({', '.join(foreign[:4])}): a "
                              "trigger or view of another program would run on every row; nothing was changed")
        if "ofsted_meta" in tables:
            row = con.execute("SELECT value FROM ofsted_meta WHERE key = 'schema'").fetchone()
            if not row or row[0] != str(SCHEMA_ID):
                con.close()
                raise ExportError(f"{path!r} was written by another version of ofsted's database layout "
                                  f"({row[0] if row else '?'}, this is {SCHEMA_ID}): export into a new file")
        try:
            con.execute("BEGIN")
            for stmt in _statements(TABLES):
                con.execute(stmt)
            con.execute("INSERT OR REPLACE INTO ofsted_meta VALUES ('schema', ?)", (str(SCHEMA_ID),))
            con.execute("INSERT OR REPLACE INTO ofsted_meta VALUES ('written_by', ?)", (f"ofsted-cli {__version__}",))
            from .families import INFO
            con.executemany("INSERT OR REPLACE INTO families VALUES (?,?,?,?,?,?)",
                            [(f.id, int(f.full), int(f.graded), int(f.authority), f.evidence, f.description)
                             for f in INFO.values()])
            con.executemany("INSERT OR IGNORE INTO key_succession VALUES (?,?)",
                            [(old, new) for f in INFO.values() for old, news in f.succeeds.items() for new in news])
            for stmt in _statements(_views()):
                con.execute(stmt)
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            with contextlib.suppress(sqlite3.Error):
                con.execute("ROLLBACK")
            con.close()
            raise ExportError(f"cannot prepare database {path!r}: {_explain(exc, wait)}") from None
        return cls(con, path, wait)

    def pending(self, paths: Iterable[str]) -> tuple[list[str], int]:
        """Inputs whose bytes are not stored yet (new or changed), and how many are unchanged.
        Saved records are always read again (their rows are replaced)."""
        from .records import is_records
        known = {p: s for p, s in self.con.execute(
            "SELECT real_path, sha256 FROM reports UNION ALL SELECT real_path, sha256 FROM errors")}
        todo, same = [], 0
        for p in paths:
            real = _real(p)
            if p != "-" and not is_records(p) and real in known and known[real] is not None \
                    and known[real] == sha256_of(p):
                same += 1
            else:
                todo.append(p)
        return todo, same

    def write(self, records: Iterable[dict[str, Any]],
              on_error: Callable[[str, str], None] | None = None) -> dict[str, int]:
        """Store the records; counts of 'added', 'updated', 'error' (error records stored) and
        'bad' (records that could not be stored: each reported through ``on_error``)."""
        counts = {"added": 0, "updated": 0, "error": 0, "bad": 0}
        by = f"ofsted-cli {__version__}"
        self.known = {p for (p,) in self.con.execute("SELECT real_path FROM reports UNION SELECT real_path FROM errors")}
        pending: list[dict[str, Any]] = []
        since = time.monotonic()
        try:
            for rec in records:
                pending.append(rec)
                if len(pending) >= BATCH or time.monotonic() - since >= BATCH_SECONDS:
                    self._batch(pending, by, counts, on_error)
                    pending, since = [], time.monotonic()
            self._batch(pending, by, counts, on_error)
        except sqlite3.Error as exc:
            raise ExportError(_explain(exc, self.wait)) from None
        return counts

    _BAD = (KeyError, TypeError, ValueError, AttributeError, OverflowError, sqlite3.IntegrityError,
            sqlite3.InterfaceError, RecursionError)

    def _batch(self, recs: list[dict[str, Any]], by: str, counts: dict[str, int], on_error) -> None:
        """One transaction: all the records at once; where one cannot be stored, the batch is
        rolled back and stored again a record at a time, each under a savepoint, so that the
        bad one is reported and the others are kept."""
        if not recs:
            return
        known = set(self.known)
        self.con.execute("BEGIN IMMEDIATE")
        try:
            got = self._store_all(recs, by)
        except self._BAD:
            self.con.execute("ROLLBACK")
            self.known = known
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")
            self.known = known
            raise
        else:
            self.con.execute("COMMIT")
            for k in got:
                counts[k] += 1
            return
        self.con.execute("BEGIN IMMEDIATE")
        try:
            for rec in recs:
                self.con.execute("SAVEPOINT one")
                before = set(self.known)
                try:
                    for k in self._store_all([rec], by):
                        counts[k] += 1
                except self._BAD as exc:
                    self.con.execute("ROLLBACK TO one")
                    self.known = before
                    counts["bad"] += 1
                    if on_error:
                        src = rec.get("source") if isinstance(rec, dict) else None
                        where = src.get("path") if isinstance(src, dict) else None
                        on_error(str(where or "?"), f"a record that could not be stored ({type(exc).__name__}: "
                                                    f"{str(exc)[:120]}); the others are")
                self.con.execute("RELEASE one")
            self.con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self.con.execute("ROLLBACK")
            raise

    def _store_all(self, recs: list[dict[str, Any]], by: str) -> list[str]:
        """Store records (in the caller's transaction): what each was ('added', 'updated',
        'error'). The rows of judgements, items and warnings go in one statement each."""
        out: list[str] = []
        judgements: list[tuple] = []
        items: list[tuple] = []
        warnings: list[tuple] = []
        for rec in recs:
            src = rec["source"]
            path = src["path"]
            real = _real(path)
            existed = real in self.known
            if existed:
                self.con.execute("DELETE FROM reports WHERE real_path = ?", (real,))
                self.con.execute("DELETE FROM errors WHERE real_path = ?", (real,))
            self.known.add(real)
            if "error" in rec:
                self.con.execute("INSERT INTO errors (path, real_path, sha256, code, message, extracted_by) "
                                 "VALUES (?,?,?,?,?,?)",
                                 (path, real, src.get("sha256"), rec["error"]["code"], rec["error"]["message"], by))
                out.append("error")
                continue
            rep = rec["report"]
            extra = {k: v for k, v in rep.items() if k not in REPORT_FIELDS and k not in AUTHORITY_COLUMNS}
            cur = self.con.execute(
                "INSERT INTO reports (path, real_path, sha256, format, pages, backend, backend_version, type, title,"
                " provider, provider_key, urn, authority, ons_code, la_code, region, inspection_start, inspection_end,"
                " published, lead_inspector, extra, extracted_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (path, real, src.get("sha256") or "", src.get("format"), src.get("pages"), src.get("backend"),
                 src.get("backend_version"), rep.get("type"), rep.get("title"), rep.get("provider"),
                 rep.get("provider_key"), rep.get("urn"), *[rep.get(k) for k in AUTHORITY_COLUMNS],
                 rep.get("inspection_start"), rep.get("inspection_end"),
                 rep.get("published"), rep.get("lead_inspector"),
                 json.dumps(extra, ensure_ascii=False) if extra else None, by))
            rid = cur.lastrowid
            judgements += [(rid, j["key"], j.get("area"), j["grade"], j.get("label"), j.get("score"), j.get("page"),
                            j.get("source")) for j in rec["judgements"]]
            items += [(rid, n, *[r.get(k) for k in REC_FIELDS[:-1]],
                       json.dumps(r["points"], ensure_ascii=False) if r.get("points") else None)
                      for n, r in enumerate(rec["recommendations"], 1)]
            warnings += [(rid, w["code"], w["message"]) for w in rec["warnings"]]
            out.append("updated" if existed else "added")
        self.con.executemany(
            "INSERT INTO judgements (report_id, key, area, grade, label, score, page, source) VALUES (?,?,?,?,?,?,?,?)",
            judgements)
        self.con.executemany(
            'INSERT INTO recommendations (report_id, n, text, section, heading, timescale, "group", '
            "responsible_body, due, page, points) VALUES (?,?,?,?,?,?,?,?,?,?,?)", items)
        self.con.executemany("INSERT INTO warnings (report_id, code, message) VALUES (?,?,?)", warnings)
        return out

    def failing(self) -> int:
        """Files the database records as failing, after this run."""
        return self.con.execute("SELECT COUNT(*) FROM errors").fetchone()[0]

    def close(self) -> None:
        try:
            self.con.close()
        except sqlite3.Error:
            pass


def _statements(script: str) -> list[str]:
    """The statements of a script of ours (no ';' inside a statement but at its end)."""
    out, cur = [], []
    for line in script.splitlines():
        cur.append(line)
        if sqlite3.complete_statement("\n".join(cur)):
            out.append("\n".join(cur))
            cur = []
    return [x for x in out if x.strip()]


def command(run, paths, db: str, lock_wait: float) -> int:
    """`ofsted export`: the reports (or saved records) into the database; the summary (the
    files of earlier runs that still fail are said even with -q) and the exit status."""
    from .errors import Exit
    from .runner import Run, Stop, colour, interrupted, usage
    from .terminal import message
    colour(run.color)
    r = Run(run)
    inputs = r.inputs(paths)
    try:
        store = Store.open(db, wait=lock_wait)
    except ExportError as exc:
        usage(str(exc))
    try:
        todo, same = store.pending(inputs)
        counts = store.write(r.records(todo) if todo else iter(()),
                             on_error=lambda path, msg: r.say("error", path, "bad-record", msg))
        r.failed += counts["bad"]
        failing = store.failing()
    except ExportError as exc:
        message("error", db, str(exc))
        raise Stop(Exit.OUTPUT) from None
    except KeyboardInterrupt:
        raise Stop(interrupted()) from None
    finally:
        store.close()
    stored = failing - counts["error"]
    if stored > 0:
        r.say("error", db, f"{stored} file{'s' if stored != 1 else ''} still failing from earlier runs "
                           f"(ofsted query {db} \"SELECT path, code, message FROM errors\")")
    status = r.finish(f"{db}: {counts['added']} added, {counts['updated']} updated, {same} unchanged, "
                      f"{failing} failing; read {r.summary()}")
    return Exit.SOME_FAILED if stored > 0 and status in (Exit.OK, Exit.DOUBTFUL) else status
