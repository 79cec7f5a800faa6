"""`ofsted summary`: one HTML page of many reports — who stands where now, who moved, what the
inspectors keep asking for, and which records the tool doubted — to look at and to send.

The page is one self-contained file: its style and its small script are inline, its chart is
SVG drawn here, and a Content-Security-Policy forbids it to load anything, so that it opens
offline, by e-mail, and never reaches the network. It is built for everyone: real tables
with captions and header cells, every grade written in words (colour only repeats it, in
colours with the contrast of body text), sortable and filterable where the browser runs the
script and plain tables where it does not, and an A4 print style.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
from collections import Counter, defaultdict
from typing import Any, Iterable

from . import __version__
from .files import replaceable

ORDER = ["outstanding", "good", "requires_improvement", "inadequate", "adequate", "satisfactory"]
# the judgement a family's reports are compared by: its overall one
HEADLINE = ("overall_effectiveness", "overall_experiences_and_progress", "area_send_outcome", "section8_outcome",
            "lac.overall_effectiveness", "safeguarding.overall_effectiveness", "overall_progress")
# what the inspectors ask for, by the words of the recommendations (one item may count for several)
THEMES = {
    "management oversight and supervision": r"oversight|supervis",
    "plans (children's, care, pathway)": r"\bplan(s|ning)?\b",
    "assessments": r"assess",
    "exploitation and going missing": r"exploit|missing|trafficking|county lines",
    "care leavers and independence": r"care leaver|leaving care|pathway plan|independen",
    "health and emotional wellbeing": r"health|emotional|wellbeing|well-being",
    "education and attendance": r"educat|school|attend|exclu|tuition",
    "permanence, placements and sufficiency": r"permanen|placement|sufficien|adopt|fostering|foster care",
    "workforce and caseloads": r"workforce|caseload|recruit|retention|agency staff|social worker",
    "quality assurance and audit": r"quality assur|audit|performance (?:management|information)|data",
    "early help and thresholds": r"early help|threshold|front door|mash|referral",
    "the child's voice and participation": r"voice|wishes|views of|participat|listen",
    "domestic abuse and neglect": r"domestic abuse|neglect",
    "partnership working": r"partner|multi-agency",
    "disabled children and SEND": r"disab|send\b|special educational",
    "private fostering and homelessness": r"private fostering|homeless",
}


def build(records: Iterable[dict], out_path: str, title: str | None = None) -> dict[str, Any]:
    """Write the page to ``out_path`` (through a temporary file); what it holds, counted."""
    recs = list(records)
    page, counts = render(recs, os.path.dirname(os.path.abspath(out_path)), title)
    if not replaceable(out_path):  # a device or a pipe: written in place, never renamed over
        with open(out_path, "w", encoding="utf-8") as fh:
            fh.write(page)
    else:
        tmp = f"{out_path}.part-{os.getpid()}"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(page)
        os.replace(tmp, out_path)
    counts["bytes"] = len(page.encode("utf-8"))
    return counts


# --- the data ----------------------------------------------------------------------------------
def _when(rep: dict) -> str:
    return rep.get("inspection_start") or rep.get("inspection_end") or rep.get("published") or ""


def _headline(grades: dict[str, str]) -> tuple[str | None, str | None]:
    """The overall judgement, where the report gives one (ILACS from April 2026 gives none)."""
    for k in HEADLINE:
        if k in grades:
            return k, grades[k]
    return None, None


def providers(recs: list[dict]) -> list[dict]:
    """One entry per provider key: its reports in date order, its latest and previous full
    inspections with grades."""
    from .families import INFO
    by: dict[str, dict] = {}
    for rec in recs:
        if "error" in rec:
            continue
        rep = rec["report"]
        key = rep.get("provider_key") or f"file:{rec['source']['path']}"
        p = by.setdefault(key, {"key": key, "names": Counter(), "reports": [], "authority": rep.get("authority"),
                                "region": rep.get("region"), "ons_code": rep.get("ons_code"),
                                "la_code": rep.get("la_code"), "urn": rep.get("urn")})
        if rep.get("provider"):
            p["names"][rep["provider"]] += 1
        info = INFO.get(rep["type"])
        p["reports"].append({"rec": rec, "when": _when(rep), "type": rep["type"],
                             "full": bool(info and info.full), "authority": bool(info and info.authority),
                             "grades": {j["key"]: j["grade"] for j in rec["judgements"]}})
    out = []
    for p in by.values():
        p["reports"].sort(key=lambda r: (r["when"] or "9999", r["rec"]["source"]["path"]))
        full = [r for r in p["reports"] if r["full"] and r["grades"]]
        p["latest"] = full[-1] if full else None
        p["previous"] = full[-2] if len(full) > 1 else None
        p["name"] = p["authority"] or (p["names"].most_common(1)[0][0] if p["names"] else p["key"])
        p["group"] = "Local authorities" if any(r["authority"] for r in p["reports"]) else "Schools and providers"
        out.append(p)
    return sorted(out, key=lambda p: (p["group"] != "Local authorities", p["name"].lower()))


# --- the page ----------------------------------------------------------------------------------
def _e(s: Any) -> str:
    return html.escape("" if s is None else str(s), quote=True)


def _words(g: str | None) -> str:
    from .terminal import grade_words
    return "no overall grade" if g in (None, "none") else grade_words(g)


def _grade(g: str | None) -> str:
    """A grade's cell: its words, its colour from its class (the script sorts by the class)."""
    if not g:
        return '<td class="g-none">—</td>'
    return f'<td class="g-{_e(g)}">{_e(_words(g))}</td>'


def _link(rec: dict, here: str, hints: dict[str, dict]) -> str:
    path = rec["source"]["path"]
    parts = []
    if path != "-" and os.path.exists(path):
        rel = os.path.relpath(os.path.abspath(path), here)
        parts.append(f'<a href="{_e(rel)}">{_e(os.path.basename(path))}</a>')
    else:
        parts.append(_e(os.path.basename(path)))
    hint = hints.get(rec["source"].get("sha256") or "")
    if hint and str(hint.get("url", "")).startswith("https://"):
        parts.append(f'<a href="{_e(hint["url"])}" rel="noreferrer">on Ofsted\u2019s site</a>')
    return " · ".join(parts)


def render(recs: list[dict], here: str, title: str | None = None) -> tuple[str, dict[str, Any]]:
    from .families import INFO
    from .fetch import manifest_hints
    from .views import _key_words
    provs = providers(recs)
    hints: dict[str, dict] = {}
    for folder in {os.path.dirname(os.path.abspath(r["source"]["path"])) for r in recs}:
        hints.update(manifest_hints(folder))
    errors = [r for r in recs if "error" in r]
    doubted = [(r, w) for r in recs if "error" not in r for w in r.get("warnings") or []]
    title = title or "Ofsted inspections: a summary"
    when = dt.date.today().isoformat()
    parts = [_HEAD.format(title=_e(title), style=_STYLE),
             f"<h1>{_e(title)}</h1>",
             f'<p class="lead">{len(recs)} report{"s" if len(recs) != 1 else ""} of {len(provs)} provider'
             f'{"s" if len(provs) != 1 else ""}, read by ofsted-cli {_e(__version__)} on {when}. '
             f'{len(doubted)} warning{"s" if len(doubted) != 1 else ""} and {len(errors)} file'
             f'{"s" if len(errors) != 1 else ""} that could not be read are listed at the end.</p>',
             '<nav aria-label="Sections"><ul><li><a href="#latest">Latest grades</a></li><li><a href="#spread">How '
             'they spread</a></li><li><a href="#moves">Previous and latest</a></li><li><a href="#asks">What '
             'inspectors ask for</a></li><li><a href="#each">Each provider</a></li><li><a href="#doubts">Records to '
             'check</a></li></ul></nav>']
    # the latest full inspections
    parts.append('<section id="latest"><h2>Latest full inspections</h2><p class="noprint"><label>Filter the tables '
                 '<input id="filter" type="search" placeholder="a name, region, grade…"></label></p>')
    for group in ("Local authorities", "Schools and providers"):
        rows = [p for p in provs if p["group"] == group and p["latest"]]
        if not rows:
            continue
        keys: list[str] = []
        for p in rows:
            info = INFO.get(p["latest"]["type"])
            for k in (info.keys if info else p["latest"]["grades"]):
                if k not in keys and any(k in q["latest"]["grades"] for q in rows):
                    keys.append(k)
        keys.sort(key=lambda k: (k not in HEADLINE, HEADLINE.index(k) if k in HEADLINE else 0))
        head = "".join(f'<th scope="col">{_e(_key_words(k))}</th>' for k in keys)
        ids = ("<th scope=\"col\">region</th><th scope=\"col\">ONS code</th><th scope=\"col\">DfE</th>"
               if group == "Local authorities" else '<th scope="col">URN</th>')
        parts.append(f'<table class="sortable filterable"><caption>{_e(group)}: {len(rows)}</caption><thead><tr>'
                     f'<th scope="col">name</th>{ids}<th scope="col">inspected</th><th scope="col">type</th>{head}'
                     f'</tr></thead><tbody>')
        for p in rows:
            la = p["latest"]
            idcells = (f'<td>{_e(p["region"])}</td><td>{_e(p["ons_code"])}</td><td>{_e(p["la_code"])}</td>'
                       if group == "Local authorities" else f'<td>{_e((p["key"] or "").removeprefix("urn:"))}</td>')
            parts.append(f'<tr><th scope="row"><a href="#p-{_anchor(p["key"])}">{_e(p["name"])}</a></th>{idcells}'
                         f'<td class="nowrap" data-sort="{_e(la["when"])}">{_e(la["when"])}</td>'
                         f'<td class="nowrap">{_e(la["type"])}</td>'
                         + "".join(_grade(la["grades"].get(k)) for k in keys) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</section>")
    # the spread of the latest headline grades
    spread = Counter(_headline(p["latest"]["grades"])[1] for p in provs if p["latest"])
    parts.append('<section id="spread"><h2>How the latest grades spread</h2>')
    parts.append(_chart(spread))
    parts.append('<table><caption>Latest overall grade</caption><thead><tr><th scope="col">grade</th>'
                 '<th scope="col">providers</th></tr></thead><tbody>'
                 + "".join(f'<tr><th scope="row">{_e(_words(g))}</th><td>{n}</td></tr>' for g, n in _ordered(spread))
                 + "</tbody></table></section>")
    # previous -> latest
    moves: dict[str, Counter] = defaultdict(Counter)
    for p in provs:
        if p["latest"] and p["previous"]:
            new = _headline(p["latest"]["grades"])[1]
            old = _headline(p["previous"]["grades"])[1]
            moves[old or "none"][new or "none"] += 1
    cols = [g for g, _ in _ordered(Counter({g: 1 for m in moves.values() for g in m}))]
    parts.append('<section id="moves"><h2>Previous and latest full inspection</h2>')
    if moves:
        parts.append('<table><caption>Overall grade at the previous full inspection (rows) and the latest (columns)'
                     '</caption><thead><tr><th scope="col">previous \u2192 latest</th>'
                     + "".join(f'<th scope="col">{_e(_words(c))}</th>' for c in cols) + "</tr></thead><tbody>"
                     + "".join(f'<tr><th scope="row">{_e(_words(r))}</th>'
                               + "".join(f"<td>{moves[r][c] or ''}</td>" for c in cols) + "</tr>"
                               for r, _ in _ordered(Counter({r: 1 for r in moves})))
                     + "</tbody></table>")
    else:
        parts.append("<p>No provider here has two full inspections.</p>")
    parts.append("</section>")
    # what the inspectors ask for
    themes, theme_providers = Counter(), defaultdict(set)
    headings = Counter()
    n_items = 0
    for rec in recs:
        for item in rec.get("recommendations") or []:
            n_items += 1
            headings[item.get("heading") or "(no heading)"] += 1
            text = item["text"].lower()
            for name, rx in THEMES.items():
                if re.search(rx, text):
                    themes[name] += 1
                    theme_providers[name].add(rec["report"].get("provider_key"))
    parts.append(f'<section id="asks"><h2>What the inspectors ask for</h2><p>{n_items} recommendations. A theme is '
                 'counted where an item\u2019s words name it (one item may count for several).</p>'
                 '<table class="sortable"><caption>Recommendations by theme</caption><thead><tr><th scope="col">theme'
                 '</th><th scope="col">items</th><th scope="col">providers</th></tr></thead><tbody>'
                 + "".join(f'<tr><th scope="row">{_e(t)}</th><td data-sort="{n:08d}">{n}</td>'
                           f'<td data-sort="{len(theme_providers[t]):08d}">{len(theme_providers[t])}</td></tr>'
                           for t, n in themes.most_common())
                 + '</tbody></table><table class="sortable"><caption>Recommendations by the heading printed over them'
                 '</caption><thead><tr><th scope="col">heading</th><th scope="col">items</th></tr></thead><tbody>'
                 + "".join(f'<tr><th scope="row">{_e(h)}</th><td data-sort="{n:08d}">{n}</td></tr>'
                           for h, n in headings.most_common(25))
                 + "</tbody></table></section>")
    # each provider's timeline
    parts.append('<section id="each"><h2>Each provider\u2019s inspections and visits</h2>')
    for p in provs:
        rows = "".join(
            f'<tr><td>{_e(r["when"] or "—")}</td><td>{_e(r["type"])}</td><td>{_overall(r["grades"])}</td>'
            f'<td>{_link(r["rec"], here, hints)}</td></tr>' for r in p["reports"])
        parts.append(f'<details id="p-{_anchor(p["key"])}" class="filterable-block"><summary>{_e(p["name"])} '
                     f'<span class="muted">({_e(p["key"])}, {len(p["reports"])})</span></summary><table><caption>'
                     f'{_e(p["name"])}: inspections and visits</caption><thead><tr><th scope="col">date</th><th '
                     f'scope="col">type</th><th scope="col">overall</th><th scope="col">report</th></tr></thead><tbody>'
                     f'{rows}</tbody></table></details>')
    parts.append("</section>")
    # doubts and failures
    parts.append('<section id="doubts"><h2>Records to check</h2>')
    if doubted:
        parts.append('<table class="sortable"><caption>Warnings on records</caption><thead><tr><th scope="col">report'
                     '</th><th scope="col">warning</th><th scope="col">what</th></tr></thead><tbody>'
                     + "".join(f'<tr><td>{_link(r, here, hints)}</td><td>{_e(w["code"])}</td><td>{_e(w["message"])}</td>'
                               "</tr>" for r, w in doubted) + "</tbody></table>")
    else:
        parts.append("<p>No record carries a warning.</p>")
    if errors:
        parts.append('<table><caption>Files that could not be read</caption><thead><tr><th scope="col">file</th>'
                     '<th scope="col">error</th><th scope="col">what</th></tr></thead><tbody>'
                     + "".join(f'<tr><td>{_e(r["source"]["path"])}</td><td>{_e(r["error"]["code"])}</td>'
                               f'<td>{_e(r["error"]["message"])}</td></tr>' for r in errors) + "</tbody></table>")
    parts.append("</section>")
    parts.append(_SCRIPT)
    counts = {"reports": len(recs), "providers": len(provs), "errors": len(errors), "warnings": len(doubted),
              "latest": sum(1 for p in provs if p["latest"])}
    return "\n".join(parts), counts


def _overall(grades: dict[str, str]) -> str:
    """A report's grades in a few words: its overall grade and how many judgements."""
    if not grades:
        return "no graded judgements"
    g = _headline(grades)[1]
    n = f'{len(grades)} judgement{"s" if len(grades) != 1 else ""}'
    return f'<span class="g-{_e(g)}">{_e(_words(g))}</span> ({n})' if g else n


def _anchor(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key)


def _ordered(c: Counter) -> list[tuple[str, int]]:
    return sorted(c.items(), key=lambda kv: (ORDER.index(kv[0]) if kv[0] in ORDER else 50, str(kv[0])))


_FILL = {"outstanding": "#1b5e20", "good": "#2e7d32", "requires_improvement": "#b26a00", "inadequate": "#b71c1c",
         "adequate": "#b26a00", "satisfactory": "#b26a00"}


def _chart(spread: Counter) -> str:
    """A bar chart of the latest grades, in SVG: each bar labelled with its grade and count
    in text (never colour alone)."""
    items = _ordered(spread)
    if not items:
        return "<p>No full inspection with grades.</p>"
    top = max(n for _, n in items)
    w, bar, gap, label = 640, 26, 10, 190
    h = len(items) * (bar + gap) + gap
    rows = []
    for i, (g, n) in enumerate(items):
        y = gap + i * (bar + gap)
        width = max(2, round((w - label - 60) * n / top))
        rows.append(f'<text x="{label - 8}" y="{y + bar * 0.7:.0f}" text-anchor="end">{_e(_words(g))}</text>'
                    f'<rect x="{label}" y="{y}" width="{width}" height="{bar}" fill="{_FILL.get(g, "#455a64")}"/>'
                    f'<text x="{label + width + 6}" y="{y + bar * 0.7:.0f}">{n}</text>')
    return (f'<svg class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="chart-title">'
            f'<title id="chart-title">Providers by their latest overall grade: '
            + ", ".join(f"{_e(_words(g))} {n}" for g, n in items) + "</title>" + "".join(rows) + "</svg>")


_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="ofsted-cli">
<title>{title}</title>
<style>{style}</style>
</head><body><main>"""

_STYLE = """
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#fff;margin:0}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.7rem;margin:.3rem 0}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #ddd}
.lead{color:#333}.muted{color:#555;font-weight:normal}
nav ul{display:flex;flex-wrap:wrap;gap:.4rem 1rem;list-style:none;padding:0}
a{color:#0b4f8a}
table{border-collapse:collapse;margin:.8rem 0 1.4rem;font-size:.9rem;display:block;overflow-x:auto;max-width:100%}
caption{text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
thead th{background:#f0f0f0;position:sticky;top:0}
th button{font:inherit;color:inherit;background:none;border:0;padding:0;margin:0;cursor:pointer;text-align:left}
th button::after{content:" \\2195";color:#666}td.nowrap{white-space:nowrap}
td[class^=g-],span[class^=g-]{font-weight:600}
.g-outstanding{background:#d8efd9;color:#0d3d10}.g-good{background:#e8f5e9;color:#1b4d20}
.g-requires_improvement,.g-adequate,.g-satisfactory{background:#fff3d6;color:#5c3a00}
.g-inadequate{background:#fde2e2;color:#7a0e0e}.g-none{color:#555}
span[class^=g-]{padding:0 .2rem;border-radius:3px}
details{margin:.2rem 0}summary{cursor:pointer}
svg.chart{max-width:640px;font-size:14px}svg.chart text{fill:#1a1a1a}
input[type=search]{font:inherit;padding:.2rem .4rem;min-width:16rem}
@media (max-width:600px){body{font-size:15px}input[type=search]{min-width:10rem}}
@media print{@page{size:A4;margin:12mm}body{font-size:10pt}.noprint,nav{display:none}
thead th{position:static}tr,details{break-inside:avoid}details{display:block}
details>summary{list-style:none;font-weight:600}a{color:inherit;text-decoration:none}}
"""

_SCRIPT = """<script>
(function(){
  var errs=[];
  function note(m){errs.push(String(m));document.body.setAttribute('data-errors',errs.join(' | '));}
  window.addEventListener('error',function(e){note(e.message||'error');});
  var ce=console.error;console.error=function(){note(Array.prototype.join.call(arguments,' '));ce.apply(console,arguments);};
  try{
    document.querySelectorAll('table.sortable').forEach(function(t){
      t.querySelectorAll('thead th').forEach(function(th,i){
        var b=document.createElement('button');b.type='button';b.textContent=th.textContent;
        th.textContent='';th.appendChild(b);th.setAttribute('aria-sort','none');
        b.addEventListener('click',function(){
          var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
          var asc=th.getAttribute('aria-sort')!=='ascending';
          t.querySelectorAll('thead th').forEach(function(o){o.setAttribute('aria-sort','none');});
          th.setAttribute('aria-sort',asc?'ascending':'descending');
          var rank={'g-outstanding':'0','g-good':'1','g-requires_improvement':'2','g-inadequate':'3','g-none':'9'};
          function key(r){var c=r.cells[i];if(!c)return '';
            return c.getAttribute('data-sort')||rank[c.className]||c.textContent.trim().toLowerCase();}
          rows.sort(function(a,b){var x=key(a),y=key(b);return (x<y?-1:x>y?1:0)*(asc?1:-1);});
          rows.forEach(function(r){body.appendChild(r);});
        });
      });
    });
    var f=document.getElementById('filter');
    if(f){f.addEventListener('input',function(){
      var q=f.value.trim().toLowerCase();
      document.querySelectorAll('table.filterable tbody tr').forEach(function(r){
        r.hidden=q&&r.textContent.toLowerCase().indexOf(q)<0;});
      document.querySelectorAll('details.filterable-block').forEach(function(d){
        d.hidden=q&&d.textContent.toLowerCase().indexOf(q)<0;});
    });}
    document.body.setAttribute('data-ready','1');
  }catch(e){note(e.message);}
})();
</script>
</main></body></html>
"""


def command(run, paths, out_path: str, title: str | None) -> int:
    """`ofsted summary`: read the reports (or saved records), write the page, say what it holds."""
    from .runner import Run, colour, usage
    colour(run.color)
    folder = os.path.dirname(os.path.abspath(out_path))
    if os.path.isdir(out_path) or not os.path.isdir(folder):
        usage(f"-o {out_path!r}: {'is a folder' if os.path.isdir(out_path) else 'its folder does not exist'}")
    r = Run(run)
    counts = build(r.records(paths), out_path, title)
    return r.finish(f"{out_path}: {counts['providers']} providers ({counts['latest']} with a full inspection), "
                    f"{counts['reports']} reports, {counts['warnings']} warnings, {counts['errors']} errors listed, "
                    f"{counts['bytes'] / 1e6:.1f} MB; read {r.summary()}")
