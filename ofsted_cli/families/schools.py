"""Schools and other providers: a front-page table of 'Label  Grade' rows, the family decided
by the title and which rows the table holds.

Evidence so far: school-s5-2015 and fe-eif-2019 and independent-school-preregistration seen
in real reports; the other school eras are read from their documented wording
(``report-formats.md``) and pinned by unit tests on short excerpts.
"""
from __future__ import annotations

import re

from ..document import Document, Line
from ..grades import exact_grade
from ..model import Judgement, Recommendation, Report
from .common import clean_person, collect_items, find_line, looks_like_heading, norm, parse_date_range

FAMILIES = {
    "school-s5-2005": "School inspection report, section 5, 2005–August 2012 (satisfactory scale)",
    "school-s5-2012": "School report, September 2012–August 2015 ('Requires improvement 3')",
    "school-s5-2015": "School report, common inspection framework 2015–2019",
    "school-eif-2019": "School inspection, education inspection framework 2019–2024",
    "school-2024": "School inspection from September 2024 (no overall effectiveness for state-funded schools)",
    "school-report-card-2025": "School report card from 10 November 2025 (five-point scale)",
    "fe-eif-2019": "Further education and skills inspection, education inspection framework",
    "fe-cif-2015": "Further education and skills inspection, common inspection framework",
    "early-years-eif-2019": "Early years inspection (childminders and nurseries)",
    "independent-school-preregistration": "Independent school pre-registration inspection (no grades)",
    "independent-school": "Independent school standard inspection (graded, plus standards met / not met)",
    "school-s8-letter": "Section 8 letter (short, ungraded or monitoring inspection): an outcome sentence",
    "childrens-home-sccif": "Children's home inspection (social care common inspection framework)",
}

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
HOME_ROWS = [
    (re.compile(r"(?i)^overall experiences and progress of children and young people"), "overall_experiences_and_progress"),
    (re.compile(r"(?i)^how well children and young people are helped and protected"), "helped_and_protected"),
    (re.compile(r"(?i)^the effectiveness of leaders and managers"), "effectiveness_of_leaders_and_managers"),
]
HOME_INTERIM = re.compile(r"(?i)\b(improved|sustained|declined)(?: in)? effectiveness\b")

ROWS = [  # (label start, key), longest first
    ("overall effectiveness at previous inspection", None),
    ("overall effectiveness", "overall_effectiveness"),
    ("effectiveness of leadership and management", "leadership_and_management"),
    ("leadership and management", "leadership_and_management"),
    ("leadership and governance", "leadership_and_governance"),
    ("quality of teaching, learning and assessment", "quality_of_teaching"),
    ("quality of teaching", "quality_of_teaching"),
    ("personal development, behaviour and welfare", "personal_development_behaviour_welfare"),
    ("personal development and well-being", "personal_development_and_wellbeing"),
    ("personal development and wellbeing", "personal_development_and_wellbeing"),
    ("personal development", "personal_development"),
    ("outcomes for pupils", "outcomes_for_pupils"),
    ("outcomes for learners", "outcomes_for_learners"),
    ("outcomes for children and learners", "outcomes_for_pupils"),
    ("early years provision", "early_years"),
    ("early years", "early_years"),
    ("16 to 19 study programmes", "sixth_form"),
    ("sixth form provision", "sixth_form"),
    ("sixth form", "sixth_form"),
    ("the quality of education", "quality_of_education"),
    ("quality of education", "quality_of_education"),
    ("behaviour and attitudes", "behaviour_and_attitudes"),
    ("behaviour and safety of pupils", "behaviour_and_safety"),
    ("achievement of pupils", "achievement_of_pupils"),
    ("education programmes for young people", "education_programmes_for_young_people"),
    ("adult learning programmes", "adult_learning_programmes"),
    ("apprenticeships", "apprenticeships"),
    ("provision for learners with high needs", "provision_for_learners_with_high_needs"),
    ("traineeships", "traineeships"),
    ("inclusion", "inclusion"),
    ("curriculum and teaching", "curriculum_and_teaching"),
    ("attendance and behaviour", "attendance_and_behaviour"),
    ("achievement", "achievement"),
    ("safeguarding", "safeguarding"),
]
GRADE_AT_END = re.compile(
    r"(?i)^(.*?)\s+(requires?\s+improvement(?:\s+to\s+be\s+good)?(?:\s+[1-4])?|outstanding(?:\s+1)?|good(?:\s+2)?|"
    r"satisfactory(?:\s+3)?|inadequate(?:\s+4)?|exceptional|strong standard|expected standard|needs attention|"
    r"urgent improvement|not met(?: with (?:actions|enforcement))?|met)$")
IMPROVE_RE = re.compile(r"(?i)^what (?:does|do) the (?:school|provider|college|setting|early years setting|academy)"
                        r"(?: and [a-z ]+)? need to do to improve(?: further)?\??:?$|^next steps:?$|"
                        r"^what the (?:school|provider|setting) should do to improve(?: further)?\??:?$|"
                        r"^what steps need to be taken to improve provision(?: further)?\??:?$")


def _front_rows(lines: list[Line], limit: int = 40) -> list[tuple[str | None, str, str, str, int | None]]:
    out = []
    for ln in lines[:limit]:
        m = GRADE_AT_END.match(ln.text.strip())
        if not m:
            continue
        label = norm(m.group(1))
        key = next((k for p, k in ROWS if label.startswith(p)), "?")
        if key == "?":
            continue
        g = exact_grade(m.group(2), None)
        if g:
            out.append((key, m.group(1).strip(), g[0], m.group(2), ln.page))
    return out


def detect(doc: Document) -> str | None:
    head = norm(" ".join(doc.texts[:8]))
    if "school pre-registration inspection report" in head:
        return "independent-school-preregistration"
    if any(S8_TITLE.match(t) for t in doc.texts[:40]) and "judgement grade" not in head:
        return "school-s8-letter"
    if re.search(r"children's home(?: inspection)?\b|\binterim inspection\b", head) or \
            any(rx.match(t) for t in doc.texts[:40] for rx, _ in HOME_ROWS):
        return "childrens-home-sccif"
    if re.search(r"independent (?:school )?(?:standard )?inspection", head) or \
            re.search(r"(?i)type of school:?\s+independent", doc.head(200)):
        if _front_rows(doc.lines):
            return "independent-school"
    rows = {k for k, *_ in _front_rows(doc.lines)}
    if "further education and skills inspection report" in head or rows & {
            "education_programmes_for_young_people", "adult_learning_programmes", "apprenticeships"}:
        return "fe-eif-2019" if "quality_of_education" in rows else "fe-cif-2015" if rows else None
    if rows & {"curriculum_and_teaching", "inclusion", "attendance_and_behaviour"}:
        return "school-report-card-2025"
    if head.startswith("school report") or "school report" in head:
        if "personal_development_behaviour_welfare" in rows:
            return "school-s5-2015"
        if rows & {"behaviour_and_safety", "achievement_of_pupils"}:
            return "school-s5-2012"
    if "quality_of_education" in rows and re.search(r"\binspection of\b", head):
        if re.search(r"(?i)\b(childminder|nursery|pre-school|early years)\b", head) and "early_years" not in rows:
            return "early-years-eif-2019"
        return "school-eif-2019" if "overall_effectiveness" in rows else "school-2024"
    if head.startswith("inspection report") and any(r[2] == "satisfactory" for r in _front_rows(doc.lines, 80)):
        return "school-s5-2005"
    return None


def parse(doc: Document, family: str) -> Report:
    lines = doc.lines
    rep = Report(type=family)
    texts = doc.texts
    ti = next((i for i, t in enumerate(texts[:6]) if re.match(r"(?i)^(school report|inspection of |school pre-registration|"
                                                              r"further education and skills inspection report|inspection report)", t)), 0)
    t0 = texts[ti] if texts else ""
    m = re.match(r"(?i)^inspection of (.+)$", t0)
    if m:
        rep.provider, rep.title = m.group(1).strip(), t0
    else:
        rep.title = t0
        nxt = texts[ti + 1] if ti + 1 < len(texts) else ""
        m2 = re.match(r"(?i)^inspection of (.+)$", nxt)
        rep.provider = (m2.group(1) if m2 else nxt).strip() or None
    for t in texts[:15]:
        if re.match(r"(?i)^inspection dates?\b", t):
            rep.inspection_start, rep.inspection_end = parse_date_range(re.sub(r"(?i)^inspection dates?:?", "", t))
            break
    um = re.search(r"(?im)^unique reference number:?\s*([A-Z]{0,2}\d{5,7})\b", doc.text)
    rep.urn = um.group(1) if um else None
    lm = re.search(r"(?im)^(.+?),\s*(?:lead|reporting) inspector\b", doc.text) or \
        re.search(r"(?im)^(?:lead|reporting) inspector:?\s+(.+)$", doc.text)
    if lm:
        rep.lead_inspector = clean_person(lm.group(1))
    for key, label, gid, printed, page in _front_rows(lines):
        if key is None:
            rep.extra["previous_overall_effectiveness"] = gid
            continue
        rep.add_judgement(Judgement(key, gid, printed, label, page, "table"))
    text = re.sub(r"\s+", " ", doc.text)
    cm = re.search(r"(?i)\b(requires|require|needs) special measures\b|\bspecial measures are required\b", text)
    sw = re.search(r"(?i)\bhas serious weaknesses\b|\bserious weaknesses\b.{0,40}\bnotice to improve\b", text)
    if cm:
        rep.add_judgement(Judgement("category_of_concern", "special_measures", cm.group(0), "Category of concern", None, "sentence"))
    elif sw:
        rep.add_judgement(Judgement("category_of_concern", "serious_weaknesses", sw.group(0), "Category of concern", None, "sentence"))
    sk = re.search(r"(?i)makes? an? (strong|reasonable|limited) contribution to meeting (?:the )?skills needs", text)
    if sk:
        rep.add_judgement(Judgement("contribution_to_skills_needs", sk.group(1).lower(), sk.group(0),
                                    "Contribution to meeting skills needs", None, "sentence"))
    if family == "independent-school-preregistration":
        i = find_line(lines, r"(?i)^overall outcome$")
        if i is not None:
            out = []
            for ln in lines[i + 1:i + 6]:
                if re.match(r"(?i)^main inspection findings", ln.text):
                    break
                out.append(ln.text)
            rep.extra["overall_outcome"] = re.sub(r"\s+", " ", " ".join(out)).strip() or None
    if family == "school-s8-letter":
        _s8(doc, rep)
    if family == "childrens-home-sccif":
        _home(doc, rep)
    if family == "independent-school":
        st = re.search(r"(?i)the school (does not meet|meets) (?:all )?(?:of )?the independent school standards", text)
        if st:
            rep.add_judgement(Judgement("independent_school_standards", "not_met" if "not" in st.group(1).lower() else "met",
                                        st.group(0), "Independent school standards", None, "sentence"))
    if family in ("school-2024", "school-report-card-2025") and not rep.judgement("overall_effectiveness"):
        rep.extra.setdefault("overall_effectiveness_note", "not graded for this kind of inspection")
    rep.recommendations = _improvements(lines)
    return rep


def _s8(doc: Document, rep: Report) -> None:
    """The outcome sentence of a section 8 letter; the letter's date as published."""
    for ln in doc.lines[:30]:
        if re.fullmatch(r"\s*\d{1,2}\s+[A-Za-z]+\s+\d{4}\s*", ln.text):
            rep.published = parse_date_range(ln.text)[0]
            break
    t = next((ln.text for ln in doc.lines[:40] if S8_TITLE.match(ln.text)), None)
    if t:
        rep.title = t
        rep.provider = re.sub(r"(?i)^.*?\b(?:of|school:)\s+", "", t).strip() or rep.provider
    text = re.sub(r"\s+", " ", doc.text)
    for rx, gid in S8_OUTCOMES:
        m = rx.search(text)
        if m:
            rep.add_judgement(Judgement("section8_outcome", gid, m.group(0), "Outcome of the inspection", None, "sentence"))
            break
    m = re.search(r"(?i)\b(?:this|the) school (?:requires|continues to require) special measures\b", text)
    if m:
        rep.add_judgement(Judgement("category_of_concern", "special_measures", m.group(0), "Category of concern", None, "sentence"))
    sig = next((i for i, ln in enumerate(doc.lines) if re.match(r"(?i)^yours (sincerely|faithfully)", ln.text)), None)
    if sig is not None:
        for cand in doc.lines[sig + 1:sig + 3]:
            name = clean_person(cand.text)
            if name and re.fullmatch(r"[A-Z][\w'\u2019-]+(?: [A-Z][\w'\u2019.-]*){1,3}", name):
                rep.lead_inspector = name
                break


def _home(doc: Document, rep: Report) -> None:
    """Children's homes: the three judgement rows; an interim inspection's effectiveness."""
    for ln in doc.lines[:80]:
        for rx, key in HOME_ROWS:
            if rx.match(ln.text):
                g = GRADE_AT_END.match(ln.text)
                if g:
                    gg = exact_grade(g.group(2), None)
                    if gg:
                        rep.add_judgement(Judgement(key, gg[0], g.group(2), g.group(1).strip(), ln.page, "table"))
    m = HOME_INTERIM.search(" ".join(doc.texts[:60]))
    if m:
        gid = m.group(1).lower()
        rep.add_judgement(Judgement("interim_effectiveness", gid, m.group(0), "Effectiveness since the last full inspection",
                                    None, "sentence"))


def _improvements(lines: list[Line]) -> list[Recommendation]:
    i = find_line(lines, IMPROVE_RE)
    if i is None:
        return []
    j = i + 1
    while j < len(lines) and j - i < 120:
        if looks_like_heading(lines, j) and not lines[j].text.startswith("\u2022") and \
                re.search(r"[.:;]$", lines[j - 1].text) and not lines[j].text.endswith(":"):
            break
        j += 1
    items = collect_items(lines[i + 1:j], paragraphs=True, trailing_paragraphs=True)
    return [Recommendation(it.full(), None, None, it.page) for it in items]
