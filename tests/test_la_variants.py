"""Local-authority variants met in the corpora, each pinned by a short excerpt written for the
test (issues 3 and 4)."""
from ofsted_cli.document import build
from ofsted_cli.families import parse


def rep_of(*pages):
    return parse(build(list(pages), paged=True, fmt="pdf"))


def grades(rep):
    return {j.key: j.grade for j in rep.judgements}


def texts(rep):
    return [r.text for r in rep.recommendations]


LAC_2012 = """Inspection of looked after children
services
Exampleshire County Council
Inspection dates: 15-19 July 2013
Reporting inspector Pat Example HMI
Published: 23 August 2013
Overall effectiveness of services for looked
after children and young people
Grade 4 (Inadequate)
1. The judgement for overall effectiveness is inadequate.
Capacity to improve
Grade 3 (Adequate)
2. The local authority is addressing weaknesses.
Areas for improvement
3. In order to improve the quality of provision, the local authority should take the following action.
Immediately:
\u2022 ensure there is a clear analysis of risk
Within three months:
\u2022 complete initial health assessments
Outcomes for looked after children and young
people
Grade 4 (Inadequate)
Record of main findings
Services for looked after children
Overall effectiveness Inadequate Grade 4
Capacity to improve Adequate Grade 3
Outcomes for looked after children and
young people
Inadequate Grade 4
"""


def test_lac_2012_capitalised_grades_outcomes_and_timescales():
    rep = rep_of(LAC_2012)
    assert rep.type == "la-lac-2012"
    assert grades(rep) == {"lac.overall_effectiveness": "inadequate", "lac.capacity_for_improvement": "adequate",
                           "lac.outcomes": "inadequate"}
    assert [(r.text, r.timescale) for r in rep.recommendations] == [
        ("ensure there is a clear analysis of risk", "Immediately"),
        ("complete initial health assessments", "Within three months")]
    assert rep.lead_inspector == "Pat Example" and rep.published == "2013-08-23"


SIF_LATER = """Exampleton Council
Inspection of services for children in need of help and
protection, children looked after and care leavers
and
Review of the effectiveness of the local safeguarding children
board1
Inspection date: 21 April 2015 - 8 May 2015
Report published: 22 June 2015
Children\u2019s services in Exampleton require improvement to be
good
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Requires improvement
Recommendations
1. Ensure that strategy meetings include the police (paragraph 25).
Services for care leavers
2. Improve pathway plans so that they are
specific.
Summary for children and young people
Children are mostly safe.
The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board is inadequate
Recommendations
40. The board should evaluate its training.
41. Publish an annual report.
Inspection findings \u2013 the Local Safeguarding Children Board
42. The chair is independent.
"""


def test_sif_later_layout_numbered_recommendations_and_lscb_list():
    rep = rep_of(SIF_LATER)
    assert rep.type == "la-sif"
    assert grades(rep)["overall_effectiveness"] == "requires_improvement"
    assert grades(rep)["lscb"] == "inadequate"
    assert [(r.text, r.section) for r in rep.recommendations] == [
        ("Ensure that strategy meetings include the police (paragraph 25).", "local_authority"),
        ("Improve pathway plans so that they are specific.", "local_authority"),
        ("The board should evaluate its training.", "lscb"),
        ("Publish an annual report.", "lscb")]


def test_sif_reinspection_and_lscb_review_families():
    re_ = rep_of(SIF_LATER.replace("Inspection of services", "Re-inspection of services"))
    assert re_.type == "la-sif-reinspection"
    lscb = rep_of("Exampleton Safeguarding Children Board\nReview of the effectiveness of the Local Safeguarding Children\n"
                  "Board\nInspection date: 15 June 2015 \u2013 17 June 2015\nReport published: 3 August 2015\n"
                  "The Local Safeguarding Children Board requires improvement\nRecommendations\n"
                  "1. Improve the board\u2019s oversight of early help.\n")
    assert lscb.type == "la-lscb-review" and grades(lscb) == {"lscb": "requires_improvement"}
    assert texts(lscb) == ["Improve the board\u2019s oversight of early help."]


ILACS_2023 = """Inspection of Exampleton local authority
children\u2019s services
Inspection dates: 30 October to 10 November 2023
Lead inspector: Jo Example, His Majesty\u2019s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Requires Improvement to be good
The experiences and progress of
children who need help and protection
Good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Outstanding
Overall effectiveness Good
Services for children in Exampleton are good.
"""


def test_ilacs_2023_split_rows_and_capitalised_requires_improvement():
    rep = rep_of(ILACS_2023, "What needs to improve?\n\u25fc Management oversight (Outcome four, National Framework).\n"
                             "The experiences and progress of children who need help and\nprotection: good\n")
    assert rep.type == "la-ilacs-2023"
    assert grades(rep) == {"impact_of_leaders": "requires_improvement", "help_and_protection": "good",
                           "children_in_care": "good", "care_leavers": "outstanding", "overall_effectiveness": "good"}
    assert texts(rep) == ["Management oversight (Outcome four, National Framework)."]


FV_2018 = """12 March 2018
Dear Ms Example
Focused visit to Exampleshire children\u2019s services
This letter summarises the findings of a focused visit to Exampleshire children\u2019s services on
20 and 21 February. The inspectors were Sam Example and Alex Other, Her Majesty\u2019s Inspectors.
Overview
The local authority has improved its front door.
What needs to improve in this area of social work practice
Assessments do not always consider the history of the family, and so plans are not always
well informed.
Supervision records are brief.
Findings
Children are seen regularly.
Yours sincerely
Sam Example
Her Majesty\u2019s Inspector
"""


def test_focused_visit_2018_paragraph_items_year_from_letter():
    rep = rep_of(FV_2018)
    assert rep.type == "la-focused-visit"
    assert (rep.inspection_start, rep.inspection_end, rep.published) == ("2018-02-20", "2018-02-21", "2018-03-12")
    assert texts(rep) == ["Assessments do not always consider the history of the family, and so plans are not always well informed.",
                          "Supervision records are brief."]


FV_2024 = """Ofsted
Piccadilly Gate
www.gov.uk/ofsted
31 October 2024
Dear Ms Example
Focused visit to Exampleshire children\u2019s services
This letter summarises the findings of the focused visit to Exampleshire children\u2019s services on
1 and 2 October 2024. His Majesty\u2019s Inspectors for this visit were Jo Example and Sam Other.
Headline findings
Care leavers are supported well.
What needs to improve in this area of social work practice?
\u25fc Pathway plans (Outcome 4, national framework).
Areas for priority action
\u25fc The response to homeless 16- and 17-year-olds.
Main findings
Yours sincerely
Jo Example
His Majesty\u2019s Inspector
"""


def test_focused_visit_2024_with_priority_action():
    rep = rep_of(FV_2024)
    assert [(r.text, r.section) for r in rep.recommendations] == [
        ("Pathway plans (Outcome 4, national framework).", "what_needs_to_improve"),
        ("The response to homeless 16- and 17-year-olds.", "areas_for_priority_action")]
    assert rep.lead_inspector == "Jo Example"


JTAI_2017 = """18 July 2017
Dear local partnership
Joint targeted area inspection of the multi-agency response to abuse and
neglect in Exampleshire
Between 16 and 20 October 2017, Ofsted, the Care Quality Commission (CQC) and HMI Constabulary carried out a joint inspection.
Key strengths
Partners work well together.
Areas for improvement
Leadership and management
\u2022 The board does not evaluate its training.
\u2022 Audits are not used to improve practice.
Responses to children at the front door
\u2022 Referrals are not of good quality.
Case study: area for improvement
Amelia is a child whose needs were not met.
Next steps
"""


def test_jtai_2016_20_theme_headings_and_no_lead_inspector():
    rep = rep_of(JTAI_2017)
    assert rep.type == "la-jtai" and rep.lead_inspector is None and rep.judgements == []
    assert rep.provider == "Exampleshire"
    assert (rep.inspection_start, rep.inspection_end) == ("2017-10-16", "2017-10-20")
    assert texts(rep) == ["The board does not evaluate its training.", "Audits are not used to improve practice.",
                          "Referrals are not of good quality."]


JTAI_2023 = """18 March 2023
Dear Exampleshire Safeguarding Partnership
Joint targeted area inspection of Exampleshire
This letter summarises the findings of the joint targeted area inspection (JTAI) of the
multi-agency response to children in Exampleshire.
This inspection took place from 6 to 10 February 2023.
Headline findings
Most children get the right help.
What needs to improve?
\u25fc The quality of referrals.
Strengths
\u25fc Leaders know their area.
"""


def test_jtai_2022_25():
    rep = rep_of(JTAI_2023)
    assert rep.type == "la-jtai" and rep.provider == "Exampleshire"
    assert (rep.inspection_start, rep.inspection_end) == ("2023-02-06", "2023-02-10")
    assert texts(rep) == ["The quality of referrals."]


def test_monitoring_visit_and_send_2016_letters():
    mv = rep_of("4 May 2021\nDear Mr Example\nMonitoring visit to Exampleshire children\u2019s services\n"
                "This letter summarises the findings of the monitoring visit to Exampleshire children\u2019s services on "
                "13 and 14 April 2021.\nAreas for improvement\n\u25fc Supervision.\nYours sincerely\nJo Example\n")
    assert mv.type == "la-monitoring-visit" and mv.judgements == [] and texts(mv) == ["Supervision."]
    assert mv.published == "2021-05-04" and mv.lead_inspector == "Jo Example"
    send = rep_of("12 June 2018\nDear Mr Example\nJoint local area SEND inspection in Exampleshire\n"
                  "Ofsted and the Care Quality Commission (CQC) conducted a joint inspection.\n"
                  "As a result of the findings of this inspection and in accordance with the Children Act 2004, "
                  "Her Majesty\u2019s Chief Inspector (HMCI) has determined that a Written Statement of Action is required.\n"
                  "Areas of significant weakness\n1. Leaders do not understand the area\u2019s needs.\n"
                  "2. EHC plans are of poor quality.\nYours sincerely\n")
    assert send.type == "la-send-area-2016" and send.extra["written_statement_of_action"] is True
    assert send.published == "2018-06-12"
    assert texts(send) == ["Leaders do not understand the area\u2019s needs.", "EHC plans are of poor quality."]


def test_strengths_heading_ends_the_list():
    text = JTAI_2023.replace("Strengths\n", "Early help strengths\n")
    assert texts(rep_of(text)) == ["The quality of referrals."]


def test_ilacs_headings_cross_check_the_table():
    body = ("What needs to improve?\n\u25fc Supervision.\nThe experiences and progress of children who need help and\n"
            "protection: requires improvement to be good\n1. Children are safe.\n"
            "The experiences and progress of care leavers: outstanding\n2. Care leavers are supported.\n")
    rep = rep_of(ILACS_2023, body)
    assert grades(rep)["help_and_protection"] == "good"  # the table's grade is kept
    assert [w.code for w in rep.warnings] == ["grade-conflict"]
    # a row the table did not give comes from its heading
    rep2 = rep_of(ILACS_2023.replace("The experiences and progress of care\nleavers\nOutstanding\n", ""), body)
    assert grades(rep2)["care_leavers"] == "outstanding"
    assert rep2.judgement("care_leavers").where == "heading"


def test_sif_graded_sentence_fills_a_missing_row():
    text = SIF_LATER.replace("2.2 Experiences and progress of care leavers Requires improvement\n", "") + \
        "The graded judgement about the experience and progress of care leavers is that it is good\n"
    assert grades(rep_of(text))["care_leavers"] == "good"


def test_sif_misprinted_row_number_and_no_list_item_as_row():
    text = SIF_LATER.replace("3. Leadership, management", "1. Leadership, management")
    assert grades(rep_of(text))["leadership_management_governance"] == "requires_improvement"
    missing = SIF_LATER.replace("2.2 Experiences and progress of care leavers Requires improvement\n", "")
    missing = missing.replace("1. Ensure that strategy meetings", "1. Ensure that care leavers and strategy meetings")
    assert "care_leavers" not in grades(rep_of(missing))
