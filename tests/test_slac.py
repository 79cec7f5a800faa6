"""la-slac-2009: short excerpts written for the tricky cases."""
from ofsted_cli.core import extract_bytes

HEAD = """Inspection of safeguarding and looked after children services

London Borough of Merton

Inspection dates: 6–17 June 2011
Reporting inspector: Jane Example HMI

Published: 22 July 2011

Safeguarding services

Overall effectiveness

Grade 2 (good)

1. The overall effectiveness is good.

Capacity for improvement**Grade 1 (outstanding)**

2. Capacity is outstanding and the partnership has a strong record
\f
of improvement over several years.

Areas for improvement

3. In order to improve the quality of provision, the local authority should take the following action.

Within three months:

- ensure that plans are reviewed
- improve supervision records so that they show
\f
how developmental needs are being met

Immediately:

- act on referrals.

Services for looked after children

Overall effectiveness

Grade 3 (adequate)

4. Looked after children services are adequate.

Record of main findings:

Safeguarding services\t
Overall effectiveness\t{sg_overall}
Capacity for improvement\tOutstanding
Services for looked after children\t
Equality and diversity\tGood
Services for looked after children\t
Overall effectiveness\tAdequate
Equality and diversity\tInadequate
"""


def run(text: str) -> dict:
    return extract_bytes(text.encode(), "x.txt")


def grades(rec):
    return {j["key"]: j["grade"] for j in rec["judgements"]}


def test_own_line_and_inline_grades():
    rec = run(HEAD.format(sg_overall="Good"))
    g = grades(rec)
    assert g["safeguarding.overall_effectiveness"] == "good"
    assert g["safeguarding.capacity_for_improvement"] == "outstanding"
    assert g["lac.overall_effectiveness"] == "adequate"


def test_table_rows_assigned_by_template_not_by_mislabelled_subheading():
    g = grades(run(HEAD.format(sg_overall="Good")))
    # the first 'Equality and diversity' sits under a 'looked after children' sub-heading
    # but belongs to safeguarding; the second starts... after the repeated overall row
    assert g["safeguarding.equality_and_diversity"] == "good"
    assert g["lac.equality_and_diversity"] == "inadequate"


def test_body_table_conflict_warns_and_keeps_body():
    rec = run(HEAD.format(sg_overall="Inadequate"))
    assert grades(rec)["safeguarding.overall_effectiveness"] == "good"
    assert [w["code"] for w in rec["warnings"] if w["code"] != "incomplete"] == ["grade-conflict"]


def test_no_conflict_no_warning():
    assert not [w for w in run(HEAD.format(sg_overall="Good"))["warnings"] if w["code"] == "grade-conflict"]


def test_recommendations_with_timescales_and_page_break_split():
    rec = run(HEAD.format(sg_overall="Good"))
    recs = rec["recommendations"]
    assert [r["text"] for r in recs] == [
        "ensure that plans are reviewed",
        "improve supervision records so that they show how developmental needs are being met",
        "act on referrals.",
    ]
    assert [r["timescale"] for r in recs] == ["Within three months", "Within three months", "Immediately"]
    assert {r["section"] for r in recs} == {"safeguarding"}
    assert recs[1]["page"] == 2 and recs[2]["page"] == 3  # pages kept across the split


def test_metadata():
    rep = run(HEAD.format(sg_overall="Good"))["report"]
    assert rep["type"] == "la-slac-2009"
    assert rep["inspection_start"] == "2011-06-06" and rep["inspection_end"] == "2011-06-17"
    assert rep["lead_inspector"] == "Jane Example"
    assert rep["published"] == "2011-07-22"


def test_sample_has_22_judgements(sample_path):
    rec = extract_bytes(sample_path.read_bytes(), str(sample_path))
    assert len(rec["judgements"]) == 22
    assert len(rec["recommendations"]) == 9
