"""The options the commands share, declared once (as sqlite-utils' ``output_options``): a
command declares only its own parameters and names the groups of shared ones it takes
(:func:`shared`); it receives them together as one :class:`RunOptions`. Defaults come from
:mod:`ofsted_cli.defaults`. Nothing here reads a report: it is imported at start-up.
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, fields
from typing import Any, List, Optional

import typer

from . import defaults


@dataclass
class RunOptions:
    # output
    format: Optional[str] = None
    output: Optional[str] = None
    fields: Optional[str] = None
    excel: bool = False
    color: str = "auto"
    # reading
    backend: str = "pypdfium2"
    jobs: Optional[int] = None
    timeout: float = defaults.TIMEOUT
    max_memory: int = defaults.MAX_MEMORY
    max_pages: int = defaults.MAX_PAGES
    max_bytes: int = defaults.MAX_BYTES
    glob: Optional[List[str]] = None
    files_from: Optional[str] = None
    null: bool = False
    cache: Optional[str] = None
    # the run
    quiet: bool = False
    strict: bool = False
    warn_exit: bool = True
    debug: bool = False


# name -> (annotation, typer.Option); the default of each is RunOptions'
_D = RunOptions()
OPTIONS: dict[str, tuple[Any, Any]] = {
    "format": (Optional[str], typer.Option(
        None, "--format", "-f", metavar="FORMAT",
        help="table, json, jsonl, yaml, csv or tsv. Default: from -o's extension, else a table on a terminal "
             "and json when piped.")),
    "output": (Optional[str], typer.Option(
        None, "--output", "-o", metavar="FILE",
        help="Write to FILE (complete when the run ends) instead of standard output.")),
    "fields": (Optional[str], typer.Option(
        None, "--fields", metavar="A,B,…", help="Only these columns of rows, in this order (csv, tsv, table, json "
                                                "and jsonl of row commands).")),
    "excel": (bool, typer.Option(
        False, "--excel", help="CSV/TSV for Excel: UTF-8 with a byte-order mark, CRLF line ends.")),
    "color": (str, typer.Option(
        _D.color, "--color", metavar="WHEN", help="Colour: auto (a terminal, unless NO_COLOR is set), always, never.")),
    "backend": (str, typer.Option(
        _D.backend, "--backend", "-b", metavar="NAME",
        help="PDF text backend: pypdfium2 (fast, default) or pdfminer (pdfminer.six).")),
    "jobs": (Optional[int], typer.Option(
        None, "--jobs", "-j", min=1, metavar="N", help="Worker processes (default: the CPU cores; at most twice as many).")),
    "timeout": (float, typer.Option(
        _D.timeout, "--timeout", min=0, metavar="SECONDS",
        help="Wall and CPU time allowed per report (0: none); a slower report gets a 'timeout' error record.")),
    "max_memory": (int, typer.Option(
        _D.max_memory, "--max-memory", min=0, metavar="MB",
        help="Memory (address space) a worker may add while reading a report (0: no limit); more is 'too-large'.")),
    "max_pages": (int, typer.Option(
        _D.max_pages, "--max-pages", min=1, metavar="N", help="Refuse PDFs with more pages than this ('too-large').")),
    "max_bytes": (int, typer.Option(
        _D.max_bytes, "--max-bytes", min=1, metavar="N",
        help="Refuse files (and standard input) larger than this ('too-large').")),
    "glob": (Optional[List[str]], typer.Option(
        None, "--glob", "-g", metavar="PATTERN",
        help=f"File pattern for folders (repeatable; default {', '.join(defaults.GLOBS)}).")),
    "files_from": (Optional[str], typer.Option(
        None, "--files-from", metavar="FILE", help="Read more input paths from FILE ('-': standard input), one a line.")),
    "null": (bool, typer.Option(False, "--null", "-0", help="With --files-from: paths end with NUL (find -print0).")),
    "cache": (Optional[str], typer.Option(
        None, "--cache", metavar="DIR",
        help="Keep each record under the SHA-256 of its file and this version: re-runs read unchanged reports "
             "from DIR.")),
    "quiet": (bool, typer.Option(
        False, "--quiet", "-q", help="No progress bar and no summary line (errors and warnings still shown).")),
    "strict": (bool, typer.Option(False, "--strict", help="Any warning fails the run (status 4).")),
    "warn_exit": (bool, typer.Option(
        True, "--warn-exit/--no-warn-exit", help="Warnings asking for a check give status 4 (default), or leave 0.")),
    "debug": (bool, typer.Option(False, "--debug", help="Show tracebacks for internal errors.")),
}
OUTPUT = ("format", "output", "fields", "excel", "color")
READING = ("backend", "jobs", "timeout", "max_memory", "max_pages", "max_bytes", "glob", "files_from", "null",
           "cache", "quiet", "strict", "warn_exit", "debug")
assert set(OPTIONS) == {f.name for f in fields(RunOptions)}


def shared(*names: str):
    """Add the shared options ``names`` to a command: its signature gains them (for Typer to
    parse) and the command receives them as ``run``, a :class:`RunOptions`."""
    def deco(fn):
        sig = inspect.signature(fn)
        own = [p for p in sig.parameters.values() if p.name != "run"]
        extra = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, default=OPTIONS[n][1], annotation=OPTIONS[n][0])
                 for n in names]

        @functools.wraps(fn)
        def wrapper(**kw):
            return fn(run=RunOptions(**{n: kw.pop(n) for n in names}), **kw)

        del wrapper.__wrapped__
        wrapper.__signature__ = sig.replace(parameters=own + extra)
        wrapper.__annotations__ = {**{p.name: p.annotation for p in own}, **{n: OPTIONS[n][0] for n in names}}
        return wrapper
    return deco
