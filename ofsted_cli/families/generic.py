"""Ofsted documents that no family knows: type 'unknown', what metadata can be read, a warning."""
from __future__ import annotations

import re

from ..document import Document
from ..model import Report
from .common import clean_person, parse_date, parse_date_range

_OFSTED = re.compile(r"(?i)\bofsted\b|Majesty['\u2019]s (?:Chief )?Inspector|\bHMCI\b")


def looks_like_ofsted(doc: Document) -> bool:
    return bool(_OFSTED.search("\n".join(doc.texts[:400])))


def front_metadata(doc: Document, rep: Report, n: int = 60) -> None:
    """Fill dates, lead inspector and published date from labelled front-page lines."""
    for ln in doc.lines[:n]:
        t, low = ln.text, ln.text.lower()
        if low.startswith("inspection date") and rep.inspection_start is None:
            rep.inspection_start, rep.inspection_end = parse_date_range(t.split(":", 1)[-1] if ":" in t else t[15:])
        elif re.match(r"(?i)(reporting|lead) inspector", t) and rep.lead_inspector is None:
            rep.lead_inspector = clean_person(re.sub(r"(?i)^(reporting|lead) inspectors?:?", "", t))
        elif re.match(r"(?i)(report )?published", t) and rep.published is None:
            rep.published = parse_date(t)


def parse_unknown(doc: Document) -> Report:
    rep = Report(type="unknown")
    rep.title = doc.texts[0] if doc.texts else None
    front_metadata(doc, rep)
    rep.warn("unknown-family", "an Ofsted document of a kind no family knows: metadata only")
    return rep
