"""Document-level behaviour (running headers, footnotes, letterheads, soft hyphens, wrapped
sentences) on short excerpts written for these tests; whole reports of each family are the
fixtures in tests/fixtures (test_fixtures.py)."""
from conftest import fixture_text, report_of, texts
from ofsted_cli.document import build
from ofsted_cli.pdf import RawLine


def doc_of(*pages):
    return build(list(pages), paged=True, fmt="pdf")


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
    text = fixture_text("la-focused-visit", "letter-with-theme-headings").replace("\u25fc Oversight of plans, so that they\nprogress.",
                          "\u25fc Oversight of plans, so that they\nprogress.\nPiccadilly Gate\nStore Street\n"
                          "Manchester M1 2WD\nT 0300 123 1231\nwww.gov.uk/ofsted\n\u25fc Supervision records.")
    assert texts(report_of(text))[-2:] == ["Oversight of plans, so that they progress.", "Supervision records."]


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


def test_the_readme_example_family_is_the_fostering_module_and_is_found():
    """The README's "adding a family" is a real family module, word for word, found by the
    registry and reading its fixtures (test_fixtures.py)."""
    import re as _re
    from conftest import ROOT
    import ofsted_cli.families as families
    code = _re.search(r"<!-- example-family:start -->\n```python\n(.*?)```", (ROOT / "README.md").read_text(), _re.S)
    assert code, "the README's example family is missing"
    assert code.group(1) == (ROOT / "ofsted_cli" / "families" / "fostering.py").read_text()
    assert any(m.__name__.endswith(".fostering") for m in families.MODULES)
    assert len(list((ROOT / "tests" / "fixtures" / "fostering-agency-sccif").glob("*.txt"))) >= 2


def test_an_incomplete_family_module_stops_the_registry(tmp_path, monkeypatch):
    """A module that is not shared and lacks part of the interface is an error naming it,
    never skipped with its fixtures."""
    import sys
    import pytest
    import ofsted_cli.families as families
    (tmp_path / "gadgets.py").write_text("FAMILIES = []\ndef detect(doc):\n    return None\n")
    monkeypatch.setattr(families, "__path__", [*families.__path__, str(tmp_path)])
    with pytest.raises(families.IncompleteFamily, match=r"gadgets\.py .*PRIORITY, raw"):
        families._modules()
    monkeypatch.delitem(sys.modules, "ofsted_cli.families.gadgets")
    (tmp_path / "gadgets.py").write_text("from ofsted_cli.families.base import FamilyInfo\nPRIORITY = 99\n"
                                         "FAMILIES = [FamilyInfo('gadgets', 'x')]\n"
                                         "def detect(doc):\n    return None\n"
                                         "def raw(doc, family):\n    return None\n")
    with pytest.raises(families.IncompleteFamily, match=r"raw must take \(doc, family, found=None\)"):
        families._modules()
    monkeypatch.delitem(sys.modules, "ofsted_cli.families.gadgets")
