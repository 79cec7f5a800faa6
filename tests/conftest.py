import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# `pytest --hypothesis-profile=fuzz tests/test_schema_property.py` is the long fuzzing run
settings.register_profile("default", max_examples=120)
settings.register_profile("fuzz", max_examples=10_000_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "samples" / "hammersmith-and-fulham-2011.txt"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


def ofsted_cmd() -> list[str]:
    return [sys.executable, "-m", "ofsted_cli"]


FIXTURES = ROOT / "tests" / "fixtures"


def fixture_text(family: str, case: str) -> str:
    """The excerpt of tests/fixtures/<family>/<case>.txt (pages separated by form feeds)."""
    return (FIXTURES / family / f"{case}.txt").read_text(encoding="utf-8")


def report_of(*pages: str):
    """Parse excerpt pages (text input) into a Report."""
    from ofsted_cli.document import build
    from ofsted_cli.families import parse
    return parse(build(list(pages), paged=True, fmt="text"))


def grades(rep) -> dict:
    """{key: grade id} of a Report or of a record dict."""
    js = rep["judgements"] if isinstance(rep, dict) else rep.judgements
    return {j["key"]: j["grade"] for j in js} if isinstance(rep, dict) else {j.key: j.grade for j in js}


def texts(rep) -> list[str]:
    return [r.text for r in rep.recommendations]


@pytest.fixture(scope="session")
def corpus_records():
    """The records of a corpus of ../shared/corpus (its name), read once per test session by
    the CLI and shared by every test that asks (skips where the corpus is absent)."""
    import json
    import subprocess
    done: dict[str, list[dict]] = {}

    def records(name: str) -> list[dict]:
        if name not in done:
            folder = SHARED / "corpus" / name / "files"
            if not folder.exists():
                pytest.skip(f"corpus {name} not present")
            out = subprocess.run([*ofsted_cmd(), "extract", str(folder), "-f", "jsonl", "-q"],
                                 capture_output=True, text=True, timeout=1200)
            done[name] = [json.loads(line) for line in out.stdout.splitlines()]
        return done[name]
    return records
