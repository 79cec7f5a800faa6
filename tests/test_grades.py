import pytest

from ofsted_cli.grades import exact_grade, find_grade, grade_id, score

WORDINGS = [
    ("Outstanding", "outstanding", 1), ("Grade 1 (outstanding)", "outstanding", 1),
    ("Good", "good", 2), ("Grade 2 (good)", "good", 2),
    ("Requires improvement", "requires_improvement", 3),
    ("Requires improvement to be good", "requires_improvement", 3),
    ("Requires Improvement to be good", "requires_improvement", 3),
    ("Require improvement", "requires_improvement", 3),
    ("Adequate", "adequate", 3), ("Grade 3 (Adequate)", "adequate", 3),
    ("Satisfactory", "satisfactory", 3),
    ("Inadequate", "inadequate", 4), ("Grade 4 (inadequate)", "inadequate", 4),
    ("Exceptional", "exceptional", None), ("Strong standard", "strong_standard", None),
    ("Expected standard", "expected_standard", None), ("Needs attention", "needs_attention", None),
    ("Urgent improvement", "urgent_improvement", None),
    ("Met", "met", None), ("Not met", "not_met", None),
]


@pytest.mark.parametrize("printed,gid,sc", WORDINGS)
def test_every_wording_of_the_vocabulary(printed, gid, sc):
    got = exact_grade(printed, None)
    assert got is not None and got[0] == gid
    assert score(gid) == sc


def test_wrapped_requires_improvement_to_be():
    assert grade_id("Requires improvement to") == "requires_improvement"


def test_number_after_word():
    assert exact_grade("Requires improvement 3")[0] == "requires_improvement"


def test_find_grade_in_sentence_prefers_longest():
    assert find_grade("services require improvement to be good")[0] == "requires_improvement"


def test_not_a_grade():
    assert exact_grade("Leadership and management") is None


def test_grades_reads_on_for_a_deep_grade_the_contents_do_not_locate(tmp_path):
    """A SIF report whose title does not name the LSCB and whose contents do not list it still
    prints the board's grade late in the report: `grades` reads on until it has every
    judgement `extract` reads (a partial read never returns less)."""
    from typer.testing import CliRunner
    import json
    from ofsted_cli.cli import app
    from pdfgen import make_pdf
    front = ["Warrington Borough Council", "Inspection of services for children in need of help and protection,",
             "children looked after and care leavers", "Inspection date: 18 November 2013 - 12 December 2013",
             "Report published: 7 February 2014", "Children's services in Warrington are good",
             "1. Children who need help and protection Good",
             "2. Children looked after and achieving permanence Good", "2.1 Adoption performance Good",
             "2.2 Experiences and progress of care leavers Good", "3. Leadership, management and governance Good"]
    body = [[f"Page {n} of the findings about children's services."] for n in range(2, 7)]
    lscb = [["The Local Safeguarding Children Board", "The Local Safeguarding Children Board is inadequate",
             "Lead inspector: Pat Smith"]]
    pdf = tmp_path / "sif.pdf"
    pdf.write_bytes(make_pdf([front] + body + lscb))
    runner = CliRunner()
    whole = json.loads(runner.invoke(app, ["extract", str(pdf), "-f", "json", "-q"]).stdout)[0]
    rows = json.loads(runner.invoke(app, ["grades", str(pdf), "-f", "json", "-q"]).stdout)
    assert {(j["key"], j["grade"]) for j in whole["judgements"]} == {(r["key"], r["grade"]) for r in rows}
    assert ("lscb", "inadequate") in {(r["key"], r["grade"]) for r in rows}
