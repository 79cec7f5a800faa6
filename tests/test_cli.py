"""The CLI: formats read back, exit statuses, clean stdout when piped, diff."""
import csv
import io
import json
import subprocess
import sys

import yaml
from typer.testing import CliRunner

from ofsted_cli.cli import Exit, app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_json_reads_back(sample_path):
    r = invoke("extract", sample_path, "--format", "json", "-q")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert len(data) == 1 and data[0]["report"]["type"] == "la-slac-2009"
    assert data[0]["schema_version"] == 1 and data[0]["source"]["sha256"]


def test_jsonl_reads_back(sample_path):
    r = invoke("extract", sample_path, sample_path, "--format", "jsonl", "-q")
    lines = r.stdout.splitlines()
    assert len(lines) == 1  # duplicate paths are processed once
    assert len(json.loads(lines[0])["judgements"]) == 22


def test_yaml_reads_back(sample_path):
    r = invoke("extract", sample_path, "--format", "yaml", "-q")
    docs = list(yaml.safe_load_all(r.stdout))
    assert docs[0]["report"]["lead_inspector"] == "Stephen Hart"


def test_csv_grades_reads_back(sample_path):
    r = invoke("grades", sample_path, "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 22 and rows[0]["key"] == "safeguarding.overall_effectiveness"


def test_grades_wide_one_row_per_report(sample_path):
    r = invoke("grades", sample_path, "--wide", "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 1 and rows[0]["lac.being_healthy"] == "outstanding"


def test_recommendations_csv(sample_path):
    r = invoke("recommendations", sample_path, "--format", "csv", "-q")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 9 and rows[0]["timescale"] == "Within three months"


def test_empty_json_array_and_missing_file_error_record(tmp_path):
    r = invoke("extract", tmp_path / "nope.pdf", "--format", "json", "-q")
    assert r.exit_code == Exit.SOME_FAILED
    data = json.loads(r.stdout)
    assert data[0]["error"]["code"] == "not-found"
    assert "not-found" in r.stderr and "Traceback" not in r.stderr


def test_html_saved_as_pdf_and_batch_goes_on(tmp_path, sample_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("<!DOCTYPE html><html><body>Not found</body></html>")
    r = invoke("extract", bad, sample_path, "--format", "jsonl", "-q")
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert recs[0]["error"]["code"] == "not-a-pdf"
    assert recs[1]["report"]["type"] == "la-slac-2009"
    assert r.exit_code == Exit.SOME_FAILED


def test_not_an_ofsted_report(tmp_path):
    p = tmp_path / "shopping.txt"
    p.write_text("Eggs\nMilk\nBread\n")
    r = invoke("extract", p, "--format", "json", "-q")
    assert json.loads(r.stdout)[0]["error"]["code"] == "not-an-ofsted-report"


def test_bad_encoding(tmp_path):
    p = tmp_path / "latin.txt"
    p.write_bytes("Inspection of caf\xe9".encode("latin-1"))
    r = invoke("extract", p, "--format", "json", "-q")
    assert json.loads(r.stdout)[0]["error"]["code"] == "bad-encoding"


def test_usage_error_exit_2():
    r = invoke("extract", "x", "--format", "xml")
    assert r.exit_code == Exit.USAGE


def test_version():
    r = invoke("--version")
    assert r.exit_code == 0 and r.stdout.startswith("ofsted-cli ")


def test_piped_stdout_is_clean_json(sample_path):
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(sample_path)],
                       capture_output=True, text=True)
    assert p.returncode == 0
    assert json.loads(p.stdout)[0]["report"]["provider"]  # default format when piped is json
    assert "report" in p.stderr  # the summary line goes to stderr only


def test_stdin_dash(sample_path):
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", "-", "-f", "jsonl", "-q"],
                       input=sample_path.read_bytes(), capture_output=True)
    rec = json.loads(p.stdout)
    assert rec["source"]["path"] == "-" and len(rec["judgements"]) == 22


def _edited(sample_path, tmp_path):
    text = sample_path.read_text()
    text = text.replace("Being healthy\n\nGrade 1 (outstanding)", "Being healthy\n\nGrade 3 (adequate)", 1)
    text = text.replace("Being healthy\tOutstanding", "Being healthy\tAdequate")
    text = text.replace("- ensure that all front line and service managers are able to understand and use data to support their management of services.\n",
                        "- publish a new workforce strategy for early help staff.\n")
    p = tmp_path / "edited.txt"
    p.write_text(text)
    return p


def test_diff_identical_exit_0(sample_path):
    r = invoke("diff", sample_path, sample_path, "--format", "json")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["differs"] is False


def test_diff_changed_grade_and_recommendations(sample_path, tmp_path):
    r = invoke("diff", sample_path, _edited(sample_path, tmp_path), "--format", "json")
    assert r.exit_code == Exit.DIFFERENT
    d = json.loads(r.stdout)
    ch = {c["key"]: c for c in d["judgements"]}
    assert ch["lac.being_healthy"]["change"] == "declined"
    assert ch["lac.being_healthy"]["old"] == "outstanding" and ch["lac.being_healthy"]["new"] == "adequate"
    assert d["recommendations"]["new"] == ["publish a new workforce strategy for early help staff."]
    assert d["recommendations"]["not_repeated"][0].startswith("ensure that all front line")
    assert len(d["recommendations"]["carried_over"]) == 8


def test_diff_unreadable_exit_2(sample_path, tmp_path):
    r = invoke("diff", sample_path, tmp_path / "missing.pdf", "--format", "json")
    assert r.exit_code == 2


# --- exit statuses: clean, doubtful (4), --strict, --no-warn-exit, errors (3) ----------------
NO_DATA = "tests/fixtures/la-ilacs-2023/no-data.txt"              # no judgements: doubtful
MISPRINT = "tests/fixtures/childrens-home-sccif/wrapped-rows-and-misprinted-label.txt"  # label-mismatch only


def run_cli(*args):
    from conftest import ROOT, ofsted_cmd
    return subprocess.run([*ofsted_cmd(), *map(str, args)], capture_output=True, text=True, cwd=ROOT)


def warnings_on_stderr(p) -> list[str]:
    return [l for l in p.stderr.splitlines() if l.startswith("warning:")]


def test_exit_clean_run_is_0_and_says_nothing(sample_path):
    p = run_cli("extract", sample_path, "-f", "jsonl")
    assert p.returncode == Exit.OK == 0
    assert not warnings_on_stderr(p)


def test_exit_doubtful_record_is_4_and_named_on_stderr(sample_path):
    p = run_cli("extract", sample_path, NO_DATA, "-f", "jsonl")
    assert p.returncode == Exit.DOUBTFUL == 4
    assert warnings_on_stderr(p) == [f"warning: {NO_DATA}: no-judgements: no graded judgement was found"]
    assert len(p.stdout.splitlines()) == 2  # both records written
    p = run_cli("extract", sample_path, NO_DATA, "-f", "jsonl", "--no-warn-exit")
    assert p.returncode == 0 and len(warnings_on_stderr(p)) == 1


def test_exit_strict_fails_on_any_warning():
    p = run_cli("extract", MISPRINT, "-f", "jsonl")
    assert p.returncode == 0 and not warnings_on_stderr(p)
    assert "label-mismatch" in {w["code"] for w in json.loads(p.stdout)["warnings"]}
    p = run_cli("extract", MISPRINT, "-f", "jsonl", "--strict")
    assert p.returncode == 4
    assert [l.split(": ")[2] for l in warnings_on_stderr(p)] == ["label-mismatch"]


def test_exit_error_is_3_and_wins_over_warnings(sample_path, tmp_path):
    missing = tmp_path / "missing.pdf"
    p = run_cli("extract", sample_path, NO_DATA, missing, "-f", "jsonl")
    assert p.returncode == Exit.SOME_FAILED == 3
    codes = [json.loads(l).get("error", {}).get("code") for l in p.stdout.splitlines()]
    assert codes == [None, None, "not-found"]
    assert f"error: {missing}: not-found: no such file" in p.stderr.splitlines()


def test_timeout_that_is_no_number_is_a_usage_error(sample_path):
    """'--timeout 1e400' (infinity) once crashed every worker's report ('internal', records
    lost); a huge finite one means no limit."""
    for bad in ("1e400", "inf"):
        p = run_cli("extract", sample_path, "-f", "jsonl", "--timeout", bad)
        assert p.returncode == Exit.USAGE and not p.stdout
        assert p.stderr.startswith("usage error: --timeout"), p.stderr
    p = run_cli("extract", sample_path, "-f", "jsonl", "--timeout", "1e300", "-q")
    assert p.returncode == Exit.OK and json.loads(p.stdout)["judgements"]


def test_option_values_are_checked_with_one_set_of_messages(sample_path):
    """Typer would import pydantic to check option values (about 0.1 s at every start): where
    this Typer allows it, the plain types are checked by the CLI itself (make bench says
    whether it does), with pydantic's messages and status either way."""
    for args, says in ((["--jobs", "abc"], "Input should be a valid integer"),
                       (["--jobs", "0"], "Input should be greater than or equal to 1"),
                       (["--timeout", "-1"], "Input should be greater than or equal to 0"),
                       (["--max-pages", "1.5"], "Input should be a valid integer")):
        r = invoke("extract", sample_path, *args)
        assert r.exit_code == Exit.USAGE and says in r.stderr, (args, r.stderr)
        assert not r.stdout


def test_every_row_command_carries_the_report_type_and_dates(sample_path):
    """Rows of grades and recommendations (every format), and extract's CSV with its grades,
    carry the type and the inspection and publication dates: 'grades by year' is a pivot."""
    import csv as csv_
    import io
    for cmd in ("grades", "recommendations"):
        for fmt in ("csv", "jsonl"):
            r = runner.invoke(app, [cmd, str(sample_path), "-f", fmt, "-q"])
            rows = list(csv_.DictReader(io.StringIO(r.stdout))) if fmt == "csv" else \
                [json.loads(x) for x in r.stdout.splitlines()]
            assert rows, (cmd, fmt)
            for row in rows:
                assert row["type"] == "la-slac-2009" and row["inspection_start"] == "2011-06-06", (cmd, fmt, row)
                assert row["inspection_end"] == "2011-06-17" and row["published"] == "2011-07-22", (cmd, fmt)
    r = runner.invoke(app, ["extract", str(sample_path), "-f", "csv", "-q"])
    row = next(csv_.DictReader(io.StringIO(r.stdout)))
    assert row["safeguarding.overall_effectiveness"] == "good" and row["judgement_count"] == "22"
    assert row["provider_key"] == "la:E09000013" and row["region"] == "London" and row["la_code"] == "205"
