"""The `ofsted` command: a thin Typer shell over the library.

Only this module knows Typer, rich, stdout and exit codes.
"""
from __future__ import annotations

import enum
import json
import os
import signal
import sys
import time
from typing import Any, Iterable, Iterator, List, Optional

import typer
from rich.console import Console

from . import __version__, render
from .batch import DEFAULT_GLOBS, expand_inputs, run
from .core import DEFAULT_MAX_PAGES, Options, extract_path
from .errors import ERROR_CODES
from .pdf import BACKENDS, backend_version


class Exit(enum.IntEnum):
    """Exit statuses (also in the README)."""
    OK = 0            # every report read (diff: nothing differs)
    DIFFERENT = 1     # diff only: the reports differ
    USAGE = 2         # bad options or arguments (diff: a report could not be read)
    SOME_FAILED = 3   # some inputs gave error records (which were written)
    INTERRUPTED = 130  # Ctrl-C
    # 141: the output pipe closed (`| head`): SIGPIPE ends the process, as for Unix tools


app = typer.Typer(
    help="Extract judgements, recommendations and metadata from Ofsted inspection reports "
         "(PDF, or text converted from PDF).",
    no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]})
err = Console(stderr=True, highlight=False)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ofsted-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit.")) -> None:
    """Extract judgements, recommendations and metadata from Ofsted inspection reports."""


# --- shared option definitions ---------------------------------------------------------
FORMAT_HELP = "Output format: table, json, jsonl, yaml or csv. Default: table on a terminal, json when piped."
PathsArg = typer.Argument(None, help="Report files (PDF or text) or folders; '-' reads one report from standard input.")


def _opt_format() -> Any:
    return typer.Option(None, "--format", "-f", help=FORMAT_HELP, case_sensitive=False)


class _Run:
    def __init__(self, fmt: Optional[str], backend: str, jobs: Optional[int], timeout: Optional[float],
                 quiet: bool, debug: bool, max_pages: int, cache: Optional[str] = None):
        fmt = (fmt or render.default_format(sys.stdout)).lower()
        if fmt not in render.FORMATS:
            _usage(f"unknown format {fmt!r}; choose from {', '.join(render.FORMATS)}")
        if backend not in BACKENDS:
            _usage(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
        self.fmt = fmt
        self.opts = Options(backend=backend, max_pages=max_pages, debug=debug)
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.timeout = timeout
        self.cache = None
        if cache:
            from .batch import Cache
            try:
                self.cache = Cache(cache, self.opts)
            except OSError as exc:
                _usage(f"cannot use cache folder {cache!r}: {exc.strerror or exc}")
        self.quiet = quiet
        self.failed = 0
        self.ok = 0
        self.pages = 0
        self.t0 = time.perf_counter()

    def records(self, paths: List[str], glob: List[str], files_from: Optional[str], null: bool) -> Iterator[dict]:
        inputs = list(paths or [])
        if files_from:
            inputs.extend(_read_list(files_from, null))
        if not inputs:
            _usage("no input files (give files, folders, '-' for standard input, or --files-from)")
        expanded = expand_inputs(inputs, tuple(glob) if glob else DEFAULT_GLOBS)
        if not expanded:
            _usage("the folders given hold no matching files (see --glob)")
        progress = None
        if not self.quiet and sys.stderr.isatty() and len(expanded) > 1:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
            progress = Progress(TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                console=err, transient=True)
            task = progress.add_task("reports", total=len(expanded))
            progress.start()
        try:
            for rec in run(expanded, self.opts, jobs=min(self.jobs, len(expanded)), timeout=self.timeout,
                           cache=self.cache, isolate=True):
                if "error" in rec:
                    self.failed += 1
                    e = rec["error"]
                    msg = e["message"].splitlines()[0] if not self.opts.debug else e["message"]
                    err.print(f"[red]error[/red]: {rec['source']['path']}: {e['code']}: {msg}", markup=True,
                              highlight=False, soft_wrap=True)
                else:
                    self.ok += 1
                    self.pages += rec["source"].get("pages") or 0
                if progress:
                    progress.advance(task)
                yield rec
        finally:
            if progress:
                progress.stop()

    def finish(self) -> None:
        if not self.quiet:
            dt = time.perf_counter() - self.t0
            n = self.ok + self.failed
            pps = f", {self.pages / dt:.0f} pages/s" if dt > 0 and self.pages else ""
            err.print(f"{n} report{'s' if n != 1 else ''}, {self.pages} pages, {self.ok} ok, "
                      f"{self.failed} failed, {dt:.1f} s{pps}", highlight=False)
        raise typer.Exit(Exit.SOME_FAILED if self.failed else Exit.OK)


def _read_list(src: str, null: bool) -> list[str]:
    data = sys.stdin.buffer.read() if src == "-" else open(src, "rb").read()
    sep = b"\0" if null else b"\n"
    return [p.decode("utf-8", "surrogateescape").rstrip("\r") for p in data.split(sep) if p.strip()]


def _usage(msg: str) -> None:
    err.print(f"[red]usage error[/red]: {msg}", highlight=False)
    raise typer.Exit(Exit.USAGE)


# --- commands ----------------------------------------------------------------------------
BackendOpt = typer.Option("pypdfium2", "--backend", "-b", help="PDF text backend: pypdfium2 (fast, default) or pdfminer (pdfminer.six).")
JobsOpt = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: the number of CPU cores).")
TimeoutOpt = typer.Option(None, "--timeout", min=0.1, help="Seconds allowed per report; a slower report gets a 'timeout' error record.")
QuietOpt = typer.Option(False, "--quiet", "-q", help="No progress bar, per-file errors still shown, no summary line.")
DebugOpt = typer.Option(False, "--debug", help="Show tracebacks for internal errors.")
GlobOpt = typer.Option(None, "--glob", "-g", help="File pattern for folders (repeatable; default *.pdf, *.PDF, *.txt).")
FilesFromOpt = typer.Option(None, "--files-from", help="Read more input paths from FILE ('-' for standard input), one per line.")
NullOpt = typer.Option(False, "--null", "-0", help="With --files-from: paths are separated by NUL (find -print0).")
CacheOpt = typer.Option(None, "--cache", help="Cache folder: records keyed by each file's SHA-256 and this version; re-runs read unchanged reports from it.")
MaxPagesOpt = typer.Option(DEFAULT_MAX_PAGES, "--max-pages", min=1, help="Refuse PDFs with more pages than this (error 'too-large').")


@app.command()
def extract(paths: List[str] = PathsArg, format: Optional[str] = _opt_format(), backend: str = BackendOpt,
            jobs: Optional[int] = JobsOpt, timeout: Optional[float] = TimeoutOpt, quiet: bool = QuietOpt,
            debug: bool = DebugOpt, glob: List[str] = GlobOpt, files_from: Optional[str] = FilesFromOpt,
            null: bool = NullOpt, max_pages: int = MaxPagesOpt, cache: Optional[str] = CacheOpt) -> None:
    """Everything in the output contract: report metadata, judgements, recommendations, warnings; one record per input file (an error record for a file that cannot be read)."""
    r = _Run(format, backend, jobs, timeout, quiet, debug, max_pages, cache)
    recs = r.records(paths, glob, files_from, null)
    _emit(r.fmt, recs, csv_rows=lambda rs: map(render.report_row, rs), csv_cols=render.REPORT_COLUMNS,
          table=_table_extract)
    r.finish()


@app.command()
def grades(paths: List[str] = PathsArg, format: Optional[str] = _opt_format(),
           wide: bool = typer.Option(False, "--wide", "-w", help="One row per report with a column per judgement key."),
           backend: str = BackendOpt, jobs: Optional[int] = JobsOpt, timeout: Optional[float] = TimeoutOpt,
           quiet: bool = QuietOpt, debug: bool = DebugOpt, glob: List[str] = GlobOpt,
           files_from: Optional[str] = FilesFromOpt, null: bool = NullOpt, max_pages: int = MaxPagesOpt, cache: Optional[str] = CacheOpt) -> None:
    """Judgements only: one row per judgement (with the file), or --wide one row per report."""
    r = _Run(format, backend, jobs, timeout, quiet, debug, max_pages, cache)
    recs = r.records(paths, glob, files_from, null)
    if wide:
        rows = map(render.wide_row, recs)
        _emit_rows(r.fmt, rows, render.REPORT_COLUMNS[:7], dynamic=True, title="Grades")
    else:
        rows = render.flat(recs, lambda rec: render.judgement_rows(rec) or _error_rows(rec))
        _emit_rows(r.fmt, rows, render.JUDGEMENT_COLUMNS + ["error"], title="Judgements")
    r.finish()


@app.command()
def recommendations(paths: List[str] = PathsArg, format: Optional[str] = _opt_format(), backend: str = BackendOpt,
                    jobs: Optional[int] = JobsOpt, timeout: Optional[float] = TimeoutOpt, quiet: bool = QuietOpt,
                    debug: bool = DebugOpt, glob: List[str] = GlobOpt, files_from: Optional[str] = FilesFromOpt,
                    null: bool = NullOpt, max_pages: int = MaxPagesOpt, cache: Optional[str] = CacheOpt) -> None:
    """Recommendations (areas for improvement) with section, timescale and page."""
    r = _Run(format, backend, jobs, timeout, quiet, debug, max_pages, cache)
    recs = r.records(paths, glob, files_from, null)
    rows = render.flat(recs, lambda rec: render.recommendation_rows(rec) or _error_rows(rec))
    _emit_rows(r.fmt, rows, render.RECOMMENDATION_COLUMNS + ["error"], title="Recommendations")
    r.finish()


def _error_rows(rec: dict) -> list[dict]:
    if "error" in rec:
        return [{"path": rec["source"]["path"], "error": f"{rec['error']['code']}: {rec['error']['message']}"}]
    return []


@app.command()
def diff(old: str = typer.Argument(..., help="The earlier report."),
         new: str = typer.Argument(..., help="The later report."),
         format: Optional[str] = _opt_format(), backend: str = BackendOpt, debug: bool = DebugOpt) -> None:
    """What changed between two inspections: judgements (improved, declined, unchanged, new, removed), recommendations (carried over, new, resolved) and metadata. Exit status 0 when nothing differs, 1 when something does, 2 when a report cannot be read."""
    from .diff import diff_records

    fmt = (format or render.default_format(sys.stdout)).lower()
    if fmt not in render.FORMATS:
        _usage(f"unknown format {fmt!r}")
    opts = Options(backend=backend, debug=debug)
    recs = [extract_path(p, opts) for p in (old, new)]
    bad = [r for r in recs if "error" in r]
    for r in bad:
        err.print(f"[red]error[/red]: {r['source']['path']}: {r['error']['code']}: {r['error']['message']}")
    if bad:
        raise typer.Exit(Exit.USAGE)
    d = diff_records(*recs)
    if fmt == "table":
        _table_diff(d)
    elif fmt == "csv":
        render.write_csv(d["judgements"], sys.stdout, ["key", "old_key", "old", "new", "old_score", "new_score", "change"])
    else:
        {"json": lambda: sys.stdout.write(json.dumps(d, ensure_ascii=False, indent=2) + "\n"),
         "jsonl": lambda: render.write_jsonl([d], sys.stdout),
         "yaml": lambda: render.write_yaml([d], sys.stdout)}[fmt]()
    raise typer.Exit(Exit.DIFFERENT if d["differs"] else Exit.OK)


@app.command()
def history(paths: List[str] = PathsArg, format: Optional[str] = _opt_format(),
            provider: Optional[str] = typer.Option(None, "--provider", "-p", help="Only this provider (any form of its name)."),
            backend: str = BackendOpt, jobs: Optional[int] = JobsOpt, timeout: Optional[float] = TimeoutOpt,
            quiet: bool = QuietOpt, debug: bool = DebugOpt, glob: List[str] = GlobOpt,
            files_from: Optional[str] = FilesFromOpt, null: bool = NullOpt, max_pages: int = MaxPagesOpt,
            cache: Optional[str] = CacheOpt) -> None:
    """Each provider's inspections in date order with their grades: a table per provider in the terminal, or JSON / CSV (one row per inspection) for analysis."""
    from .history import group, rows

    r = _Run(format, backend, jobs, timeout, quiet, debug, max_pages, cache)
    groups = group(r.records(paths, glob, files_from, null), provider)
    if provider and not groups and not quiet:
        err.print(f"no report about {provider!r} was found", highlight=False)
    if r.fmt == "table":
        _table_history(groups)
    elif r.fmt == "csv":
        render.write_csv(rows(groups), sys.stdout, ["provider", "provider_key", "inspection_start", "inspection_end",
                                                    "type", "path"], dynamic=True)
    else:
        render.OBJECT_WRITERS[r.fmt](groups, sys.stdout)
    r.finish()


@app.command()
def export(paths: List[str] = PathsArg,
           db: str = typer.Option(..., "--db", help="SQLite database file (created if missing; re-runs add and update)."),
           backend: str = BackendOpt, jobs: Optional[int] = JobsOpt, timeout: Optional[float] = TimeoutOpt,
           quiet: bool = QuietOpt, debug: bool = DebugOpt, glob: List[str] = GlobOpt,
           files_from: Optional[str] = FilesFromOpt, null: bool = NullOpt, max_pages: int = MaxPagesOpt, cache: Optional[str] = CacheOpt) -> None:
    """Read reports into a SQLite database (tables reports, judgements, recommendations, warnings, errors; view report_grades). Unchanged files (same path and SHA-256) are skipped, changed ones replaced, new ones added."""
    from .export import connect, pending, store

    r = _Run("json", backend, jobs, timeout, quiet, debug, max_pages, cache)
    inputs = list(paths or []) + (_read_list(files_from, null) if files_from else [])
    if not inputs:
        _usage("no input files (give files, folders, or --files-from)")
    expanded = expand_inputs(inputs, tuple(glob) if glob else DEFAULT_GLOBS)
    try:
        con = connect(db)
    except Exception as exc:  # sqlite3.Error, OSError
        _usage(f"cannot open database {db!r}: {exc}")
    todo, same = pending(con, expanded)
    counts = {"added": 0, "updated": 0, "error": 0}
    for _, what in store(con, r.records(todo, [], None, False) if todo else iter(())):
        counts[what] += 1
    con.close()
    if not quiet:
        err.print(f"{db}: {counts['added']} added, {counts['updated']} updated, {same} unchanged, "
                  f"{counts['error']} errors", highlight=False)
    r.finish()


@app.command()
def text(path: str = typer.Argument(..., help="A report (PDF or text)."), backend: str = BackendOpt,
         raw: bool = typer.Option(False, "--raw", help="The backend's text before cleaning."),
         blocks: bool = typer.Option(False, "--blocks", help="The blocks the families read (page, kind, level, type, marker, text).")) -> None:
    """Print the cleaned text with page markers, or its blocks (for checking what the parsers see)."""
    from .core import load_document, read_bytes
    from .errors import ExtractError
    from .pdf import read_pdf

    opts = Options(backend=backend)
    try:
        data = read_bytes(path, opts)
        if raw and data.startswith(b"%PDF"):
            for i, page in enumerate(read_pdf(data, backend)[0], 1):
                sys.stdout.write(f"===== page {i} =====\n" + "\n".join(ln.text for ln in page) + "\n")
            return
        doc = load_document(data, path, opts)
    except ExtractError as exc:
        err.print(f"[red]error[/red]: {path}: {exc.code}: {exc.message}")
        raise typer.Exit(Exit.SOME_FAILED)
    if blocks:
        from .layout import describe
        sys.stdout.write(describe(doc.blocks))
        return
    for i, page in enumerate(doc.pages, 1):
        sys.stdout.write(f"===== page {i} =====\n" + "\n".join(ln.text for ln in page) + "\n")


@app.command()
def formats(format: Optional[str] = _opt_format()) -> None:
    """The report families this version knows (the registry), and the error codes."""
    from .families import families

    fams = families()
    fmt = (format or render.default_format(sys.stdout)).lower()
    if fmt == "table":
        _table_rows(fams, ["id", "description"], "Report families")
        _table_rows([{"code": k, "meaning": v} for k, v in ERROR_CODES.items()], ["code", "meaning"], "Error codes")
    else:
        _emit_rows(fmt, iter(fams), ["id", "description", "module"], title="Report families")


@app.command()
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of one output record, generated from the model."""
    from .schema import record_schema
    typer.echo(json.dumps(record_schema(), indent=2))


@app.command()
def version(as_json: bool = typer.Option(False, "--json", help="As JSON.")) -> None:
    """Versions of ofsted-cli, Python and the PDF backends (for bug reports)."""
    import platform
    info = {"ofsted_cli": __version__, "python": platform.python_version(),
            "backends": {b: backend_version(b) for b in BACKENDS}}
    if as_json:
        typer.echo(json.dumps(info))
    else:
        typer.echo(f"ofsted-cli {__version__} (Python {info['python']}; "
                   + ", ".join(f"{b} {v}" for b, v in info["backends"].items()) + ")")


# --- output ------------------------------------------------------------------------------
def _emit(fmt: str, recs: Iterable[dict], csv_rows, csv_cols, table) -> None:
    if fmt in render.OBJECT_WRITERS:
        render.OBJECT_WRITERS[fmt](recs, sys.stdout)
    elif fmt == "csv":
        render.write_csv(csv_rows(recs), sys.stdout, csv_cols)
    else:
        table(recs)


def _emit_rows(fmt: str, rows: Iterable[dict], cols: list[str], dynamic: bool = False, title: str = "") -> None:
    if fmt in render.OBJECT_WRITERS:
        render.OBJECT_WRITERS[fmt](rows, sys.stdout)
    elif fmt == "csv":
        render.write_csv(rows, sys.stdout, cols, dynamic=dynamic)
    else:
        rows = list(rows)
        if dynamic:
            for r in rows:
                cols.extend(k for k in r if k not in cols)
        shown = [c for c in cols if any(r.get(c) not in (None, "") for r in rows)] or cols
        _table_rows(rows, shown, title)


GRADE_STYLE = {"outstanding": "bold green", "good": "green", "requires_improvement": "yellow",
               "adequate": "yellow", "satisfactory": "yellow", "inadequate": "bold red",
               "exceptional": "bold green", "strong_standard": "green", "expected_standard": "cyan",
               "needs_attention": "yellow", "urgent_improvement": "bold red", "met": "green",
               "not_met": "red", "systemic_failings": "bold red", "inconsistent_experiences": "yellow",
               "positive_experiences": "green"}


def _cell(col: str, v: Any) -> Any:
    from rich.text import Text
    if v is None:
        return Text("—", style="dim")
    if col in ("grade", "old", "new") and isinstance(v, str):
        return Text(v, style=GRADE_STYLE.get(v, ""))
    return Text(str(v))


def _out_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _table_rows(rows: list[dict], cols: list[str], title: str) -> None:
    from rich.table import Table
    t = Table(title=title, title_justify="left", show_lines=False)
    for c in cols:
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(*[_cell(c, r.get(c)) for c in cols])
    _out_console().print(t)


def _table_extract(recs: Iterable[dict]) -> None:
    from rich.table import Table
    from rich.text import Text
    con = _out_console()
    for rec in recs:
        src = rec["source"]
        if "error" in rec:
            con.print(Text(f"{src['path']}: {rec['error']['code']}: {rec['error']['message']}", style="red"))
            continue
        rep = rec["report"]
        head = Text()
        head.append(rep.get("provider") or rep.get("title") or src["path"], style="bold")
        head.append(f"  {rep['type']}", style="cyan")
        dates = " to ".join(d for d in (rep.get("inspection_start"), rep.get("inspection_end")) if d)
        head.append(f"\n{src['path']}" + (f" · inspected {dates}" if dates else "")
                    + (f" · published {rep['published']}" if rep.get("published") else "")
                    + (f" · lead inspector {rep['lead_inspector']}" if rep.get("lead_inspector") else ""),
                    style="dim")
        con.print(head)
        if rec["judgements"]:
            t = Table(show_header=True, header_style="bold")
            for c in ("judgement", "grade", "score", "page"):
                t.add_column(c)
            for j in rec["judgements"]:
                part = j["key"].split(".")[0] + " · " if "." in j["key"] else ""  # 'lac · Overall effectiveness'
                t.add_row(Text(part + (j.get("area") or j["key"])), _cell("grade", j["grade"]),
                          _cell("score", j.get("score")), _cell("page", j.get("page")))
            con.print(t)
        else:
            con.print(Text("no graded judgements", style="dim"))
        if rec["recommendations"]:
            t = Table(show_header=True, header_style="bold", title="Recommendations", title_justify="left")
            for c in ("#", "section", "timescale", "text"):
                t.add_column(c, overflow="fold")
            for i, r in enumerate(rec["recommendations"], 1):
                t.add_row(str(i), _cell("", r.get("section")), _cell("", r.get("timescale")), Text(r["text"]))
            con.print(t)
        for w in rec.get("warnings") or []:
            con.print(Text(f"warning: {w['code']}: {w['message']}", style="yellow"))
        con.print()


GRADE_WORDS = {"requires_improvement": "Requires improvement"}
KEY_NAMES = {"overall_effectiveness": "Overall effectiveness", "help_and_protection": "Help and protection",
             "looked_after_and_permanence": "Looked after and permanence", "adoption_performance": "Adoption",
             "care_leavers": "Care leavers", "leadership_management_governance": "Leadership, management, governance",
             "lscb": "LSCB", "impact_of_leaders": "Impact of leaders",
             "children_in_care_and_care_leavers": "Children in care and care leavers",
             "children_in_care": "Children in care", "area_send_outcome": "Area SEND outcome"}


def _grade_text(g: str | None):
    from rich.text import Text
    if not g:
        return Text("–", style="dim")
    return Text(GRADE_WORDS.get(g, g.replace("_", " ").capitalize()), style=GRADE_STYLE.get(g, ""))


def _table_history(groups: list[dict]) -> None:
    """Per provider: with few judgements, one row per inspection and a column per judgement;
    across frameworks (many judgements), judgements down the side and one column per
    inspection, so that the table fits a terminal."""
    from rich.table import Table
    con = _out_console()
    for g in groups:
        keys: list[str] = []
        for ins in g["inspections"]:
            keys.extend(k for k in ins["grades"] if k not in keys)
        n = len(g["inspections"])
        title = f"{g['provider']}: {n} inspection{'s' if n != 1 else ''}"
        heads = [f"{(ins['inspection_start'] or '?')[:7]}\n{ins['type']}" for ins in g["inspections"]]
        if len(keys) <= 5:
            t = Table(title=title, title_justify="left", header_style="bold")
            t.add_column("inspected", no_wrap=True)
            t.add_column("report", style="cyan", no_wrap=True)
            for k in keys:
                t.add_column(KEY_NAMES.get(k, k.replace("_", " ")))
            for ins in g["inspections"]:
                t.add_row(ins["inspection_start"] or "?", ins["type"], *[_grade_text(ins["grades"].get(k)) for k in keys])
        else:
            t = Table(title=title + " (oldest on the left)", title_justify="left", header_style="bold")
            t.add_column("judgement")
            for h in heads:
                t.add_column(h, no_wrap=True)
            for k in keys:
                t.add_row(KEY_NAMES.get(k, k.replace("_", " ")), *[_grade_text(ins["grades"].get(k)) for ins in g["inspections"]])
        con.print(t)


ARROW = {"improved": ("↑", "green"), "declined": ("↓", "red"), "unchanged": ("=", "dim"),
         "new": ("+", "cyan"), "removed": ("−", "magenta"), "changed": ("≠", "yellow")}


def _table_diff(d: dict) -> None:
    from rich.table import Table
    from rich.text import Text
    con = _out_console()
    con.print(Text(f"{d['old']} → {d['new']}", style="bold"))
    t = Table(header_style="bold")
    for c in ("", "judgement", "old", "new", "change"):
        t.add_column(c)
    for c in d["judgements"]:
        arrow, style = ARROW.get(c["change"], ("?", ""))
        key = c["key"] + (f" (was {c['old_key']})" if c.get("old_key") else "")
        t.add_row(Text(arrow, style=style), key, _cell("old", c["old"]), _cell("new", c["new"]),
                  Text(c["change"], style=style))
    con.print(t)
    r = d["recommendations"]
    for label, items, style in (("new", r["new"], "cyan"), ("resolved", r["resolved"], "magenta")):
        for text_ in items:
            con.print(Text(f"{'+' if label == 'new' else '−'} {label}: ", style=style) + Text(text_))
    for c in r["carried_over"]:
        con.print(Text(f"= carried over ({c['similarity']:.2f}): ", style="dim") + Text(c["new"]))
    for m in d["metadata"]:
        con.print(Text(f"~ {m['field']}: {m['old']} → {m['new']}", style="yellow"))
    for w in d["warnings"]:
        con.print(Text(f"warning: {w['message']}", style="yellow"))
    s = d["summary"]
    con.print(Text(", ".join(f"{v} {k.replace('_', ' ')}" for k, v in s.items() if v), style="bold"))


def main() -> None:
    """Console-script entry: quiet broken pipes, Ctrl-C as 130, no tracebacks."""
    from .batch import kill_workers

    if hasattr(signal, "SIGPIPE"):
        # `… | head`: end silently when the reader goes, as Unix tools do (workers die with us)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        app()
    except KeyboardInterrupt:
        kill_workers()
        try:
            sys.stdout.flush()
        except Exception:
            pass
        err.print("interrupted")
        sys.exit(Exit.INTERRUPTED)
    except BrokenPipeError:
        # `… | head`: the reader has gone; stop quietly, as SIGPIPE would
        kill_workers()
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        sys.exit(141)
