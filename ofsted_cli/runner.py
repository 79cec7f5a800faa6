"""One run of a command, between the CLI and the library: its inputs, its records (counted,
with errors and doubtful warnings named on stderr, one line each), the progress bar, the
output (standard output or ``-o FILE``, in the format asked, ``--fields`` and ``--excel``)
and the closing summary and exit status. With :mod:`ofsted_cli.cli` the only module that
knows standard output and exit statuses; it knows nothing of Typer.
"""
from __future__ import annotations

import contextlib
import errno
import math
import os
import sys
import time
from typing import Any, Callable, Iterable, Iterator, Optional

from .errors import DOUBTFUL, Exit
from .files import replaceable
from .options import RunOptions
from .terminal import Colour, message, note


class UsageFailure(Exception):
    """A usage error: one 'usage error: …' line on stderr, status 2, nothing on stdout."""


class Stop(Exception):
    """End the command now with this status (its line, where it needs one, is written)."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = int(status)


def usage(msg: str):
    raise UsageFailure(msg)


def colour(when: str) -> None:
    if when not in ("auto", "always", "never"):
        usage(f"unknown --color {when!r}; choose from auto, always, never")
    Colour.mode = when


# --- endings ------------------------------------------------------------------------------------
def interrupted() -> int:
    """Ctrl-C in any command: the workers stopped, one line, status 130."""
    _kill_workers()
    note("interrupted")
    return Exit.INTERRUPTED


def pipe_closed() -> int:
    """`… | head`: the reader has gone; stop quietly, as SIGPIPE would."""
    _kill_workers()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return Exit.PIPE_CLOSED


def _kill_workers() -> None:
    if "ofsted_cli.batch" in sys.modules:  # (no pool was ever started otherwise)
        sys.modules["ofsted_cli.batch"].kill_workers()


def end_process(code: int) -> None:
    """Flush what is written and end the process at once: the worker pools' exit handlers,
    whose pipes may be gone with their workers, never run (they would print tracebacks)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = pipe_closed()
    except OSError as exc:
        if code == 0:
            message("error", f"cannot write the output: {exc.strerror or exc}")
            code = Exit.OUTPUT
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def page_help(show: Callable[[], Any], no_pager: bool = False) -> int:
    """Help, through $PAGER (less) where standard output is a terminal shorter than it (as
    git; --no-pager or PAGER=cat: never)."""
    import io
    import shutil
    if not _isatty(sys.stdout) or no_pager:
        return show() or 0
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        rv = show() or 0
    text = buf.getvalue()
    pager = os.environ.get("PAGER", "less")
    if text.count("\n") < shutil.get_terminal_size().lines or not pager.strip() or pager.strip() == "cat":
        sys.stdout.write(text)
        return rv
    import shlex
    import subprocess
    try:
        p = subprocess.Popen(shlex.split(pager), stdin=subprocess.PIPE, env={"LESS": "FRX", **os.environ})
        with contextlib.suppress(BrokenPipeError):
            p.communicate(text.encode("utf-8", "replace"))
    except OSError:
        sys.stdout.write(text)
    return rv


# --- output --------------------------------------------------------------------------------------
EXTENSIONS = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv",
              ".yaml": "yaml", ".yml": "yaml", ".txt": "table"}


class Output:
    """Where a command writes: standard output, or ``-o FILE`` — written to a temporary file
    beside it and renamed when the command ends (interrupted too: what was written is whole,
    JSON a valid array), removed where the disk filled. The format: ``-f``, else FILE's
    extension, else a table on a terminal and JSON when piped."""

    def __init__(self, o: RunOptions, allowed: tuple[str, ...] | None = None, records: bool = False):
        from .render import FORMATS, default_format
        allowed = allowed or FORMATS
        colour(o.color)
        self.path = o.output
        ext = os.path.splitext(self.path or "")[1].lower()
        fmt = (o.format or EXTENSIONS.get(ext) or ("json" if self.path else default_format(sys.stdout))).lower()
        if fmt not in allowed:
            usage(f"unknown format {o.format or fmt!r}; choose from {', '.join(allowed)}")
        self.fmt = fmt
        self.excel = o.excel
        self.fields = [f.strip() for f in (o.fields or "").split(",") if f.strip()] or None
        if self.fields and records and fmt in ("json", "jsonl", "yaml"):
            usage("--fields picks columns of rows (csv, tsv, a table); for whole records use -f csv, or jq")
        if self.path:
            folder = os.path.dirname(os.path.abspath(self.path))
            if os.path.isdir(self.path) or not os.path.isdir(folder):
                usage(f"-o {self.path!r}: {'is a folder' if os.path.isdir(self.path) else 'its folder does not exist'}")

    def check_fields(self, known: Iterable[str], keys: bool = False) -> None:
        """A usage error for a --fields name no row has (``keys``: a column per judgement key
        too, as in a wide table)."""
        if not self.fields:
            return
        known = list(known)
        grades: set[str] = set()
        if keys:
            from .families import INFO
            grades = {k for f in INFO.values() for k in f.keys}
        unknown = [f for f in self.fields if f not in known and f not in grades]
        if unknown:
            usage(f"--fields: no column {', '.join(map(repr, unknown))}; columns: {', '.join(known)}"
                  + (" and the judgement keys (ofsted formats -f json)" if keys else ""))

    def pick(self, row: dict[str, Any]) -> dict[str, Any]:
        return {f: row.get(f) for f in self.fields} if self.fields else row

    @contextlib.contextmanager
    def stream(self) -> Iterator[Any]:
        """The stream to write to; the ending of a failed write (141, 5) or Ctrl-C (130)."""
        from .terminal import set_output
        tmp = fh = None
        try:
            if self.path:
                # a file is written through a temporary name and renamed over it when complete;
                # a device or a pipe (-o /dev/null, /dev/stdout, a FIFO) is written in place
                direct = not replaceable(self.path)
                tmp = self.path if direct else f"{self.path}.part-{os.getpid()}"
                fh = open(tmp, "w", encoding="utf-8-sig" if self.excel else "utf-8", newline="")
                set_output(fh)
                yield fh
                fh.close()
                if direct:
                    tmp = None
            else:
                yield sys.stdout
                sys.stdout.flush()
        except BrokenPipeError:
            raise Stop(pipe_closed()) from None
        except KeyboardInterrupt:
            raise Stop(interrupted()) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise Stop(pipe_closed()) from None
            message("error", f"cannot write {self.path or 'the output'}: {exc.strerror or exc}")
            _kill_workers()
            if tmp:
                with contextlib.suppress(OSError):
                    fh.close()
                if tmp != self.path:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                tmp = None
            raise Stop(Exit.OUTPUT) from None
        finally:
            set_output(None)
            if tmp:
                with contextlib.suppress(OSError):
                    fh.close()
                if tmp != self.path:
                    try:
                        os.replace(tmp, self.path)
                    except OSError as exc:
                        message("error", f"cannot write {self.path}: {exc.strerror or exc}")

    def emit(self, items: Iterable[Any], *, rows: Optional[Callable[[Iterable[Any]], Iterable[dict]]] = None,
             columns: Optional[list[str]] = None, table: Optional[Callable[[Iterable[Any]], None]] = None,
             dynamic: bool = False) -> None:
        """Write ``items`` (records or rows) in the format: JSON / JSON Lines / YAML as they
        are (rows cut to --fields), CSV / TSV from ``rows(items)`` (the items themselves by
        default) in ``columns`` (``dynamic``: every column any row has), a table by ``table``
        (or, with --fields, the rows as a plain table)."""
        from . import render
        with self.stream() as out:
            if self.fmt in render.OBJECT_WRITERS:
                objs = (self.pick(x) for x in items) if self.fields and rows is None else items
                render.OBJECT_WRITERS[self.fmt](objs, out)
            elif self.fmt in ("csv", "tsv"):
                data = rows(items) if rows else items
                render.write_csv(data, out, self.fields or columns, dynamic=dynamic and not self.fields,
                                 delimiter="\t" if self.fmt == "tsv" else ",", excel=self.excel)
            elif self.fields or table is None:
                from .views import rows_table
                data = list(rows(items) if rows else items)
                rows_table(data, self.fields or columns or list(data[0] if data else []), None)
            else:
                table(items)


# --- a reading run --------------------------------------------------------------------------------
class Run:
    """The bookkeeping of a reading command: inputs, records counted as they pass, errors and
    doubtful warnings named on stderr (one line each, the progress bar cleared first), the
    summary and the status."""

    def __init__(self, o: RunOptions):
        from .core import Options
        from .pdf import BACKENDS
        self.o = o
        if o.backend not in BACKENDS:
            usage(f"unknown backend {o.backend!r}; choose from {', '.join(BACKENDS)}")
        if not math.isfinite(o.timeout):
            usage(f"--timeout {o.timeout} is not a number of seconds (0 for no limit)")
        self.opts = Options(backend=o.backend, max_pages=o.max_pages, max_bytes=o.max_bytes, debug=o.debug)
        cores = os.cpu_count() or 1
        self.jobs = o.jobs or cores
        if self.jobs > 2 * cores:
            note(f"note: --jobs {self.jobs} is more than twice the {cores} CPU cores: using {2 * cores}")
            self.jobs = 2 * cores
        self.cache = None
        if o.cache:
            from .batch import Cache
            try:
                self.cache = Cache.open(o.cache, self.opts).folder
            except OSError as exc:
                usage(f"cannot use cache folder {o.cache!r}: {exc.strerror or exc}")
        self.ok = self.failed = self.doubtful = self.saved_errors = 0
        self.pages = 0          # pages of the reports read in this run (not saved records or cache hits)
        self.progress: Optional[_Progress] = None
        self.keep: Optional[Callable[[dict], bool]] = None
        self._manifests: dict[str, dict] = {}
        # the output itself shows each record's warnings on the screen stderr shares (extract's
        # table in a terminal): they are not named a second time on stderr
        self.warnings_on_screen = False
        self.t0 = time.perf_counter()

    def inputs(self, paths: Optional[list[str]]) -> list[str]:
        from . import defaults
        from .batch import expand_inputs
        given = list(paths or [])
        if self.o.files_from:
            given.extend(read_list(self.o.files_from, self.o.null))
        if not given:
            usage("no input files (give files, folders, '-' for standard input, saved records, or --files-from)")
        expanded = expand_inputs(given, tuple(self.o.glob) if self.o.glob else defaults.GLOBS)
        if not expanded:
            usage("the folders given hold no matching files (see --glob)")
        return expanded

    def records(self, paths: Optional[list[str]], pages: int | None = None,
                keep: Optional[Callable[[dict], bool]] = None) -> Iterator[dict]:
        """Every input's record in order: reports read in workers, saved records as they are;
        with ``keep``, only the records it keeps (the others are not counted, their warnings
        not named). The inputs are checked before anything is written (a usage error leaves
        stdout empty)."""
        inputs = self.inputs(paths)
        if pages is not None:
            self.opts.pages = pages
        self.keep = keep
        return self.read(inputs)

    def read(self, inputs: list[str]) -> Iterator[dict]:
        from .records import is_records
        if not self.o.quiet and len(inputs) > 1 and _isatty(sys.stderr):
            self.progress = _Progress(len(inputs))
        # where the records are drawn on the same terminal, the bar is cleared while one is
        shared_screen = self.progress is not None and _isatty(sys.stdout)
        try:
            batch: list[str] = []
            for p in inputs + [None]:
                if p is not None and not is_records(p):
                    batch.append(p)
                    continue
                got = self._read(batch) if batch else iter(())
                batch = []
                if p is not None:
                    got = _chain(got, self._saved(p))
                for rec in got:
                    if rec is None:
                        continue
                    if shared_screen:
                        self.progress.pause()
                    yield rec
                    if shared_screen:
                        self.progress.resume()
        finally:
            if self.progress:
                self.progress.stop()
                self.progress = None

    def _read(self, paths: list[str]) -> Iterator[dict]:
        from .batch import run
        for res in run(paths, self.opts, jobs=min(self.jobs, len(paths)), timeout=self.o.timeout,
                       cache=self.cache, max_memory=self.o.max_memory):
            for n in res.notes:
                if not n.startswith("\0"):  # (the others are the batch layer's own)
                    self.say("note", n)
            yield self._count(res.record, read="\0cached" not in res.notes)

    def _saved(self, path: str) -> Iterator[dict]:
        from .records import read_records
        for rec in read_records(path):
            yield self._count(rec, read=False)

    def _count(self, rec: dict, read: bool) -> dict | None:
        if self.keep is not None and (not self.keep(rec) or "error" in rec and not read):
            # (a saved error record says nothing of whom it is about: not the one asked for)
            if self.progress:
                self.progress.advance()
            return None
        path = rec["source"]["path"]
        if "error" in rec:
            if not read and rec["error"]["code"] != "bad-record":
                self.saved_errors += 1  # an error saved with the records: passed on, not this run's
            else:
                self.failed += 1
                e = rec["error"]
                self.say("error", path, e["code"], e["message"] if self.o.debug else e["message"].splitlines()[0])
        else:
            self.ok += 1
            if read:
                self.pages += rec["source"].get("pages_read") or rec["source"].get("pages") or 0
                self._hint(rec)
            shown = [w for w in rec.get("warnings") or [] if self.o.strict or w["code"] in DOUBTFUL]
            if shown:
                self.doubtful += 1
            for w in shown if not self.warnings_on_screen else ():
                self.say("warning", path, w["code"], w["message"])
        if self.progress:
            self.progress.advance()
        return rec

    def _hint(self, rec: dict) -> None:
        """A report of a school or provider that prints no URN, fetched by `ofsted fetch`:
        keyed by the URN its provider page gave (the folder's manifest.jsonl)."""
        rep = rec["report"]
        if rep.get("urn") or not (rep.get("provider_key") or "name:").startswith("name:"):
            return
        from .fetch import manifest_hints
        folder = os.path.dirname(os.path.abspath(rec["source"]["path"]))
        if folder not in self._manifests:
            self._manifests[folder] = manifest_hints(folder)
        hint = self._manifests[folder].get(rec["source"].get("sha256") or "")
        if hint and hint.get("urn"):
            rep["provider_key"] = f"urn:{str(hint['urn']).strip().upper()}"
            for w in rec["warnings"]:
                if w["code"] == "no-urn":
                    w["message"] = (f"no URN is printed: keyed by the URN its provider page on Ofsted's site gave "
                                    f"({rep['provider_key']}, fetch's manifest.jsonl)")

    def say(self, kind: str, *parts: Any) -> None:
        """One line on stderr, the progress bar cleared first and drawn again after."""
        if self.progress:
            self.progress.pause()
        if kind == "note":
            note(parts[0])
        else:
            message(kind, *parts)
        if self.progress:
            self.progress.resume()

    def status(self) -> int:
        if self.failed:
            return Exit.SOME_FAILED
        if self.doubtful and (self.o.warn_exit or self.o.strict):
            return Exit.DOUBTFUL
        return Exit.OK

    def summary(self) -> str:
        dt = time.perf_counter() - self.t0
        n = self.ok + self.failed + self.saved_errors
        speed = f", {self.pages / dt:.0f} pages/s" if dt >= 0.5 and self.pages else ""
        saved = f", {self.saved_errors} saved error record{'s' if self.saved_errors != 1 else ''} passed on" \
            if self.saved_errors else ""
        return (f"{n} report{'s' if n != 1 else ''}, {self.pages} pages read, {self.ok} ok, {self.doubtful} with "
                f"warnings, {self.failed} failed{saved}, {dt:.1f} s{speed}")

    def finish(self, summary: Optional[str] = None) -> int:
        """The closing summary (unless -q) and the status."""
        if not self.o.quiet:
            note(summary or self.summary())
        return self.status()


def _chain(a: Iterator[dict], b: Iterator[dict]) -> Iterator[dict]:
    yield from a
    yield from b


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class _Progress:
    """The progress bar on stderr (a terminal only), removed when it stops."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        self.p = Progress(TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=Console(stderr=True, markup=False, highlight=False,
                                          no_color=not Colour.on(sys.stderr)), transient=True)
        self.task = self.p.add_task("reports", total=total)
        self.p.start()
        self.shown = True

    def advance(self) -> None:
        self.p.advance(self.task)

    def pause(self) -> None:
        if self.shown:
            self.p.stop()  # transient: the bar's lines are cleared
            self.shown = False

    def resume(self) -> None:
        if not self.shown:
            self.p.start()
            self.shown = True

    def stop(self) -> None:
        self.pause()


def read_list(src: str, null: bool) -> list[str]:
    """The paths of --files-from FILE ('-': standard input)."""
    try:
        if src == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(src, "rb") as fh:
                data = fh.read()
    except IsADirectoryError:
        usage(f"--files-from {src!r} is a folder, not a list of paths")
    except OSError as exc:
        usage(f"cannot read --files-from {src!r}: {exc.strerror or exc}")
    sep = b"\0" if null else b"\n"
    return [p.decode("utf-8", "surrogateescape").rstrip("\r") for p in data.split(sep) if p.strip()]
