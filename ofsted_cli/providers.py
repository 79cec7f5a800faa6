"""One stable key per provider, so that an analyst can join a provider's inspections across
report kinds and years without cleaning names.

- A local authority is keyed by its ONS code from the register of authorities
  (:mod:`ofsted_cli.authorities`): 'Sandwell Metropolitan Borough Council', 'Sandwell MBC',
  'Sandwell Children's Trust' and 'Inspection of Sandwell local authority children's
  services' are all ``la:E08000028``. A printed name the register does not know gives no key
  (and an ``unknown-authority`` warning), never a key of its own.
- A school, college, children's home or early years setting is keyed by the unique reference
  number its report prints: ``urn:139486``. One that prints none is keyed by its name
  reduced (``name:rounds green primary school``), with a ``no-urn`` warning, so it never
  passes for a local authority.

Names are reduced by :func:`name_key`: lower case, '&' as 'and', punctuation dropped, and the
words that only say what kind of body it is removed — *the, inspection of, london borough of,
royal borough of, metropolitan borough of, city of, county of, metropolitan, borough, county,
city, district, council, mbc, local authority, unitary authority, children's services,
children's social care, children and families trust, children's trust, (local) safeguarding
children board / partnership, local area partnership*.
"""
from __future__ import annotations

import re

_NOISE = re.compile(
    r"\b(inspection of|the|london borough of|royal borough of|metropolitan borough of|city of|county of|"
    r"metropolitan|borough|county|city|district|council|mbc|local authority|unitary authority|"
    r"children'?s (?:social care )?services(?: trust)?|children'?s social care|children and families trust|"
    r"children'?s trust|local area partnership|(?:local )?safeguarding children(?:'s)? (?:board|partnership))\b")


def name_key(name: str | None) -> str:
    """A provider's name reduced for grouping ('' where nothing is left)."""
    n = (name or "").lower().replace("&", " and ").replace("\u2019", "'")
    n = _NOISE.sub(" ", n)
    n = re.sub(r"\bst\.?\s", "st ", n)
    n = re.sub(r"[^a-z0-9]+", " ", n).strip()
    return re.sub(r"^(?:of|and)\s+|\s+(?:of|and)$", "", n)  # 'Metropolitan Borough of Barnsley Council'


def provider_key(name: str | None, urn: str | None = None, *, authority: bool = False,
                 day: str | None = None) -> str | None:
    """``urn:<URN>`` where the report prints one; for a local authority ``la:<ONS code>`` (None
    where the register does not know the name); else ``name:<name key>``; None for nothing."""
    if urn:
        return f"urn:{urn.strip().upper()}"
    if authority:
        from .authorities import lookup
        a = lookup(name, day)
        return a.key if a else None
    k = name_key(name)
    return f"name:{k}" if k else None
