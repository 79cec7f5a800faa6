"""diff across frameworks and history grouping."""
import json
import os

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from ofsted_cli.cli import app
from ofsted_cli.diff import diff_records, provider_key
from ofsted_cli.history import group

runner = CliRunner()


def rec(path, provider, grades, recs=(), type_="la-ilacs-2018", start="2020-01-01"):
    return {"source": {"path": path}, "report": {"type": type_, "provider": provider, "inspection_start": start},
            "judgements": [{"key": k, "grade": g, "score": {"outstanding": 1, "good": 2, "requires_improvement": 3,
                                                            "inadequate": 4}.get(g)} for k, g in grades.items()],
            "recommendations": [{"text": t} for t in recs]}


def test_sif_to_ilacs_2018_maps_keys():
    old = rec("a", "Sandwell Metropolitan Borough Council", {
        "overall_effectiveness": "inadequate", "help_and_protection": "inadequate",
        "looked_after_and_permanence": "requires_improvement", "care_leavers": "good",
        "leadership_management_governance": "inadequate", "adoption_performance": "good", "lscb": "good"}, type_="la-sif")
    new = rec("b", "Sandwell", {"overall_effectiveness": "requires_improvement", "impact_of_leaders": "good",
                                "help_and_protection": "requires_improvement",
                                "children_in_care_and_care_leavers": "good"})
    d = diff_records(old, new)
    ch = {(c.get("old_key"), c["key"]): c["change"] for c in d["judgements"]}
    assert ch[(None, "overall_effectiveness")] == "improved"
    assert ch[("leadership_management_governance", "impact_of_leaders")] == "improved"
    # two old judgements take one new key: one line, the change against both
    both = [c for c in d["judgements"] if c["key"] == "children_in_care_and_care_leavers"]
    assert len(both) == 1 and both[0]["old_key"] == "looked_after_and_permanence, care_leavers"
    assert both[0]["old"] == "requires_improvement / good" and both[0]["change"] == "mixed"
    assert ch[(None, "lscb")] == "removed" and ch[(None, "adoption_performance")] == "removed"
    assert d["warnings"] == []  # the same authority under two names


def test_newer_report_older_than_old_warns_and_none_is_never_printed():
    a = rec("a", "X", {"overall_effectiveness": "good"}, start="2023-01-01")
    b = rec("b", "X", {"overall_effectiveness": "good"}, start="2019-01-01")
    assert [w["code"] for w in diff_records(a, b)["warnings"]] == ["new-is-older"]


def test_2023_split_and_2026_reform():
    a = rec("a", "X", {"children_in_care_and_care_leavers": "good", "overall_effectiveness": "good"})
    b = rec("b", "X", {"children_in_care": "outstanding", "care_leavers": "requires_improvement",
                       "overall_effectiveness": "good"}, type_="la-ilacs-2023")
    c = rec("c", "X", {"children_in_care": "outstanding", "care_leavers": "good"}, type_="la-ilacs-2026")
    ab = {c_["key"]: c_ for c_ in diff_records(a, b)["judgements"]}
    assert ab["children_in_care"]["old_key"] == "children_in_care_and_care_leavers"
    assert (ab["children_in_care"]["change"], ab["care_leavers"]["change"]) == ("improved", "declined")
    bc = {c_["key"]: c_["change"] for c_ in diff_records(b, c)["judgements"]}
    assert bc == {"children_in_care": "unchanged", "care_leavers": "improved", "overall_effectiveness": "removed"}


def test_recommendations_matched_by_wording():
    a = rec("a", "X", {}, ["Improve the quality of supervision for social workers.", "Reduce caseloads."])
    b = rec("b", "X", {}, ["Improve the quality of supervision of social workers.", "Publish a sufficiency strategy."])
    r = diff_records(a, b)["recommendations"]
    assert [c["change"] for c in r["carried_over"]] == ["carried_over"] and r["carried_over"][0]["similarity"] > 0.8
    assert r["new"] == ["Publish a sufficiency strategy."] and r["not_repeated"] == ["Reduce caseloads."]


def test_different_providers_warn():
    assert diff_records(rec("a", "Leeds", {}), rec("b", "York", {}))["warnings"][0]["code"] == "different-providers"


@pytest.mark.parametrize("names", [
    ["Sandwell Metropolitan Borough Council", "Sandwell", "Inspection of Sandwell local authority children\u2019s services"],
    ["Metropolitan Borough of Barnsley Council", "Barnsley"],
    ["London Borough of Hammersmith and Fulham", "Hammersmith & Fulham"],
    ["Surrey Safeguarding Children Board", "Surrey County Council"],
    ["St. Helens Metropolitan Borough Council", "St Helens"],
])
def test_provider_names_group_together(names):
    assert len({provider_key(n) for n in names}) == 1


def test_history_orders_by_date():
    g = group([rec("b", "Leeds City Council", {"overall_effectiveness": "good"}, start="2022-01-01"),
               rec("a", "Leeds", {"overall_effectiveness": "inadequate"}, start="2015-03-01"),
               rec("c", "York", {})], provider="Leeds")
    assert [i["path"] for i in g[0]["inspections"]] == ["a", "b"] and len(g) == 1 and g[0]["provider"] == "Leeds"


PAIRS = [("2014-09-08_80431_blackpool.pdf", "2019-01-17_80431_blackpool.pdf"),   # SIF -> ILACS 2018
         ("2018-07-02_80485_liverpool.pdf", "2023-05-25_80485_liverpool.pdf"),   # the 2023 split
         ("2018-10-22_80441_bristol.pdf", "2023-03-10_80441_bristol.pdf"),       # the 2023 split
         ("2023-02-01_80431_blackpool.pdf", "2026-07-28_80431_blackpool.pdf"),   # the 2026 reform
         ("2023-05-25_80485_liverpool.pdf", "2026-07-07_80485_liverpool.pdf")]   # 2023 -> 2026


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
@pytest.mark.parametrize("old,new", PAIRS)
def test_real_pairs_agree_with_the_answer_key(old, new):
    labels = {json.loads(l)["file"]: json.loads(l) for l in (SHARED / "corpus" / "la" / "labels.jsonl").read_text().splitlines()}
    files = SHARED / "corpus" / "la" / "files"
    r = runner.invoke(app, ["diff", str(files / old), str(files / new), "-f", "json"])
    assert r.exit_code == 1, r.stderr
    d = json.loads(r.stdout)
    want_old, want_new = labels[old]["judgements"], labels[new]["judgements"]
    for c in d["judgements"]:
        assert c["new"] == want_new.get(c["key"])
        old_keys = (c.get("old_key") or c["key"]).split(", ")
        assert c["old"] == (" / ".join(want_old[k] for k in old_keys) if c["old"] else None)
    # every judgement of both reports appears
    assert {c["key"] for c in d["judgements"]} >= set(want_new)
    assert {k for c in d["judgements"] if c["old"] for k in (c.get("old_key") or c["key"]).split(", ")} == set(want_old)


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_history_of_the_corpus_groups_each_authority_once(saved_records):
    r = runner.invoke(app, ["history", str(saved_records("la")), "-f", "json", "-q"])
    groups = json.loads(r.stdout)
    by_code = {}
    for g in groups:
        codes = {os.path.basename(i["path"]).split("_")[1] for i in g["inspections"]}
        assert len(codes) == 1, (g["provider"], codes)
        code = codes.pop()
        assert code not in by_code, (g["provider"], by_code.get(code))
        by_code[code] = g["provider"]


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_history_from_saved_records_equals_history_from_the_pdfs(saved_records):
    """`ofsted extract DIR -f jsonl > all.jsonl; ofsted history all.jsonl` gives what
    `ofsted history DIR` gives: a year of reports is parsed once."""
    la = str(SHARED / "corpus" / "la")
    from_pdfs = json.loads(runner.invoke(app, ["history", la, "-f", "json", "-q"]).stdout)
    from_records = json.loads(runner.invoke(app, ["history", str(saved_records("la")), "-f", "json", "-q"]).stdout)
    for g in from_records:  # (the saved file names the reports in the answer key's order, the folder sorted)
        g["inspections"].sort(key=lambda i: (i["inspection_start"] or i["published"] or "9999", i["path"]))
    assert len(from_pdfs) > 90
    assert from_records == from_pdfs
