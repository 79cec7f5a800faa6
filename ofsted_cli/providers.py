"""One stable key per provider, so that an analyst can join a council's inspections across
report kinds and years without cleaning names.

- A report that prints a unique reference number (schools, colleges, children's homes,
  early years settings) is keyed by it: ``urn:139486``.
- A local authority (whose reports print no URN) is keyed by its name reduced to what
  identifies it: lower case, '&' as 'and', punctuation dropped, and the words that only say
  what kind of body it is removed — *the, inspection of, london borough of, royal borough
  of, metropolitan borough of, city of, county of, metropolitan, borough, county, city,
  district, council, mbc, local authority, children's services, children's social care,
  children and families trust, children's trust, (local) safeguarding children board /
  partnership, local area partnership*. So 'Sandwell Metropolitan Borough Council', 'Sandwell
  MBC', 'Sandwell' and 'Inspection of Sandwell local authority children's services' are
  ``la:sandwell``; 'Bradford Children and Families Trust' is ``la:bradford``, the council it
  serves.
"""
from __future__ import annotations

import re

_NOISE = re.compile(
    r"\b(inspection of|the|london borough of|royal borough of|metropolitan borough of|city of|county of|"
    r"metropolitan|borough|county|city|district|council|mbc|local authority|"
    r"children'?s (?:social care )?services(?: trust)?|children'?s social care|children and families trust|"
    r"children'?s trust|local area partnership|(?:local )?safeguarding children(?:'s)? (?:board|partnership))\b")


def name_key(name: str | None) -> str:
    """A provider's name reduced for grouping ('' where nothing is left)."""
    n = (name or "").lower().replace("&", " and ").replace("\u2019", "'")
    n = _NOISE.sub(" ", n)
    n = re.sub(r"\bst\.?\s", "st ", n)
    n = re.sub(r"[^a-z0-9]+", " ", n).strip()
    return re.sub(r"^(?:of|and)\s+|\s+(?:of|and)$", "", n)  # 'Metropolitan Borough of Barnsley Council'


def provider_key(name: str | None, urn: str | None = None) -> str | None:
    """``urn:<URN>`` where the report prints one, else ``la:<name key>``; None for neither."""
    if urn:
        return f"urn:{urn.strip().upper()}"
    k = name_key(name)
    return f"la:{k}" if k else None
