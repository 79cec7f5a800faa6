"""Long fuzzing run (hypothesis): random and mutated report text through the whole extractor,
every record checked against the JSON Schema, no exception allowed.

    .venv/bin/python tests/fuzz.py --minutes 10

Runs batches of examples with fresh random seeds until the time is up, then prints how many
examples ran. Any failure stops the run with hypothesis's minimal failing example.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import SAMPLE  # noqa: E402

from ofsted_cli.core import extract_bytes  # noqa: E402
from ofsted_cli.schema import record_schema  # noqa: E402

LINES = SAMPLE.read_text().splitlines()
PIECES = ["", "\f", "Grade 2 (good)", "Requires", "improvement to be", "good", "\u25fc", "\uf0b7",
          "What needs to improve?1", "Inspection of X local authority children\u2019s services", "Judgement Grade",
          "1. ", "2.1 Adoption performance", "Focused visit to X children\u2019s services", "Yours sincerely",
          "Inspection dates: 31 February to 2 March 2023", "Area SEND inspection of X Local Area Partnership",
          "Record of main findings:", "Overall effectiveness\tGood", "School report", "Ofsted"]
BATCH = 500


def _validator():
    import jsonschema
    return jsonschema.Draft202012Validator(record_schema())


VALIDATOR = _validator()


def check(text: str) -> None:
    rec = extract_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.txt")
    errors = list(VALIDATOR.iter_errors(rec))
    assert not errors, f"{errors[0].message} at {list(errors[0].absolute_path)}"
    assert rec.get("error", {}).get("code") != "internal", rec["error"]


SETTINGS = settings(max_examples=BATCH, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck))


@SETTINGS
@given(st.text(max_size=4000))
def random_text(text):
    check(text)


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(LINES), st.sampled_from(PIECES), st.text(max_size=80)), max_size=400))
def mutated_report(lines):
    check("\n".join(lines))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    a = ap.parse_args()
    end = time.monotonic() + a.minutes * 60
    n = 0
    t0 = time.monotonic()
    while time.monotonic() < end:
        for fn in (random_text, mutated_report):
            fn()
            n += BATCH
    print(f"fuzz: {n} examples in {(time.monotonic() - t0) / 60:.1f} minutes, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
