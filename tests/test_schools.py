"""School and provider families: short excerpts written from each era's documented wording."""
import pytest

from ofsted_cli.document import build
from ofsted_cli.families import parse


def rep_of(text):
    return parse(build([text], paged=True, fmt="pdf"))


def grades(rep):
    return {j.key: j.grade for j in rep.judgements}


S5_2015 = """School report
Example Primary School
High Street, Exampleton EX1 1AA
Inspection dates 9\u201310 November 2016
Overall effectiveness Inadequate
Effectiveness of leadership and management Inadequate
Quality of teaching, learning and assessment Requires improvement
Personal development, behaviour and welfare Good
Outcomes for pupils Inadequate
Early years provision Inadequate
Overall effectiveness at previous inspection Requires Improvement
Summary of key findings for parents and pupils
This is an inadequate school
What does the school need to do to improve further?
\u2022 Improve leadership by:
\u2013 checking the quality of teaching
\u2013 using the pupil premium well.
Newly qualified teachers should not be appointed.
Full report
In accordance with section 44(1) of the Education Act 2005, Her Majesty\u2019s Chief Inspector is of the opinion that this school requires special measures.
School details
Unique reference number 123456
Pat Example, lead inspector Ofsted Inspector
"""


def test_school_s5_2015_previous_grade_is_metadata_and_special_measures_is_a_category():
    rep = rep_of(S5_2015)
    assert rep.type == "school-s5-2015"
    g = grades(rep)
    assert g["overall_effectiveness"] == "inadequate" and g["quality_of_teaching"] == "requires_improvement"
    assert g["personal_development_behaviour_welfare"] == "good" and g["early_years"] == "inadequate"
    assert g["category_of_concern"] == "special_measures"
    assert rep.extra["previous_overall_effectiveness"] == "requires_improvement"
    assert (rep.urn, rep.lead_inspector, rep.provider) == ("123456", "Pat Example", "Example Primary School")
    assert (rep.inspection_start, rep.inspection_end) == ("2016-11-09", "2016-11-10")
    assert [r.text for r in rep.recommendations] == [
        "Improve leadership by: checking the quality of teaching using the pupil premium well.",
        "Newly qualified teachers should not be appointed."]


S5_2012 = """School report
Example Junior School
Inspection dates 3\u20134 March 2015
Overall effectiveness Previous inspection: Good 2
This inspection: Requires improvement 3
Achievement of pupils Requires improvement 3
Quality of teaching Requires improvement 3
Behaviour and safety of pupils Good 2
Leadership and management Good 2
"""


def test_school_s5_2012_word_and_number():
    rep = rep_of(S5_2012)
    assert rep.type == "school-s5-2012"
    g = grades(rep)
    assert g["achievement_of_pupils"] == "requires_improvement" and g["behaviour_and_safety"] == "good"
    assert g["leadership_and_management"] == "good"


EIF = """Inspection of Example Academy
High Street, Exampleton EX1 1AA
Inspection dates: 5 and 6 March 2020
Overall effectiveness Good
The quality of education Good
Behaviour and attitudes Outstanding
Personal development Good
Leadership and management Good
Sixth-form provision Good
Previous inspection grade Requires improvement
What is it like to attend this school?
"""


def test_school_eif_2019_and_2024_without_overall():
    rep = rep_of(EIF)
    assert rep.type == "school-eif-2019"
    assert grades(rep)["behaviour_and_attitudes"] == "outstanding"
    rep24 = rep_of(EIF.replace("Overall effectiveness Good\n", ""))
    assert rep24.type == "school-2024" and "overall_effectiveness" not in grades(rep24)


CARD = """School report card
Example Primary School
Inspection dates: 1 and 2 December 2025
Inclusion Strong standard
Curriculum and teaching Expected standard
Achievement Needs attention
Attendance and behaviour Exceptional
Personal development and well-being Expected standard
Leadership and governance Urgent improvement
Safeguarding Met
"""


def test_report_card_2025_five_point_scale_and_safeguarding_met():
    rep = rep_of(CARD)
    assert rep.type == "school-report-card-2025"
    assert grades(rep) == {"inclusion": "strong_standard", "curriculum_and_teaching": "expected_standard",
                           "achievement": "needs_attention", "attendance_and_behaviour": "exceptional",
                           "personal_development_and_wellbeing": "expected_standard",
                           "leadership_and_governance": "urgent_improvement", "safeguarding": "met"}
    assert all(j.to_dict()["score"] is None for j in rep.judgements)


@pytest.mark.parametrize("sentence,gid", [
    ("On the basis of the evidence gathered, the school continues to be good.", "continues_good"),
    ("This school continues to be outstanding.", "continues_outstanding"),
    ("Leaders and managers are taking effective action towards the removal of special measures.", "taking_effective_action"),
    ("Leaders and managers are not taking effective action towards the removal of special measures.", "not_taking_effective_action"),
    ("There is enough evidence of improved performance to suggest that the school could now be better than good.", "may_improve"),
])
def test_section8_letters_outcome_sentence(sentence, gid):
    text = f"12 March 2019\nMrs A Head\nHeadteacher\nDear Mrs Head\nShort inspection of Example Primary School\n{sentence}\nYours sincerely\nSam Example\nHer Majesty\u2019s Inspector\n"
    rep = rep_of(text)
    assert rep.type == "school-s8-letter"
    assert grades(rep)["section8_outcome"] == gid
    assert rep.published == "2019-03-12" and rep.lead_inspector == "Sam Example"
    assert rep.provider == "Example Primary School"


HOME = """Children's home inspection - Full
Unique reference number SC123456
Inspection dates: 10 to 11 January 2023
Overall experiences and progress of children and young people, taking into account Good
How well children and young people are helped and protected Requires improvement to be good
The effectiveness of leaders and managers Good
"""


def test_childrens_home_full_and_interim():
    rep = rep_of(HOME)
    assert rep.type == "childrens-home-sccif" and rep.urn == "SC123456"
    assert grades(rep) == {"overall_experiences_and_progress": "good", "helped_and_protected": "requires_improvement",
                           "effectiveness_of_leaders_and_managers": "good"}
    interim = rep_of("Children's home interim inspection\nUnique reference number SC654321\n"
                     "Inspection date: 3 May 2022\nThis children's home has sustained effectiveness.\n")
    assert interim.type == "childrens-home-sccif" and grades(interim) == {"interim_effectiveness": "sustained"}


FE = """Further education and skills inspection report
Inspection of Example College
Inspection dates: 28 February to 3 March 2023
Overall effectiveness Good
The quality of education Good
Behaviour and attitudes Good
Personal development Outstanding
Leadership and management Good
Education programmes for young people Good
Apprenticeships Requires improvement
The college makes a reasonable contribution to meeting skills needs.
"""


def test_fe_eif_rows_and_skills_contribution():
    rep = rep_of(FE)
    assert rep.type == "fe-eif-2019" and rep.provider == "Example College"
    g = grades(rep)
    assert g["apprenticeships"] == "requires_improvement" and g["contribution_to_skills_needs"] == "reasonable"


EY = """Inspection of Little Acorns Nursery
12 Example Road, Exampleton EX1 2BB
Inspection date: 18 June 2024
Overall effectiveness Good
The quality of education Good
Behaviour and attitudes Good
Personal development Good
Leadership and management Good
What does the early years setting need to do to improve?
\u2022 Support staff to extend children's vocabulary.
Setting details
Unique reference number EY123456
"""


def test_early_years_eif():
    rep = rep_of(EY)
    assert rep.type == "early-years-eif-2019" and rep.urn == "EY123456"
    assert grades(rep)["overall_effectiveness"] == "good"
    assert rep.inspection_start == "2024-06-18"
    assert [r.text for r in rep.recommendations] == ["Support staff to extend children's vocabulary."]


INDEPENDENT = """Inspection of Example Independent School
Inspection dates: 7 to 9 May 2024
Overall effectiveness Requires improvement
The quality of education Requires improvement
Behaviour and attitudes Good
Personal development Good
Leadership and management Requires improvement
The school does not meet the independent school standards that were checked during this inspection.
Type of school Independent school
"""


def test_independent_school_grades_and_standards():
    rep = rep_of(INDEPENDENT)
    assert rep.type == "independent-school"
    assert grades(rep)["independent_school_standards"] == "not_met"
    assert grades(rep)["overall_effectiveness"] == "requires_improvement"


S5_2005 = """Inspection report
Example Infant School
Unique Reference Number 123789
Inspection dates 12\u201313 March 2010
Overall effectiveness Grade 3 Satisfactory
Leadership and management Grade 2 Good
Early Years Foundation Stage Grade 3 Satisfactory
What the school should do to improve further
\u2022 Raise attainment in writing.
"""


def test_school_s5_2005_satisfactory_scale():
    rep = rep_of(S5_2005)
    assert rep.type == "school-s5-2005"
    assert grades(rep)["overall_effectiveness"] == "satisfactory"
    assert grades(rep)["leadership_and_management"] == "good"
    assert rep.urn == "123789"
    assert [r.text for r in rep.recommendations] == ["Raise attainment in writing."]


def test_section8_may_decline():
    text = ("1 May 2019\nDear Mr Head\nShort inspection of Example School\n"
            "Based on the evidence gathered during this short inspection, I am of the opinion that standards may be declining.\n")
    assert grades(rep_of(text))["section8_outcome"] == "may_decline"


FE_CIF = """Further education and skills inspection report
Example Training Limited
Inspection dates 2\u20135 May 2017
Overall effectiveness Requires improvement
Effectiveness of leadership and management Requires improvement
Quality of teaching, learning and assessment Requires improvement
Personal development, behaviour and welfare Good
Outcomes for learners Requires improvement
16 to 19 study programmes Good
Apprenticeships Requires improvement
Overall effectiveness at previous inspection Good
What does the provider need to do to improve further?
\u2022 Increase the proportion of apprentices who complete on time.
"""


def test_fe_cif_2015():
    rep = rep_of(FE_CIF)
    assert rep.type == "fe-cif-2015"
    g = grades(rep)
    assert g["outcomes_for_learners"] == "requires_improvement" and g["sixth_form"] == "good"
    assert rep.extra["previous_overall_effectiveness"] == "good"
    assert [r.text for r in rep.recommendations] == ["Increase the proportion of apprentices who complete on time."]


def test_report_card_next_steps():
    rep = rep_of(CARD + "Next steps\n\u2022 Leaders should improve attendance.\n\u2022 Leaders should check reading.\n")
    assert [r.text for r in rep.recommendations] == ["Leaders should improve attendance.", "Leaders should check reading."]


@pytest.mark.parametrize("outcome,gid", [("Met", "met"), ("Not met with actions", "not_met"),
                                         ("Not met with enforcement", "not_met")])
def test_early_years_non_graded_met_or_not_met(outcome, gid):
    rep = rep_of(f"Inspection of a registered early years provider\nJo Example (childminder)\n"
                 f"Inspection date: 18 June 2024\nSafeguarding {outcome}\nThe quality of education Good\n")
    assert rep.type == "early-years-eif-2019"
    j = rep.judgement("safeguarding")
    assert j.grade == gid and j.label == outcome
