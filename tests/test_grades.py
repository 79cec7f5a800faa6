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
