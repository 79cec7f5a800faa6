"""The `ofsted` command: a thin Typer shell over the library.

Only this module knows Typer, standard output and exit statuses; what a person reads in a
terminal is drawn by :mod:`ofsted_cli.terminal`. Imports are lazy, so that ``ofsted
--version`` and ``--help`` start at once: the families, the batch layer, rich and PyYAML
load only when a command needs them.
"""
from __future__ import annotations

import contextlib
import enum
import errno
import functools
import inspect
import math
import os
import sys
import time
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, List, Optional

import typer
from typer.core import TyperArgument, TyperGroup

from . import __version__
from .errors import DOUBTFUL
from .terminal import Colour, message, note


class Exit(enum.IntEnum):
    """Exit statuses (also in the README and in ``ofsted --help``)."""
    OK = 0             # every report read and checked (diff: nothing differs)
    DIFFERENT = 1      # diff: the reports differ
    USAGE = 2          # bad options or arguments (diff: a report could not be read)
    SOME_FAILED = 3    # some inputs gave error records (which were written)
    DOUBTFUL = 4       # some records carry warnings that ask for a check (--strict: any warning)
    OUTPUT = 5         # the output could not be written (a full disk, a closed file)
    INTERRUPTED = 130  # Ctrl-C
    # 141: the reader of the output went away (`| head`): a quiet end, as SIGPIPE gives



EXIT_MEANINGS = [  # the README's table and `ofsted --help` are generated from this
    (0, "every report read, no record doubtful (diff: the reports are the same)"),
    (1, "diff: the reports differ"),
    (2, "usage error (diff: a report could not be read)"),
    (3, "some inputs failed; their error records were written"),
    (4, "some records carry doubtful warnings, named on stderr (--strict: any warning; --no-warn-exit keeps 0)"),
    (5, "the output could not be written (a full disk, a closed file)"),
    (130, "interrupted (Ctrl-C)"),
    (141, "the reader of the output went away (| head): a quiet end, as SIGPIPE gives"),
]


def _statuses() -> str:
    import textwrap
    out = ["\b", "Exit statuses:"]
    for code, meaning in EXIT_MEANINGS:
        lines = textwrap.wrap(meaning, 66)
        out.append(f"  {code:<4} {lines[0]}")
        out += [f"       {ln}" for ln in lines[1:]]
    return "\n".join(out)


STATUSES = _statuses()


# help shows an argument by its metavar alone ('PATH'), never Typer's type label ('<list[str]>'),
# and a required one plainly in the usage line ('OLD NEW', not '{OLD} {NEW}')
TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
TyperArgument._usage_display_name = lambda self: (  # type: ignore[method-assign]
    (self.display_name_raw if self.required else f"[{self.display_name_raw}]") + ("..." if self.nargs != 1 else ""))


class UsageFailure(Exception):
    pass


def usage(msg: str) -> None:
    raise UsageFailure(msg)


def _plain_checks(group) -> None:
    """Typer checks every option's value with pydantic, whose import and validators cost about
    0.2 s of CPU at every start of a reading command (more than the rest of start-up, which
    scripts calling the tool once per file pay each time). Options of plain types (text,
    whole numbers and numbers with their limits, lists of text) are checked here instead, with
    pydantic's messages; any other kind keeps Typer's way."""
    try:
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
    except ImportError:
        return

    @dataclass(frozen=True)
    class Plain(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            t, info = self.annotation, self.parameter_info
            if t is List[str] or t is list:
                items = value if isinstance(value, (list, tuple)) else [value]
                if not all(isinstance(v, str) for v in items):
                    raise BadParameter("Input should be a valid string", ctx=ctx, param=param)
                return list(items)
            if t is bool:
                if isinstance(value, bool):
                    return value
                word = str(value).strip().lower()
                if word in ("1", "true", "yes", "on", "y", "t"):
                    return True
                if word in ("0", "false", "no", "off", "n", "f"):
                    return False
                raise BadParameter("Input should be a valid boolean", ctx=ctx, param=param)
            if t is str:
                if not isinstance(value, str):
                    raise BadParameter("Input should be a valid string", ctx=ctx, param=param)
                return value
            what = "integer" if t is int else "number"
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise BadParameter(f"Input should be a valid {what}", ctx=ctx, param=param)
            try:
                v = t(value.strip()) if isinstance(value, str) else t(value)
            except (ValueError, OverflowError):
                article = "an" if t is int else "a"
                raise BadParameter(f"Input should be a valid {what}, unable to parse string as {article} {what}",
                                   ctx=ctx, param=param) from None
            if info.min is not None and not v >= info.min:
                raise BadParameter(f"Input should be greater than or equal to {info.min}", ctx=ctx, param=param)
            if info.max is not None and not v <= info.max:
                raise BadParameter(f"Input should be less than or equal to {info.max}", ctx=ctx, param=param)
            return v

    def plain(param) -> None:
        desc = getattr(param, "type_descriptor", None)
        info = getattr(desc, "parameter_info", None)
        if desc is None or getattr(param, "_runtime_param", 0) is not None or desc.is_file or desc.is_choice \
                or desc.is_path or getattr(info, "clamp", False):
            return
        if desc.annotation in (str, int, float, bool, List[str]):
            param._runtime_param = Plain(parameter_info=info, annotation=desc.annotation)

    def help_option(cmd):
        made = cmd.get_help_option

        def get_help_option(ctx):  # --help is made anew for each context
            opt = made(ctx)
            if opt is not None:
                plain(opt)
            return opt
        return get_help_option

    for cmd in [group, *getattr(group, "commands", {}).values()]:
        for param in getattr(cmd, "params", ()):
            plain(param)
        if hasattr(cmd, "get_help_option"):
            cmd.get_help_option = help_option(cmd)


class OfstedGroup(TyperGroup):
    """One style for every usage error ('usage error: …' on one line of stderr, nothing on
    stdout), Ctrl-C as 130, no traceback unless --debug."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
        from typer.exceptions import Abort
        argv = list(sys.argv[1:] if args is None else args)
        _plain_checks(self)
        try:
            rv = super().main(argv, prog_name or "ofsted", complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as exc:
            sys.stdout.write(exc.ctx.get_help() + "\n")
            rv = Exit.OK
        except UsageError as exc:
            cmd = exc.ctx.command_path if exc.ctx else "ofsted"
            message("usage error", f"{exc.format_message()} (see '{cmd} --help')")
            rv = Exit.USAGE
        except UsageFailure as exc:
            message("usage error", str(exc))
            rv = Exit.USAGE
        except (Abort, KeyboardInterrupt):
            rv = _interrupted()
        except ClickException as exc:
            message("error", exc.format_message())
            rv = exc.exit_code
        except BrokenPipeError:
            rv = _pipe_closed()
        except OSError as exc:
            if exc.errno == 32:  # EPIPE
                rv = _pipe_closed()
            else:
                message("error", f"cannot write the output: {exc.strerror or exc}")
                rv = Exit.OUTPUT
        except Exception as exc:  # a bug: one clear line, the traceback with --debug
            if "--debug" in argv:
                raise
            message("error", "internal", f"{type(exc).__name__}: {exc} (rerun with --debug and report it)")
            rv = 1
        if standalone_mode:  # (CliRunner in tests; the console script ends through main())
            sys.exit(int(rv or 0))
        return rv


def _interrupted() -> int:
    from .batch import kill_workers
    kill_workers()
    note("interrupted")
    return Exit.INTERRUPTED


def _pipe_closed() -> int:
    """`… | head`: the reader has gone; stop quietly, as SIGPIPE would."""
    try:
        from .batch import kill_workers
        kill_workers()
    except Exception:
        pass
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return 141


def _exit(code: int) -> None:
    """Flush what is written and end the process at once: the worker pools' exit handlers,
    whose pipes may be gone with their workers, never run (they would print tracebacks)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = _pipe_closed()
    except OSError as exc:
        if code == 0:
            message("error", f"cannot write the output: {exc.strerror or exc}")
            code = Exit.OUTPUT
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


app = typer.Typer(
    cls=OfstedGroup,
    help="Judgements, recommendations and metadata out of Ofsted inspection reports (PDF, or text "
         "converted from PDF), as a table in the terminal or JSON, JSON Lines, YAML, CSV or SQLite for "
         "pipelines.\n\n\b\nExamples:\n"
         "  ofsted extract report.pdf                 # a table on a terminal, JSON when piped\n"
         "  ofsted extract reports/ -f jsonl > all.jsonl\n"
         "  ofsted grades all.jsonl --wide -f csv     # saved records, no PDF read again\n"
         "  ofsted history all.jsonl --provider Sandwell\n"
         "  ofsted export reports/ --db reports.sqlite && ofsted query reports.sqlite \"SELECT …\"",
    epilog=STATUSES,
    no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ofsted-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    pass


# --- the options every reading command shares --------------------------------------------
@dataclass
class RunOptions:
    format: Optional[str] = None
    backend: str = "pypdfium2"
    jobs: Optional[int] = None
    timeout: float = 120.0
    max_memory: int = 2048
    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    glob: Optional[List[str]] = None
    files_from: Optional[str] = None
    null: bool = False
    cache: Optional[str] = None
    quiet: bool = False
    strict: bool = False
    warn_exit: bool = True
    color: str = "auto"
    debug: bool = False


FORMAT = typer.Option(None, "--format", "-f", metavar="FORMAT",
                      help="table, json, jsonl, yaml or csv. Default: table on a terminal, json when piped.")
COLOR = typer.Option("auto", "--color", metavar="WHEN",
                     help="Colour: auto (a terminal, unless NO_COLOR is set), always, never.")
BACKEND = typer.Option("pypdfium2", "--backend", "-b", metavar="NAME",
                       help="PDF text backend: pypdfium2 (fast, default) or pdfminer (pdfminer.six).")
DEBUG = typer.Option(False, "--debug", help="Show tracebacks for internal errors.")
SHARED: list[tuple[str, Any, Any]] = [
    ("format", Optional[str], FORMAT),
    ("backend", str, BACKEND),
    ("jobs", Optional[int], typer.Option(None, "--jobs", "-j", min=1, metavar="N",
                                         help="Worker processes (default: the CPU cores; at most twice as many).")),
    ("timeout", float, typer.Option(120.0, "--timeout", min=0, metavar="SECONDS",
                                    help="Wall and CPU time allowed per report (0: none); a slower report gets "
                                         "a 'timeout' error record.")),
    ("max_memory", int, typer.Option(2048, "--max-memory", min=0, metavar="MB",
                                     help="Memory (address space) a worker may add while reading a report (0: no limit); a report that "
                                          "needs more gets 'too-large'.")),
    ("max_pages", int, typer.Option(2000, "--max-pages", min=1, metavar="N",
                                    help="Refuse PDFs with more pages than this ('too-large').")),
    ("max_bytes", int, typer.Option(200 * 1024 * 1024, "--max-bytes", min=1, metavar="N",
                                    help="Refuse files (and standard input) larger than this ('too-large').")),
    ("glob", Optional[List[str]], typer.Option(None, "--glob", "-g", metavar="PATTERN",
                                               help="File pattern for folders (repeatable; default *.pdf, *.PDF, "
                                                    "*.txt).")),
    ("files_from", Optional[str], typer.Option(None, "--files-from", metavar="FILE",
                                               help="Read more input paths from FILE ('-': standard input), one a "
                                                    "line.")),
    ("null", bool, typer.Option(False, "--null", "-0", help="With --files-from: paths end with NUL (find -print0).")),
    ("cache", Optional[str], typer.Option(None, "--cache", metavar="DIR",
                                          help="Keep each record under the SHA-256 of its file and this version: "
                                               "re-runs read unchanged reports from DIR.")),
    ("quiet", bool, typer.Option(False, "--quiet", "-q",
                                 help="No progress bar and no summary line (errors and warnings still shown).")),
    ("strict", bool, typer.Option(False, "--strict", help="Any warning fails the run (status 4).")),
    ("warn_exit", bool, typer.Option(True, "--warn-exit/--no-warn-exit",
                                     help="Warnings asking for a check give status 4 (default), or leave 0.")),
    ("color", str, COLOR),
    ("debug", bool, DEBUG),
]


def run_options(*, formats: bool = True):
    """Add the shared options to a command (sqlite-utils' output_options, for Typer): the
    command declares only its own parameters and receives the rest as ``run``."""
    shared = [s for s in SHARED if formats or s[0] != "format"]

    def deco(fn):
        sig = inspect.signature(fn)
        own = [p for p in sig.parameters.values() if p.name != "run"]
        extra = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=d, annotation=a) for n, a, d in shared]

        @functools.wraps(fn)
        def wrapper(**kw):
            opts = RunOptions(**{n: kw.pop(n) for n, _, _ in shared})
            return fn(run=opts, **kw)

        del wrapper.__wrapped__
        wrapper.__signature__ = sig.replace(parameters=own + extra)
        wrapper.__annotations__ = {**{p.name: p.annotation for p in own}, **{n: a for n, a, _ in shared}}
        return wrapper
    return deco


PATHS = typer.Argument(None, metavar="PATH", show_default=False,
                       help="Reports (PDF or text), folders of them, '-' for one report on standard input, or saved "
                            "records (.jsonl/.json from -f jsonl/json, or a --cache folder).")


def _format(fmt: Optional[str], allowed=("table", "json", "jsonl", "yaml", "csv")) -> str:
    from .render import default_format
    f = (fmt or default_format(sys.stdout)).lower()
    if f not in allowed:
        usage(f"unknown format {fmt!r}; choose from {', '.join(allowed)}")
    return f


def _colour(when: str) -> None:
    if when not in ("auto", "always", "never"):
        usage(f"unknown --color {when!r}; choose from auto, always, never")
    Colour.mode = when


class Runner:
    """One run of a reading command: its inputs, its records (counted, with errors and
    warnings named on stderr), the progress bar and the closing summary and status."""

    def __init__(self, o: RunOptions, fmt: bool = True):
        from .core import Options
        from .pdf import BACKENDS
        _colour(o.color)
        self.o = o
        self.fmt = _format(o.format) if fmt else None
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
        self.ok = self.failed = self.doubtful = self.pages = 0
        self.t0 = time.perf_counter()

    def inputs(self, paths: Optional[List[str]]) -> list[str]:
        from .batch import DEFAULT_GLOBS, expand_inputs
        given = list(paths or [])
        if self.o.files_from:
            given.extend(_read_list(self.o.files_from, self.o.null))
        if not given:
            usage("no input files (give files, folders, '-' for standard input, saved records, or --files-from)")
        expanded = expand_inputs(given, tuple(self.o.glob) if self.o.glob else DEFAULT_GLOBS)
        if not expanded:
            usage("the folders given hold no matching files (see --glob)")
        return expanded

    def records(self, paths: Optional[List[str]], pages: int | None = None) -> Iterator[dict]:
        """Every input's record in order: reports read in workers, saved records as they are.
        The inputs are checked before anything is written (a usage error leaves stdout empty)."""
        inputs = self.inputs(paths)
        if pages is not None:
            self.opts.pages = pages
        return self._records(inputs)

    def _records(self, inputs: list[str]) -> Iterator[dict]:
        from .records import is_records
        progress = None
        if not self.o.quiet and sys.stderr.isatty() and len(inputs) > 1:
            progress = _Progress(len(inputs))
        try:
            batch: list[str] = []
            for p in inputs + [None]:
                if p is not None and not is_records(p):
                    batch.append(p)
                    continue
                if batch:
                    yield from self._read(batch, progress)
                    batch = []
                if p is not None:
                    yield from self._saved(p, progress)
        finally:
            if progress:
                progress.stop()

    def _read(self, paths: list[str], progress) -> Iterator[dict]:
        from .batch import run
        for res in run(paths, self.opts, jobs=min(self.jobs, len(paths)), timeout=self.o.timeout,
                       cache=self.cache, max_memory=self.o.max_memory):
            for n in res.notes:
                note(n)
            yield self._count(res.record, progress)

    def _saved(self, path: str, progress) -> Iterator[dict]:
        from .records import read_records
        for rec in read_records(path):
            yield self._count(rec, progress)

    def _count(self, rec: dict, progress) -> dict:
        path = rec["source"]["path"]
        if "error" in rec:
            self.failed += 1
            e = rec["error"]
            message("error", path, e["code"], e["message"] if self.o.debug else e["message"].splitlines()[0])
        else:
            self.ok += 1
            self.pages += rec["source"].get("pages") or 0
            shown = [w for w in rec.get("warnings") or [] if self.o.strict or w["code"] in DOUBTFUL]
            if shown:
                self.doubtful += 1
            for w in shown:
                message("warning", path, w["code"], w["message"])
        if progress:
            progress.advance()
        return rec

    def status(self) -> int:
        if self.failed:
            return Exit.SOME_FAILED
        if self.doubtful and (self.o.warn_exit or self.o.strict):
            return Exit.DOUBTFUL
        return Exit.OK

    def finish(self, extra: str = "") -> None:
        if not self.o.quiet:
            dt = time.perf_counter() - self.t0
            n = self.ok + self.failed
            pps = f", {self.pages / dt:.0f} pages/s" if dt > 0 and self.pages else ""
            note(f"{n} report{'s' if n != 1 else ''}, {self.pages} pages, {self.ok} ok, "
                 f"{self.doubtful} with warnings, {self.failed} failed, {dt:.1f} s{pps}{extra}")
        raise typer.Exit(self.status())


class _Progress:
    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        self.p = Progress(TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                          console=Console(stderr=True, markup=False, highlight=False,
                                          no_color=not Colour.on(sys.stderr)), transient=True)
        self.task = self.p.add_task("reports", total=total)
        self.p.start()

    def advance(self) -> None:
        self.p.advance(self.task)

    def stop(self) -> None:
        self.p.stop()


def _read_list(src: str, null: bool) -> list[str]:
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


@contextlib.contextmanager
def _output() -> Iterator[None]:
    """Writing the output: a reader that went away ends the run quietly (141), a full disk or
    a closed file with one line (5), Ctrl-C stops the workers (130)."""
    try:
        yield
        sys.stdout.flush()
    except BrokenPipeError:
        raise typer.Exit(_pipe_closed()) from None
    except KeyboardInterrupt:
        raise typer.Exit(_interrupted()) from None
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise typer.Exit(_pipe_closed()) from None
        message("error", f"cannot write the output: {exc.strerror or exc}")
        from .batch import kill_workers
        kill_workers()
        raise typer.Exit(Exit.OUTPUT) from None


def _emit(fmt: str, items: Iterable[dict], *, csv_rows=None, csv_cols=None, table=None, dynamic=False) -> None:
    from . import render
    with _output():
        if fmt in render.OBJECT_WRITERS:
            render.OBJECT_WRITERS[fmt](items, sys.stdout)
        elif fmt == "csv":
            render.write_csv(csv_rows(items) if csv_rows else items, sys.stdout, csv_cols, dynamic=dynamic)
        else:
            table(items)


# --- commands ----------------------------------------------------------------------------
@app.command()
@run_options()
def extract(paths: Optional[List[str]] = PATHS, run: RunOptions = None) -> None:
    """Everything in the output contract: report metadata, judgements, recommendations and
    warnings; one record per input (an error record for a file that cannot be read).

    \b
    Examples:
      ofsted extract report.pdf
      ofsted extract reports/ -f jsonl > all.jsonl
      find . -name '*.pdf' -print0 | ofsted extract --files-from - --null -f jsonl
      cat report.pdf | ofsted extract -
      ofsted extract reports/ -f jsonl -q | jq -r 'select(.error) | "\\(.source.path)\\t\\(.error.code)"'
      ofsted extract reports/ -f jsonl -q | jq -r 'select(.warnings | length > 0) | .source.path'
    """
    from . import render, views
    r = Runner(run)
    _emit(r.fmt, r.records(paths), csv_rows=lambda rs: map(render.wide_row, rs), csv_cols=render.REPORT_COLUMNS,
          dynamic=True, table=views.extract)
    r.finish()


@app.command()
@run_options()
def grades(paths: Optional[List[str]] = PATHS,
           wide: bool = typer.Option(False, "--wide", "-w", help="One row per report, a column per judgement."),
           run: RunOptions = None) -> None:
    """Judgements only: one row per judgement, or --wide one row per report. Reads only the
    pages a family prints its grades on (the record says which: source.pages_read).

    \b
    Examples:
      ofsted grades reports/
      ofsted grades reports/ --wide -f csv > grades.csv
      ofsted grades reports/ -f jsonl -q | jq -r 'select(.key=="overall_effectiveness") | [.provider, .grade] | @tsv'
    """
    from . import render, views
    from .core import GRADES_PAGES
    r = Runner(run)
    recs = r.records(paths, pages=GRADES_PAGES)
    if wide:
        _emit(r.fmt, (render.wide_row(rec, counts=False) for rec in recs), csv_cols=render.GRADES_COLUMNS, dynamic=True,
              table=views.wide_grades)
    else:
        rows = render.flat(recs, lambda rec: render.judgement_rows(rec) or render.error_rows(rec))
        _emit(r.fmt, rows, csv_cols=render.JUDGEMENT_COLUMNS + ["error"], table=views.judgements)
    r.finish()


@app.command()
@run_options()
def recommendations(paths: Optional[List[str]] = PATHS, run: RunOptions = None) -> None:
    """Recommendations (areas for improvement): one row per item with its section, the
    heading printed over it, timescale, group, responsible body, due date and page.

    \b
    Examples:
      ofsted recommendations report.pdf
      ofsted recommendations reports/ -f csv > items.csv
      ofsted recommendations all.jsonl -f jsonl -q | jq -r 'select(.text | test("exploitation")) | .provider'
    """
    from . import render, views
    r = Runner(run)
    rows = render.flat(r.records(paths), lambda rec: render.recommendation_rows(rec) or render.error_rows(rec))
    _emit(r.fmt, rows, csv_cols=render.RECOMMENDATION_COLUMNS + ["error"], table=views.recommendations)
    r.finish()


@app.command()
@run_options()
def history(paths: Optional[List[str]] = PATHS,
            provider: Optional[str] = typer.Option(None, "--provider", "-p", metavar="NAME",
                                                   help="Only this provider (any form of its name, its key or URN)."),
            run: RunOptions = None) -> None:
    """Each provider's inspections in date order with their grades: a table per provider on a
    terminal, or JSON / CSV (one row per inspection).

    \b
    Examples:
      ofsted history reports/ --provider Sandwell
      ofsted extract reports/ -f jsonl > all.jsonl && ofsted history all.jsonl -f csv
    """
    from . import views
    from .history import group, rows
    r = Runner(run)
    groups = group(r.records(paths), provider)
    if provider and not groups:
        note(f"no report about {provider!r} was found")
    _emit(r.fmt, groups, csv_rows=rows, csv_cols=["provider", "provider_key", "inspection_start", "inspection_end",
                                                  "type", "path"], dynamic=True, table=views.history)
    r.finish()


@app.command()
@run_options(formats=False)
def export(paths: Optional[List[str]] = PATHS,
           db: str = typer.Option(..., "--db", metavar="FILE", help="SQLite database (created if missing)."),
           run: RunOptions = None) -> None:
    """Read reports (or saved records) into a SQLite database: tables reports, judgements,
    recommendations, warnings and errors; views report_grades, latest_grades, la_latest_grades and grade_changes. Unchanged
    files (same path and SHA-256) are skipped, changed ones replaced, new ones added.

    \b
    Examples:
      ofsted export reports/ --db reports.sqlite
      ofsted export all.jsonl --db reports.sqlite
      ofsted query reports.sqlite "SELECT provider, overall_effectiveness FROM latest_grades"
    """
    from .export import ExportError, Store
    r = Runner(run, fmt=False)
    inputs = r.inputs(paths)
    try:
        store = Store.open(db)
    except ExportError as exc:
        usage(str(exc))
    try:
        todo, same = store.pending(inputs)
        counts = store.write(r.records(todo) if todo else iter(()))
        failing = store.failing()
    except ExportError as exc:
        message("error", db, str(exc))
        store.close()
        raise typer.Exit(Exit.OUTPUT)
    store.close()
    if not run.quiet:
        still = f", {failing} file{'s' if failing != 1 else ''} still failing" if failing else ""
        note(f"{db}: {counts['added']} added, {counts['updated']} updated, {same} unchanged, "
             f"{counts['error']} errors in this run{still}")
    if failing and not r.failed:
        r.failed = failing  # the database still holds failing files: the status says so
    r.finish()


@app.command()
def diff(old: str = typer.Argument(..., metavar="OLD", help="The earlier report (or a saved record)."),
         new: str = typer.Argument(..., metavar="NEW", help="The later report (or a saved record)."),
         format: Optional[str] = FORMAT, backend: str = BACKEND, color: str = COLOR, debug: bool = DEBUG,
         timeout: float = typer.Option(120.0, "--timeout", min=0, metavar="SECONDS", help="Time allowed per report."),
         ) -> None:
    """What changed between two inspections: judgements (improved, declined, unchanged, new,
    removed, matched across frameworks), recommendations (carried over, new, not repeated)
    and metadata. Each report is read in a worker with the same limits as extract.

    \b
    Examples:
      ofsted diff 2019.pdf 2023.pdf
      ofsted diff old.jsonl new.jsonl -f json | jq '.judgements[] | select(.change=="declined")'

    Exit status: 0 nothing differs, 1 something does, 2 a report could not be read.
    """
    from . import render, views
    from .diff import diff_records
    fmt = _format(format)
    o = RunOptions(format=fmt, backend=backend, color=color, debug=debug, timeout=timeout, quiet=True, jobs=2)
    r = Runner(o)
    recs = []
    for p in (old, new):
        got = list(r.records([p]))
        if len(got) != 1:
            usage(f"{p} holds {len(got)} records; give a report or a file with one record")
        recs.append(got[0])
    if any("error" in x for x in recs):
        raise typer.Exit(Exit.USAGE)
    d = diff_records(*recs)
    with _output():
        if fmt == "table":
            views.diff(d)
        elif fmt == "csv":
            render.write_csv(d["judgements"], sys.stdout, ["key", "old_key", "old", "new", "old_score", "new_score",
                                                           "change"])
        elif fmt == "json":
            import json
            sys.stdout.write(json.dumps(d, ensure_ascii=render.ascii_only(sys.stdout), indent=2) + "\n")
        else:
            render.OBJECT_WRITERS[fmt]([d], sys.stdout)
    raise typer.Exit(Exit.DIFFERENT if d["differs"] else Exit.OK)


@app.command()
def query(db: str = typer.Argument(..., metavar="DB", help="A database written by ofsted export."),
          sql: str = typer.Argument(..., metavar="SQL", help="One SQL statement."),
          format: Optional[str] = FORMAT, color: str = COLOR,
          write: bool = typer.Option(False, "--write", help="Allow statements that change the database."),
          ) -> None:
    """Run SQL against an exported database: a table on a terminal, or csv / json / jsonl /
    yaml when asked or piped. Read-only unless --write.

    \b
    Examples:
      ofsted query reports.sqlite "SELECT provider, inspection_start, overall_effectiveness FROM latest_grades"
      ofsted query reports.sqlite "SELECT authority, change FROM grade_changes WHERE key = 'overall_effectiveness'" -f csv
    """
    from . import views
    from .export import ExportError, run_query
    _colour(color)
    fmt = _format(format)
    try:
        cols, rows = run_query(db, sql, write=write)
    except ExportError as exc:
        usage(str(exc))
    _emit(fmt, rows, csv_cols=cols, table=lambda rs: views.rows_table(list(rs), cols, None, stored=True))


@app.command()
def text(path: str = typer.Argument(..., metavar="PATH", help="A report (PDF or text)."), backend: str = BACKEND,
         raw: bool = typer.Option(False, "--raw", help="The backend's text before cleaning."),
         blocks: bool = typer.Option(False, "--blocks",
                                     help="The blocks the families read: page, kind, level, type, marker, text.")) -> None:
    """Print the cleaned text with page markers, or its blocks (to see what the parsers see).

    \b
    Examples:
      ofsted text report.pdf | less
      ofsted text --blocks report.pdf > blocks.txt
    """
    from .core import Options, load_document, read_bytes
    from .errors import ExtractError
    from .pdf import read_pdf
    from .terminal import safe

    opts = Options(backend=backend)
    try:
        data = read_bytes(path, opts)
        if raw and data.startswith(b"%PDF"):
            for i, page in enumerate(read_pdf(data, backend)[0], 1):
                sys.stdout.write(f"===== page {i} =====\n" + "\n".join(safe(ln.text) for ln in page) + "\n")
            return
        doc = load_document(data, path, opts)
    except ExtractError as exc:
        message("error", path, exc.code, exc.message)
        raise typer.Exit(Exit.SOME_FAILED)
    if blocks:
        from .layout import describe
        sys.stdout.write(describe(doc.blocks))
        return
    for i, page in enumerate(doc.pages, 1):
        sys.stdout.write(f"===== page {i} =====\n" + "\n".join(ln.text for ln in page) + "\n")


@app.command()
def formats(format: Optional[str] = FORMAT, color: str = COLOR) -> None:
    """The report families this version knows (the registry: keys, sections, evidence), the
    error codes and the warning codes (doubtful ones set exit status 4).

    \b
    Examples:
      ofsted formats
      ofsted formats -f json | jq '.[] | select(.evidence | startswith("excerpts")) | .id'
    """
    from . import views
    from .errors import ERROR_CODES, WARNING_CODES
    from .families import families
    _colour(color)
    fmt = _format(format)
    fams = families()
    def tables(_):
        views.rows_table([{"id": f["id"], "evidence": f["evidence"], "description": f["description"]} for f in fams],
                         ["id", "evidence", "description"], "Report families")
        views.rows_table([{"code": k, "meaning": v} for k, v in ERROR_CODES.items()], ["code", "meaning"], "Error codes")
        views.rows_table([{"code": k, "doubtful": "yes" if d else "", "meaning": v} for k, (d, v) in WARNING_CODES.items()],
                         ["code", "doubtful", "meaning"], "Warning codes")
    _emit(fmt, fams, csv_cols=["id", "description", "graded", "full", "evidence", "module"], table=tables)


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of one output record, generated from the model."""
    import json
    from .schema import record_schema
    typer.echo(json.dumps(record_schema(), indent=2))


@app.command()
def version(as_json: bool = typer.Option(False, "--json", help="As JSON.")) -> None:
    """Versions of ofsted-cli, Python and the PDF backends (for bug reports)."""
    import json
    import platform
    from .pdf import BACKENDS, backend_version
    info = {"ofsted_cli": __version__, "python": platform.python_version(),
            "backends": {b: backend_version(b) for b in BACKENDS}}
    if as_json:
        typer.echo(json.dumps(info))
    else:
        typer.echo(f"ofsted-cli {__version__} (Python {info['python']}; "
                   + ", ".join(f"{b} {v}" for b, v in info["backends"].items()) + ")")


def main() -> None:
    """Console-script entry: run, then end the process at once (see :func:`_exit`)."""
    _exit(int(app(standalone_mode=False) or 0))
