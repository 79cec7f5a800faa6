"""Short excerpts, written for these tests, of each layout met in real PDFs."""
from ofsted_cli.document import build
from ofsted_cli.families import parse
from ofsted_cli.pdf import RawLine


def doc_of(*pages):
    return build(list(pages), paged=True, fmt="pdf")


def grades(rep):
    return {j.key: j.grade for j in rep.judgements}


ILACS_2018 = """Inspection of children\u2019s social care services
Inspection dates: 8 July 2019 to 12 July 2019 and 7 August 2019 to
8 August 2019
Lead inspector: Julie Example
Her Majesty\u2019s Inspector
Judgement Grade
The impact of leaders on social work practice with
children and families Good
The experiences and progress of children who need help
and protection
Requires improvement to
be good
The experiences and progress of children in care and
care leavers
Requires improvement
to be good
Overall effectiveness Requires improvement
to be good
Services for children in the area require improvement to be good, and are good in parts.
What needs to improve?1
\u25fc The quality of plans, so that they are
specific.
\u25fc Management oversight.
The experiences and progress of children who need help and
protection: requires improvement to be good
"""


def test_ilacs_2018_wrapped_cells_and_split_grades():
    rep = parse(doc_of(ILACS_2018))
    assert rep.type == "la-ilacs-2018"
    assert grades(rep) == {"impact_of_leaders": "good", "help_and_protection": "requires_improvement",
                           "children_in_care_and_care_leavers": "requires_improvement",
                           "overall_effectiveness": "requires_improvement"}
    assert rep.inspection_start == "2019-07-08" and rep.inspection_end == "2019-08-08"
    assert rep.lead_inspector == "Julie Example"
    assert [r.text for r in rep.recommendations] == ["The quality of plans, so that they are specific.",
                                                      "Management oversight."]


ILACS_2026 = """Inspection of Example local authority
children\u2019s services
Inspection dates: 11 May to 22 May 2026
Lead inspector: Ann Other, His Majesty\u2019s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Outstanding
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Requires improvement to be good
Services for children and families in Example have improved since the inspection in 2023.
"""


def test_ilacs_2026_has_no_overall_row():
    rep = parse(doc_of(ILACS_2026))
    assert rep.type == "la-ilacs-2026"
    assert grades(rep)["care_leavers"] == "requires_improvement"
    assert "overall_effectiveness" not in grades(rep)
    assert rep.provider == "Example" and rep.lead_inspector == "Ann Other"


SIF_P1 = """1
Example Borough Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children
board1
Inspection date: 25 November 2013 \u2013 18 December 2013
Report published: 7 February 2014
The overall judgement is that children\u2019s services require
improvement
1. Children who need help and protection Requires
improvement
2. Children looked after and achieving
Good
permanence
2.1 Adoption performance Not judged
1 Ofsted produces this report under its power to combine reports in accordance with section 152 of the Act
"""
SIF_P2 = """2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Inadequate
The Local Safeguarding Children Board is good
What does the local authority need to improve?
Priority and immediate action
There are no areas for priority action.
Areas for improvement
Workforce
1. Reduce caseloads so that social workers have
time to plan.
2. Improve supervision (paragraph 25).
Information about this inspection
Inspectors looked at cases.
The inspection team
Lead inspector: Pat Example HMI
"""


def test_sif_sentence_table_split_across_pages_and_not_judged():
    rep = parse(doc_of(SIF_P1, SIF_P2))
    assert rep.type == "la-sif"
    assert grades(rep) == {"overall_effectiveness": "requires_improvement",
                           "help_and_protection": "requires_improvement",
                           "looked_after_and_permanence": "good", "care_leavers": "good",
                           "leadership_management_governance": "inadequate", "lscb": "good"}
    assert rep.provider == "Example Borough Council" and rep.lead_inspector == "Pat Example"
    assert rep.published == "2014-02-07" and rep.inspection_end == "2013-12-18"
    assert [r.text for r in rep.recommendations] == [
        "Reduce caseloads so that social workers have time to plan.",
        "Improve supervision (paragraph 25)."]


LETTER = """Ofsted
Piccadilly Gate
3 March 2023
Dear Ms Example
Focused visit to Exampleshire children\u2019s services
This letter summarises the findings of a focused visit to Exampleshire children\u2019s services on
17 and 18 January. The lead inspector was Sam Example, His Majesty\u2019s Inspector.
Headline findings
Children are seen regularly.
What needs to improve in this area of social work practice?
\u25fc The timeliness of assessments.
\u25fc Oversight of plans, so that they
progress.
Main findings
Leaders know their services well.
Yours sincerely
Sam Example
His Majesty\u2019s Inspector
"""


def test_focused_visit_letter_no_judgements_year_from_letter_date():
    rep = parse(doc_of(LETTER))
    assert rep.type == "la-focused-visit" and rep.judgements == []
    assert rep.published == "2023-03-03"
    assert (rep.inspection_start, rep.inspection_end) == ("2023-01-17", "2023-01-18")
    assert rep.provider == "Exampleshire" and rep.lead_inspector == "Sam Example"
    assert [r.text for r in rep.recommendations] == ["The timeliness of assessments.",
                                                      "Oversight of plans, so that they progress."]


def test_running_headers_removed_and_footnote_detached():
    pages = [f"Inspection of Example local authority children\u2019s services\n1 to 5 May 2023 {i}\n" + ["Alpha.", "Beta gamma.", "Delta is here.", "Epsilon rises", "Zeta"][i - 1] for i in range(1, 6)]
    doc = doc_of(*pages)
    assert doc.texts == ["Alpha.", "Beta gamma.", "Delta is here.", "Epsilon rises", "Zeta"]
    assert doc_of("What needs to improve?1\nx").texts[0] == "What needs to improve?"


def test_footnote_block_at_page_bottom_is_dropped_only_when_referenced():
    page = ("Review of the effectiveness of the local safeguarding children board1\n"
            "Inspection date: 6 July 2015\nA\nB\nC\nD\n"
            "1 Ofsted produces this report under its power to combine reports in accordance with section 152\n"
            "of the Education and Inspections Act 2006.")
    assert doc_of(page).texts[-1] == "D"
    letter = "28 September 2018\nSara Example\nLondon Borough of Example\n1\nA\n1 Example Road\nExampleton"
    assert "1 Example Road" in doc_of(letter).texts  # an address, not a footnote


def test_letterhead_block_inside_a_list_is_not_part_of_an_item():
    text = LETTER.replace("\u25fc Oversight of plans, so that they\nprogress.",
                          "\u25fc Oversight of plans, so that they\nprogress.\nPiccadilly Gate\nStore Street\n"
                          "Manchester M1 2WD\nT 0300 123 1231\nwww.gov.uk/ofsted\n\u25fc Supervision records.")
    rep = parse(doc_of(text))
    assert [r.text for r in rep.recommendations][-2:] == ["Oversight of plans, so that they progress.",
                                                          "Supervision records."]


def test_a_wrapped_sentence_is_not_a_heading():
    from ofsted_cli.document import Line
    from ofsted_cli.layout import looks_like_heading_text as looks_like_heading
    lines = [Line("Through the partnership\u2019s sub-group, which reports to the", 1),
             Line("Community Safety Partnership, partners have recognised this.", 1)]
    assert not looks_like_heading(lines, 0)
    assert looks_like_heading([Line("Main findings", 1), Line("Children are safe.", 1)], 0)


def test_soft_hyphen_joins_a_broken_word_but_keeps_compounds():
    page = [RawLine("Leaders should improve ser\ufffevices for children."),
            RawLine("Other services and pre\ufffeproceedings work, and multi\ufffeagency audits."),
            RawLine("Some practice remains under\ufffedeveloped; other practice is underdeveloped.")]
    texts = doc_of(page).texts
    assert texts[0] == "Leaders should improve services for children."
    assert "pre-proceedings" in texts[1] and "multi-agency" in texts[1]
    assert texts[2].startswith("Some practice remains under-developed")
