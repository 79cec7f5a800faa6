import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "samples" / "hammersmith-and-fulham-2011.txt"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


def ofsted_cmd() -> list[str]:
    return [sys.executable, "-m", "ofsted_cli"]
