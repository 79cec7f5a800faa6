"""The register of English local authorities with children's-services duties, so that one
authority is one key whatever name a report prints ('Hull', 'Kingston upon Hull City
Council' and 'Kingston Upon Hull, City of' are all ``la:E06000010``).

``data/authorities.csv`` holds the 153 authorities of today (and the six they replaced whose
reports are still read: Cumbria, Northamptonshire, Bournemouth, Poole, Dorset County Council;
North Yorkshire, Somerset and Buckinghamshire kept their authority and their Ofsted page when
they became unitary, so they keep one row). Each row: the ONS code (the key), the canonical
name, the DfE three-digit LA number, Ofsted's provider URN of the authority, the Ofsted
region, the dates it existed where it did not always, and the other names Ofsted prints.
Where each fact came from (the ``sources`` column):

- ``ofsted-2023``: ONS code, name and region from Ofsted's own table of the latest ILACS
  judgements (July 2023, ``../shared/keys/ofsted-la-ilacs-latest_2023.csv``);
- ``dfe-search``: the DfE number from the ``local_authority[]`` filter of a recorded page of
  Ofsted's report search (``../shared/site/search-results_2023-11_…html``), ``gias`` for the
  numbers of authorities gone before that page (DfE's Get Information about Schools);
- ``urn-d2i`` / ``urn-files``: Ofsted's URN from data-to-insight/ofsted-ilacs-scrape-tool's
  ``import_data/la_lookup/Provider_data_lookup.csv`` (commit 500db5f9), or from the Ofsted codes
  in the names of Ofsted's report files;
- ``ons``: ONS codes of authorities made or ended since that table (the ONS register of
  codes; Cumberland and Westmorland and Furness from 1 April 2023).

Names are compared after :func:`~ofsted_cli.providers.name_key` (case, '&', punctuation and
words such as 'council', 'city of', 'children's services trust' dropped). Where one name
belongs to two authorities at different times (Dorset), the inspection date decides.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Iterable

from .providers import name_key


@dataclass(frozen=True)
class Authority:
    ons_code: str
    name: str
    la_number: str | None
    ofsted_urn: str | None
    region: str | None
    valid_from: str | None
    valid_until: str | None
    successor: tuple[str, ...]
    variants: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def key(self) -> str:
        return f"la:{self.ons_code}"

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)

    def covers(self, day: str | None) -> bool:
        """True where the authority existed on ``day`` (an ISO date; None: unknown)."""
        if not day:
            return True
        return (not self.valid_from or day >= self.valid_from) and (not self.valid_until or day <= self.valid_until)

    def to_dict(self) -> dict:
        return {"ons_code": self.ons_code, "name": self.name, "la_number": self.la_number,
                "ofsted_urn": self.ofsted_urn, "region": self.region, "valid_from": self.valid_from,
                "valid_until": self.valid_until, "successor": list(self.successor),
                "variants": list(self.variants), "sources": list(self.sources)}


@functools.lru_cache(maxsize=1)
def register() -> tuple[Authority, ...]:
    """Every authority of the register, in ONS code order."""
    text = resources.files(__package__).joinpath("data/authorities.csv").read_text(encoding="utf-8")
    out = []
    for r in csv.DictReader(text.splitlines()):
        out.append(Authority(r["ons_code"], r["name"], r["la_number"] or None, r["ofsted_urn"] or None,
                             r["region"] or None, r["valid_from"] or None, r["valid_until"] or None,
                             tuple(r["successor"].split()), tuple(v for v in r["variants"].split("|") if v),
                             tuple(r["sources"].split(";"))))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Authority, ...]]:
    index: dict[str, list[Authority]] = {}
    for a in register():
        for n in a.names():
            k = name_key(n)
            if k and a not in index.setdefault(k, []):
                index[k].append(a)
    return {k: tuple(v) for k, v in index.items()}


def _choose(cands: Iterable[Authority], day: str | None) -> Authority | None:
    cands = list(cands)
    if len(cands) <= 1:
        a = cands[0] if cands else None
        return a if a is not None and a.covers(day) else None
    on_day = [a for a in cands if a.covers(day)]
    if day:
        return on_day[0] if len(on_day) == 1 else None
    current = [a for a in cands if not a.valid_until]
    return current[0] if len(current) == 1 else None


def lookup(name: str | None, day: str | None = None) -> Authority | None:
    """The authority a printed name (any form Ofsted prints), an ONS code, a DfE number or an
    Ofsted URN names, as it was on ``day``; None for none (or for a name that two authorities
    share where the date cannot tell them apart)."""
    if not name:
        return None
    s = name.strip()
    if s.lower().startswith("la:"):
        s = s[3:]
    if re.fullmatch(r"(?i)E0[6-9]\d{6}|E10\d{6}", s):
        return next((a for a in register() if a.ons_code == s.upper()), None)
    if s.isdigit():
        return next((a for a in register() if s in (a.la_number, a.ofsted_urn)), None)
    return _choose(_by_name().get(name_key(s), ()), day)


_SMALL = {"and", "of", "the", "upon", "on", "with", "in"}


def _pattern(name: str) -> str:
    """A printed form as a case-sensitive pattern: spaces and commas loose, '&' for 'and',
    small words in either case ('Kingston Upon Hull')."""
    parts = []
    for w in re.split(r"[\s,]+", name.strip()):
        if w.lower() == "and" or w == "&":
            parts.append("(?:and|&|And)")
        elif w.lower() in _SMALL:
            parts.append(f"(?i:{re.escape(w)})")
        else:
            parts.append(re.escape(w).replace("'", "['\u2019]").replace("\u2019", "['\u2019]"))
    return r"[\s,]+".join(parts)


@functools.lru_cache(maxsize=1)
def _scanner() -> re.Pattern:
    forms = sorted({n for a in register() for n in a.names() if len(n) > 3 and not n.isupper()},
                   key=len, reverse=True)  # the longest form at a place wins ('Kingston upon Hull', not 'Hull')
    return re.compile(r"(?<![\w-])(?:" + "|".join(_pattern(f) for f in forms) + r")(?![\w-])")


def scan(texts: Iterable[str], day: str | None = None) -> tuple[Authority, str] | None:
    """The authority named most often in ``texts`` (a title, then the first pages), and the
    name as printed there; None where no name of the register appears. Names of authorities
    that did not exist on ``day`` are passed over."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, str]] = {}
    pos = 0
    for t in texts:
        for m in _scanner().finditer(t):
            a = lookup(m.group(0), day)
            if a is None:
                continue
            counts[a.ons_code] = counts.get(a.ons_code, 0) + 1
            first.setdefault(a.ons_code, (pos + m.start(), m.group(0)))
        pos += len(t) + 1
    if not counts:
        return None
    best = max(counts, key=lambda c: (counts[c], -first[c][0]))
    return lookup(best), re.sub(r"\s+", " ", first[best][1])
