"""Report families behind one registry.

Each family module in this package exposes ``FAMILIES`` (a list of
:class:`~.base.FamilyInfo`: ids, keys and their labels, the judgements every report prints,
the sections its items sit in, the evidence it was checked against), ``PRIORITY`` (its
place in detection: lower asks first), ``detect(doc)`` returning a family id or None, and
``raw(doc, family)`` returning what the report prints (:class:`~.base.Raw`). Modules are
found here by those names: adding a family is adding a module (and its fixtures), nothing
else. One shared step (:func:`~.base.process`) turns the raw rows and items into the
record. Nothing outside this package knows any family: the CLI, export, diff and the
README's family table read :data:`INFO`.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from ..document import Document
from ..model import Report
from .base import FamilyInfo, process
from .generic import UNKNOWN, looks_like_ofsted, raw_unknown


def _modules() -> list[ModuleType]:
    """The family modules of this package (those defining FAMILIES, detect and raw), in
    detection order."""
    found = []
    for m in pkgutil.iter_modules(__path__):
        if m.name in ("base", "common", "generic"):
            continue
        mod = importlib.import_module(f"{__name__}.{m.name}")
        if all(hasattr(mod, a) for a in ("FAMILIES", "detect", "raw")):
            found.append(mod)
    return sorted(found, key=lambda mod: (getattr(mod, "PRIORITY", 100), mod.__name__))


MODULES: list[ModuleType] = _modules()
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
        return process(INFO[fid], module.raw(doc, fid), doc)
    if looks_like_ofsted(doc):
        return process(UNKNOWN, raw_unknown(doc), doc)
    return None
