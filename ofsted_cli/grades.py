"""Grade normalisation: every printed grade wording to one grade id and score.

The vocabulary is ``../shared/spec/judgement-keys.md`` (documented in the README).
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Grade:
    id: str
    score: int | None


GRADES = {
    "outstanding": Grade("outstanding", 1),
    "good": Grade("good", 2),
    "requires_improvement": Grade("requires_improvement", 3),
    "adequate": Grade("adequate", 3),
    "satisfactory": Grade("satisfactory", 3),
    "inadequate": Grade("inadequate", 4),
    "exceptional": Grade("exceptional", None),
    "strong_standard": Grade("strong_standard", None),
    "expected_standard": Grade("expected_standard", None),
    "needs_attention": Grade("needs_attention", None),
    "urgent_improvement": Grade("urgent_improvement", None),
    "met": Grade("met", None),
    "not_met": Grade("not_met", None),
    "positive_experiences": Grade("positive_experiences", None),
    "inconsistent_experiences": Grade("inconsistent_experiences", None),
    "systemic_failings": Grade("systemic_failings", None),
    "strong": Grade("strong", None),
    "reasonable": Grade("reasonable", None),
    "limited": Grade("limited", None),
    "special_measures": Grade("special_measures", None),
    "serious_weaknesses": Grade("serious_weaknesses", None),
    # children's homes interim inspections
    "improved": Grade("improved", None),
    "sustained": Grade("sustained", None),
    "declined": Grade("declined", None),
    # section 8 letter outcomes (see README)
    "continues_good": Grade("continues_good", None),
    "continues_outstanding": Grade("continues_outstanding", None),
    "may_improve": Grade("may_improve", None),
    "may_decline": Grade("may_decline", None),
    "taking_effective_action": Grade("taking_effective_action", None),
    "not_taking_effective_action": Grade("not_taking_effective_action", None),
}

# Printed wordings of the four-point (and report-card) scales, longest first so that
# 'requires improvement to be good' wins over 'good'.
_WORDS = [
    (r"requires?\s+improvement(?:\s+to\s+be\s+good)?", "requires_improvement"),
    (r"strong\s+standard", "strong_standard"),
    (r"expected\s+standard", "expected_standard"),
    (r"needs\s+attention", "needs_attention"),
    (r"urgent\s+improvement", "urgent_improvement"),
    (r"not\s+met(?:\s+with\s+(?:actions|enforcement))?", "not_met"),
    (r"outstanding", "outstanding"),
    (r"inadequate", "inadequate"),
    (r"adequate", "adequate"),
    (r"satisfactory", "satisfactory"),
    (r"exceptional", "exceptional"),
    (r"good", "good"),
    (r"met", "met"),
]
_WORD_RE = re.compile(r"(?i)\b(" + "|".join(f"(?:{w})" for w, _ in _WORDS) + r")\b")
_NUMBER_GRADE = {1: "outstanding", 2: "good", 4: "inadequate"}

# 'Grade 2 (good)', 'Grade 3 (Adequate)'
GRADE_N_RE = re.compile(r"(?i)\bGrade\s*([1-4])\s*\(\s*([A-Za-z ]+?)\s*\)")
FOUR_POINT = ("outstanding", "good", "requires_improvement", "adequate", "satisfactory", "inadequate")


def grade_id(word: str) -> str | None:
    """Map one printed grade wording ('Requires Improvement to be good') to its id."""
    w = re.sub(r"\s+", " ", word.strip().lower().replace("\u2019", "'"))
    w = w.strip(" .:*")
    w = re.sub(r"^(requires? improvement) to(?: be)?$", r"\1", w)  # wrapped 'to be good'
    for pattern, gid in _WORDS:
        if re.fullmatch(pattern, w):
            return gid
    return None


def find_grade(text: str, allowed: tuple[str, ...] | None = None) -> tuple[str, str] | None:
    """Find the first grade wording in ``text``: (grade id, printed label) or None."""
    m = GRADE_N_RE.search(text)
    if m:
        gid = grade_id(m.group(2))
        if gid and (allowed is None or gid in allowed):
            return gid, m.group(0)
    for m in _WORD_RE.finditer(text):
        gid = grade_id(m.group(1))
        if gid and (allowed is None or gid in allowed):
            return gid, m.group(1)
    return None


def exact_grade(text: str, allowed: tuple[str, ...] | None = FOUR_POINT) -> tuple[str, str] | None:
    """The grade when ``text`` is nothing but a grade ('Good', 'Grade 2 (good)', 'Requires
    improvement 3'); None otherwise."""
    t = text.strip().strip("*").strip()
    m = GRADE_N_RE.fullmatch(t)
    if m:
        gid = grade_id(m.group(2))
    else:
        t2 = re.sub(r"\s+[1-4]$", "", t)  # 'Requires improvement 3'
        gid = grade_id(t2)
    if gid and (allowed is None or gid in allowed):
        return gid, t
    return None


def score(gid: str) -> int | None:
    g = GRADES.get(gid)
    return g.score if g else None


def normalise(text: str) -> str | None:
    """The grade id of a grade's printed words, whatever their form ('Good', 'Grade 2 (good)',
    'Requires improvement 3', 'requires improvement to be good')."""
    g = exact_grade(text, None)
    if g:
        return g[0]
    gid = grade_id(text)
    if gid:
        return gid
    f = find_grade(text)
    return f[0] if f else None
