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


@pytest.fixture(autouse=True)
def _process_limits_restored():
    """A command run in-process (CliRunner) may lower this process's soft limits (query's
    --max-memory, a batch's CPU limit): put them back, so that no later test, nor a program
    it starts (Chromium), inherits them."""
    import resource
    kept = {r: resource.getrlimit(r) for r in (resource.RLIMIT_AS, resource.RLIMIT_CPU)}
    yield
    for r, (soft, hard) in kept.items():
        if resource.getrlimit(r) != (soft, hard):
            try:
                resource.setrlimit(r, (soft, hard))
            except (ValueError, OSError):
                pass


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
def corpus_cache(tmp_path_factory) -> Path:
    """One record cache for the whole test session, shared by pytest-xdist's workers too (a
    folder beside theirs): each corpus report is read once, whichever test asks first."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "corpus-cache"
    folder.mkdir(exist_ok=True)
    return folder


def corpus_files(name: str) -> list[str]:
    """The files of ../shared/corpus/<name>, in the answer key's order (skip where absent)."""
    import json
    folder = SHARED / "corpus" / name
    if not (folder / "labels.jsonl").exists():
        pytest.skip(f"corpus {name} not present")
    return [str(folder / "files" / json.loads(line)["file"])
            for line in (folder / "labels.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def corpus_records(corpus_cache):
    """The records of a corpus of ../shared/corpus (its name), in the answer key's order: read
    by the CLI through the session's cache (under a lock, so that parallel workers wait for
    one another rather than read the same reports twice)."""
    import fcntl
    import json
    import subprocess
    done: dict[str, list[dict]] = {}

    def records(name: str) -> list[dict]:
        if name not in done:
            files = corpus_files(name)
            with open(corpus_cache.parent / f"corpus-{name}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                out = subprocess.run([*ofsted_cmd(), "extract", "-f", "jsonl", "-q", "--cache", str(corpus_cache),
                                      *files], capture_output=True, text=True, timeout=1200)
            done[name] = [json.loads(line) for line in out.stdout.splitlines()]
            assert len(done[name]) == len(files), out.stderr[-2000:]
        return done[name]
    return records


@pytest.fixture(scope="session")
def saved_records(corpus_records, tmp_path_factory):
    """A corpus's records saved as JSON Lines (as `extract -f jsonl > all.jsonl`): its path."""
    import json
    folder = tmp_path_factory.mktemp("saved")

    def saved(name: str) -> Path:
        path = folder / f"{name}.jsonl"
        if not path.exists():
            path.write_text("".join(json.dumps(r) + "\n" for r in corpus_records(name)))
        return path
    return saved


SLOW_FIRST = ("test_pdfminer_backend_judgements_on_a_fifth_of_la", "test_history_from_saved_records_equals_history",
              "test_bad_cases_mixed_with_the_real_la_corpus", "test_killed_workers_and_a_bomb_never_lose_a_record",
              "test_one_key_per_authority_over_every_local_authority_report", "test_grades_reads_what_extract_reads",
              "test_hostile_pdf_gets_its_code_within_the_limits", "test_parsers_are_linear_on_long_repetitive_lines")


def pytest_collection_modifyitems(config, items):
    """The slow tests (a whole corpus read, processes waited on) are marked 'slow' and run
    first: with several workers (make test: pytest -n auto) the quick ones fill in around them
    instead of leaving one long test running alone at the end."""
    for item in items:
        if item.name.startswith(SLOW_FIRST):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: next((k for k, s in enumerate(SLOW_FIRST) if item.name.startswith(s)), len(SLOW_FIRST)))
