"""The `ofsted` command: Typer commands that parse their options and call the library.

A run's bookkeeping (inputs, counts, progress, output, summary, status) is
:mod:`ofsted_cli.runner`; the options the commands share are declared once in
:mod:`ofsted_cli.options`; what a person reads in a terminal is drawn by
:mod:`ofsted_cli.views`. Imports are lazy, so that ``ofsted --version`` and ``--help`` start
at once: the families, the batch layer, rich and PyYAML load only when a command needs them.
"""
from __future__ import annotations

import sys
from typing import List, Optional

import typer
from typer.core import TyperGroup

from . import __version__, defaults, typer_compat
from .errors import Exit, statuses_help
from .options import OUTPUT, READING, RunOptions, shared
from .runner import (Output, Run, Stop, UsageFailure, end_process, interrupted, page_help, pipe_closed)
from .terminal import message, note

typer_compat.plain_argument_help()


class OfstedGroup(TyperGroup):
    """One style for every usage error ('usage error: …' on one line of stderr, nothing on
    stdout), Ctrl-C as 130 with 'interrupted', no traceback unless --debug, and help through
    a pager where it is longer than the terminal (as git)."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        usage_error, click_exception = typer_compat.click_errors()
        argv = list(sys.argv[1:] if args is None else args)
        typer_compat.plain_checks(self)
        no_pager = "--no-pager" in argv  # (anywhere, as git's)
        argv = [a for a in argv if a != "--no-pager"]
        helping = not argv or "--help" in argv or "-h" in argv
        if not argv:
            argv = ["--help"]
        try:
            if helping:
                rv = page_help(lambda: super(OfstedGroup, self).main(argv, prog_name or "ofsted", complete_var,
                                                                  standalone_mode=False, **extra), no_pager)
            else:
                rv = super().main(argv, prog_name or "ofsted", complete_var, standalone_mode=False, **extra)
                if rv == Exit.INTERRUPTED:  # Typer turns Ctrl-C into status 130 silently: say so
                    rv = interrupted()
        except (UsageFailure, usage_error) as exc:
            text = str(exc) if isinstance(exc, UsageFailure) else exc.format_message()
            if not isinstance(exc, UsageFailure):
                name = getattr(exc, "option_name", None) or ""
                if name.lstrip("-") in ("json", "jsonl", "csv", "tsv", "yaml", "table"):
                    text = f"no option {name}: the format is -f {name.lstrip('-')}"
                cmd = exc.ctx.command_path if getattr(exc, "ctx", None) else "ofsted"
                text += f" (see '{cmd} --help')"
            message("usage error", text)
            rv = Exit.USAGE
        except Stop as exc:
            rv = exc.status
        except (typer.Abort, KeyboardInterrupt):
            rv = interrupted()
        except click_exception as exc:
            message("error", exc.format_message())
            rv = exc.exit_code
        except BrokenPipeError:
            rv = pipe_closed()
        except OSError as exc:
            if exc.errno == 32:  # EPIPE
                rv = pipe_closed()
            else:
                message("error", f"cannot write the output: {exc.strerror or exc}")
                rv = Exit.OUTPUT
        except Exception as exc:  # a bug: one clear line, the traceback with --debug
            if "--debug" in argv:
                raise
            message("error", "internal", f"{type(exc).__name__}: {exc} (rerun with --debug and report it)")
            rv = Exit.INTERNAL
        if standalone_mode:  # (CliRunner in tests; the console script ends through main())
            sys.exit(int(rv or 0))
        return rv


app = typer.Typer(
    cls=OfstedGroup,
    help="Judgements, recommendations and metadata out of Ofsted inspection reports (PDF, or text converted "
         "from PDF), as a table in the terminal or JSON, JSON Lines, YAML, CSV, TSV or SQLite for pipelines."
         "\n\n\b\nExamples:\n"
         "  ofsted extract report.pdf            # a table here, JSON when piped\n"
         "  ofsted extract reports/ -o all.jsonl\n"
         "  ofsted grades all.jsonl --wide -o grades.csv --excel\n"
         "  ofsted history all.jsonl --provider Sandwell\n"
         "  ofsted export reports/ --db la.sqlite\n"
         "  ofsted query la.sqlite \"SELECT * FROM la_latest_grades\"",
    epilog=statuses_help(), add_completion=True, pretty_exceptions_enable=False, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ofsted-cli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True,
                                       help="Print the version and exit."),
          no_pager: bool = typer.Option(False, "--no-pager", help="Never page help text.")) -> None:
    pass


PATHS = typer.Argument(None, metavar="PATH", show_default=False,
                       help="Reports (PDF or text), folders of them, '-' for one report on standard input, or "
                            "saved records (.jsonl/.json from -f jsonl/json, or a --cache folder).")


def _reading(run: RunOptions, records: bool = False) -> tuple[Run, Output]:
    out = Output(run, records=records)
    return Run(run), out


# --- commands ----------------------------------------------------------------------------------
@app.command(short_help="Everything: metadata, judgements, recommendations.")
@shared(*OUTPUT, *READING)
def extract(paths: Optional[List[str]] = PATHS, run: RunOptions = None) -> None:
    """Everything in the output contract: report metadata, judgements, recommendations and
    warnings; one record per input (an error record for a file that cannot be read).

    \b
    Examples:
      ofsted extract report.pdf
      ofsted extract reports/ -o all.jsonl
      find . -name '*.pdf' -print0 | ofsted extract --files-from - --null
      cat report.pdf | ofsted extract -
      ofsted extract reports/ -f jsonl -q \\
        | jq -r 'select(.error) | [.source.path, .error.code] | @tsv'
    """
    from . import render, views
    r, out = _reading(run, records=True)
    r.warnings_on_screen = out.fmt == "table" and not out.path and not out.fields and sys.stdout.isatty() \
        and sys.stderr.isatty()
    out.check_fields(render.REPORT_COLUMNS, keys=True)
    out.emit(r.records(paths), rows=lambda rs: map(render.wide_row, rs), columns=render.REPORT_COLUMNS,
             dynamic=True, table=views.extract)
    raise typer.Exit(r.finish())


@app.command(short_help="Judgements only: a row each, or a report a row.")
@shared(*OUTPUT, *READING)
def grades(paths: Optional[List[str]] = PATHS,
           wide: bool = typer.Option(False, "--wide", "-w", help="One row per report, a column per judgement."),
           run: RunOptions = None) -> None:
    """Judgements only: one row per judgement, or --wide one row per report. Reads only the
    pages a family prints its grades on (the record says which: source.pages_read).

    \b
    Examples:
      ofsted grades reports/
      ofsted grades reports/ --wide -o grades.csv
      ofsted grades reports/ -f tsv --fields provider,key,grade,inspection_start
    """
    from . import render, views
    r, out = _reading(run)
    recs = r.records(paths, pages=defaults.GRADES_PAGES)
    if wide:
        out.check_fields(render.GRADES_COLUMNS, keys=True)
        out.emit((render.wide_row(rec, counts=False) for rec in recs), columns=render.GRADES_COLUMNS, dynamic=True,
                 table=views.wide_grades)
    else:
        out.check_fields(render.JUDGEMENT_COLUMNS + ["error"])
        out.emit(render.flat(recs, lambda rec: render.judgement_rows(rec) or render.error_rows(rec)),
                 columns=render.JUDGEMENT_COLUMNS + ["error"], table=views.judgements)
    raise typer.Exit(r.finish())


@app.command(short_help="Recommendations: an item a row.")
@shared(*OUTPUT, *READING)
def recommendations(paths: Optional[List[str]] = PATHS, run: RunOptions = None) -> None:
    """Recommendations (areas for improvement): one row per item with its section, the
    heading printed over it, timescale, group, responsible body, due date and page.

    \b
    Examples:
      ofsted recommendations report.pdf
      ofsted recommendations reports/ -o items.csv --excel
      ofsted recommendations all.jsonl -f jsonl -q \\
        | jq -r 'select(.text | test("exploitation")) | .provider'
    """
    from . import render, views
    r, out = _reading(run)
    out.check_fields(render.RECOMMENDATION_COLUMNS + ["error"])
    out.emit(render.flat(r.records(paths), lambda rec: render.recommendation_rows(rec) or render.error_rows(rec)),
             columns=render.RECOMMENDATION_COLUMNS + ["error"], table=views.recommendations)
    raise typer.Exit(r.finish())


@app.command(short_help="Each provider's inspections in date order.")
@shared(*OUTPUT, *READING)
def history(paths: Optional[List[str]] = PATHS,
            provider: Optional[str] = typer.Option(None, "--provider", "-p", metavar="NAME",
                                                   help="Only this provider: any form of its name, its key, "
                                                        "ONS code, DfE number or URN."),
            run: RunOptions = None) -> None:
    """Each provider's inspections in date order with their grades: a row per inspection on
    a terminal, or JSON / CSV (one row per inspection).

    \b
    Examples:
      ofsted history reports/ --provider Sandwell
      ofsted history all.jsonl -o history.csv
    """
    from . import views
    from .history import COLUMNS, about, group, rows
    r, out = _reading(run)
    out.check_fields(COLUMNS, keys=True)
    groups = group(r.records(paths, keep=about(provider) if provider else None), provider)
    if provider and not groups:
        note(f"no report about {provider!r} was found")
    out.emit(groups, rows=rows, columns=COLUMNS, dynamic=True, table=views.history)
    raise typer.Exit(r.finish())


@app.command(short_help="Reports (or saved records) into SQLite.")
@shared("color", *READING)
def export(paths: Optional[List[str]] = PATHS,
           db: str = typer.Option(..., "--db", metavar="FILE", help="SQLite database (created if missing)."),
           lock_wait: float = typer.Option(defaults.LOCK_WAIT, "--lock-wait", min=0, metavar="SECONDS",
                                           help="How long to wait for a database another program is writing."),
           run: RunOptions = None) -> None:
    """Read reports (or saved records) into a SQLite database: tables reports, judgements,
    recommendations, warnings and errors; views report_grades, latest_grades,
    la_latest_grades and grade_changes. Unchanged files (same path and SHA-256) are
    skipped, changed ones replaced, new ones added.

    \b
    Examples:
      ofsted export reports/ --db la.sqlite
      ofsted export all.jsonl --db la.sqlite
      ofsted query la.sqlite "SELECT authority, overall_effectiveness
        FROM la_latest_grades"
    """
    from .export import command
    raise typer.Exit(command(run, paths, db, lock_wait))


@app.command(short_help="Reports from Ofsted's site into a folder.")
@shared("format", "fields", "excel", "color", "quiet", "max_bytes", "debug")
def fetch(urls: Optional[List[str]] = typer.Argument(None, metavar="URL", show_default=False,
                                                     help="Search pages, provider pages or report file links."),
          folder: str = typer.Option("reports", "--out", "-o", metavar="DIR", help="Where the reports go."),
          urn: Optional[List[str]] = typer.Option(None, "--urn", metavar="URN", help="A provider by its URN."),
          authority: Optional[List[str]] = typer.Option(None, "--authority", "-a", metavar="NAME",
                                                        help="A local authority's children's services (any name)."),
          type_: Optional[List[str]] = typer.Option(None, "--type", "-t", metavar="TYPE",
                                                    help="Only reports of this type: ilacs, focused-visit, jtai, send, "
                                                         "monitoring-visit, or words of the link."),
          since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only reports published since."),
          listing: bool = typer.Option(False, "--list", help="What would be fetched; nothing is downloaded."),
          rate: float = typer.Option(defaults.RATE, "--rate", min=0.01, metavar="N", help="Requests a second."),
          timeout: float = typer.Option(defaults.REQUEST_TIMEOUT, "--timeout", min=1, metavar="SECONDS",
                                        help="Time allowed one request."),
          retries: int = typer.Option(defaults.RETRIES, "--retries", min=0, metavar="N",
                                      help="Tries again after a refusal, a server error or a dropped connection."),
          base_url: Optional[str] = typer.Option(None, "--base-url", metavar="URL",
                                                 help="Send every request here instead of Ofsted's site."),
          run: RunOptions = None) -> None:
    """Get reports from Ofsted's site: every page of a search, each provider's reports, each
    saved once as <published>_<urn>_<provider>_<type>.pdf with a manifest.jsonl; a second
    run downloads only what is new. A record per URL given or found (the file saved, or an
    error: not-found, not-a-pdf, http-error, site-changed); status 3 where some failed.

    \b
    Examples:
      ofsted fetch --authority "Cheshire East" --type ilacs -o reports/
      ofsted fetch --urn 139309 --list
      ofsted fetch https://reports.ofsted.gov.uk/provider/44/80447 \\
        --since 2020-01-01
      ofsted fetch --authority Hull -o reports/
      ofsted extract reports/ -o hull.jsonl
    """
    from .fetch import command
    raise typer.Exit(command(run, urls or [], folder=folder, urns=urn or [], authorities=authority or [],
                             types=type_ or [], since=since, listing=listing, rate=rate, timeout=timeout,
                             retries=retries, base_url=base_url))


@app.command(short_help="One HTML page of many reports, to look at and send.")
@shared("color", *READING)
def summary(paths: Optional[List[str]] = PATHS,
            output: str = typer.Option("summary.html", "--output", "-o", metavar="FILE", help="The page to write."),
            title: Optional[str] = typer.Option(None, "--title", metavar="TEXT", help="The page's title."),
            run: RunOptions = None) -> None:
    """One self-contained HTML page (nothing loaded from the network): each provider's latest
    full inspection (sortable, filterable), how the latest grades spread, previous against
    latest, what the inspectors ask for, each provider's timeline with links to its reports,
    and the records the tool doubted.

    \b
    Examples:
      ofsted summary reports/ -o summary.html
      ofsted summary all.jsonl -o la.html --title "Children's services, 2026"
    """
    from .summary import command
    raise typer.Exit(command(run, paths, output, title))


@app.command(short_help="What changed between two inspections.")
@shared(*OUTPUT[:2], "color", "backend", "timeout", "debug")
def diff(old: str = typer.Argument(..., metavar="OLD", help="The earlier report (or a saved record)."),
         new: str = typer.Argument(..., metavar="NEW", help="The later report (or a saved record)."),
         run: RunOptions = None) -> None:
    """What changed between two inspections: judgements (improved, declined, unchanged, new,
    removed, matched across frameworks), recommendations (carried over, new, not repeated)
    and metadata. Each report is read in a worker with the same limits as extract.

    \b
    Examples:
      ofsted diff 2019.pdf 2023.pdf
      ofsted diff old.jsonl new.jsonl -f json \\
        | jq '.judgements[] | select(.change=="declined")'

    Exit status: 0 nothing differs, 1 something does, 2 a report could not be read.
    """
    from .diff import command
    raise typer.Exit(command(run, old, new))


@app.command(short_help="Read-only SQL on an exported database.")
@shared(*OUTPUT, "timeout", "max_memory")
def query(db: str = typer.Argument(..., metavar="DB", help="A database written by ofsted export."),
          sql: str = typer.Argument(..., metavar="SQL", help="One SQL statement."),
          write: bool = typer.Option(False, "--write", help="Allow statements that change the database."),
          run: RunOptions = None) -> None:
    """Run SQL against an exported database: a table on a terminal (values as stored), or
    csv / tsv / json / jsonl / yaml when asked or piped, rows written as they come. Reading
    only (no ATTACH, VACUUM INTO, temporary tables or PRAGMA writes) unless --write; a BLOB
    is written as X'hex', a number that is not finite as null.

    \b
    Examples:
      ofsted query la.sqlite "SELECT * FROM la_latest_grades"
      ofsted query la.sqlite "SELECT authority, change FROM grade_changes
        WHERE key = 'overall_effectiveness'" -f csv
    """
    from .query import command
    raise typer.Exit(command(run, db, sql, write))


@app.command(short_help="The cleaned text, or the blocks the parsers see.")
@shared("backend")
def text(path: str = typer.Argument(..., metavar="PATH", help="A report (PDF or text)."),
         raw: bool = typer.Option(False, "--raw", help="The backend's text before cleaning."),
         blocks: bool = typer.Option(False, "--blocks",
                                     help="The blocks the families read: page, kind, level, type, marker, text."),
         run: RunOptions = None) -> None:
    """Print the cleaned text with page markers, or its blocks (to see what the parsers see).

    \b
    Examples:
      ofsted text report.pdf | less
      ofsted text --blocks report.pdf > blocks.txt
    """
    from .core import Options, document_text
    from .errors import ExtractError
    try:
        sys.stdout.write(document_text(path, Options(backend=run.backend), raw=raw, blocks=blocks))
    except ExtractError as exc:
        message("error", path, exc.code, exc.message)
        raise typer.Exit(Exit.SOME_FAILED)


@app.command(short_help="Report families, error and warning codes.")
@shared(*OUTPUT)
def formats(run: RunOptions = None) -> None:
    """The report families this version knows (the registry: keys, sections, evidence), the
    error codes and the warning codes (doubtful ones set exit status 4).

    \b
    Examples:
      ofsted formats
      ofsted formats -f json | jq '.[] | select(.evidence == "excerpts") | .id'
    """
    from . import views
    from .families import families
    Output(run).emit(families(), columns=["id", "description", "graded", "full", "authority", "evidence", "module"],
                     table=views.formats)


@app.command(short_help="The JSON Schema of a record.")
def schema() -> None:
    """Print the JSON Schema (draft 2020-12) of one output record, generated from the model."""
    import json
    from .schema import record_schema
    typer.echo(json.dumps(record_schema(), indent=2))


@app.command(short_help="Versions, for bug reports.")
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
    """Console-script entry: run, then end the process at once (see runner.end_process)."""
    end_process(int(app(standalone_mode=False) or 0))
