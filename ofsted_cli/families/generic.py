"""Ofsted documents that no family knows: type 'unknown', what metadata can be read, a warning."""
from __future__ import annotations

import re

from ..document import Document
from .base import FamilyInfo, Raw
from .readers import (
    labelled_dates,
    lead_inspector,
    provision_kind,
    published_date,
    urn_of,
)

UNKNOWN = FamilyInfo("unknown", "an Ofsted document of a kind no family knows: metadata only", graded=False,
                     prints=())
_OFSTED = re.compile(r"(?i)\bofsted\b|Majesty['\u2019]s (?:Chief )?Inspector|\bHMCI\b")


def looks_like_ofsted(doc: Document) -> bool:
    return bool(_OFSTED.search("\n".join(doc.texts[:400])))


def raw_unknown(doc: Document) -> Raw:
    r = Raw()
    r.title = doc.texts[0][:200] if doc.texts else None
    r.published = published_date(doc.lines[:60])
    r.inspection_start, r.inspection_end = labelled_dates(doc.lines[:60])
    r.lead_inspector = lead_inspector(doc.lines[:60])
    r.urn = urn_of(doc)
    kind = provision_kind(doc)
    what = f"a social care report about a {kind}, a kind of provision" if kind else "an Ofsted document of a kind"
    r.warn("unknown-family", f"{what} no family reads: metadata only, no judgements or recommendations were read")
    return r
