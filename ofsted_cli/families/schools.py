"""State and independent schools: section 5 reports of every framework (2005–2012 on the
satisfactory scale, 2012–2015, the common inspection framework 2015–2019, the education
inspection framework 2019–2024, no overall grade from September 2024), independent
schools, pre-registration visits, section 8 letters (short, ungraded and monitoring
inspections) and the report cards from November 2025. The front table and front matter are
:mod:`.front`'s; letters are read here.

Evidence: school-s5-2015 against two real reports (one re-saved by another program),
independent-school-preregistration against one; the other eras and the letters only from
their documented wording (``report-formats.md``), pinned by unit tests on short excerpts.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..document import Document
from . import front
from .base import FamilyInfo, Raw, Row
from .common import find_line, letter_date
from .front import EIF, EIF_EXPECTED, IMPROVE, row_keys
from .readers import LETTER_CLOSING, signatory, wrapped_title

_SCHOOL_2015 = {"overall_effectiveness": "Overall effectiveness",
                "leadership_and_management": "Effectiveness of leadership and management",
                "quality_of_teaching": "Quality of teaching, learning and assessment",
                "personal_development_behaviour_welfare": "Personal development, behaviour and welfare",
                "outcomes_for_pupils": "Outcomes for pupils", "early_years": "Early years provision",
                "sixth_form": "16 to 19 study programmes", "category_of_concern": "Category of concern"}
_SCHOOL_2012 = {"overall_effectiveness": "Overall effectiveness", "achievement_of_pupils": "Achievement of pupils",
                "quality_of_teaching": "Quality of teaching", "behaviour_and_safety": "Behaviour and safety of pupils",
                "leadership_and_management": "Leadership and management", "early_years": "Early years provision",
                "sixth_form": "Sixth form provision", "category_of_concern": "Category of concern"}
_SCHOOL_2005 = {"overall_effectiveness": "Overall effectiveness", "leadership_and_management": "Leadership and management",
                "early_years": "Early Years Foundation Stage", "sixth_form": "Sixth form",
                "category_of_concern": "Category of concern"}
_CARD = {"inclusion": "Inclusion", "curriculum_and_teaching": "Curriculum and teaching", "achievement": "Achievement",
         "attendance_and_behaviour": "Attendance and behaviour",
         "personal_development_and_wellbeing": "Personal development and well-being",
         "leadership_and_governance": "Leadership and governance", "early_years": "Early years",
         "sixth_form": "Sixth form", "safeguarding": "Safeguarding"}
CARD_KEYS = {"curriculum_and_teaching", "inclusion", "attendance_and_behaviour"}  # only a report card grades these
_INDEPENDENT = {k: v for k, v in EIF.items() if k != "category_of_concern"} | {
    "independent_school_standards": "Independent school standards"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 60

FAMILIES = [
    FamilyInfo("independent-school-preregistration", "Independent school pre-registration inspection (no grades)",
               graded=False, evidence="real (1)"),
    FamilyInfo("school-s8-letter", "Section 8 letter (short, ungraded or monitoring inspection): an outcome sentence",
               {"section8_outcome": "Outcome of the inspection", "category_of_concern": "Category of concern"},
               ("section8_outcome",), {"next_steps": "Next steps for the school",
                                       "what_needs_to_improve": "What does the school need to do to improve?"}),
    FamilyInfo("independent-school", "Independent school standard inspection (graded, plus standards met / not met)",
               _INDEPENDENT, EIF_EXPECTED, IMPROVE, full=True),
    FamilyInfo("school-report-card-2025", "School report card from 10 November 2025 (five-point scale)", _CARD,
               ("inclusion", "curriculum_and_teaching", "achievement", "attendance_and_behaviour",
                "personal_development_and_wellbeing", "leadership_and_governance", "safeguarding"),
               {"next_steps": "Next steps"}, full=True),
    FamilyInfo("school-s5-2015", "School report, common inspection framework 2015–2019", _SCHOOL_2015,
               ("overall_effectiveness", "leadership_and_management", "quality_of_teaching",
                "personal_development_behaviour_welfare", "outcomes_for_pupils"), IMPROVE,
               evidence="real (2: one re-saved by another program)", full=True),
    FamilyInfo("school-s5-2012", "School report, September 2012–August 2015 ('Requires improvement 3')", _SCHOOL_2012,
               ("overall_effectiveness", "achievement_of_pupils", "quality_of_teaching", "behaviour_and_safety",
                "leadership_and_management"), IMPROVE, full=True),
    FamilyInfo("school-eif-2019", "School inspection, education inspection framework 2019–2024", EIF, EIF_EXPECTED,
               IMPROVE, full=True),
    FamilyInfo("school-2024", "School inspection from September 2024 (no overall effectiveness for state-funded "
               "schools)", EIF, EIF_EXPECTED[1:], IMPROVE, full=True),
    FamilyInfo("school-s5-2005", "School inspection report, section 5, 2005–August 2012 (satisfactory scale)",
               _SCHOOL_2005, ("overall_effectiveness",), IMPROVE, full=True),
]
# every report of these families prints the school's unique reference number (the key of
# its records), most in the school's details at the end
FAMILIES = [replace(f, urn=True) for f in FAMILIES]
_BY_ID = {f.id: f for f in FAMILIES}

# section 8 outcome sentences -> grade ids of judgement 'section8_outcome' (see README)
S8_OUTCOMES = [
    (re.compile(r"(?i)\bnot taking effective action\b"), "not_taking_effective_action"),
    (re.compile(r"(?i)\btaking effective action\b"), "taking_effective_action"),
    (re.compile(r"(?i)enough evidence of improved performance|could now be (?:better than good|outstanding)|"
                r"may be outstanding if"), "may_improve"),
    (re.compile(r"(?i)\b(?:standards|effectiveness|quality) (?:may|might) (?:be )?(?:declin|not be as high)|"
                r"may not be as high as|some aspects of the school(?:'s|\u2019s)? work may not be as strong"), "may_decline"),
    (re.compile(r"(?i)continues? to be (?:an )?outstanding\b"), "continues_outstanding"),
    (re.compile(r"(?i)continues? to be (?:a )?good\b"), "continues_good"),
]
S8_TITLE = re.compile(r"(?i)^(short inspection of|inspection of a (?:good|outstanding) school|"
                      r"special measures monitoring inspection of|monitoring inspection of|"
                      r"no formal designation inspection of|ungraded inspection of)")


def detect(doc: Document) -> str | None:
    head = front.head_words(doc)
    if "school pre-registration inspection report" in head:
        return "independent-school-preregistration"
    if any(S8_TITLE.match(t) for t in doc.texts[:40]) and "judgement grade" not in head:
        return "school-s8-letter"
    rows = row_keys(doc)
    if front.independent_school(doc, head) and rows - {"_previous"}:
        return "independent-school"
    if rows & CARD_KEYS:
        return "school-report-card-2025"
    if head.startswith("school report") or "school report" in head:
        if "personal_development_behaviour_welfare" in rows:
            return "school-s5-2015"
        if rows & {"behaviour_and_safety", "achievement_of_pupils"}:
            return "school-s5-2012"
    if re.search(r"\binspection of\b", head) and "quality_of_education" in rows:
        return "school-eif-2019" if "overall_effectiveness" in rows else "school-2024"
    if head.startswith("inspection report") and (any("satisfactory" in r.grade.lower() for r in front.front_rows(doc, 120))
                                                 or re.search(r"(?i)grade 3:? satisfactory", doc.head(120))):
        return "school-s5-2005"
    return None


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    r = front.read(doc, _BY_ID[family])
    text = doc.flat
    if family == "independent-school-preregistration":
        lines = doc.lines
        i = find_line(lines, r"(?i)^overall outcome$")
        if i is not None:
            out = []
            for ln in lines[i + 1:i + 6]:
                if re.match(r"(?i)^main inspection findings", ln.text):
                    break
                out.append(ln.text)
            r.extra["overall_outcome"] = re.sub(r"\s+", " ", " ".join(out)).strip() or None
    if family == "school-s8-letter":
        _s8(doc, r)
        front.items(doc, r, stop_rx=LETTER_CLOSING)
        return r
    if family == "independent-school":
        st = re.search(r"(?i)the school (does not meet|meets) (?:all )?(?:of )?the independent school standards", text)
        if st:
            r.rows.append(Row("independent_school_standards", st.group(0), "Independent school standards",
                              doc.page_at(st.start()),
                              "sentence", gid="not_met" if "not" in st.group(1).lower() else "met"))
    if family in ("school-2024", "school-report-card-2025") and not any(x.key == "overall_effectiveness" for x in r.rows):
        r.extra.setdefault("overall_effectiveness_note", "not graded for this kind of inspection")
    front.items(doc, r)
    return r


def _s8(doc: Document, r: Raw) -> None:
    """A section 8 letter: its date as published, the title (wrapped after any word of the
    school's name) and the school it names, the outcome sentence, special measures, the
    inspector who signs it. The visit's dates are read by :func:`front.read` (the sentence
    'Following my visit to the school on …')."""
    r.published = letter_date(doc.lines, None, 30)
    ti = next((i for i, ln in enumerate(doc.lines[:40]) if S8_TITLE.match(ln.text)), None)
    if ti is not None:
        r.title = wrapped_title(doc, ti)
        m = re.search(r"(?i)\bschool:\s+(.+)$", r.title) or re.search(r"(?i)\bof\s+(.+)$", r.title)
        r.provider = m.group(1).strip() if m else r.provider
    text = doc.flat
    for rx, gid in S8_OUTCOMES:
        m = rx.search(text)
        if m:
            r.rows.append(Row("section8_outcome", m.group(0), "Outcome of the inspection", doc.page_at(m.start()),
                              "sentence", gid=gid))
            break
    m = re.search(r"(?i)\b(?:this|the) school (?:requires|continues to require) special measures\b", text)
    if m:
        r.rows.append(Row("category_of_concern", m.group(0), "Category of concern", doc.page_at(m.start()), "sentence",
                          gid="special_measures"))
    r.lead_inspector = signatory(doc.lines) or r.lead_inspector
