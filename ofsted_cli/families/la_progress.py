"""Other local-authority reports: the 2009 inspections of progress in safeguarding services."""
from __future__ import annotations

import re
from typing import Any

from ..document import Document
from .base import FamilyInfo, Raw, Row
from .common import find_line, improvement, norm, raw_item
from .readers import published_date

# detection order among the family modules: lower asks first (more specific titles first)
PRIORITY = 70

FAMILIES = [
    FamilyInfo("la-safeguarding-progress-2009", "Inspection of progress made in the provision of safeguarding "
               "services (2009)", {"overall_progress": "Overall judgement on progress"}, ("overall_progress",),
               {"priorities_for_further_improvement": "Priorities for further improvement"}, evidence="real (1)", grades_deep=True, authority=True, prints=("title", "provider")),
]
PROGRESS = re.compile(r"(?i)\b(?:made|is|has been|was)\s+(inadequate|limited|satisfactory|adequate|good|outstanding)\s+progress\b|"
                      r"\bprogress\s+(?:is|has been)\s+(inadequate|limited|satisfactory|adequate|good|outstanding)\b")
PRIORITIES = re.compile(r"(?i)^priorities for further improvement:?$")


def detect(doc: Document) -> str | None:
    if "inspection of progress made in the provision of safeguarding services" in norm(" ".join(doc.texts[:6])):
        return "la-safeguarding-progress-2009"
    return None


def raw(doc: Document, family: str, found: Any = None) -> Raw:
    lines = doc.lines
    r = Raw()
    title = []
    for ln in lines[:6]:
        if re.match(r"(?i)^(care quality commission|hm inspectorate|ofsted|age group)", ln.text):
            break
        title.append(ln.text)
    r.title = re.sub(r"\s+", " ", " ".join(title)).strip()
    m = re.search(r"(?i)safeguarding services in (?:the )?(.+)$", r.title)
    r.provider = m.group(1).strip() if m else None
    r.published = published_date(lines[:15])
    i = find_line(lines, r"(?i)^overall judgement on progress")
    if i is not None:
        para = " ".join(ln.text for ln in lines[i + 1:i + 12])
        pm = PROGRESS.search(para)
        if pm:
            word = (pm.group(1) or pm.group(2)).lower()
            r.rows.append(Row("overall_progress", word, lines[i].text, lines[i].page, "sentence", gid=word))
    for head, it in improvement(doc, PRIORITIES, section_of=lambda b: "priorities_for_further_improvement",
                                paragraphs=False, found=r.sections_found):
        r.items.append(raw_item(head, it, "priorities_for_further_improvement"))
    return r
