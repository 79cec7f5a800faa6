"""The terminal views of each command: tables that fit the terminal's width.

Reports are named by their file name (or provider), never a full path; a judgement's name
is its printed label, never narrower than its longest word; cells that must be cut end
with '…'; a table with more columns than the width holds is split into several tables
that each repeat the first column. Every cell is made safe (:func:`terminal.safe`)."""
from __future__ import annotations

import os
from typing import Any, Iterable

from .terminal import GRADE_STYLE, chunks, console, grade_cell, grade_words, longest_word, safe, shorten, table, text

NAME_WIDTH = 28  # the report / provider column


def _name(path: str) -> str:
    return os.path.basename(path.rstrip("/")) or path


def _key_label(key: str) -> str:
    """A judgement key's printed label ('lac · Being healthy')."""
    from .families import key_label
    part = key.split(".")[0] + " · " if "." in key else ""
    return part + key_label(key.split(".", 1)[-1] if "." in key else key)


def _key_words(key: str) -> str:
    """A judgement key in a few words, for narrow column headers ('help and protection',
    'lac: being healthy', 'LSCB')."""
    part, _, k = key.rpartition(".")
    words = {"lscb": "LSCB"}.get(k, k.replace("_", " "))
    return f"{part}: {words}" if part else words


def extract(recs: Iterable[dict]) -> None:
    con = console()
    for rec in recs:
        src = rec["source"]
        if "error" in rec:
            continue  # (named on stderr, one line: not again here)
        rep = rec["report"]
        head = text(rep.get("provider") or rep.get("title") or _name(src["path"]), "bold")
        head.append(f"  {rep['type']}", style="cyan")
        con.print(head)
        dates = " to ".join(d for d in (rep.get("inspection_start"), rep.get("inspection_end")) if d)
        bits = [_name(src["path"])] + ([f"inspected {dates}"] if dates else []) + \
            ([f"published {rep['published']}"] if rep.get("published") else []) + \
            ([f"lead inspector {rep['lead_inspector']}"] if rep.get("lead_inspector") else [])
        con.print(text(" · ".join(bits), "dim"))
        if rec["judgements"]:
            labels = [_area(j) for j in rec["judgements"]]
            t = table()
            t.add_column("judgement", min_width=longest_word(labels), ratio=1)
            t.add_column("grade", no_wrap=True)
            t.add_column("score", no_wrap=True, justify="right")
            t.add_column("page", no_wrap=True, justify="right")
            for j, lab in zip(rec["judgements"], labels):
                t.add_row(text(lab), grade_cell(j["grade"]), text(j.get("score") or "–", "dim"),
                          text(j.get("page") or "–", "dim"))
            con.print(t)
        else:
            con.print(text("no graded judgements", "dim"))
        if rec["recommendations"]:
            t = table("Recommendations")
            t.add_column("#", no_wrap=True, justify="right")
            t.add_column("section", max_width=22, min_width=longest_word(r.get("section") or "" for r in rec["recommendations"]))
            t.add_column("text", ratio=1, min_width=20)
            for i, r in enumerate(rec["recommendations"], 1):
                sec = (r.get("section") or "–").replace("_", " ")
                if r.get("timescale"):
                    sec += f" ({r['timescale']})"
                if r.get("due"):
                    sec += f" due {r['due']}"
                t.add_row(str(i), text(sec, "dim"), text(r["text"]))
            con.print(t)
        for w in rec.get("warnings") or []:
            con.print(text(f"warning: {w['code']}: {w['message']}", "yellow"))
        con.print()


def _area(j: dict) -> str:
    part = j["key"].split(".")[0] + " · " if "." in j["key"] else ""  # 'lac · Overall effectiveness'
    return part + (j.get("area") or _key_label(j["key"]))


def judgements(rows: Iterable[dict]) -> None:
    rows = list(rows)
    con = console()
    t = table("Judgements")
    t.add_column("report", max_width=NAME_WIDTH, overflow="ellipsis", no_wrap=True)
    t.add_column("judgement", ratio=1, min_width=longest_word(r.get("area") or "" for r in rows))
    t.add_column("grade", no_wrap=True)
    t.add_column("page", no_wrap=True, justify="right")
    for r in rows:
        who = r.get("provider") or _name(r["path"])
        if r.get("error"):
            continue  # (named on stderr)
        t.add_row(text(shorten(who, NAME_WIDTH)), text(_area(r)), grade_cell(r["grade"]), text(r.get("page") or "–", "dim"))
    con.print(t)


def wide_grades(rows: Iterable[dict]) -> None:
    """One row per report, a column per judgement key: columns split over several tables
    where the terminal is too narrow for them all."""
    from .render import REPORT_COLUMNS
    rows = list(rows)  # (a grades row: the report's columns, then a column per judgement key)
    con = console()
    keys: list[str] = []
    for r in rows:
        keys.extend(k for k in r if k not in REPORT_COLUMNS and k not in keys)
    if not keys:
        rows_table(rows, ["path", "type", "error"], "Grades")
        return
    heads = [_key_words(k) for k in keys]
    # a column is as wide as its widest grade or the longest word of its header (at most 20)
    widths = [min(max(longest_word([h], 20), max((len(grade_words(r.get(k))) for r in rows), default=1)), 20)
              for k, h in zip(keys, heads)]
    room = max(con.width - NAME_WIDTH - 4, 20)
    for group in chunks(widths, room):
        t = table("Grades" if group[0] == 0 else "Grades (continued)")
        t.add_column("report", max_width=NAME_WIDTH, overflow="ellipsis", no_wrap=True)
        for i in group:
            t.add_column(safe(heads[i]), min_width=widths[i], max_width=widths[i])
        for r in rows:
            who = r.get("provider") or _name(r["path"])
            t.add_row(text(shorten(who, NAME_WIDTH)), *[grade_cell(r.get(keys[i])) for i in group])
        con.print(t)


def recommendations(rows: Iterable[dict]) -> None:
    rows = list(rows)
    con = console()
    t = table("Recommendations")
    t.add_column("report", max_width=20, overflow="ellipsis", no_wrap=True)
    t.add_column("#", no_wrap=True, justify="right")
    t.add_column("section", max_width=18, min_width=min(longest_word((r.get("section") or "") for r in rows), 18))
    t.add_column("text", ratio=1, min_width=24)
    for r in rows:
        if r.get("error"):
            continue  # (named on stderr)
        sec = (r.get("section") or "–").replace("_", " ")
        extra = " ".join(x for x in (r.get("timescale"), f"due {r['due']}" if r.get("due") else None,
                                     (r.get("group") or "").replace("_", " ") or None,
                                     r.get("responsible_body")) if x)
        t.add_row(text(shorten(r.get("provider") or _name(r["path"]), 20)), text(r["n"]),
                  text(sec + (f" ({extra})" if extra else ""), "dim"), text(r["text"]))
    con.print(t)


SHORT_GRADE = {"outstanding": "Outst.", "requires_improvement": "RI", "inadequate": "Inad.", "adequate": "Adeq.",
               "satisfactory": "Sat.", "exceptional": "Except.", "strong_standard": "Strong", "expected_standard":
               "Expected", "needs_attention": "Needs att.", "urgent_improvement": "Urgent"}
SHORT_KEY = {"overall_effectiveness": "overall", "impact_of_leaders": "leaders", "help_and_protection": "help",
             "children_in_care": "in care", "care_leavers": "leavers", "children_in_care_and_care_leavers":
             "in care & leavers", "looked_after_and_permanence": "looked after", "adoption_performance": "adoption",
             "leadership_management_governance": "leadership", "lscb": "LSCB"}


def _short(key: str) -> str:
    return SHORT_KEY.get(key) or _key_words(key)


def history(groups: Iterable[dict]) -> None:
    """Per provider: one row per inspection (date, type, its grades in short words), so that
    any number of inspections and any width fit; a legend of the short grade names."""
    con = console()
    used: set[str] = set()
    for g in groups:
        n = len(g["inspections"])
        t = table(f"{g['provider'] or g['key']} · {g['key']} · {n} inspection{'s' if n != 1 else ''}")
        t.add_column("date", no_wrap=True)
        t.add_column("type", no_wrap=True)
        t.add_column("grades", ratio=1, min_width=20)
        for ins in g["inspections"]:
            cell = text("")
            for k, grade in ins["grades"].items():
                if len(cell):
                    cell.append(" · ", style="dim")
                cell.append(f"{_short(k)} ")
                cell.append(SHORT_GRADE.get(grade, grade_words(grade)), style=GRADE_STYLE.get(grade, ""))
                used.add(grade)
            t.add_row(text(ins["inspection_start"] or ins["published"] or "–"), text(ins["type"]),
                      cell if len(cell) else text("(no graded judgements)", "dim"))
        con.print(t)
    legend = [f"{SHORT_GRADE[g]} {grade_words(g).lower()}" for g in SHORT_GRADE if g in used]
    if legend:
        con.print(text("  " + " · ".join(legend), "dim"))


ARROW = {"improved": ("↑", "green"), "declined": ("↓", "red"), "unchanged": ("=", "dim"),
         "new": ("+", "cyan"), "removed": ("−", "magenta"), "changed": ("≠", "yellow"), "mixed": ("≠", "yellow")}


def diff(d: dict) -> None:
    con = console()
    con.print(text(f"{_name(d['old'])} → {_name(d['new'])}", "bold"))
    t = table()
    t.add_column("", no_wrap=True, width=1)
    labels = [_key_words(c["key"]) + (f" (was {', '.join(_key_words(k) for k in c['old_key'].split(', '))})"
                                      if c.get("old_key") else "") for c in d["judgements"]]
    t.add_column("judgement", ratio=2, min_width=max(longest_word(labels or [""]), 12))
    t.add_column("old", ratio=1, min_width=11)
    t.add_column("new", ratio=1, min_width=11)
    t.add_column("change", no_wrap=True, min_width=9)
    for c, lab in zip(d["judgements"], labels):
        arrow, style = ARROW.get(c["change"], ("?", ""))
        old = " / ".join(grade_words(x) for x in c["old"].split(" / ")) if c["old"] else "not judged"
        t.add_row(text(arrow, style), text(lab), text(old, "dim" if not c["old"] else ""),
                  grade_cell(c["new"]) if c["new"] else text("not judged", "dim"), text(c["change"], style))
    con.print(t)
    r = d["recommendations"]
    for label, items, style, mark in (("new", r["new"], "cyan", "+"), ("not repeated", r["not_repeated"], "magenta", "−")):
        for t_ in items:
            line = text(f"{mark} {label}: ", style)
            line.append(safe(t_))
            con.print(line)
    for c in r["carried_over"]:
        line = text(f"= carried over ({c['similarity']:.2f}): ", "dim")
        line.append(safe(c["new"]))
        con.print(line)
    for m in d["metadata"]:
        con.print(text(f"~ {m['field']}: {m['old'] or '—'} → {m['new'] or '—'}", "yellow"))
    for w in d["warnings"]:
        con.print(text(f"warning: {w['message']}", "yellow"))
    s = d["summary"]
    grades = ", ".join(f"{v} {k}" for k, v in s.items() if v and not k.startswith("recommendations_"))
    recs = ", ".join(f"{v} {k[len('recommendations_'):].replace('_', ' ')}" for k, v in s.items()
                     if v and k.startswith("recommendations_"))
    line = "; ".join(x for x in (f"judgements: {grades}" if grades else "", f"recommendations: {recs}" if recs else "") if x)
    con.print(text(line or "no differences", "bold"))


def rows_table(rows: list[dict], cols: list[str], title: str | None, stored: bool = False) -> None:
    """Any rows (query results, registries): columns split over several tables where the
    width does not hold them; long cells wrap within their column. With ``stored`` (query
    results) a cell shows the value as stored ('inadequate', NULL), only coloured."""
    con = console()
    if not cols:
        con.print(text("(no columns)", "dim"))
        return
    widths = [min(max(len(str(c)), longest_word(str(r.get(c) or "") for r in rows), 6), 40) for c in cols]
    first_w = widths[0]
    ids = all(" " not in str(r.get(cols[0]) or "") for r in rows)
    rest = list(range(1, len(cols)))
    room = max(con.width - first_w - 3, 20)
    groups = chunks([widths[i] for i in rest], room) or [[]]
    for gi, g in enumerate(groups):
        idx = [0] + [rest[i] for i in g]
        t = table(title if gi == 0 else (f"{title} (continued)" if title else None))
        for i in idx:
            # a first column of ids or codes (one word each) names the rows: whole, never cut
            whole = i == 0 and ids
            t.add_column(safe(cols[i]), min_width=widths[i] if whole else min(widths[i], 24),
                         no_wrap=whole, ratio=1 if i == idx[-1] else None)
        for r in rows:
            t.add_row(*[_cell(r.get(cols[i]), stored) for i in idx])
        con.print(t)


def _cell(v: Any, stored: bool = False):
    if v is None:
        return text("NULL" if stored else "—", "dim")
    from .grades import GRADES
    if isinstance(v, str) and v in GRADES:
        return text(v, GRADE_STYLE.get(v, "")) if stored else grade_cell(v)
    return text(v)


def formats(fams: list[dict]) -> None:
    """`ofsted formats`: the families, the error codes and the warning codes."""
    from .errors import ERROR_CODES, WARNING_CODES
    rows_table([{"id": f["id"], "evidence": f["evidence"], "description": f["description"]} for f in fams],
               ["id", "evidence", "description"], "Report families")
    rows_table([{"code": k, "meaning": v} for k, v in ERROR_CODES.items()], ["code", "meaning"], "Error codes")
    rows_table([{"code": k, "doubtful": "yes" if d else "", "meaning": v} for k, (d, v) in WARNING_CODES.items()],
               ["code", "doubtful", "meaning"], "Warning codes")
