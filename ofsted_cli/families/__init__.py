"""Report families behind one registry.

Every module of this package but the shared ones (:data:`SHARED`) is a family module and
keeps the interface :class:`~.base.Family` documents (``FAMILIES``, ``PRIORITY``,
``detect``, ``raw``; the optional ``grade_pages``). Modules are found here: adding a family
is adding a module (and its fixtures), nothing else; a module that lacks a required name
stops the program with :class:`IncompleteFamily` rather than being skipped with its fixtures.
One shared step (:func:`~.base.process`) turns the raw rows and items into the record.
Nothing outside this package knows any family: the CLI, export, diff and the README's
family table read :data:`INFO`.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil
from types import ModuleType
from typing import Any

from ..document import Document
from ..model import Report
from .base import Family, FamilyInfo, Found, process
from .generic import UNKNOWN, looks_like_ofsted, raw_unknown

# the modules every family shares, which are not families themselves
SHARED = ("base", "common", "front", "generic", "readers")


class IncompleteFamily(ImportError):
    """A module of this package that is neither shared nor a complete family module."""


def _check(mod: ModuleType) -> None:
    name = mod.__name__.rsplit(".", 1)[-1]
    lacks = [a for a in ("FAMILIES", "PRIORITY", "detect", "raw") if not hasattr(mod, a)]
    if lacks or not isinstance(mod, Family):
        raise IncompleteFamily(f"families/{name}.py is not a complete family module: it lacks "
                               f"{', '.join(lacks) or 'the interface'} (see families/base.py: Family)")
    if not mod.FAMILIES or not all(isinstance(f, FamilyInfo) for f in mod.FAMILIES):
        raise IncompleteFamily(f"families/{name}.py: FAMILIES must list its FamilyInfo")
    params = list(inspect.signature(mod.raw).parameters)
    if len(params) != 3:
        raise IncompleteFamily(f"families/{name}.py: raw must take (doc, family, found=None), not ({', '.join(params)})")


def _modules() -> list[ModuleType]:
    """The family modules of this package, in detection order; every module not in
    :data:`SHARED` must be one."""
    found = []
    for m in pkgutil.iter_modules(__path__):
        if m.name in SHARED:
            continue
        mod = importlib.import_module(f"{__name__}.{m.name}")
        _check(mod)
        found.append(mod)
    ids = [f.id for mod in found for f in mod.FAMILIES]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise IncompleteFamily(f"family ids defined twice: {', '.join(twice)}")
    return sorted(found, key=lambda mod: (mod.PRIORITY, mod.__name__))


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


def detect(doc: Document) -> tuple[ModuleType, Found] | None:
    """The first family module (in :data:`MODULES` order) that knows the document, and what
    its ``detect`` found."""
    for m in MODULES:
        hit: Any = m.detect(doc)
        if hit:
            return m, hit if isinstance(hit, Found) else Found(hit)
    return None


def parse(doc: Document) -> Report | None:
    """Parse with the first family that recognises the document; an Ofsted document no
    family knows gives type 'unknown' (with a warning); anything else None (not an Ofsted
    report)."""
    hit = detect(doc)
    if hit:
        module, found = hit
        return process(INFO[found.family], module.raw(doc, found.family, found.data), doc)
    if looks_like_ofsted(doc):
        return process(UNKNOWN, raw_unknown(doc), doc)
    return None
