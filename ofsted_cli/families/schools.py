"""Schools and other providers: a front-page table of 'Label | Grade' rows (wrapped over lines
or not), the family decided by the title and which rows the table holds; body headings that
restate a grade cross-check it.

Evidence: school-s5-2015, early-years-eif-2019 and childrens-home-sccif read against real
reports (``../shared/corpus/providers``, ``misc``), fe-eif-2019 and
independent-school-preregistration against one each; the other eras only from their
documented wording (``report-formats.md``), pinned by unit tests on short excerpts.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..document import Document
from ..grades import grade_id
from ..layout import Block, blocks, find_headings, items as block_items, section
from .base import FamilyInfo, Raw, RawItem, Row
from .common import (clean_person, find_line, grade_rows, heading_rows, improvement, inspector_under_heading,
                     is_person, labelled_value, letter_date, match_label, norm, parse_date, parse_date_range, raw_item)

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
_EIF = {"overall_effectiveness": "Overall effectiveness", "quality_of_education": "The quality of education",
        "behaviour_and_attitudes": "Behaviour and attitudes", "personal_development": "Personal development",
        "leadership_and_management": "Leadership and management", "early_years": "Early years provision",
        "sixth_form": "Sixth-form provision", "category_of_concern": "Category of concern"}
_CARD = {"inclusion": "Inclusion", "curriculum_and_teaching": "Curriculum and teaching", "achievement": "Achievement",
         "attendance_and_behaviour": "Attendance and behaviour",
         "personal_development_and_wellbeing": "Personal development and well-being",
         "leadership_and_governance": "Leadership and governance", "early_years": "Early years",
         "sixth_form": "Sixth form", "safeguarding": "Safeguarding"}
_FE_EIF = {k: v for k, v in _EIF.items() if k not in ("early_years", "sixth_form", "category_of_concern")} | {
    "education_programmes_for_young_people": "Education programmes for young people",
    "adult_learning_programmes": "Adult learning programmes", "apprenticeships": "Apprenticeships",
    "provision_for_learners_with_high_needs": "Provision for learners with high needs",
    "contribution_to_skills_needs": "Contribution to meeting skills needs"}
_FE_CIF = {"overall_effectiveness": "Overall effectiveness",
           "leadership_and_management": "Effectiveness of leadership and management",
           "quality_of_teaching": "Quality of teaching, learning and assessment",
           "personal_development_behaviour_welfare": "Personal development, behaviour and welfare",
           "outcomes_for_learners": "Outcomes for learners", "sixth_form": "16 to 19 study programmes",
           "adult_learning_programmes": "Adult learning programmes", "apprenticeships": "Apprenticeships",
           "traineeships": "Traineeships", "provision_for_learners_with_high_needs": "Provision for learners with high needs"}
_EY = {k: _EIF[k] for k in ("overall_effectiveness", "quality_of_education", "behaviour_and_attitudes",
                             "personal_development", "leadership_and_management")} | {"safeguarding": "Safeguarding"}
_HOME = {"overall_experiences_and_progress": "Overall experiences and progress of children and young people",
         "helped_and_protected": "How well children and young people are helped and protected",
         "effectiveness_of_leaders_and_managers": "The effectiveness of leaders and managers",
         "interim_effectiveness": "Effectiveness since the last full inspection"}
_INDEPENDENT = {k: v for k, v in _EIF.items() if k != "category_of_concern"} | {
    "independent_school_standards": "Independent school standards"}
_IMPROVE = {"what_needs_to_improve": "What does the school / provider / setting need to do to improve (further)?"}
_HOME_SECTIONS = {"statutory_requirements": "Statutory requirements (a table: requirement, due date)",
                  "recommendations": "Recommendation(s)"}
# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 60

FAMILIES = [
    FamilyInfo("independent-school-preregistration", "Independent school pre-registration inspection (no grades)",
               graded=False, evidence="real (1)"),
    FamilyInfo("school-s8-letter", "Section 8 letter (short, ungraded or monitoring inspection): an outcome sentence",
               {"section8_outcome": "Outcome of the inspection", "category_of_concern": "Category of concern"},
               ("section8_outcome",)),
    FamilyInfo("childrens-home-sccif", "Children's home inspection (social care common inspection framework)",
               _HOME, tuple(list(_HOME)[:3]), _HOME_SECTIONS, evidence="real (2: one home)", full=True),
    FamilyInfo("independent-school", "Independent school standard inspection (graded, plus standards met / not met)",
               _INDEPENDENT, ("overall_effectiveness", "quality_of_education", "behaviour_and_attitudes",
                              "personal_development", "leadership_and_management"), _IMPROVE, full=True),
    FamilyInfo("fe-eif-2019", "Further education and skills inspection, education inspection framework", _FE_EIF,
               ("overall_effectiveness", "quality_of_education", "behaviour_and_attitudes", "personal_development",
                "leadership_and_management"), _IMPROVE, evidence="real (1)", full=True),
    FamilyInfo("fe-cif-2015", "Further education and skills inspection, common inspection framework", _FE_CIF,
               ("overall_effectiveness", "leadership_and_management", "quality_of_teaching",
                "personal_development_behaviour_welfare", "outcomes_for_learners"), _IMPROVE, full=True),
    FamilyInfo("school-report-card-2025", "School report card from 10 November 2025 (five-point scale)", _CARD,
               ("inclusion", "curriculum_and_teaching", "achievement", "attendance_and_behaviour",
                "personal_development_and_wellbeing", "leadership_and_governance", "safeguarding"),
               {"next_steps": "Next steps"}, full=True),
    FamilyInfo("school-s5-2015", "School report, common inspection framework 2015–2019", _SCHOOL_2015,
               ("overall_effectiveness", "leadership_and_management", "quality_of_teaching",
                "personal_development_behaviour_welfare", "outcomes_for_pupils"), _IMPROVE,
               evidence="real (2: one re-saved by another program)", full=True),
    FamilyInfo("school-s5-2012", "School report, September 2012–August 2015 ('Requires improvement 3')", _SCHOOL_2012,
               ("overall_effectiveness", "achievement_of_pupils", "quality_of_teaching", "behaviour_and_safety",
                "leadership_and_management"), _IMPROVE, full=True),
    FamilyInfo("early-years-eif-2019", "Early years inspection (childminders and nurseries)", _EY,
               ("overall_effectiveness",), _IMPROVE, evidence="real (1)", full=True),
    FamilyInfo("school-eif-2019", "School inspection, education inspection framework 2019–2024", _EIF,
               ("overall_effectiveness", "quality_of_education", "behaviour_and_attitudes", "personal_development",
                "leadership_and_management"), _IMPROVE, full=True),
    FamilyInfo("school-2024", "School inspection from September 2024 (no overall effectiveness for state-funded "
               "schools)", _EIF, ("quality_of_education", "behaviour_and_attitudes", "personal_development",
                                  "leadership_and_management"), _IMPROVE, full=True),
    FamilyInfo("school-s5-2005", "School inspection report, section 5, 2005–August 2012 (satisfactory scale)",
               _SCHOOL_2005, ("overall_effectiveness",), _IMPROVE, full=True),
]
# every report of these families prints the provider's unique reference number (the key of
# its records), most in the provider's details at the end
FAMILIES = [replace(f, urn=True) for f in FAMILIES]
_BY_ID = {f.id: f for f in FAMILIES}

# every printed row label of the front tables -> key ('_previous': the last inspection's grade)
ROWS = [
    ("overall effectiveness at previous inspection", "_previous"), ("overall judgement at last inspection", "_previous"),
    ("previous inspection grade", "_previous"),
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
    ("outcomes for pupils", "outcomes_for_pupils"), ("outcomes for learners", "outcomes_for_learners"),
    ("outcomes for children and learners", "outcomes_for_pupils"),
    ("early years provision", "early_years"), ("early years foundation stage", "early_years"),
    ("early years", "early_years"),
    ("16 to 19 study programmes", "sixth_form"), ("sixth form provision", "sixth_form"),
    ("sixth-form provision", "sixth_form"), ("sixth form", "sixth_form"),
    ("the quality of education", "quality_of_education"), ("quality of education", "quality_of_education"),
    ("behaviour and attitudes", "behaviour_and_attitudes"), ("behaviour and safety of pupils", "behaviour_and_safety"),
    ("achievement of pupils", "achievement_of_pupils"),
    ("education programmes for young people", "education_programmes_for_young_people"),
    ("adult learning programmes", "adult_learning_programmes"), ("apprenticeships", "apprenticeships"),
    ("provision for learners with high needs", "provision_for_learners_with_high_needs"),
    ("traineeships", "traineeships"), ("inclusion", "inclusion"), ("curriculum and teaching", "curriculum_and_teaching"),
    ("attendance and behaviour", "attendance_and_behaviour"), ("achievement", "achievement"),
    ("safeguarding", "safeguarding"),
    ("overall experiences and progress of children and young people", "overall_experiences_and_progress"),
    ("how well children and young people are helped and protected", "helped_and_protected"),
    ("the effectiveness of leaders and managers", "effectiveness_of_leaders_and_managers"),
]
HOME_KEYS = {k: v for k, v in _HOME.items() if k != "interim_effectiveness"}

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
HOME_INTERIM = re.compile(r"(?i)\b(improved|sustained|declined)(?: in)? effectiveness\b")
IMPROVE_RE = re.compile(r"(?i)^what (?:does|do) the (?:school|provider|college|setting|early years setting|academy|"
                        r"children['\u2019]s home)(?: and [a-z ]+)? need to do to improve(?: further)?\??:?$|"
                        r"^next steps:?$|"
                        r"^what the (?:school|provider|setting) should do to improve(?: further)?\??:?$|"
                        r"^what steps need to be taken to improve provision(?: further)?\??:?$")
HOME_SUB = re.compile(r"(?i)^(statutory requirements?|recommendations?)\s*:?$")
_REQ_HEADER = re.compile(r"(?i)^requirements?\s+due date$")
_DATE_CELL = re.compile(r"(?i)^\d{1,2}\s+[a-z]+\s+\d{4}$|^\d{1,2}/\d{1,2}/\d{4}$")


def _front_rows(doc: Document, limit: int = 80) -> list[Row]:
    """The front table's rows (first page; the first ``limit`` lines of text input)."""
    lines = doc.lines
    if doc.paged and lines:
        first = lines[0].page
        lines = [ln for ln in lines[:limit] if ln.page == first]
    return grade_rows(lines[:limit], ROWS, skip=lambda t: len(t) > 150)


def _row_keys(doc: Document) -> set[str]:
    """Keys of the front table's rows: those read with a grade, and those whose label opens a
    line of the front page even where no grade could be read beside it."""
    keys = {r.key for r in _front_rows(doc)}
    lines = doc.lines
    if doc.paged and lines:
        lines = [ln for ln in lines[:80] if ln.page == lines[0].page]
    for ln in lines[:80]:
        if len(ln.text) < 80:
            key, exact = match_label(ln.text, ROWS)
            if key and exact and len(ln.text.split()) <= len(_label_words(key)) + 4:
                keys.add(key)
    return keys


def _label_words(key: str) -> list[str]:
    return next((lab.split() for lab, k in ROWS if k == key), [])


def detect(doc: Document) -> str | None:
    head = norm(" ".join(doc.texts[:8]))
    if "school pre-registration inspection report" in head:
        return "independent-school-preregistration"
    if any(S8_TITLE.match(t) for t in doc.texts[:40]) and "judgement grade" not in head:
        return "school-s8-letter"
    rows = _row_keys(doc)
    if re.search(r"children's home(?: inspection)?\b|\binterim inspection\b|inspection report for children's home", head) \
            or rows & set(HOME_KEYS):
        return "childrens-home-sccif"
    if re.search(r"independent (?:school )?(?:standard )?inspection", head) or \
            re.search(r"(?i)type of school:?\s+independent", doc.head(200)):
        if rows - {"_previous"}:
            return "independent-school"
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
    if re.search(r"\binspection of\b", head) and rows & {"quality_of_education", "safeguarding"}:
        if re.search(r"(?i)\b(childminder|nursery|pre-?\s?school|early years|registered early years provider)\b", head) \
                and "early_years" not in rows:
            return "early-years-eif-2019"
        if "quality_of_education" in rows:
            return "school-eif-2019" if "overall_effectiveness" in rows else "school-2024"
    if head.startswith("inspection report") and (any(exact_satisfactory(r) for r in _front_rows(doc, 120))
                                                 or re.search(r"(?i)grade 3:? satisfactory", doc.head(120))):
        return "school-s5-2005"
    return None


def exact_satisfactory(r: Row) -> bool:
    return "satisfactory" in r.grade.lower()


def raw(doc: Document, family: str) -> Raw:
    lines = doc.lines
    r = Raw()
    info = _BY_ID[family]
    _title_and_provider(doc, r, family)
    for ln in lines[:30]:
        if re.match(r"(?i)^inspection dates?\b", ln.text):
            r.inspection_start, r.inspection_end = parse_date_range(re.sub(r"(?i)^inspection dates?:?", "", ln.text))
            break
    um = re.search(r"(?im)^unique reference number:?\s*([A-Z]{0,2}\d{5,7})\b", doc.text)
    r.urn = um.group(1) if um else None
    r.lead_inspector = _inspector(doc)
    keys = dict(info.keys)
    for row in _front_rows(doc):
        if row.key == "_previous":
            r.extra.setdefault("previous_overall_effectiveness", grade_id(row.grade))
        elif row.key in keys:
            r.rows.append(row)
    r.rows.extend(h for h in heading_rows(doc, ROWS) if h.key in keys)
    text = doc.flat
    cm = re.search(r"(?i)\b(requires|require|needs) special measures\b|\bspecial measures are required\b", text)
    sw = re.search(r"(?i)\bhas serious weaknesses\b|\bserious weaknesses\b.{0,40}\bnotice to improve\b", text)
    if cm:
        r.rows.append(Row("category_of_concern", cm.group(0), "Category of concern", doc.page_at(cm.start()), "sentence",
                          gid="special_measures"))
    elif sw:
        r.rows.append(Row("category_of_concern", sw.group(0), "Category of concern", doc.page_at(sw.start()), "sentence",
                          gid="serious_weaknesses"))
    sk = re.search(r"(?i)makes? an? (strong|reasonable|limited) contribution to meeting (?:the )?skills needs", text)
    if sk:
        r.rows.append(Row("contribution_to_skills_needs", sk.group(0), "Contribution to meeting skills needs",
                          doc.page_at(sk.start()),
                          "sentence", gid=sk.group(1).lower()))
    if family == "independent-school-preregistration":
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
    if family == "childrens-home-sccif":
        _home(doc, r)
    if family == "independent-school":
        st = re.search(r"(?i)the school (does not meet|meets) (?:all )?(?:of )?the independent school standards", text)
        if st:
            r.rows.append(Row("independent_school_standards", st.group(0), "Independent school standards",
                              doc.page_at(st.start()),
                              "sentence", gid="not_met" if "not" in st.group(1).lower() else "met"))
    if family in ("school-2024", "school-report-card-2025") and not any(x.key == "overall_effectiveness" for x in r.rows):
        r.extra.setdefault("overall_effectiveness_note", "not graded for this kind of inspection")
    if family == "childrens-home-sccif":
        r.items = _home_items(doc, r)
    else:
        for head, it in improvement(doc, IMPROVE_RE, section_of=_section_of, trailing_paragraphs=True,
                                    first_only=True, found=r.sections_found):
            r.items.append(raw_item(head, it, _section_of(head)))
    return r


def _section_of(head: Block) -> str:
    return "next_steps" if norm(head.text).startswith("next steps") else "what_needs_to_improve"


def _title_and_provider(doc: Document, r: Raw, family: str) -> None:
    texts = doc.texts
    ti = next((i for i, t in enumerate(texts[:6]) if re.match(
        r"(?i)^(school report|inspection of |school pre-registration|further education and skills inspection report|"
        r"inspection report)", t)), 0)
    t0 = texts[ti] if texts else ""
    if re.match(r"(?i)^inspection of ", t0):
        t0 = _wrapped_title(doc, ti)
    m = re.match(r"(?i)^inspection of (.+)$", t0)
    if m:
        r.provider, r.title = m.group(1).strip(), t0
    else:
        r.title = t0
        nxt = texts[ti + 1] if ti + 1 < len(texts) else ""
        m2 = re.match(r"(?i)^inspection of (.+)$", nxt)
        r.provider = (m2.group(1) if m2 else nxt).strip() or None
    if family == "childrens-home-sccif":
        # children's homes are not named: the provider is the registered provider, as printed
        r.provider = labelled_value(doc.lines[:200], r"registered provider") or None
        kind = next((t for t in texts[:12] if re.fullmatch(r"(?i)(?:full|interim|monitoring) inspection", t)), None)
        r.title = f"Children's home inspection: {kind.lower()}" if kind else r.title
    if r.provider and len(r.provider) > 120:
        r.provider = None


def _wrapped_title(doc: Document, ti: int) -> str:
    """A title wrapped over lines ('Inspection of Example Church of England' / 'Primary
    School'): in a PDF, the heading block it opens (lines in the same type); in text, the
    next line where it is a short run of capitalised words (not an address, not a label)."""
    first = doc.lines[ti]
    if doc.styled:
        b = next((b for b in blocks(doc) if b.lines and b.lines[0] is first), None)
        if b is not None and b.kind == "heading":
            return b.text
        return first.text
    t = first.text
    if ti + 1 < len(doc.lines):
        nxt = doc.lines[ti + 1].text
        if t.endswith("-") and len(nxt) < 40:
            return t + nxt  # 'Pre-' / 'School'
        if len(nxt) < 40 and not re.search(r"[\d,:]", nxt) and re.fullmatch(r"(?:[A-Z][\w'\u2019&-]*\s?)+", nxt) \
                and not match_label(nxt, ROWS)[0]:
            return f"{t} {nxt}"
    return t


def _inspector(doc: Document) -> str | None:
    lm = re.search(r"(?im)^(.+?),\s*(?:lead|reporting) inspector\b", doc.text) or \
        re.search(r"(?im)^(?:lead|reporting) inspector:?\s+(.+)$", doc.text)
    if lm:
        name = clean_person(lm.group(1))
        if name:
            return name
    return inspector_under_heading(doc)


def _s8(doc: Document, r: Raw) -> None:
    """The outcome sentence of a section 8 letter; the letter's date as published."""
    r.published = letter_date(doc.lines, None, 30)
    t = next((ln.text for ln in doc.lines[:40] if S8_TITLE.match(ln.text)), None)
    if t:
        r.title = t
        m = re.search(r"(?i)\bschool:\s+(.+)$", t) or re.search(r"(?i)\bof\s+(.+)$", t)
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
    sig = next((i for i, ln in enumerate(doc.lines) if re.match(r"(?i)^yours (sincerely|faithfully)", ln.text)), None)
    if sig is not None:
        for cand in doc.lines[sig + 1:sig + 3]:
            name = clean_person(cand.text)
            if name and is_person(name) and " " in name:
                r.lead_inspector = name
                break


def _home(doc: Document, r: Raw) -> None:
    """Children's homes: an interim inspection's effectiveness; a full inspection expects its
    three judgements, an interim one only its effectiveness."""
    m = HOME_INTERIM.search(" ".join(doc.texts[:60]))  # offsets as in doc.flat
    if m:
        r.rows.append(Row("interim_effectiveness", m.group(0), "Effectiveness since the last full inspection",
                          doc.page_at(m.start()),
                          "sentence", gid=m.group(1).lower()))
    if re.search(r"(?im)^interim inspection\b", "\n".join(doc.texts[:20])):
        r.expected = ("interim_effectiveness",)


def _home_items(doc: Document, r: Raw) -> list[RawItem]:
    """'What does the children's home need to do to improve?': the 'Statutory requirements'
    table (one item per requirement, its due date kept in ``due``; the lead-in is not an
    item) and the 'Recommendation(s)' bullets (each with its printed citation)."""
    bs = blocks(doc)
    out: list[RawItem] = []
    heads = find_headings(bs, IMPROVE_RE, styled=doc.styled)
    if not heads:
        return out
    sec = section(bs, heads[0], inner=re.compile(HOME_SUB.pattern + "|" + _REQ_HEADER.pattern[4:]))
    parts: list[tuple[Block, list[Block]]] = []
    for b in sec:
        if (b.kind == "heading" or b.label) and HOME_SUB.match(b.text):
            parts.append((b, []))
        elif parts:
            parts[-1][1].append(b)
    for head, under in parts:
        if norm(head.text).startswith("statutory"):
            rows = _requirement_rows(under)
            if rows:
                r.sections_found.append("statutory_requirements")
            for text, due, page in rows:
                out.append(RawItem(text, "statutory_requirements", head.text, page, extra={"due": due}))
        else:
            got = block_items(under, styled=doc.styled)
            if got:
                r.sections_found.append("recommendations")
            out.extend(raw_item(head, it, "recommendations") for it in got)
    return out


def _requirement_rows(blocks: list[Block]) -> list[tuple[str, str | None, int | None]]:
    """Rows of the requirements table: the lines after its 'Requirement | Due date' header, a
    row closed by its due date (a date alone in the right-hand cell, which the text gives
    after the requirement's lines)."""
    lines = [ln for b in blocks for ln in b.lines]
    start = next((k + 1 for k, ln in enumerate(lines) if _REQ_HEADER.match(ln.text)), None)
    if start is None:
        # no header read: the rows start with the first requirement ('The registered person must …')
        start = next((k for k, ln in enumerate(lines) if re.search(r"(?i)\bregistered person\b", ln.text)), len(lines))
    rows: list[tuple[str, str | None, int | None]] = []
    cur: list[str] = []
    page = None
    for ln in lines[start:]:
        t = ln.text
        m = _DUE_END.match(t)
        if _DATE_CELL.match(t) or (m and not ln.styled):
            if m and m.group(1):
                cur.append(m.group(1))
            if cur:
                rows.append((" ".join(cur), parse_date(m.group(2) if m else t), page))
            cur, page = [], None
            continue
        if not cur:
            page = ln.page
        cur.append(t)
    if cur:
        rows.append((" ".join(cur), None, page))
    return rows


_DUE_END = re.compile(r"(?i)^(.*?)\s*(\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4})$")
