"""The report model: what every family parser returns, serialised per the output contract."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import SCHEMA_VERSION
from .grades import score as grade_score


@dataclass
class Judgement:
    key: str
    grade: str
    label: str
    area: str | None = None
    page: int | None = None
    source: str | None = None  # table, heading, sentence

    def to_dict(self) -> dict[str, Any]:
        d = {"key": self.key, "area": self.area, "grade": self.grade, "label": self.label,
             "score": grade_score(self.grade), "page": self.page}
        if self.source:
            d["source"] = self.source
        return d


# every recommendation carries these fields, null where its family prints no such thing
REC_FIELDS = ("text", "section", "heading", "timescale", "group", "responsible_body", "due", "page", "points")


@dataclass
class Recommendation:
    text: str
    section: str | None = None    # an id from the family's section vocabulary
    timescale: str | None = None
    page: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # heading, group, responsible_body, due, points

    def to_dict(self) -> dict[str, Any]:
        d = {"text": self.text, "section": self.section}
        for k in REC_FIELDS[2:]:
            d[k] = self.timescale if k == "timescale" else self.page if k == "page" else self.extra.get(k)
        return d


@dataclass
class Warning_:
    code: str
    message: str
    about: str | None = None  # what an 'incomplete' warning is about: 'judgements' or 'items' (not written)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


REPORT_FIELDS = ("type", "title", "provider", "provider_key", "urn", "inspection_start", "inspection_end",
                 "published", "lead_inspector")


@dataclass
class Report:
    type: str
    title: str | None = None
    provider: str | None = None
    provider_key: str | None = None  # one key per provider: la:<ONS code>, urn:<URN> or name:<name> (providers.py)
    urn: str | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    published: str | None = None
    lead_inspector: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    judgements: list[Judgement] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # judgements the report must print that were not found

    def warn(self, code: str, message: str, about: str | None = None) -> None:
        from .errors import WARNING_CODES
        assert code in WARNING_CODES, code
        self.warnings.append(Warning_(code, message, about))

    def judgement(self, key: str) -> Judgement | None:
        return next((j for j in self.judgements if j.key == key), None)

    def report_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in REPORT_FIELDS}
        d.update(self.extra)
        return d


def record(source: dict[str, Any], report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "source": source,
        "report": report.report_dict(),
        "judgements": [j.to_dict() for j in report.judgements],
        "recommendations": [r.to_dict() for r in report.recommendations],
        "warnings": [w.to_dict() for w in report.warnings],
    }


def error_record(source: dict[str, Any], code: str, message: str) -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "source": source,
            "error": {"code": code, "message": message}}
