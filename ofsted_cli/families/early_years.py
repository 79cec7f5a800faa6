"""Early years settings on the Early Years Register: childminders, nurseries and
pre-schools, under the education inspection framework (from 2019). The front table and
front matter are :mod:`.front`'s.

Evidence: one real report (``../shared/corpus/providers``).
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document
from . import front
from .base import FamilyInfo, Raw
from .front import EIF, IMPROVE, row_keys

_KEYS = {k: EIF[k] for k in ("overall_effectiveness", "quality_of_education", "behaviour_and_attitudes",
                             "personal_development", "leadership_and_management")} | {"safeguarding": "Safeguarding"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 58

FAMILIES = [FamilyInfo("early-years-eif-2019", "Early years inspection (childminders and nurseries)", _KEYS,
                       ("overall_effectiveness",), IMPROVE, evidence="real (1)", full=True, urn=True)]
_SETTING = re.compile(r"(?i)\b(childminder|nursery|pre-?\s?school|early years|registered early years provider)\b")
_SCHOOL_ONLY = {"early_years", "curriculum_and_teaching", "inclusion", "attendance_and_behaviour"}


def detect(doc: Document) -> str | None:
    """'Inspection of <setting>' whose front table grades the quality of education (or
    safeguarding) but not an early years phase (a school's), the title naming a setting."""
    head = front.head_words(doc)
    rows = row_keys(doc)
    if re.search(r"\binspection of\b", head) and rows & {"quality_of_education", "safeguarding"} \
            and _SETTING.search(head) and not rows & _SCHOOL_ONLY and not front.independent_school(doc, head):
        return FAMILIES[0].id
    return None


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    r = front.read(doc, FAMILIES[0])
    front.items(doc, r)
    return r
