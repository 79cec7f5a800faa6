"""Everything a person reads in a terminal: colour policy, one-line messages on stderr,
text made safe to show, and tables that fit the terminal's width. rich is imported here
only, and only when a table or a progress bar is drawn.

Nothing from a PDF or a file name reaches the terminal raw: control and escape characters
are shown as visible symbols (ESC as '␛', a newline as '␊'), bidirectional overrides as '�',
and no text is ever read as rich markup.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Any, Iterable, TextIO

# --- safe text ---------------------------------------------------------------------------
_CONTROL = {c: chr(0x2400 + c) for c in range(32)}
_CONTROL[0x7F] = "\u2421"
_CONTROL.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_CONTROL.update({c: "\ufffd" for c in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                       0x2066, 0x2067, 0x2068, 0x2069)})


def safe(s: Any) -> str:
    """Text fit for a terminal: control, escape and direction characters made visible; bytes
    of a file name that are not UTF-8 shown escaped."""
    s = "" if s is None else str(s)
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        s = s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return s.translate(_CONTROL)


# --- colour ------------------------------------------------------------------------------
class Colour:
    """--color auto|always|never, decided per stream: auto colours a terminal unless NO_COLOR
    is set or TERM is 'dumb'; FORCE_COLOR colours a pipe."""
    mode = "auto"

    @classmethod
    def on(cls, stream: TextIO) -> bool:
        if cls.mode == "always":
            return True
        if cls.mode == "never" or os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        try:
            return stream.isatty() and os.environ.get("TERM") != "dumb"
        except (AttributeError, ValueError):
            return False


_SGR = {"red": "31", "yellow": "33", "green": "32", "dim": "2", "bold": "1"}


def paint(text: str, style: str, stream: TextIO) -> str:
    if not Colour.on(stream):
        return text
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m"


# --- one-line messages on stderr -----------------------------------------------------------
def message(kind: str, *parts: Any) -> None:
    """'error: PATH: CODE: message' (or 'warning: …', 'usage error: …') on one line of
    stderr, never wrapped; every part made safe."""
    style = {"error": "red", "usage error": "red", "warning": "yellow", "note": "dim"}.get(kind, "dim")
    line = paint(kind, style, sys.stderr) + ": " + ": ".join(safe(p).replace("\n", " ") for p in parts)
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def note(text: str) -> None:
    try:
        sys.stderr.write(safe(text) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


# --- tables --------------------------------------------------------------------------------
GRADE_STYLE = {"outstanding": "bold green", "good": "green", "requires_improvement": "yellow",
               "adequate": "yellow", "satisfactory": "yellow", "inadequate": "bold red",
               "exceptional": "bold green", "strong_standard": "green", "expected_standard": "cyan",
               "needs_attention": "yellow", "urgent_improvement": "bold red", "met": "green",
               "not_met": "red", "systemic_failings": "bold red", "inconsistent_experiences": "yellow",
               "positive_experiences": "green", "improved": "green", "declined": "red", "continues_good": "green"}
GRADE_WORDS = {"requires_improvement": "Requires improvement", "not_met": "Not met",
               "strong_standard": "Strong standard", "expected_standard": "Expected standard",
               "needs_attention": "Needs attention", "urgent_improvement": "Urgent improvement"}


def grade_words(g: str | None) -> str:
    if not g:
        return "–"
    return GRADE_WORDS.get(g, g.replace("_", " ").capitalize())


_OUTPUT: TextIO | None = None  # where tables go instead of standard output (-o FILE)


def set_output(stream: TextIO | None) -> None:
    global _OUTPUT
    _OUTPUT = stream


def console():
    """A rich console on stdout (or -o FILE): its width the terminal's (80 where unknown;
    100 for a file), colour by --color, no markup, no highlighting, nothing wrapped that must
    not be."""
    from rich.console import Console
    if _OUTPUT is not None:
        return Console(file=_OUTPUT, width=100, highlight=False, markup=False, emoji=False, soft_wrap=False,
                       color_system=None)
    force = Colour.mode == "always" or (Colour.mode == "auto" and bool(os.environ.get("FORCE_COLOR"))
                                          and not os.environ.get("NO_COLOR"))
    plain = not Colour.on(sys.stdout)
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False,
                   force_terminal=True if force else None, color_system=None if plain else "auto")


def text(s: Any, style: str = ""):
    from rich.text import Text
    return Text(safe(s), style=style)


def grade_cell(g: str | None):
    return text(grade_words(g), GRADE_STYLE.get(g or "", "dim" if not g else ""))


def shorten(s: str, width: int) -> str:
    """At most ``width`` characters, the cut marked with '…'."""
    s = safe(s)
    return s if len(s) <= width else s[:max(width - 1, 1)] + "\u2026"


def longest_word(values: Iterable[str], cap: int = 24) -> int:
    """The longest word in a column (capped): the narrowest the column may be, so that no word
    is ever cut or set a letter per line."""
    n = 1
    for v in values:
        for w in re.split(r"\s+", safe(v)):
            n = max(n, min(len(w), cap))
    return n


def table(title: str | None = None, **kw):
    from rich import box
    from rich.table import Table
    return Table(title=safe(title) if title else None, title_justify="left", header_style="bold",
                 box=box.SIMPLE_HEAD, pad_edge=False, **kw)


def chunks(widths: list[int], room: int) -> list[list[int]]:
    """Split column indexes into groups whose widths (plus separators) fit ``room``."""
    groups: list[list[int]] = [[]]
    used = 0
    for i, w in enumerate(widths):
        if groups[-1] and used + w + 3 > room:
            groups.append([])
            used = 0
        groups[-1].append(i)
        used += w + 3
    return [g for g in groups if g]
