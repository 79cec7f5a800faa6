"""School and provider families: variants of the fixture excerpts (tests/fixtures), each
pinning one pattern; the excerpts themselves are checked whole by test_fixtures.py."""
import pytest

from conftest import fixture_text, grades, report_of, texts

EIF = fixture_text("school-eif-2019", "eif-rows")
CARD = fixture_text("school-report-card-2025", "five-point-scale")
HOME = fixture_text("childrens-home-sccif", "wrapped-rows-and-misprinted-label")


def test_eif_without_its_overall_row_is_school_2024():
    rep = report_of(EIF.replace("Overall effectiveness Good\n", ""))
    assert rep.type == "school-2024" and "overall_effectiveness" not in grades(rep)
    assert rep.extra["overall_effectiveness_note"] == "not graded for this kind of inspection"


def test_report_card_grades_have_no_score():
    assert all(j.to_dict()["score"] is None for j in report_of(CARD).judgements)


@pytest.mark.parametrize("sentence,gid", [
    ("On the basis of the evidence gathered, the school continues to be good.", "continues_good"),
    ("This school continues to be outstanding.", "continues_outstanding"),
    ("Leaders and managers are taking effective action towards the removal of special measures.", "taking_effective_action"),
    ("Leaders and managers are not taking effective action towards the removal of special measures.", "not_taking_effective_action"),
    ("There is enough evidence of improved performance to suggest that the school could now be better than good.", "may_improve"),
    ("Based on the evidence gathered during this short inspection, I am of the opinion that standards may be declining.",
     "may_decline"),
])
def test_section8_letters_outcome_sentence(sentence, gid):
    text = fixture_text("school-s8-letter", "continues-to-be-good").replace("This school continues to be good.", sentence)
    rep = report_of(text)
    assert rep.type == "school-s8-letter" and grades(rep) == {"section8_outcome": gid}
    assert rep.published == "2019-03-12" and rep.lead_inspector == "Sam Example"
    assert rep.provider == "Example Primary School"


@pytest.mark.parametrize("outcome,gid", [("Met", "met"), ("Not met with actions", "not_met"),
                                         ("Not met with enforcement", "not_met")])
def test_early_years_non_graded_met_or_not_met(outcome, gid):
    rep = report_of(f"Inspection of a registered early years provider\nJo Example (childminder)\n"
                    f"Inspection date: 18 June 2024\nSafeguarding {outcome}\nThe quality of education Good\n")
    assert rep.type == "early-years-eif-2019"
    j = rep.judgement("safeguarding")
    assert j.grade == gid and j.label == outcome


def test_home_misprinted_label_is_matched_with_a_warning():
    rep = report_of(HOME)
    assert grades(rep)["effectiveness_of_leaders_and_managers"] == "good"
    assert [w.message for w in rep.warnings if w.code == "label-mismatch"][0].startswith(
        "effectiveness_of_leaders_and_managers: the label 'The effectiveness of leaders and manager'")


def test_home_statutory_requirement_keeps_its_due_date_and_the_lead_in_is_not_an_item():
    recs = report_of(HOME).recommendations
    req = [r for r in recs if r.section == "statutory_requirements"]
    assert [r.extra["due"] for r in req] == ["2024-05-30", "2024-05-30"]
    assert not any(r.text.startswith("This section sets out") for r in recs)
    assert [r.section for r in recs].count("recommendations") == 2


def test_a_row_label_padded_into_a_sentence_is_not_a_row():
    rep = report_of("Inspection report\nExample Infant School\nInspection dates 12–13 March 2010\nOverall effectiveness\n"
                    "Key for inspection grades: Grade 1 Outstanding, Grade 2 Good, Grade 3 Satisfactory, Grade 4 Inadequate\n")
    assert "overall_effectiveness" not in grades(rep)


def test_report_card_next_steps_with_square_bullets():
    text = fixture_text("school-report-card-2025", "wrapped-rows-and-next-steps")
    assert texts(report_of(text)) == ["Leaders should make sure that pupils who fall behind in reading catch up quickly.",
                                      "Leaders should check that the curriculum in foundation subjects is taught as intended."]
