"""Independent fostering agencies, inspected under the social care common inspection
framework: the SCCIF's three judgements and its 'Statutory requirements' and
'Recommendations', read as every SCCIF report is (:func:`.social_care.read_sccif`).

Evidence: excerpts only (no real report yet).
"""
from __future__ import annotations

from typing import Any

from ..document import Document
from .base import FamilyInfo, Raw
from .readers import provision_kind
from .social_care import KEYS, SECTIONS, read_sccif

PRIORITY = 54  # before children's homes: an agency's report shares their row labels

FAMILIES = [FamilyInfo("fostering-agency-sccif", "Independent fostering agency inspection (social care common "
                       "inspection framework)", KEYS, tuple(KEYS), SECTIONS, full=True, urn=True)]


def detect(doc: Document) -> str | None:
    """A report that names itself about an independent fostering agency ('Information about
    this independent fostering agency'), not one whose provider's name has 'Fostering' in it."""
    return FAMILIES[0].id if provision_kind(doc) == "independent fostering agency" else None


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    return read_sccif(doc, FAMILIES[0], "Independent fostering agency")
