"""Report families behind one registry.

Each family module exposes ``FAMILIES`` (ids with a one-line description), ``detect(doc)``
returning a family id or None, and ``parse(doc, family)`` returning a
:class:`~ofsted_cli.model.Report`. The first module whose ``detect`` answers wins, so more
specific families come first. Nothing outside this package knows any family.
"""
from __future__ import annotations

from types import ModuleType

from ..document import Document
from ..model import Report
from . import la_slac, la_sif, la_ilacs, la_letters, la_send, schools, other
from .generic import parse_unknown, looks_like_ofsted

MODULES: list[ModuleType] = [la_slac, la_sif, la_ilacs, la_send, la_letters, schools, other]


def families() -> list[dict[str, str]]:
    """The registry as plain data (for ``ofsted formats``)."""
    return [{"id": fid, "description": desc, "module": m.__name__.rsplit(".", 1)[-1]}
            for m in MODULES for fid, desc in m.FAMILIES.items()]


def detect(doc: Document) -> tuple[ModuleType, str] | None:
    for m in MODULES:
        fid = m.detect(doc)
        if fid:
            return m, fid
    return None


def parse(doc: Document) -> Report | None:
    """Parse with the first family that recognises the document; an Ofsted document no
    family knows gives type 'unknown'; anything else None (not an Ofsted report)."""
    hit = detect(doc)
    if hit:
        module, fid = hit
        rep = module.parse(doc, fid)
    elif looks_like_ofsted(doc):
        rep = parse_unknown(doc)
    else:
        return None
    # an item whose text is empty (a stray bullet glyph) is not a recommendation
    rep.recommendations = [r for r in rep.recommendations if r.text.strip()]
    return rep
