"""Local-authority variants met in the corpora: each test changes a fixture excerpt
(tests/fixtures) to pin one pattern."""
from conftest import fixture_text, grades, report_of as rep_of, texts

SIF_LATER = fixture_text("la-sif", "later-layout-numbered-and-lscb-list")
ILACS_2023 = fixture_text("la-ilacs-2023", "separate-care-rows")
JTAI_2023 = fixture_text("la-jtai", "what-needs-to-improve-2023")


def test_sif_reinspection_and_lscb_review_families():
    re_ = rep_of(SIF_LATER.replace("Inspection of services", "Re-inspection of services"))
    assert re_.type == "la-sif-reinspection"
    lscb = rep_of("Exampleton Safeguarding Children Board\nReview of the effectiveness of the Local Safeguarding Children\n"
                  "Board\nInspection date: 15 June 2015 \u2013 17 June 2015\nReport published: 3 August 2015\n"
                  "The Local Safeguarding Children Board requires improvement\nRecommendations\n"
                  "1. Improve the board\u2019s oversight of early help.\n")
    assert lscb.type == "la-lscb-review" and grades(lscb) == {"lscb": "requires_improvement"}
    assert texts(lscb) == ["Improve the board\u2019s oversight of early help."]


def test_ilacs_2023_split_rows_and_capitalised_requires_improvement():
    rep = rep_of(ILACS_2023, "What needs to improve?\n\u25fc Management oversight (Outcome four, National Framework).\n"
                             "The experiences and progress of children who need help and\nprotection: good\n")
    assert rep.type == "la-ilacs-2023"
    assert grades(rep) == {"impact_of_leaders": "requires_improvement", "help_and_protection": "good",
                           "children_in_care": "good", "care_leavers": "outstanding", "overall_effectiveness": "good"}
    assert texts(rep) == ["Management oversight (Outcome four, National Framework)."]


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
    assert rep2.judgement("care_leavers").source == "heading"


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


def test_reinspection_in_any_spelling_is_a_reinspection_with_its_authority():
    for spelt in ("Reinspection", "Re\u2010inspection", "Re- inspection"):
        rep = rep_of(SIF_LATER.replace("Inspection of services", f"{spelt} of services"))
        assert rep.type == "la-sif-reinspection", spelt
        assert rep.title.lower().startswith("re") and rep.provider_key is not None, spelt


def test_a_list_of_strengths_after_the_areas_for_improvement_is_not_read_as_items():
    text = ("Warrington Borough Council\nInspection of services for children in need of help and\n"
            "protection, children looked after and care leavers\nInspection date: 18 November 2013 – 12 December 2013\n"
            "Lead inspector: Pat Smith\nChildren's services in Warrington are good\n"
            "What does the local authority need to improve?\nAreas for improvement\n"
            "1. Improve the timeliness of assessments.\n2. Ensure that plans are specific.\n"
            "The local authority has the following strengths:\n3. Leaders know the service well.\n"
            "4. Early help is effective.\n")
    assert texts(rep_of(text)) == ["Improve the timeliness of assessments.", "Ensure that plans are specific."]


def test_the_lead_inspector_in_a_cell_of_its_own_is_read_from_the_next_line():
    head = ("Warrington Borough Council\nInspection of services for children in need of help and\n"
            "protection, children looked after and care leavers\nInspection date: 18 November 2013 – 12 December 2013\n"
            "Children's services in Warrington are good\n")
    assert rep_of(head + "Lead inspector\nPat Smith, Her Majesty's Inspector\n").lead_inspector == "Pat Smith"
    assert rep_of(head + "Lead inspector: Pat Smith HMI\n").lead_inspector == "Pat Smith"
    assert rep_of(head + "Lead inspector\nThe inspection was carried out under section 136\n").lead_inspector is None


def test_a_title_set_large_on_page_one_is_not_taken_for_the_running_header():
    """The running header repeats the title in small type on every page after the first; the
    first page's title, in large type, stays (it names the authority)."""
    from ofsted_cli.document import build
    from ofsted_cli.families import parse
    from ofsted_cli.pdf import RawLine
    title = "Inspection of Bracknell Forest local authority children\u2019s services"

    def line(text, size, y):
        return RawLine(text, (72, y, 500, y + size), size, False, False, base=y)
    first = [line(title, 20, 760), line("Inspection dates: 4 to 15 July 2022", 12, 700),
             line("Lead inspector: Pat Smith, His Majesty\u2019s Inspector", 12, 680),
             line("Judgement Grade", 12, 650), line("Overall effectiveness Good", 12, 630)]
    pages = [first] + [[line(title, 8, 800), line(f"Body text of page {n}.", 12, 700)] for n in range(2, 7)]
    rep = parse(build(pages, paged=True, fmt="pdf"))
    assert rep.title == title and rep.provider_key == "la:E06000036"
