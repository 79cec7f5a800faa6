"""The register of local authorities: one authority, one key, whatever name a report prints;
the names Ofsted prints found again in reports whose family read none; a name the register
does not know is a warning, never a key of its own."""
import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from conftest import SHARED, fixture_text, report_of
from ofsted_cli.authorities import lookup, register, scan

CORPUS = SHARED / "corpus"


def test_the_register_holds_153_authorities_of_today_each_once():
    current = [a for a in register() if not a.valid_until]
    assert len(current) == 153
    assert len({a.ons_code for a in register()}) == len(register())
    assert len({a.la_number for a in current}) == 153 and all(re.fullmatch(r"\d{3}", a.la_number) for a in current)
    assert all(re.fullmatch(r"E(0[6-9]|10)\d{6}", a.ons_code) and a.region for a in register())
    # every name of the register finds its own authority (no name is shared, but by date)
    for a in register():
        for n in a.names():
            got = lookup(n, a.valid_until or a.valid_from)
            assert got == a, (n, got and got.name)


@pytest.mark.skipif(not (SHARED / "keys").exists(), reason="../shared not present")
def test_every_authority_of_ofsteds_own_table_is_in_the_register_with_its_code_and_region():
    rows = list(csv.DictReader((SHARED / "keys" / "ofsted-la-ilacs-latest_2023.csv").open(encoding="utf-8-sig")))
    assert len(rows) == 151
    for r in rows:
        a = lookup(r["Local authority name"])
        assert a is not None and a.ons_code == r["new_la_code"] and a.region == r["Ofsted region"], r


@pytest.mark.parametrize("printed,code", [
    ("Hull", "E06000010"), ("Kingston upon Hull City Council", "E06000010"), ("Kingston Upon Hull, City of", "E06000010"),
    ("East Riding", "E06000011"), ("East Riding of Yorkshire Council", "E06000011"),
    ("Newcastle", "E08000021"), ("Newcastle upon Tyne City Council", "E08000021"),
    ("Cheshire East Unitary Authority", "E06000049"), ("Council of the Isles of Scilly", "E06000053"),
    ("City of London", "E09000001"), ("City of London Corporation", "E09000001"),
    ("Doncaster Children's Services Trust", "E08000017"), ("Slough Children First", "E06000039"),
    ("Bradford Children and Families Trust", "E08000032"), ("Metropolitan Borough of Barnsley Council", "E08000016"),
    ("Sandwell MBC", "E08000028"), ("Royal Borough of Greenwich", "E09000011"), ("London Borough of Hackney", "E09000012"),
    ("St. Helens", "E08000013"), ("Southend on Sea", "E06000033"), ("Telford & Wrekin", "E06000020"),
    ("Bournemouth, Christchurch & Poole", "E06000058"), ("County Durham", "E06000047"),
    ("E08000028", "E08000028"), ("la:E08000028", "E08000028"), ("333", "E08000028"), ("80549", "E08000028"),
])
def test_every_printed_form_of_a_name_is_one_key(printed, code):
    assert lookup(printed).ons_code == code


def test_a_name_two_authorities_held_is_told_apart_by_the_date():
    assert lookup("Dorset", "2014-05-01").ons_code == "E10000009"   # the county council, to March 2019
    assert lookup("Dorset", "2023-06-01").ons_code == "E06000059"   # Dorset Council, from April 2019
    assert lookup("Dorset").ons_code == "E06000059"                 # no date: the authority of today
    assert lookup("Cumbria", "2016-01-01").ons_code == "E10000006"
    assert lookup("Cumbria", "2024-01-01") is None                  # gone in 2023: no guess
    assert lookup("Exampleshire") is None and lookup("") is None and lookup(None) is None


def test_scan_finds_the_authority_named_most_and_keeps_the_printed_form():
    a, printed = scan(["Joint targeted area inspection of the multi-agency response to children living with",
                       "domestic abuse in the Royal Borough of Greenwich", "Dear Director, Greenwich Council and Kent Police"])
    assert (a.ons_code, printed) == ("E09000011", "Greenwich")
    a, printed = scan(["Focused visit to Kingston upon Hull children\u2019s"])
    assert (a.ons_code, printed) == ("E06000010", "Kingston upon Hull")  # the longest name at a place
    assert scan(["Reading is taught well.", "No authority here."]) is not None  # capitalised 'Reading' is a name…
    assert scan(["reading and writing"]) is None  # …the word is not


def test_a_title_cut_at_a_line_end_still_gives_the_authority():
    rep = report_of("Ofsted\n22 March 2021\nMs Jo Bloggs\nDirector of Children's Services\n"
                    "Focused visit to Doncaster children\u2019s\nDear Ms Bloggs\n"
                    "This letter summarises the findings of the focused visit to Doncaster local authority children's "
                    "services on 2 and 3 March 2021.\nYours sincerely\nPat Smith\nHer Majesty's Inspector\n")
    assert rep.type == "la-focused-visit"
    assert rep.provider_key == "la:E08000017" and rep.extra["authority"] == "Doncaster"
    assert rep.extra["la_code"] == "371" and rep.extra["ons_code"] == "E08000017"


def test_an_unknown_authority_is_a_warning_not_a_key():
    rep = report_of("Exampleshire County Council\nInspection of services for children in need of help and protection,"
                    " children looked after and care leavers\nInspection dates: 1 to 20 March 2015\n"
                    "Report published: 1 May 2015\nLead inspector: Pat Smith\n"
                    "Children's services in Exampleshire are good\n")
    assert rep.provider == "Exampleshire County Council" and rep.provider_key is None
    assert "unknown-authority" in {w.code for w in rep.warnings}


def test_a_field_the_family_prints_and_the_report_lacks_is_a_warning():
    rep = report_of("Lincolnshire County Council\nInspection of services for children in need of help and protection,"
                    " children looked after and care leavers\nInspection dates: 1 to 20 March 2015\n"
                    "Children's services in Lincolnshire are good\n")
    assert rep.provider_key == "la:E10000019"
    missing = [w.message for w in rep.warnings if w.code == "missing-metadata"]
    assert missing and "lead inspector" in missing[0] and "published" not in missing[0]  # printed by some reports only


def test_a_school_with_no_urn_is_keyed_by_its_name_never_as_an_authority():
    rep = report_of(fixture_text("school-s8-letter", "good-school-may-improve"))
    assert rep.urn is None and rep.provider_key == "name:example junior school"
    assert "no-urn" in {w.code for w in rep.warnings}


def _code(path: str) -> str:
    return re.match(r"(?:\d{4}-\d\d-\d\d_)?(\d+)_", Path(path).name).group(1)


@pytest.mark.skipif(not (CORPUS / "la").exists(), reason="../shared corpus not present")
def test_one_key_per_authority_over_every_local_authority_report(corpus_records):
    """The file names' Ofsted codes group the reports of one authority: each code has one
    key, each key one code, every key is in the register, every record has one."""
    keys = {a.key for a in register()}
    by_code = defaultdict(set)
    for name in ("la", "la-visits", "la-send"):
        for rec in corpus_records(name):
            if "error" in rec:
                continue
            key = rec["report"]["provider_key"]
            assert key in keys, (rec["source"]["path"], key)
            by_code[_code(rec["source"]["path"])].add(key)
    assert all(len(v) == 1 for v in by_code.values()), {c: v for c, v in by_code.items() if len(v) > 1}
    assert len({next(iter(v)) for v in by_code.values()}) == len(by_code)


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared corpus not present")
def test_no_record_lacks_a_provider_or_lead_inspector_without_a_warning(corpus_records):
    from ofsted_cli.families import INFO
    for name in ("la", "la-visits", "la-send", "misc", "providers", "seed"):
        for rec in corpus_records(name):
            if "error" in rec:
                continue
            rep, codes = rec["report"], {w["code"] for w in rec["warnings"]}
            for field in ("provider", "lead_inspector", "provider_key"):
                printed = field in INFO[rep["type"]].prints or field == "provider_key"
                if rep[field] is None and printed:
                    assert codes & {"missing-metadata", "unknown-authority", "bad-metadata"}, (rec["source"]["path"], field)


def test_records_saved_by_an_earlier_version_are_keyed_again(tmp_path, sample_path):
    from typer.testing import CliRunner
    from ofsted_cli.cli import app
    runner = CliRunner()
    rec = json.loads(runner.invoke(app, ["extract", str(sample_path), "-f", "jsonl", "-q"]).stdout)
    for k in ("authority", "ons_code", "la_code", "region"):
        del rec["report"][k]
    rec["report"]["provider_key"] = "la:hammersmith and fulham"  # as the last version keyed it
    saved = tmp_path / "old.jsonl"
    saved.write_text(json.dumps(rec) + "\n")
    out = json.loads(runner.invoke(app, ["history", str(saved), "--provider", "Hammersmith & Fulham", "-f", "json",
                                         "-q"]).stdout)
    assert [g["key"] for g in out] == ["la:E09000013"]
