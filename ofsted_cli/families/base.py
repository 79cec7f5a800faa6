"""What every family shares: its facts (:class:`FamilyInfo`), what it reads off the page
(:class:`Raw`: grade rows, items and metadata as printed) and the one step that turns that
into a :class:`~ofsted_cli.model.Report` (:func:`process`): grade ids and scores, the order
of judgements, grade conflicts between table, heading and sentence, completeness warnings,
and fields cleaned and checked (a provider is a name, an inspector a person, dates inside
the report's own span).

What a family module is, :class:`Family`, is documented there, hooks and all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from ..grades import normalise
from ..model import Judgement, Recommendation, Report
from ..providers import provider_key

# the metadata a report prints unless its family says otherwise ('published' is printed by
# some reports of a family and not others, so it is never expected)
PRINTS = ("title", "provider", "inspection_start", "inspection_end", "lead_inspector")
AUTHORITY_FIELDS = ("authority", "ons_code", "la_code", "region")  # extras of a local authority's record


@dataclass(frozen=True)
class FamilyInfo:
    id: str
    description: str
    keys: dict[str, str] = field(default_factory=dict)       # judgement key -> label, in printed order
    expected: tuple[str, ...] = ()                            # keys every report of the family grades
    sections: dict[str, str] = field(default_factory=dict)   # recommendation section id -> what it is
    graded: bool = True                                       # False: no graded judgements (letters)
    evidence: str = "excerpts"                                # 'real (N)' or 'excerpts'
    succeeds: dict[str, tuple[str, ...]] = field(default_factory=dict)  # an older framework's key -> keys here
    full: bool = False         # a full inspection (its grades are the provider's current ones), not a letter or visit
    grades_deep: bool = False  # grades printed beyond the first pages (a closing table, an LSCB part)
    urn: bool = False          # its reports print the provider's URN (often in closing details): a partial read reads on
    authority: bool = False    # its reports are about a local authority: keyed through the register of authorities
    prints: tuple[str, ...] = PRINTS  # the metadata fields every report of the family prints (missing: a warning)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "description": self.description, "graded": self.graded,
                "keys": dict(self.keys), "expected": list(self.expected), "sections": dict(self.sections),
                "evidence": self.evidence, "succeeds": {k: list(v) for k, v in self.succeeds.items()},
                "full": self.full, "grades_deep": self.grades_deep, "authority": self.authority,
                "prints": list(self.prints)}


@dataclass(frozen=True)
class Found:
    """What ``detect`` may return instead of a bare family id: the id and what it parsed to
    decide (a table's rows …), handed to ``raw`` as ``found`` so nothing is read twice."""
    family: str
    data: Any = None


@runtime_checkable
class Family(Protocol):
    """A family module: the one interface every report family keeps (``ofsted_cli/families/
    <module>.py``; the registry in ``__init__`` finds it by these names and refuses a module
    that lacks one).

    Required:

    - ``FAMILIES``: its :class:`FamilyInfo` list (ids, judgement keys and labels, expected
      judgements, recommendation sections, evidence, what its reports print).
    - ``PRIORITY``: its place in detection, lower asks first (a module whose reports share
      another's row labels asks before it: fostering agencies 54, children's homes 55).
    - ``detect(doc)``: one of its family ids, a :class:`Found` (the id and what was parsed
      on the way), or None: not its report. Cheap: every document is asked.
    - ``raw(doc, family, found=None)``: what the report prints, as a :class:`Raw` (grade
      rows with their printed words, items with their headings, metadata); ``found`` is
      :attr:`Found.data` where ``detect`` gave one. :func:`process` does the rest.

    Optional:

    - ``grade_pages(doc, report)``: for a partial read (``ofsted grades``, which reads the
      first pages), the 0-based pages beyond them that hold grades this family prints late
      (a closing table, an LSCB part), or None to read the whole report; a family with
      ``grades_deep`` and no hook is read whole.

    Shared readers, so that a rule is written once: :mod:`.readers` (dates, people, labelled
    values, URN, kind of provision, titles), :mod:`.common` (dates, names, grade rows and
    headings, improvement lists), :mod:`.front` (the front table and front matter of
    school-like reports), :mod:`~ofsted_cli.layout` (blocks, sections, list items).
    """
    FAMILIES: list[FamilyInfo]
    PRIORITY: int

    def detect(self, doc: Any) -> str | Found | None: ...

    def raw(self, doc: Any, family: str, found: Any = None) -> "Raw": ...


@dataclass
class Row:
    """A judgement as printed: its key, the grade's words, the label beside it, where."""
    key: str
    grade: str                  # printed words: 'Requires improvement to be good', 'Grade 2 (good)'
    area: str | None = None     # the printed label
    page: int | None = None
    source: str = "table"       # 'table', 'heading' or 'sentence'
    gid: str | None = None      # a grade id given directly (outcome sentences with their own scale)
    exact: bool = True          # False: the label matched its key only loosely (a misprint)


@dataclass
class RawItem:
    """A recommendation as printed: its text, the section it sits in (an id of the family's
    ``sections``), the heading printed over it, and extras (timescale, group, due date …)."""
    text: str
    section: str | None = None
    heading: str | None = None
    page: int | None = None
    timescale: str | None = None
    number: int | None = None   # the printed number of a numbered point
    points: list[str] | None = None  # its sub-points, where it has them (also joined into the text by '; ')
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Raw:
    title: str | None = None
    provider: str | None = None
    urn: str | None = None
    inspection_start: str | None = None
    inspection_end: str | None = None
    published: str | None = None
    lead_inspector: str | None = None
    rows: list[Row] = field(default_factory=list)
    items: list[RawItem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    sections_found: list[str] = field(default_factory=list)  # improvement headings the report prints (ids)
    expected: tuple[str, ...] | None = None  # the judgements this report must grade, where not the family's
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def warn(self, code: str, message: str) -> None:
        self.warnings.append((code, message))


JUDGEMENTS_MISSING = "judgements this report must print were not found: "
SOURCE_WORD = {"table": "the table", "heading": "the heading", "sentence": "the sentence"}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _where(source: str | None, page: int | None) -> str:
    w = SOURCE_WORD.get(source or "", source or "the report")
    return f"{w} on page {page}" if page is not None else w


def clean(s: str | None) -> str | None:
    """A field's text: no control characters, single spaces; None for nothing."""
    if s is None:
        return None
    s = re.sub(r"\s+", " ", _CONTROL.sub(" ", s)).strip()
    return s or None


def process(info: FamilyInfo, raw: Raw, doc=None) -> Report:
    """The record of what a family read (``doc``, where given, is searched for the authority's
    name when the family read none the register knows)."""
    rep = Report(type=info.id)
    for code, msg in raw.warnings:
        rep.warn(code, msg)
    emptied = _metadata(rep, raw)
    _identify(rep, info, doc, emptied)
    rep.extra.update(raw.extra)
    order = {k: n for n, k in enumerate(info.keys)}
    seen: dict[str, Judgement] = {}
    not_judged: list[str] = []
    for row in raw.rows:
        if re.fullmatch(r"(?i)not\s+judged", row.grade.strip()):
            not_judged.append(row.key)  # printed as not judged: no judgement, and none missing
            continue
        gid = row.gid or normalise(row.grade)
        if gid is None:
            continue
        label = clean(row.grade) or row.grade
        j = Judgement(row.key, gid, label, clean(row.area), row.page, row.source)
        first = seen.get(row.key)
        if first is None:
            seen[row.key] = j
            if not row.exact:
                rep.warn("label-mismatch", f"{row.key}: the label {clean(row.area)!r}"
                                           f"{f' on page {row.page}' if row.page is not None else ''} is not "
                                           f"printed as expected ({info.keys.get(row.key)!r}); matched loosely")
        elif first.grade != gid:
            rep.warn("grade-conflict", f"{row.key}: {_where(first.source, first.page)} says {first.label!r} but "
                                       f"{_where(row.source, row.page)} says {label!r}; the first is kept")
    rep.judgements = sorted(seen.values(), key=lambda j: order.get(j.key, len(order)))
    if not_judged:
        rep.extra["not_judged"] = list(dict.fromkeys(not_judged))
    for it in raw.items:
        text = clean(it.text)
        if not text:
            continue
        extra = {k: clean(v) if isinstance(v, str) else v for k, v in it.extra.items()}
        extra["heading"] = clean(it.heading)
        if it.points:
            extra["points"] = [p for p in (clean(x) for x in it.points) if p] or None
        rep.recommendations.append(Recommendation(text, it.section, clean(it.timescale), it.page, extra))
    _completeness(info, raw, rep)
    return rep


# inspections run from a day to a few weeks (the longest in the corpus, a SIF with its
# LSCB review, 72 days); a longer span read from a report is a misprint
MAX_INSPECTION_DAYS = 120
MAX_PUBLISHED_DAYS = 240   # from the inspection's end to its report's date: weeks, at most months


def _days(start: str, end: str) -> int:
    from datetime import date
    try:
        return (date.fromisoformat(end) - date.fromisoformat(start)).days
    except ValueError:
        return 0


def _metadata(rep: Report, raw: Raw) -> set[str]:
    """Fields cleaned and checked; returns those emptied for failing a check (warned of)."""
    emptied: set[str] = set()
    rep.title = clean(raw.title)
    if rep.title and len(rep.title) > 300:
        rep.title = rep.title[:300].rsplit(" ", 1)[0] + "…"
    rep.provider = clean(raw.provider)
    if rep.provider and (len(rep.provider) > 120 or len(rep.provider.split()) > 16):
        rep.warn("bad-metadata", f"the provider read was not a name ({rep.provider[:60]!r}…): left empty")
        rep.provider = None
        emptied.add("provider")
    rep.urn = clean(raw.urn)
    rep.lead_inspector = clean(raw.lead_inspector)
    start, end, pub = raw.inspection_start, raw.inspection_end, raw.published
    if start and end and end < start:
        rep.warn("bad-metadata", f"the inspection dates read ({start} to {end}) run backwards: left empty")
        start = end = None
        emptied.update(("inspection_start", "inspection_end"))
    elif start and end and _days(start, end) > MAX_INSPECTION_DAYS:
        # one of them is misprinted: where the report is dated, the one far from that date
        far = [d for d in (start, end) if not pub or not 0 <= _days(d, pub) <= MAX_PUBLISHED_DAYS]
        rep.warn("bad-metadata", f"the inspection dates read ({start} to {end}) span {_days(start, end)} days, "
                                 f"longer than any inspection (a misprinted year?): {' and '.join(far)} left empty")
        start, end = (None if start in far else start), (None if end in far else end)
        emptied.update(("inspection_start", "inspection_end"))
    if pub and (start or end) and pub < (start or end):
        rep.warn("bad-metadata", f"the publication date read ({pub}) is before the inspection "
                                 f"({start or end}): left empty")
        pub = None
        emptied.add("published")
    rep.inspection_start, rep.inspection_end, rep.published = start, end, pub
    return emptied


FIRST_PAGES = 2  # where a report names the authority it is about: its title and first pages


def _identify(rep: Report, info: FamilyInfo, doc, emptied: set[str]) -> None:
    """The provider's key (:mod:`ofsted_cli.providers`), and a warning for each field the
    family's reports print that was not read. A local authority is found in the register by
    the name read; where the family read none, by the name the title or the first pages print
    most; where it read one the register does not know, by a name in the title."""
    day = rep.inspection_start or rep.inspection_end or rep.published
    if info.authority:
        from ..authorities import lookup, scan
        a = lookup(rep.provider, day)
        if a is None and doc is not None:
            texts = [rep.title or ""]
            if rep.provider is None:
                texts += [ln.text for ln in doc.lines[:400] if (ln.page or 1) <= FIRST_PAGES]
            found = scan(texts, day)
            if found:
                a, rep.provider = found
        for f in AUTHORITY_FIELDS:
            rep.extra[f] = None
        if a is not None:
            rep.provider_key = a.key
            rep.extra.update(authority=a.name, ons_code=a.ons_code, la_code=a.la_number, region=a.region)
        elif rep.provider:
            rep.warn("unknown-authority", f"the authority {rep.provider!r} is not in the register of English local "
                                          "authorities: no provider key")
    else:
        rep.provider_key = provider_key(rep.provider, rep.urn)
        if rep.provider_key and rep.provider_key.startswith("name:"):
            rep.warn("no-urn", f"no URN is printed: the provider is keyed by its name ({rep.provider_key}), "
                               "which can split one provider across reports")
    missing = [f for f in info.prints if getattr(rep, f) is None and f not in emptied]
    if missing:
        rep.warn("missing-metadata", f"not found, though reports of this family print {'it' if len(missing) == 1 else 'them'}: "
                                     + ", ".join(f.replace("_", " ") for f in missing))


def _completeness(info: FamilyInfo, raw: Raw, rep: Report) -> None:
    if info.graded and not rep.judgements:
        rep.warn("no-judgements", "no graded judgement was found")
    elif raw.expected if raw.expected is not None else info.expected:
        expected = raw.expected if raw.expected is not None else info.expected
        missing = [k for k in expected if rep.judgement(k) is None and k not in rep.extra.get("not_judged", ())]
        if missing:
            rep.missing = missing
            rep.warn("incomplete", JUDGEMENTS_MISSING + ", ".join(missing), about="judgements")
    with_items = {r.section for r in rep.recommendations}
    empty = [s for s in dict.fromkeys(raw.sections_found) if s not in with_items]
    if empty:
        rep.warn("incomplete", "improvement sections with no item read: " + ", ".join(empty), about="items")
    for sec in dict.fromkeys(it.section for it in raw.items):
        numbers = [it.number for it in raw.items if it.number is not None and it.section == sec]
        gap = next(((a, b) for a, b in zip(numbers, numbers[1:]) if b > a + 1), None)
        if gap:
            a, b = gap
            rep.warn("incomplete", f"numbered recommendations of {sec or 'the report'} jump from {a} to {b}: "
                                   f"{b - a - 1} not read", about="items")
