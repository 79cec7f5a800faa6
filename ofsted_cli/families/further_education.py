"""Further education and skills: colleges, independent learning providers, apprenticeship
providers, under the common inspection framework (2015–2019) and the education inspection
framework (from 2019, with the contribution to meeting skills needs from 2022). The front
table and front matter are :mod:`.front`'s.

Evidence: fe-eif-2019 against one real report (``../shared/corpus/misc``); fe-cif-2015 only
from its documented wording, pinned by unit tests on short excerpts.
"""
from __future__ import annotations

import re
from typing import Any

from ..document import Document
from . import front
from .base import FamilyInfo, Raw, Row
from .front import EIF, EIF_EXPECTED, IMPROVE, row_keys

_EIF = {k: v for k, v in EIF.items() if k not in ("early_years", "sixth_form", "category_of_concern")} | {
    "education_programmes_for_young_people": "Education programmes for young people",
    "adult_learning_programmes": "Adult learning programmes", "apprenticeships": "Apprenticeships",
    "provision_for_learners_with_high_needs": "Provision for learners with high needs",
    "contribution_to_skills_needs": "Contribution to meeting skills needs"}
_CIF = {"overall_effectiveness": "Overall effectiveness",
        "leadership_and_management": "Effectiveness of leadership and management",
        "quality_of_teaching": "Quality of teaching, learning and assessment",
        "personal_development_behaviour_welfare": "Personal development, behaviour and welfare",
        "outcomes_for_learners": "Outcomes for learners", "sixth_form": "16 to 19 study programmes",
        "adult_learning_programmes": "Adult learning programmes", "apprenticeships": "Apprenticeships",
        "traineeships": "Traineeships", "provision_for_learners_with_high_needs": "Provision for learners with high needs"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 57

FAMILIES = [
    FamilyInfo("fe-eif-2019", "Further education and skills inspection, education inspection framework", _EIF,
               EIF_EXPECTED, IMPROVE, evidence="real (1)", full=True, urn=True),
    FamilyInfo("fe-cif-2015", "Further education and skills inspection, common inspection framework", _CIF,
               ("overall_effectiveness", "leadership_and_management", "quality_of_teaching",
                "personal_development_behaviour_welfare", "outcomes_for_learners"), IMPROVE, full=True, urn=True),
]
_BY_ID = {f.id: f for f in FAMILIES}
# the provision types only a college or training provider grades
_FE_ROWS = {"education_programmes_for_young_people", "adult_learning_programmes", "apprenticeships"}
SKILLS = re.compile(r"(?i)makes? an? (strong|reasonable|limited) contribution to meeting (?:the )?skills needs")


def detect(doc: Document) -> str | None:
    rows = row_keys(doc)
    if "further education and skills inspection report" in front.head_words(doc) or rows & _FE_ROWS:
        return "fe-eif-2019" if "quality_of_education" in rows else "fe-cif-2015" if rows else None
    return None


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    r = front.read(doc, _BY_ID[family])
    m = SKILLS.search(doc.flat)
    if m:
        r.rows.append(Row("contribution_to_skills_needs", m.group(0), "Contribution to meeting skills needs",
                          doc.page_at(m.start()), "sentence", gid=m.group(1).lower()))
    front.items(doc, r)
    return r
