"""What school-like reports share (schools, colleges, early years settings, social-care
providers): the front page's 'Label | Grade' table — its rows read against one list of every
printed label (:data:`ROWS`) — and the front matter every such family reads the same way:
title and provider (a title wrapped over lines), inspection dates, URN, lead inspector,
the category of concern and the improvement list. A family module asks :func:`read` for all
of that and adds only what its reports alone print."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..grades import grade_id
from ..layout import Block
from .base import FamilyInfo, Raw, Row
from .common import grade_rows, heading_rows, improvement, match_label, norm, raw_item
from .readers import inspection_dates, lead_in_text, urn_of, wrapped_title

# the education inspection framework's judgements (schools 2019–2024; colleges and early
# years settings grade a subset of them)
EIF = {"overall_effectiveness": "Overall effectiveness", "quality_of_education": "The quality of education",
       "behaviour_and_attitudes": "Behaviour and attitudes", "personal_development": "Personal development",
       "leadership_and_management": "Leadership and management", "early_years": "Early years provision",
       "sixth_form": "Sixth-form provision", "category_of_concern": "Category of concern"}
EIF_EXPECTED = ("overall_effectiveness", "quality_of_education", "behaviour_and_attitudes", "personal_development",
                "leadership_and_management")
IMPROVE = {"what_needs_to_improve": "What does the school / provider / setting need to do to improve (further)?"}

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
    ("outcomes in education and related learning activities", "outcomes_in_education"),
    ("health services", "health_services"),
]
IMPROVE_RE = re.compile(r"(?i)^what (?:does|do) the (?:school|provider|college|setting|early years setting|academy)"
                        r"(?: and [a-z ]+)? need to do to improve(?: further)?\??:?$|"
                        r"^next steps(?: for the (?:school|provider|setting|academy|college))?:?$|"
                        r"^what the (?:school|provider|setting) should do to improve(?: further)?\??:?$|"
                        r"^what steps need to be taken to improve provision(?: further)?\??:?$")


def front_rows(doc: Document, limit: int = 80) -> list[Row]:
    """The front table's rows (first page; the first ``limit`` lines of text input)."""
    lines = doc.lines
    if doc.paged and lines:
        first = lines[0].page
        lines = [ln for ln in lines[:limit] if ln.page == first]
    return grade_rows(lines[:limit], ROWS, skip=lambda t: len(t) > 150)


@dataclass
class FrontTable:
    """The front page's table: the rows read with a grade, and the keys of every row whose
    label opens a line of the front page (with or without a grade read beside it)."""
    rows: list[Row]
    keys: set[str]


def table(doc: Document) -> FrontTable:
    """The front table, read once per document: every school-like family's ``detect`` asks
    for it, and the ``raw`` of the one that claims the report reads it again from the
    document's cache."""
    got = doc.derived.get("front_table")
    if got is None:
        rows = front_rows(doc)
        keys = {r.key for r in rows}
        lines = doc.lines
        if doc.paged and lines:
            lines = [ln for ln in lines[:80] if ln.page == lines[0].page]
        for ln in lines[:80]:
            if len(ln.text) < 80:
                key, exact = match_label(ln.text, ROWS)
                if key and exact and len(ln.text.split()) <= len(_label_words(key)) + 4:
                    keys.add(key)
        got = doc.derived["front_table"] = FrontTable(rows, keys)
    return got


def row_keys(doc: Document) -> set[str]:
    return table(doc).keys


def _label_words(key: str) -> list[str]:
    return next((lab.split() for lab, k in ROWS if k == key), [])


def read(doc: Document, info: FamilyInfo) -> Raw:
    """The front matter and graded rows of a school-like report (title, provider, dates,
    URN, lead inspector, the rows of ``info``'s keys from the front table and the graded
    headings, the previous grade, a category of concern); the front table is the one
    ``detect`` read (:func:`table`). The improvement list is :func:`items`."""
    r = Raw()
    _title_and_provider(doc, r)
    r.inspection_start, r.inspection_end = inspection_dates(doc)
    r.urn = urn_of(doc)
    r.lead_inspector = lead_in_text(doc)
    keys = dict(info.keys)
    for row in table(doc).rows:
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
    return r


def items(doc: Document, r: Raw, stop_rx: re.Pattern | None = None) -> None:
    """The improvement list ('What does the school need to do to improve further?', 'Next
    steps (for the school)'): its items, paragraphs after it too; ``stop_rx``: lines that
    end it (a letter's closing paragraphs)."""
    for head, it in improvement(doc, IMPROVE_RE, section_of=_section_of, trailing_paragraphs=True, stop_rx=stop_rx,
                                first_only=True, found=r.sections_found):
        r.items.append(raw_item(head, it, _section_of(head)))


def _section_of(head: Block) -> str:
    return "next_steps" if norm(head.text).startswith("next steps") else "what_needs_to_improve"


def _title_and_provider(doc: Document, r: Raw) -> None:
    texts = doc.texts
    ti = next((i for i, t in enumerate(texts[:6]) if re.match(
        r"(?i)^(school report|inspection of |school pre-registration|further education and skills inspection report|"
        r"inspection report)", t)), 0)
    t0 = texts[ti] if texts else ""
    if re.match(r"(?i)^inspection of ", t0):
        t0 = wrapped_title(doc, ti, lambda t: bool(match_label(t, ROWS)[0]))
    m = re.match(r"(?i)^inspection of (.+)$", t0)
    if m:
        r.provider, r.title = m.group(1).strip(), t0
    else:
        r.title = t0
        nxt = texts[ti + 1] if ti + 1 < len(texts) else ""
        m2 = re.match(r"(?i)^inspection of (.+)$", nxt)
        r.provider = (m2.group(1) if m2 else nxt).strip() or None
    if r.provider and len(r.provider) > 120:
        r.provider = None


def independent_school(doc: Document, head: str) -> bool:
    """The report is about an independent school (its title, or 'Type of school:
    Independent' among its details)."""
    return bool(re.search(r"independent (?:school )?(?:standard )?inspection", head) or
                re.search(r"(?i)type of school:?\s+independent", doc.head(200)))


def head_words(doc: Document, n: int = 8) -> str:
    """The first ``n`` lines, normalised: where titles are."""
    return norm(" ".join(doc.texts[:n]))


