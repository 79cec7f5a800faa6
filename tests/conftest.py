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
