"""Area SEND 2023+: outcome sentences, the team table, and improvement tables read by cell
(line boxes) or, for text input, by wording."""
from ofsted_cli.pdf import RawLine
import pytest

from ofsted_cli.document import build
from ofsted_cli.families import parse

HEAD = """Local area partnership report
Area SEND inspection of Exampleshire Local
Area Partnership
Inspection dates: 11 to 15 March 2024
Dates of previous inspection: 23 to 27 January 2017
Inspection outcome
{outcome}
Information about the local area partnership
Inspection team
Ofsted Care Quality Commission
Dr Jo Example, Ofsted HMI Lead inspector Sam Other, CQC Lead inspector
"""


@pytest.mark.parametrize("sentence,gid", [
    ("The local area partnership\u2019s SEND arrangements typically lead to positive experiences and outcomes.", "positive_experiences"),
    ("The local area partnership\u2019s arrangements lead to inconsistent experiences and outcomes for children.", "inconsistent_experiences"),
    ("There are widespread and/or systemic failings leading to significant concerns.", "systemic_failings"),
])
def test_outcome_sentence_and_metadata(sentence, gid):
    rep = parse(build([HEAD.format(outcome=sentence)], paged=True, fmt="pdf"))
    assert rep.type == "la-send-area-2023"
    assert {j.key: j.grade for j in rep.judgements} == {"area_send_outcome": gid}
    assert rep.provider == "Exampleshire" and rep.lead_inspector == "Jo Example"
    assert (rep.inspection_start, rep.inspection_end) == ("2024-03-11", "2024-03-15")


def _page(rows):
    """(text, x0, top) -> a PDF page of (line, box) pairs."""
    return [RawLine(t, (x, top - 10, x + 6 * len(t), top)) for t, x, top in rows]


def test_two_column_table_rows_by_cell_and_a_row_over_a_page_break():
    p1 = _page([(HEAD.splitlines()[1], 57, 800), ("Inspection outcome", 57, 780),
                ("The arrangements lead to inconsistent experiences and outcomes.", 57, 770),
                ("Areas for priority action", 57, 700), ("Responsible body Areas for priority action", 63, 680),
                ("Exampleshire Council and NHS", 63, 660), ("Exampleshire Integrated", 63, 646),
                ("Leaders need to ensure that there is a clear", 224, 660),
                ("strategy for the partnership.", 224, 646),
                ("Exampleshire Council", 63, 620), ("Leaders must reduce waiting times for", 224, 620),
                ("assessments and", 224, 606)])
    p2 = _page([("Care Board", 63, 780), ("plans, so that children get help sooner.", 224, 780),
                ("Areas for improvement", 57, 740), ("Areas for improvement", 63, 720),
                ("Leaders should improve the quality of EHC plans so that they are", 63, 700),
                ("precise.", 63, 686),
                ("Leaders should strengthen how they gather the views of families.", 63, 664)])
    rep = parse(build([p1, p2], paged=True, fmt="pdf"))
    assert [(r.text, r.extra.get("responsible_body")) for r in rep.recommendations] == [
        ("Leaders need to ensure that there is a clear strategy for the partnership.",
         "Exampleshire Council and NHS Exampleshire Integrated"),
        ("Leaders must reduce waiting times for assessments and plans, so that children get help sooner.",
         "Exampleshire Council Care Board"),
        ("Leaders should improve the quality of EHC plans so that they are precise.", None),
        ("Leaders should strengthen how they gather the views of families.", None),
    ]
    assert [r.section for r in rep.recommendations] == ["areas_for_priority_action"] * 2 + ["areas_for_improvement"] * 2


def test_text_input_table_by_wording():
    text = HEAD.format(outcome="There are widespread and/or systemic failings.") + """Areas for priority action
Responsible body Areas for priority action
Exampleshire Council
Leaders must act to:
\u2022 reduce waits; and
\u2022 improve plans.
Areas for improvement
Areas for improvement
1. Leaders should improve transitions.
2. Leaders should improve data.
Local area partnership details
"""
    rep = parse(build([text], paged=False, fmt="text"))
    assert [r.text for r in rep.recommendations] == ["Leaders must act to: reduce waits; improve plans.",
                                                      "Leaders should improve transitions.",
                                                      "Leaders should improve data."]


def test_merged_body_and_item_cells_are_split_at_the_column():
    p1 = _page([(HEAD.splitlines()[1], 57, 800),
                ("The arrangements lead to inconsistent experiences and outcomes.", 57, 780),
                ("Areas for priority action", 57, 700), ("Responsible body Areas for priority action", 63, 680),
                ("Exampleshire Council", 63, 660), ("Leaders must reduce waiting times.", 224, 660),
                ("Exampleshire Council Exampleshire Council leaders should", 63, 630),
                ("publish the local offer.", 224, 616)])
    rep = parse(build([p1], paged=True, fmt="pdf"))
    assert [(r.text, r.extra.get("responsible_body")) for r in rep.recommendations] == [
        ("Leaders must reduce waiting times.", "Exampleshire Council"),
        ("Exampleshire Council leaders should publish the local offer.", "Exampleshire Council")]
