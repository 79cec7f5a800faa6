"""Golden fixtures: ``tests/fixtures/<family>/<case>.txt`` (a short excerpt written for the
test, pages separated by form feeds) and ``<case>.json`` (what must come out of it). One
parametrised test runs them all; every family has a ``no-data`` case (its title and nothing
else), which must be recognised and flagged, never crash.

    OFSTED_REGENERATE=1 pytest tests/test_fixtures.py   # rewrite the .json files from the output

A regression fixture is named after the pattern it pins ('wrapped-rows-and-misprinted-label').
"""
import json
import os
from pathlib import Path

import pytest

from ofsted_cli.document import build
from ofsted_cli.families import INFO, parse

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p for p in FIXTURES.glob("*/*.txt") if p.parent.name in INFO)


def read(path: Path):
    return parse(build(path.read_text(encoding="utf-8").split("\f"), paged=True, fmt="text"))


def summary(rep) -> dict:
    """What a fixture pins: type, metadata, judgements, items and the codes of warnings."""
    d = rep.report_dict()
    return {"type": rep.type,
            "report": {k: v for k, v in d.items() if k != "type" and v is not None},
            "judgements": {j.key: j.grade for j in rep.judgements},
            "recommendations": [{k: v for k, v in r.to_dict().items() if v is not None and k != "page"}
                                for r in rep.recommendations],
            "warnings": sorted({w.code for w in rep.warnings})}


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture(case: Path):
    rep = read(case)
    assert rep is not None, "not recognised as an Ofsted report"
    got = summary(rep)
    want_file = case.with_suffix(".json")
    if os.environ.get("OFSTED_REGENERATE") or not want_file.exists():
        want_file.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if not os.environ.get("OFSTED_REGENERATE"):
            pytest.fail(f"{want_file.name} was missing and has been written: check it, then run again")
    assert got == json.loads(want_file.read_text(encoding="utf-8"))
    assert rep.type == case.parent.name


@pytest.mark.parametrize("family", sorted(k for k in INFO if k != "unknown"))
def test_every_family_has_fixtures_and_a_no_data_case(family):
    folder = FIXTURES / family
    assert (folder / "no-data.txt").exists(), f"{family}: add tests/fixtures/{family}/no-data.txt"
    assert len(list(folder.glob("*.txt"))) >= 2, f"{family}: add a fixture with data"


@pytest.mark.parametrize("family", sorted(k for k in INFO if k != "unknown" and INFO[k].graded))
def test_no_data_case_is_flagged(family):
    rep = read(FIXTURES / family / "no-data.txt")
    assert rep.type == family and not rep.judgements
    assert "no-judgements" in {w.code for w in rep.warnings}
