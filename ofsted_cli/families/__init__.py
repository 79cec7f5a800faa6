"""Report families behind one registry.

Each family module exposes ``FAMILIES`` (a list of :class:`~.base.FamilyInfo`: ids, keys and
their labels, the judgements every report prints, the sections its items sit in, the
evidence it was checked against), ``detect(doc)`` returning a family id or None, and
``raw(doc, family)`` returning what the report prints (:class:`~.base.Raw`). One shared step
(:func:`~.base.process`) turns that into the record. The first module whose ``detect``
answers wins, so more specific families come first. Nothing outside this package knows
any family: the CLI, export, diff and the README's family table read :data:`INFO`.
"""
from __future__ import annotations

from types import ModuleType

from ..document import Document
from ..model import Report
from . import la_slac, la_sif, la_ilacs, la_letters, la_send, schools, other
from .base import FamilyInfo, process
from .generic import UNKNOWN, looks_like_ofsted, raw_unknown

MODULES: list[ModuleType] = [la_slac, la_sif, la_ilacs, la_send, la_letters, schools, other]
INFO: dict[str, FamilyInfo] = {f.id: f for m in MODULES for f in m.FAMILIES}
INFO[UNKNOWN.id] = UNKNOWN
MODULE_OF: dict[str, str] = {f.id: m.__name__.rsplit(".", 1)[-1] for m in MODULES for f in m.FAMILIES}


def families() -> list[dict]:
    """The registry as plain data (for ``ofsted formats``)."""
    return [{**f.to_dict(), "module": MODULE_OF.get(f.id, "generic")} for f in INFO.values()]


def key_label(key: str) -> str:
    """A judgement key's printed label, from whichever family grades it."""
    for f in INFO.values():
        if key in f.keys:
            return f.keys[key]
    return key.replace("_", " ").capitalize()


def grade_pages(doc: Document, rep: Report) -> list[int] | None:
    """The 0-based pages, beyond those read, where the family prints the grades this partial
    read lacks (its module's ``grade_pages``), or None: read the whole report."""
    module = next((m for m in MODULES if any(f.id == rep.type for f in m.FAMILIES)), None)
    fn = getattr(module, "grade_pages", None)
    return fn(doc, rep) if fn else None


def detect(doc: Document) -> tuple[ModuleType, str] | None:
    for m in MODULES:
        fid = m.detect(doc)
        if fid:
            return m, fid
    return None


def parse(doc: Document) -> Report | None:
    """Parse with the first family that recognises the document; an Ofsted document no
    family knows gives type 'unknown' (with a warning); anything else None (not an Ofsted
    report)."""
    hit = detect(doc)
    if hit:
        module, fid = hit
        return process(INFO[fid], module.raw(doc, fid))
    if looks_like_ofsted(doc):
        return process(UNKNOWN, raw_unknown(doc))
    return None
