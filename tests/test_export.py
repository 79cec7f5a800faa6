"""SQLite export, spreadsheet-safe CSV."""
import collections
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from ofsted_cli.cli import app

runner = CliRunner()
YEAR_GRADE = ("SELECT substr(inspection_start, 1, 4) AS year, grade, COUNT(*) FROM reports "
              "JOIN judgements ON judgements.report_id = reports.id "
              "WHERE key = 'overall_effectiveness' GROUP BY year, grade")


def export(*args):
    r = runner.invoke(app, ["export", *map(str, args), "-q", "-j", "1"])
    assert r.exit_code in (0, 3), r.stderr
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
    (folder / "b.txt").write_bytes(sample_path.read_bytes().replace(b"Being healthy\tOutstanding", b"Being healthy\tGood"))
    export(folder, "--db", db)
    after = counts(db)
    assert after["reports"] == 2 and after["judgements"] == 44 and after["recommendations"] == 18
    con = sqlite3.connect(db)
    view = con.execute('SELECT "safeguarding.overall_effectiveness" FROM report_grades').fetchall()
    assert view == [("good",), ("good",)]
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


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_readme_query_matches_the_answer_key(tmp_path):
    db = tmp_path / "la.sqlite"
    r = runner.invoke(app, ["export", str(SHARED / "corpus" / "la"), "--db", str(db), "-q"])
    assert r.exit_code == 3  # the two HTML pages saved as .pdf are errors
    con = sqlite3.connect(db)
    got = {(y, g): n for y, g, n in con.execute(YEAR_GRADE)}
    want = collections.Counter()
    for line in (SHARED / "corpus" / "la" / "labels.jsonl").read_text().splitlines():
        lab = json.loads(line)
        g = (lab.get("judgements") or {}).get("overall_effectiveness")
        if g:
            want[(lab["inspection_start"][:4], g)] += 1
    assert got == dict(want)
    assert con.execute("SELECT COUNT(*) FROM errors WHERE code = 'not-a-pdf'").fetchone()[0] == 2


def test_csv_neutralises_formulas(tmp_path, sample_path):
    p = tmp_path / "evil.txt"
    p.write_bytes(sample_path.read_bytes().replace(b"- work with the voluntary sector", b"- =HYPERLINK(\"http://x\") work"))
    r = runner.invoke(app, ["recommendations", str(p), "-f", "csv", "-q"])
    raw = r.stdout.encode()
    assert b",'=HYPERLINK(" in raw.replace(b'"', b"") or b"'=HYPERLINK" in raw
    assert b",=HYPERLINK" not in raw and b'",=' not in raw
