"""Every record validates against `ofsted schema`; random and mutated report text never
raises (property-based, hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SAMPLE, SHARED
from ofsted_cli.core import extract_bytes
from ofsted_cli.document import from_text
from ofsted_cli.families import parse
from ofsted_cli.schema import record_schema

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(record_schema())
SAMPLE_LINES = SAMPLE.read_text().splitlines()


def valid(rec):
    errors = sorted(VALIDATOR.iter_errors(rec), key=str)
    assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"


def test_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(record_schema())


def test_a_stray_bullet_is_not_an_empty_recommendation():
    # found by the fuzzer: a bullet glyph alone under an improvement heading
    rec = extract_bytes("What needs to improve?1\nFocused visit to X children\u2019s services\n\u25fc".encode(), "f.txt")
    valid(rec)
    assert rec["recommendations"] == []


def test_sample_and_error_records_validate(tmp_path):
    valid(extract_bytes(SAMPLE.read_bytes(), "s.txt"))
    valid(extract_bytes(b"", "e.pdf"))
    valid(extract_bytes(b"<html></html>", "h.pdf"))


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_text_never_raises(text):
    rec = extract_bytes(text.encode("utf-8"), "r.txt")
    valid(rec)
    assert rec.get("error", {}).get("code") != "internal"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(min_value=0, max_value=len(SAMPLE_LINES) - 1), min_size=1, max_size=300),
       st.sampled_from(["", "\f", "Grade 2 (good)", "Requires improvement", "\u25fc", "What needs to improve?",
                        "Inspection of X local authority children\u2019s services", "Judgement Grade", "1. "]))
def test_mutated_report_text_never_raises(idx, insert):
    lines = [SAMPLE_LINES[i] for i in idx]
    lines.insert(len(lines) // 2, insert)
    rec = extract_bytes("\n".join(lines).encode(), "m.txt")
    valid(rec)
    assert rec.get("error", {}).get("code") != "internal"


@settings(deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120), max_size=60))
def test_family_parsers_never_raise_on_random_lines(lines):
    text = ("Inspection of services for children in need of help and protection\n"
            "Judgement Grade\nThe impact of leaders\nFocused visit to X children's services\n" + "\n".join(lines))
    rep = parse(from_text(text))  # whatever it finds, it must not raise
    assert rep is not None  # the title alone makes it an Ofsted report of some family
    rec = extract_bytes(text.encode("utf-8"), "random.txt")
    valid(rec)
    assert rec.get("error", {}).get("code") != "internal"


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="../shared corpus not present")
def test_every_corpus_record_validates(corpus_records):
    names = sorted(p.parent.name for p in (SHARED / "corpus").glob("*/labels.jsonl"))
    recs = [r for name in names for r in corpus_records(name)]
    assert len(recs) == len(list((SHARED / "corpus").glob("*/files/*")))
    for rec in recs:
        valid(rec)
