"""Other local-authority reports: the 2009 inspections of progress in safeguarding services."""
from __future__ import annotations

import re

from ..document import Document
from ..model import Judgement, Recommendation, Report
from .common import collect_items, find_line, looks_like_heading, norm, parse_date

FAMILIES = {
    "la-safeguarding-progress-2009": "Inspection of progress made in the provision of safeguarding services (2009)",
}
PROGRESS = re.compile(r"(?i)\b(?:made|is|has been|was)\s+(inadequate|limited|satisfactory|adequate|good|outstanding)\s+progress\b|"
                      r"\bprogress\s+(?:is|has been)\s+(inadequate|limited|satisfactory|adequate|good|outstanding)\b")


def detect(doc: Document) -> str | None:
    if "inspection of progress made in the provision of safeguarding services" in norm(" ".join(doc.texts[:6])):
        return "la-safeguarding-progress-2009"
    return None


def parse(doc: Document, family: str) -> Report:
    lines = doc.lines
    rep = Report(type=family)
    title = []
    for ln in lines[:6]:
        if re.match(r"(?i)^(care quality commission|hm inspectorate|ofsted|age group)", ln.text):
            break
        title.append(ln.text)
    rep.title = re.sub(r"\s+", " ", " ".join(title)).strip()
    m = re.search(r"(?i)safeguarding services in (?:the )?(.+)$", rep.title)
    rep.provider = m.group(1).strip() if m else None
    for ln in lines[:15]:
        if ln.text.lower().startswith("published"):
            rep.published = parse_date(ln.text)
    i = find_line(lines, r"(?i)^overall judgement on progress")
    if i is not None:
        para = " ".join(ln.text for ln in lines[i + 1:i + 12])
        pm = PROGRESS.search(para)
        if pm:
            word = (pm.group(1) or pm.group(2)).lower()
            gid = {"limited": "limited", "inadequate": "inadequate", "satisfactory": "satisfactory",
                   "adequate": "adequate", "good": "good", "outstanding": "outstanding"}[word]
            rep.add_judgement(Judgement("overall_progress", gid, pm.group(0), lines[i].text, lines[i].page, "sentence"))
    if not rep.judgements:
        rep.warn("no-judgements", "the overall judgement on progress was not found")
    k = find_line(lines, r"(?i)^priorities for further improvement:?$")
    if k is not None:
        j = k + 1
        while j < len(lines) and not (looks_like_heading(lines, j) and not lines[j].text.startswith("\u2022")):
            j += 1
        block = lines[k + 1:j]
        first = next((n for n, ln in enumerate(block) if ln.text.startswith("\u2022")), len(block))
        rep.recommendations = [Recommendation(it.full(), None, None, it.page)
                               for it in collect_items(block[first:], paragraphs=False)]
    return rep
