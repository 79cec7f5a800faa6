"""Social-care providers: which family a report is (by the kind of provision it names, not by
the row labels every SCCIF report shares, nor a provider's name), and the corpus's children's
homes against Ofsted's own tables of providers (../shared/keys)."""
import csv
import re
from datetime import datetime
from pathlib import Path

import pytest

from conftest import SHARED, fixture_text, grades, report_of
from ofsted_cli.grades import normalise

HOME = fixture_text("childrens-home-sccif", "wrapped-rows-and-misprinted-label")
AGENCY = fixture_text("fostering-agency-sccif", "requirements-and-recommendations")


def test_a_fostering_agency_is_not_a_childrens_home():
    rep = report_of(AGENCY)
    assert rep.type == "fostering-agency-sccif"
    assert grades(rep) == {k: "requires_improvement" for k in
                           ("overall_experiences_and_progress", "helped_and_protected",
                            "effectiveness_of_leaders_and_managers")}
    assert [r.section for r in rep.recommendations] == ["statutory_requirements"] * 2 + ["recommendations"]
    assert [r.extra.get("due") for r in rep.recommendations] == ["2024-04-30", "2024-04-30", None]


def test_a_childrens_home_whose_provider_is_called_a_fostering_agency_is_a_childrens_home():
    """The real corpus's home is run by 'Ascent Fostering Agency': the kind is what the
    report says it is about, not a word in a name."""
    rep = report_of(HOME.replace("Example Care Ltd", "Example Fostering Agency Ltd"))
    assert rep.type == "childrens-home-sccif" and rep.provider == "Example Fostering Agency Ltd"


@pytest.mark.parametrize("kind", ["voluntary adoption agency", "residential family centre", "residential special school",
                                  "adoption support agency", "boarding school"])
def test_a_kind_of_provision_no_family_reads_is_unknown_with_a_warning_naming_it(kind):
    rep = report_of(HOME.replace("this children's home", f"this {kind}").replace("Children's home details", ""))
    assert rep.type == "unknown"
    assert any(w.code == "unknown-family" and kind in w.message for w in rep.warnings)


def test_row_labels_alone_do_not_make_a_childrens_home():
    """A report printing the SCCIF's rows but naming no kind of provision could be any of
    them: unknown, not a children's home presented as fact."""
    text = HOME.replace("Information about this children's home\n", "").replace("Children's home details\n", "")
    text = text.replace("What does the children's home need to do to improve?", "What needs to improve?")
    assert report_of(text).type == "unknown"


def test_a_secure_childrens_home_grades_education_and_health():
    rep = report_of(fixture_text("secure-childrens-home-sccif", "five-judgements"))
    assert rep.type == "secure-childrens-home-sccif"
    assert grades(rep)["health_services"] == "outstanding" and grades(rep)["outcomes_in_education"] == "good"


# --- Ofsted's provider tables ------------------------------------------------------------------
KEYS = SHARED / "keys"
# the table's judgement columns (by their words) -> judgement keys of the SCCIF families
COLUMNS = {"overall experiences and progress": "overall_experiences_and_progress",
           "helped and protected": "helped_and_protected",
           "effectiveness of leaders and managers": "effectiveness_of_leaders_and_managers"}
PROVISION = {"childrens-home-sccif": "children's home", "secure-childrens-home-sccif": "secure children's home",
             "fostering-agency-sccif": "independent fostering agency"}


def _tables() -> list[tuple[str, list[str], list[list[str]]]]:
    out = []
    for path in sorted(KEYS.glob("ofsted-social-care-providers_as-at-*.csv")):
        rows = list(csv.reader(path.open(encoding="utf-8-sig", errors="replace")))
        head = next((i for i, r in enumerate(rows) if "URN" in r), None)
        if head is not None:
            out.append((path.name, [re.sub(r"\s+", " ", h).strip().lower() for h in rows[head]], rows[head + 1:]))
    return out


def _day(text: str) -> str | None:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%b-%y", "%d/%m/%y"):
        try:
            return datetime.strptime(text.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


@pytest.mark.skipif(not KEYS.exists(), reason="../shared not present")
def test_the_corpus_childrens_homes_agree_with_ofsteds_provider_tables(corpus_records):
    """Every social-care record of the corpus with a URN: Ofsted's tables give its provision
    type as the family's kind, and where a table's latest full inspection is the report's
    (same date) its judgements are the ones read. At least one report is checked so."""
    records = [r for r in corpus_records("providers") if r["report"]["type"] in PROVISION and r["report"]["urn"]]
    assert records, "the providers corpus has no social-care report with a URN"
    checked = 0
    for name, head, rows in _tables():
        urn_col = head.index("urn")
        kind_col = next(i for i, h in enumerate(head) if h == "provision type")
        date_col = next((i for i, h in enumerate(head) if "full inspection date" in h and "publication" not in h), None)
        judged = {k: next((i for i, h in enumerate(head) if words in h), None) for words, k in COLUMNS.items()}
        for rec in records:
            row = next((r for r in rows if len(r) > urn_col and r[urn_col].strip() == rec["report"]["urn"]), None)
            if row is None:
                continue
            assert row[kind_col].strip().lower() == PROVISION[rec["report"]["type"]], (name, rec["source"]["path"])
            if date_col is None or _day(row[date_col]) != rec["report"]["inspection_start"]:
                continue
            read = {j["key"]: j["grade"] for j in rec["judgements"]}
            table = {k: normalise(row[i]) for k, i in judged.items() if i is not None}
            assert read == table, (name, Path(rec["source"]["path"]).name)
            checked += 1
    print(f"{checked} table rows checked")
    assert checked >= 1, "no corpus report is a table's latest full inspection: nothing was checked"
