"""The layout layer on real PDF bytes, made at test time (tests/pdfgen.py): type size and
weight, bullet glyphs of symbol fonts, indents, raised footnote marks, gaps. Each case is a
pattern that wording rules got wrong on unseen reports; the blocks of each are pinned as a
golden file (tests/fixtures/blocks/<case>.txt, ``OFSTED_REGENERATE=1`` rewrites them)."""
import os

import pytest

from conftest import FIXTURES, grades
from pdfgen import B, BULLET, R, SUP, styled_pdf
from ofsted_cli.core import extract_bytes
from ofsted_cli.document import build
from ofsted_cli.families import parse
from ofsted_cli.layout import blocks, describe
from ofsted_cli.pdf import read_pdf

BLOCKS = FIXTURES / "blocks"


BODY = [(72, [R("Inspectors looked at a range of evidence, including electronic case records, supervision")], 16),
        (72, [R("files and notes, observation of social workers and senior practitioners undertaking")]),
        (72, [R("referral and assessment duties, and other information provided by staff and managers.")]),
        (72, [R("They also spoke to a range of staff, including managers, social workers and other")]),
        (72, [R("practitioners, and they looked at the local authority\u2019s quality assurance work.")])]


def doc(pages):
    """A PDF of ``pages`` with a body paragraph on a last page of its own (a real report's
    body type is most of its text), read back into a Document."""
    return build(read_pdf(styled_pdf(pages + [BODY]))[0], paged=True, fmt="pdf")


def report(pages):
    return parse(doc(pages))


LETTER_HEAD = [(72, [R("12 June 2023")]), (72, [R("Dear Director")], 14),
               (72, [B("Focused visit to Exampleshire children\u2019s services")], 14),
               (72, [R("This letter summarises the findings of the focused visit to Exampleshire children\u2019s")], 14),
               (72, [R("services on 17 and 18 May 2023.")])]

CASES = {
    # a digit in small raised type is a footnote mark; 's47' in body type is text
    "footnote-mark-and-s47": [LETTER_HEAD + [
        (72, [B("What needs to improve in this area of social work practice"), SUP("1")], 14),
        (72, [BULLET(), R("The response to children in a s47 investigation.")], 6),
        (72, [BULLET("\xb7", "S"), R("Supervision records."), SUP("2")]),
        (72, [B("Findings")], 14),
        (72, [BULLET(), R("Leaders know their services well.")]),
        (72, [R("1", 6.5), R(" The national framework for children\u2019s social care.", 10)], 300),
    ]],
    # a list ends at a bold heading even where the last item has no full stop
    "heading-after-an-unfinished-item": [LETTER_HEAD + [
        (72, [B("What needs to improve in this area of social work practice")], 14),
        (72, [BULLET(), R("The quality of return home interviews")], 6),
        (72, [B("Areas for priority action")], 14),
        (72, [BULLET(), R("The response to homeless 16- and 17-year-olds.")], 6),
        (72, [B("Main findings")], 14),
        (72, [R("Children are safe.")]),
    ]],
    # sub-bullets (an en dash at the parent's text indent) belong to the bullet above
    "sub-bullets-by-indent": [[
        (57, [R("School report", 11)]), (57, [R("Example Heath School", 22)], 14),
        (57, [R("Inspection dates 9\u201310 February 2016", 10)], 14),
        (57, [B("Overall effectiveness Requires improvement", 10)], 14),
        (57, [R("Effectiveness of leadership and management Requires improvement", 10)]),
        (57, [R("Quality of teaching, learning and assessment Requires improvement", 10)]),
        (57, [R("Personal development, behaviour and welfare Good", 10)]),
        (57, [R("Outcomes for pupils Requires improvement", 10)]),
        (57, [B("What does the school need to do to improve further?", 11)], 20),
        (55, [BULLET("\xb7", "S"), R("Increase the progress that disadvantaged pupils make, by:", 10)], 6),
        (68, [R("\u2013 ensuring that all staff monitor the progress of disadvantaged pupils and", 10)]),
        (83, [R("develop effective strategies", 10)]),
        (68, [R("\u2013 increasing the scrutiny by governors of the funding.", 10)]),
        (55, [BULLET("\xb7", "S"), R("Improve the quality of teaching, by:", 10)], 6),
        (68, [R("\u2013 ensuring that all staff follow the assessment policy.", 10)]),
        (57, [R("An external review of the use of the pupil premium should be undertaken.", 10)], 6),
        (57, [B("Inspection judgements", 14)], 20),
    ]],
    # 'Priority and immediate action' in smaller bold type, then 'Areas for improvement':
    # both groups are read; body-type theme labels group items and are not items
    "second-group-and-theme-labels": [[
        (72, [R("Example Borough Council", 26)]),
        (72, [B("Inspection of services for children in need of help and", 14)], 14),
        (72, [B("protection, children looked after and care leavers", 14)]),
        (72, [B("Inspection date: 18 November 2013 \u2013 12 December 2013", 14)], 6),
        (72, [B("The overall judgement is that children\u2019s services require improvement", 14)], 6),
        (72, [B("What does the local authority need to improve?", 14)], 40),
        (72, [B("Priority and immediate action", 11)], 6),
        (72, [R("1. Cease the use of bed and breakfast accommodation for care leavers.")], 6),
        (72, [B("Areas for improvement")], 14),
        (72, [R("Leadership and management")], 6),
        (72, [R("2. Undertake a review of quality assurance activity with regard to work")], 6),
        (100, [R("with individual children.")]),
        (72, [R("Care leavers")], 14),
        (72, [R("3. Improve the quality of pathway plans.")], 6),
        (72, [B("The local authority\u2019s strengths", 14)], 14),
        (72, [R("4. Safeguarding is a key priority.")], 6),
    ]],
    # the PDF's text order gives a heading after the items printed under it
    "heading-out-of-text-order": [[
        (72, [R("Example Borough Council", 26)]),
        (72, [B("Inspection of services for children in need of help and", 14)], 14),
        (72, [B("protection, children looked after and care leavers", 14)]),
        (72, [B("Recommendations", 14)], 14),
        (72, [R("1. Ensure that plans are specific.")], 6),
        (72, [B("Inspection findings \u2013 the local authority", 14)], 14),
        (72, [R("2. Children are safe.")], 6),
    ], [
        (72, [R("123. Extend the range of the performance data set.")], 40),
        (72, [R("124. Strengthen the evaluation of training.")], 6),
        (72, [B("Inspection findings \u2013 the Local Safeguarding Children Board", 14)], 14),
        (72, [R("125. The board is well established.")], 6),
        (79, [B("Recommendations", 12)], -120),
    ]],
    # a title the text layer lost: the judgement table and the graded headings say ILACS
    "ilacs-without-its-title": [[
        (72, [B("Inspection dates: 30 October to 10 November 2023")], 40),
        (72, [B("Lead inspector: Jo Example, His Majesty\u2019s Inspector")], 14),
        (76, [B("Judgement"), B("                                          Grade")], 20),
        (76, [R("The impact of leaders on social work")], 14), (76, [R("practice with children and families")]),
        (303, [R("Good")], -29), (76, [R("The experiences and progress of")], 14),
        (76, [R("children who need help and protection")]), (303, [R("Good")], -29),
        (76, [R("The experiences and progress of")], 14), (76, [R("children in care")]), (303, [R("Good")], -29),
        (76, [R("The experiences and progress of care")], 14), (76, [R("leavers")]),
        (303, [R("Requires improvement to be good")], -29),
        (76, [R("Overall effectiveness Good")], 14),
        (72, [B("What needs to improve?", 14)], 20),
        (72, [BULLET(), R("The quality of pathway plans.")], 6),
        (72, [B("The experiences and progress of children who need help and", 14)], 14),
        (72, [B("protection: good", 14)]),
        (72, [R("1. Children in Exampleshire benefit from early help.")], 6),
        (72, [B("The experiences and progress of care leavers: requires", 14)], 14),
        (72, [B("improvement to be good", 14)]),
        (72, [R("2. Care leavers are supported.")], 6),
    ]],
    # a boxed case study (indented) inside a list of improvements is passed over
    "boxed-case-study": [LETTER_HEAD[:2] + [
        (72, [B("Joint targeted area inspection of the multi-agency response to abuse in Exampleshire")], 14),
        (72, [R("Between 16 and 20 October 2017, Ofsted, the Care Quality Commission and HMICFRS inspected.")], 14),
        (72, [B("Areas for improvement")], 14),
        (72, [B("Leadership and management")], 6),
        (72, [BULLET(), R("The board does not evaluate its training.")], 6),
        (90, [B("Case study: highly effective practice")], 14),
        (90, [R("A young person was supported well by her school.")], 6),
        (72, [B("Responses at the front door")], 14),
        (72, [BULLET(), R("Referrals are not of good quality.")], 6),
        (72, [B("Next steps")], 14),
        (72, [R("The director should prepare a written statement of action.")], 6),
    ]],
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_blocks_golden(case):
    got = describe(blocks(doc(CASES[case])))
    path = BLOCKS / f"{case}.txt"
    if os.environ.get("OFSTED_REGENERATE") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def recs(rep):
    return [(r.text, r.section) for r in rep.recommendations]


def test_footnote_marks_by_type_and_s47_kept():
    rep = report(CASES["footnote-mark-and-s47"])
    assert [r.text for r in rep.recommendations] == ["The response to children in a s47 investigation.",
                                                     "Supervision records."]
    assert not any("national framework" in t for t in doc(CASES["footnote-mark-and-s47"]).texts)


def test_bullet_glyphs_of_symbol_fonts_are_bullets():
    d = doc(CASES["footnote-mark-and-s47"])
    items = [b for b in blocks(d) if b.kind == "item"]
    assert [b.marker for b in items] == ["\u2022"] * 3 and items[0].text.startswith("The response")


def test_list_ends_at_a_bold_heading_after_an_unfinished_item():
    rep = report(CASES["heading-after-an-unfinished-item"])
    assert recs(rep) == [("The quality of return home interviews", "what_needs_to_improve"),
                         ("The response to homeless 16- and 17-year-olds.", "areas_for_priority_action")]


def test_sub_bullets_by_indent_and_a_paragraph_after_the_list():
    rep = report(CASES["sub-bullets-by-indent"])
    assert rep.type == "school-s5-2015"
    assert [r.text for r in rep.recommendations] == [
        "Increase the progress that disadvantaged pupils make, by: ensuring that all staff monitor the progress of "
        "disadvantaged pupils and develop effective strategies; increasing the scrutiny by governors of the funding.",
        "Improve the quality of teaching, by: ensuring that all staff follow the assessment policy.",
        "An external review of the use of the pupil premium should be undertaken."]


def test_second_group_is_read_and_theme_labels_are_not_items():
    rep = report(CASES["second-group-and-theme-labels"])
    assert [(r.text, r.extra.get("group")) for r in rep.recommendations] == [
        ("Cease the use of bed and breakfast accommodation for care leavers.", "priority_and_immediate_action"),
        ("Undertake a review of quality assurance activity with regard to work with individual children.",
         "areas_for_improvement"),
        ("Improve the quality of pathway plans.", "areas_for_improvement")]


def test_heading_given_after_its_items_is_put_back_above_them():
    rep = report(CASES["heading-out-of-text-order"])
    assert [r.text for r in rep.recommendations] == ["Ensure that plans are specific.",
                                                     "Extend the range of the performance data set.",
                                                     "Strengthen the evaluation of training."]


def test_ilacs_detected_by_its_table_and_graded_headings_without_a_title():
    rep = report(CASES["ilacs-without-its-title"])
    assert rep.type == "la-ilacs-2023"
    assert grades(rep) == {"impact_of_leaders": "good", "help_and_protection": "good", "children_in_care": "good",
                           "care_leavers": "requires_improvement", "overall_effectiveness": "good"}
    assert [r.text for r in rep.recommendations] == ["The quality of pathway plans."]


def test_boxed_case_study_is_not_an_item_and_the_list_goes_on():
    rep = report(CASES["boxed-case-study"])
    assert rep.type == "la-jtai"
    assert [r.text for r in rep.recommendations] == ["The board does not evaluate its training.",
                                                     "Referrals are not of good quality."]


HOME = [[
    (72, [R("SC123456", 30)]), (72, [R("Registered provider: Example Care Ltd")], 14), (72, [R("Full inspection")]),
    (72, [B("Inspection dates: 3 and 4 April 2024")], 14),
    (72, [B("Overall experiences and progress of")], 14), (72, [B("children and young people, taking into")]),
    (72, [R("account")]), (330, [B("good")], -43.5),
    (72, [R("How well children and young people are")], 40), (72, [R("helped and protected")]),
    (330, [R("requires improvement to")], -29), (330, [R("be good")]),
    (72, [R("The effectiveness of leaders and manager"), R("     good")], 14),
], [
    (72, [B("Inspection judgements", 16)]),
    (72, [B("Overall experiences and progress of children and young people:")], 14), (72, [B("good")]),
    (72, [R("Children make good progress.")]),
    (72, [B("How well children and young people are helped and protected:")], 14), (72, [B("outstanding")]),
    (72, [R("Children are safe.")]),
    (72, [B("What does the children\u2019s home need to do to improve?", 16)], 14),
    (72, [B("Statutory requirements", 14)]),
    (72, [R("This section sets out the actions that the registered person(s) must take.")]),
    (78, [B("Requirement"), B("                                              Due date")], 14),
    (78, [R("The registered person must ensure that staff complete")]),
    (78, [R("training in restraint. (Regulation 13 (2)(a))")]),
    (434, [R("30 May 2024")], -29),
    (72, [B("Recommendations", 14)], 30),
    (72, [BULLET(), R("The registered person should ensure that records are kept up")]),
    (86, [R("to date. (\u2018Guide\u2019, page 15, paragraph 3.9)")]),
    (72, [B("Inspector", 16)], 14), (72, [R("Pat Example, Social Care Inspector")]),
]]


def test_childrens_home_on_pdf_bytes():
    rec = extract_bytes(styled_pdf(HOME), "home.pdf")
    rep = rec["report"]
    assert (rep["type"], rep["provider"], rep["lead_inspector"]) == ("childrens-home-sccif", "Example Care Ltd",
                                                                     "Pat Example")
    assert grades(rec) == {"overall_experiences_and_progress": "good", "helped_and_protected": "requires_improvement",
                           "effectiveness_of_leaders_and_managers": "good"}
    helped = next(j for j in rec["judgements"] if j["key"] == "helped_and_protected")
    assert helped["label"] == "requires improvement to be good"
    codes = [w["code"] for w in rec["warnings"]]
    assert codes == ["no-urn", "label-mismatch", "grade-conflict"]  # no URN in this page; the misprinted label;
    # the heading on page 2 disagrees
    assert [(r["section"], r["due"]) for r in rec["recommendations"]] == [("statutory_requirements", "2024-05-30"),
                                                                          ("recommendations", None)]
    assert rec["recommendations"][0]["text"].endswith("training in restraint. (Regulation 13 (2)(a))")


def test_typography_read_the_fast_way_equals_the_checked_way(monkeypatch):
    """The per-character PDFium calls go through function objects without ctypes' argument
    checks (half the cost of reading a line's typography), where this pypdfium2 allows it
    (`make bench` says whether it does); they give exactly what its checked functions give."""
    import ofsted_cli.pdf as pdf
    if pdf.bare_functions() is None:
        pytest.skip("this pypdfium2 has no fast path: its checked functions are used (make bench says so)")
    data = styled_pdf([c for case in CASES.values() for c in case] + [BODY])
    fast = read_pdf(data)
    monkeypatch.setattr(pdf, "bare_functions", lambda: None)
    checked = read_pdf(data)
    assert fast == checked
    assert any(ln.symbol for page in fast[0] for ln in page) and any(ln.marks for page in fast[0] for ln in page)


def test_label_matching_bound_changes_no_answer():
    """match_label works out similarity only where a cheap upper bound says it could matter:
    the answers are those of comparing every label."""
    from difflib import SequenceMatcher

    from ofsted_cli.families.common import _words, match_label
    from ofsted_cli.families.front import ROWS

    def slow(label, choices, loose=0.8):
        w = _words(label)
        best, best_r, best_len, exact, exact_len = None, 0.0, 0, None, 0
        for want, key in choices:
            ww = _words(want)
            if ww and w[:len(ww)] == ww:
                if len(ww) > exact_len:
                    exact, exact_len = key, len(ww)
                continue
            r = SequenceMatcher(None, w[:len(ww) + 2], ww, autojunk=False).ratio() if ww else 0.0
            if r > best_r:
                best, best_r, best_len = key, r, len(ww)
        if exact is not None and len(w) - exact_len <= 4:
            return exact, True
        if best_r >= loose and len(w) - best_len <= 4:
            return best, False
        return None, False

    labels = [lab for lab, _ in ROWS]
    tried = labels + [lab[:-1] for lab in labels] + [" ".join(lab.split()[1:]) for lab in labels] + \
        [lab.replace("and", "an") for lab in labels] + ["Inspection dates", "Overall effectiveness of the school",
                                                        "The effectiveness of leaders and manager", ""]
    for t in tried:
        assert match_label(t, ROWS) == slow(t, ROWS), t
    assert any(not match_label(t, ROWS)[1] and match_label(t, ROWS)[0] for t in tried)  # loose matches were tried


def test_a_font_name_longer_than_the_buffer_is_read_whole(monkeypatch):
    """PDFium leaves the name buffer as it was when a font's name does not fit: the font
    before it must not lend the line its weight (a bold heading, then body text set in a
    font whose subset name is long)."""
    import pdfgen
    monkeypatch.setitem(pdfgen.FONTS, "L", b"ABCDEF+" + b"Body" * 40)
    data = styled_pdf([[(72, [B("Areas for improvement")]),
                        (72, [("Inspectors looked at a range of evidence.", "L", 12.0, 0.0)])]])
    lines = [ln for page in read_pdf(data)[0] for ln in page if ln.text.strip()]
    assert [(ln.text.strip(), ln.bold_start) for ln in lines] == [("Areas for improvement", True),
                                                                   ("Inspectors looked at a range of evidence.", False)]
