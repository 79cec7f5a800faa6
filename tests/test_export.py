"""SQLite export and `ofsted query`: idempotent re-runs, views that need no quoting, the
README's queries checked against the answer key, failing files reported, foreign and locked
databases refused without damage, spreadsheet-safe CSV."""
import collections
import json
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SHARED
from ofsted_cli.cli import app

runner = CliRunner()
YEAR_GRADE = ("SELECT substr(inspection_start, 1, 4) AS year, grade, COUNT(*) FROM reports "
              "JOIN judgements ON judgements.report_id = reports.id "
              "WHERE key = 'overall_effectiveness' GROUP BY year, grade")


def export(*args, ok=(0, 3, 4)):
    r = runner.invoke(app, ["export", *map(str, args), "-q", "-j", "1"])
    assert r.exit_code in ok, r.stderr
    return r


def counts(db):
    con = sqlite3.connect(db)
    out = {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
           for t in ("reports", "judgements", "recommendations", "warnings", "errors")}
    con.close()
    return out


def test_export_rerun_and_add(tmp_path, sample_path):
    db = tmp_path / "x.sqlite"
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a.txt").write_bytes(sample_path.read_bytes())
    export(folder, "--db", db)
    first = counts(db)
    assert first["reports"] == 1 and first["judgements"] == 22 and first["recommendations"] == 9
    export(folder, "--db", db)
    assert counts(db) == first  # a re-run over an unchanged folder changes nothing
    export(tmp_path / "reports" / ".." / "reports", "--db", db)
    assert counts(db) == first  # the same files under another spelling of the path
    (folder / "b.txt").write_bytes(sample_path.read_bytes().replace(b"Being healthy\tOutstanding", b"Being healthy\tGood"))
    export(folder, "--db", db)
    after = counts(db)
    assert after["reports"] == 2 and after["judgements"] == 44 and after["recommendations"] == 18
    con = sqlite3.connect(db)
    view = con.execute("SELECT safeguarding_overall_effectiveness, lac_being_healthy FROM report_grades").fetchall()
    assert view == [("good", "outstanding"), ("good", "outstanding")]  # b.txt: the body's heading is kept
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_changed_file_is_replaced_not_duplicated(tmp_path, sample_path):
    db, f = tmp_path / "x.sqlite", tmp_path / "a.txt"
    f.write_bytes(sample_path.read_bytes())
    export(f, "--db", db)
    f.write_bytes(sample_path.read_bytes().replace(b"- work with the voluntary sector", b"- engage with the voluntary sector"))
    export(f, "--db", db)
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 1
    assert con.execute("SELECT COUNT(*) FROM recommendations WHERE text LIKE 'engage with%'").fetchone()[0] == 1


def test_failing_files_are_reported_after_every_run(tmp_path, sample_path):
    db = tmp_path / "x.sqlite"
    (tmp_path / "bad.pdf").write_text("<html>gone</html>")
    (tmp_path / "a.txt").write_bytes(sample_path.read_bytes())
    r = runner.invoke(app, ["export", str(tmp_path), "--db", str(db), "-j", "1"])
    assert r.exit_code == 3
    r = runner.invoke(app, ["export", str(tmp_path), "--db", str(db), "-j", "1"])
    assert r.exit_code == 3 and "1 file still failing" in r.stderr  # nothing new failed, but the file still does


def test_saved_records_export_like_their_reports(tmp_path, sample_path):
    out = runner.invoke(app, ["extract", str(sample_path), "-f", "jsonl", "-q"]).stdout
    (tmp_path / "all.jsonl").write_text(out)
    export(tmp_path / "all.jsonl", "--db", tmp_path / "r.sqlite")
    export(sample_path, "--db", tmp_path / "p.sqlite")
    assert counts(tmp_path / "r.sqlite") == counts(tmp_path / "p.sqlite")


def test_a_foreign_database_is_refused_untouched(tmp_path, sample_path):
    db = tmp_path / "mine.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE reports (id INTEGER, title TEXT)")
    con.commit()
    con.close()
    before = db.read_bytes()
    r = runner.invoke(app, ["export", str(sample_path), "--db", str(db)])
    assert r.exit_code == 2 and "tables that ofsted did not make" in r.stderr
    assert db.read_bytes() == before
    (tmp_path / "text.sqlite").write_text("not a database")
    assert runner.invoke(app, ["export", str(sample_path), "--db", str(tmp_path / "text.sqlite")]).exit_code == 2


def test_a_locked_database_gives_a_clear_error(tmp_path, sample_path):
    db = tmp_path / "x.sqlite"
    export(sample_path, "--db", db)
    (tmp_path / "b.txt").write_bytes(sample_path.read_bytes().replace(b"Hammersmith", b"Hamersmith"))
    holder = subprocess.Popen([sys.executable, "-c", f"import sqlite3,time; c=sqlite3.connect({str(db)!r}); "
                               "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    try:
        t0 = time.monotonic()
        p = subprocess.run([sys.executable, "-m", "ofsted_cli", "export", str(tmp_path / "b.txt"), "--db", str(db), "-q",
                            "--lock-wait", "0.5"], capture_output=True, text=True, timeout=120)
        waited = time.monotonic() - t0
    finally:
        holder.kill()
    assert p.returncode in (2, 5) and "locked" in p.stderr and "waited 0.5 s" in p.stderr and "Traceback" not in p.stderr
    assert waited < 10  # --lock-wait, not the default 10 s
    assert counts(db)["reports"] == 1


def test_query_command_reads_only_unless_write(tmp_path, sample_path):
    db = tmp_path / "x.sqlite"
    export(sample_path, "--db", db)
    r = runner.invoke(app, ["query", str(db), "SELECT provider, type FROM reports", "-f", "json"])
    assert json.loads(r.stdout) == [{"provider": "London Borough of Hammersmith and Fulham", "type": "la-slac-2009"}]
    r = runner.invoke(app, ["query", str(db), "DELETE FROM warnings", "-f", "json"])
    assert r.exit_code == 2 and "read-only" in r.stderr
    r = runner.invoke(app, ["query", str(db), "SELECT COUNT(*) AS n FROM judgements", "-f", "csv"])
    assert r.stdout.splitlines() == ["n", "22"]


def _readme_queries() -> list[str]:
    """The SQL statements of the README's sql blocks (comment lines dropped)."""
    text = (ROOT / "README.md").read_text()
    sql = "\n".join(re.findall(r"```sql\n(.*?)```", text, re.S))
    code = "\n".join(line for line in sql.splitlines() if not line.strip().startswith("--"))
    return [q.strip() for q in code.split(";") if q.strip()]


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_latest_grades_and_the_readme_queries_against_the_answer_key(tmp_path, saved_records):
    db = tmp_path / "la.sqlite"
    r = runner.invoke(app, ["export", str(saved_records("la")), "--db", str(db), "-q"])
    assert r.exit_code in (0, 4)  # (the two HTML pages saved as .pdf: error records of the saved file, stored)
    con = sqlite3.connect(db)
    # authorities by overall grade per year
    got = {(y, g): n for y, g, n in con.execute(YEAR_GRADE)}
    want = collections.Counter()
    labels = [json.loads(line) for line in (SHARED / "corpus" / "la" / "labels.jsonl").read_text().splitlines()]
    for lab in labels:
        g = (lab.get("judgements") or {}).get("overall_effectiveness")
        if g:
            want[(lab["inspection_start"][:4], g)] += 1
    assert got == dict(want)
    assert con.execute("SELECT COUNT(*) FROM errors WHERE code = 'not-a-pdf'").fetchone()[0] == 2
    # latest grades: one row per authority code, the grades of its latest full inspection
    full = {"la-slac-2009", "la-lac-2012", "la-sif", "la-sif-reinspection", "la-ilacs-2018", "la-ilacs-2023",
            "la-ilacs-2026"}
    latest = {}
    for lab in labels:
        if lab.get("family") in full and lab.get("judgements"):
            code = lab["file"].split("_")[1]
            if code not in latest or lab["inspection_start"] > latest[code]["inspection_start"]:
                latest[code] = lab
    rows = con.execute("SELECT path, overall_effectiveness, help_and_protection FROM latest_grades").fetchall()
    assert len(rows) == len(latest)
    by_code = {Path(p).name.split("_")[1]: (oe, hp) for p, oe, hp in rows}
    assert set(by_code) == set(latest)
    for code, lab in latest.items():
        assert by_code[code] == (lab["judgements"].get("overall_effectiveness"), lab["judgements"].get("help_and_protection"))
    # the local authorities' view: the same rows, their columns only, each key in the register
    la = con.execute("SELECT provider_key, ons_code, region, overall_effectiveness FROM la_latest_grades").fetchall()
    assert len(la) == len(latest) and all(k == f"la:{ons}" and region for k, ons, region, _ in la)
    assert len(con.execute("SELECT * FROM la_latest_grades").description) < 25
    # who improved: the previous full inspection's grade beside the latest, as the key says
    order = {"outstanding": 1, "good": 2, "requires_improvement": 3, "inadequate": 4}
    changes = dict(con.execute("SELECT l.path, c.change FROM grade_changes c JOIN latest_grades l "
                               "ON l.provider_key = c.provider_key WHERE c.key = 'overall_effectiveness'"))
    for code, lab in latest.items():
        before = [x for x in labels if x.get("family") in full and x.get("judgements") and x["file"].split("_")[1] == code
                  and x["inspection_start"] < lab["inspection_start"]]
        new_g = lab["judgements"].get("overall_effectiveness")
        if not new_g:
            continue
        path = next(p for p in changes if Path(p).name == lab["file"])
        if not before:
            assert changes[path] == "first inspection"
            continue
        old_g = max(before, key=lambda x: x["inspection_start"])["judgements"].get("overall_effectiveness")
        want = ("new" if old_g is None else "unchanged" if order[old_g] == order[new_g] else
                "improved" if order[new_g] < order[old_g] else "declined")
        assert changes[path] == want, (lab["file"], old_g, new_g)
    # every query in the README runs
    queries = _readme_queries()
    assert len(queries) >= 5
    for q in queries:
        con.execute(q).fetchall()


def test_csv_neutralises_formulas_and_drops_control_characters(tmp_path, sample_path):
    p = tmp_path / "evil.txt"
    p.write_bytes(sample_path.read_bytes().replace(b"- work with the voluntary sector",
                                                   b"- =HYPERLINK(\"http://x\") work\x1b[2J\x00"))
    r = runner.invoke(app, ["recommendations", str(p), "-f", "csv", "-q"])
    raw = r.stdout.encode()
    assert b"'=HYPERLINK" in raw.replace(b'"', b"")
    assert b",=HYPERLINK" not in raw and b'",=' not in raw
    assert b"\x1b" not in raw and b"\x00" not in raw


def test_the_sql_of_every_help_example_runs_and_query_shows_values_as_stored(tmp_path, sample_path):
    db = tmp_path / "la.sqlite"
    export(sample_path, "--db", db)
    helps = "".join(runner.invoke(app, [cmd, "--help"], terminal_width=200).stdout for cmd in ("export", "query"))
    helps += runner.invoke(app, ["--help"], terminal_width=200).stdout
    examples = re.findall(r'ofsted query \S+ "([^"]*)"', helps, re.S)
    assert len(examples) >= 4
    for sql in examples:
        r = runner.invoke(app, ["query", str(db), sql, "-f", "json"])
        assert r.exit_code == 0, (sql, r.stderr)
    r = runner.invoke(app, ["query", str(db), "SELECT grade, NULL AS empty_value FROM judgements LIMIT 1",
                            "-f", "table", "--color", "never"], terminal_width=80)
    assert "outstanding" in r.stdout and "Outstanding" not in r.stdout and "NULL" in r.stdout
