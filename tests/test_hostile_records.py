"""Hostile input, round three: a `query` that is really read-only and stoppable, saved records
that cannot crash a run, an `export` that never drops the rest, inputs that are no files.
Each case failed on the code before this round."""
import json
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE
from ofsted_cli.cli import app
from ofsted_cli.errors import Exit

runner = CliRunner()
RUNAWAY = "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT max(i) FROM r"


def ofsted(*args, **kw):
    return subprocess.run([sys.executable, "-m", "ofsted_cli", *map(str, args)], capture_output=True, text=True,
                          timeout=120, **kw)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    d = tmp_path_factory.mktemp("q")
    path = d / "reports.sqlite"
    assert runner.invoke(app, ["export", str(SAMPLE), "--db", str(path), "-q"]).exit_code == 0
    return path


@pytest.mark.parametrize("name", ["u.sqlite#", "u.sqlite?mode=rw&a=", "50%.sqlite", "a b#c.sqlite"])
def test_a_database_name_is_that_file_and_stays_read_only(name, db, tmp_path):
    target = tmp_path / name
    target.write_bytes(db.read_bytes())
    before = sorted(os.listdir(tmp_path))
    p = ofsted("query", target, "SELECT COUNT(*) AS n FROM reports", "-f", "json")
    assert p.returncode == 0 and json.loads(p.stdout) == [{"n": 1}], p.stderr
    p = ofsted("query", target, "DROP TABLE warnings")
    assert p.returncode == Exit.USAGE and "read-only" in p.stderr
    assert sqlite3.connect(target).execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'warnings'").fetchone()[0]
    assert sorted(os.listdir(tmp_path)) == before  # no stray file beside it


@pytest.mark.parametrize("sql,made", [("VACUUM INTO '{d}/copy.sqlite'", "copy.sqlite"),
                                      ("ATTACH '{d}/other.sqlite' AS o", "other.sqlite"),
                                      ("CREATE TEMP TABLE t AS SELECT 1", None), ("PRAGMA user_version = 7", None)])
def test_read_only_query_writes_nothing_anywhere(sql, made, db, tmp_path):
    p = ofsted("query", db, sql.format(d=tmp_path))
    assert p.returncode == Exit.USAGE and "read-only" in p.stderr, p.stderr
    if made:
        assert not (tmp_path / made).exists()
    assert sqlite3.connect(db).execute("PRAGMA user_version").fetchone()[0] == 0
    assert ofsted("query", db, "PRAGMA table_info(reports)", "-f", "csv").returncode == 0  # describing is reading


def test_a_runaway_query_stops_at_its_time_limit_and_at_ctrl_c(db):
    t0 = time.monotonic()
    p = ofsted("query", db, RUNAWAY, "--timeout", "1")
    assert p.returncode == Exit.SOME_FAILED and "--timeout" in p.stderr and time.monotonic() - t0 < 5
    q = subprocess.Popen([sys.executable, "-m", "ofsted_cli", "query", str(db), RUNAWAY], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    t0 = time.monotonic()
    q.send_signal(signal.SIGINT)
    err = q.communicate(timeout=30)[1]
    assert q.returncode == Exit.INTERRUPTED and err.strip() == "interrupted" and time.monotonic() - t0 < 1.0


def test_rows_stream_out_in_little_memory(db):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "query", str(db),
                        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 1000000) "
                        "SELECT i, 'row ' || i AS label FROM r", "-f", "jsonl", "-o", os.devnull],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "-o /dev/null replaced the device with a file"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak < 150 * 1024 or peak == before, peak  # (KB) a million rows are never all held


def test_blobs_and_infinities_are_written_by_one_rule(db):
    p = ofsted("query", db, "SELECT x'00ff10' AS b, 1e999 AS big, -1e999 AS small, 2.5 AS fine", "-f", "json")
    assert json.loads(p.stdout) == [{"b": "X'00FF10'", "big": None, "small": None, "fine": 2.5}]
    assert "Infinity" not in p.stdout and "NaN" not in p.stdout and "not a finite number" in p.stderr
    p = ofsted("query", db, "SELECT x'00ff10' AS b", "-f", "csv")
    assert p.stdout.splitlines() == ["b", "X'00FF10'"]


def _record():
    return json.loads(runner.invoke(app, ["extract", str(SAMPLE), "-f", "jsonl", "-q"]).stdout)


def _bad_cases():
    base = _record()
    cases = {}
    e = {"schema_version": 1, "source": {"path": "e.pdf", "sha256": None, "format": None, "pages": None},
         "error": {"code": "not-found"}}
    cases["error record without a message"] = e
    r = json.loads(json.dumps(base)); r["warnings"] = ["oops"]; cases["warnings of text"] = r
    r = json.loads(json.dumps(base)); r["report"]["provider_key"] = ["la:x"]; cases["a key that is a list"] = r
    r = json.loads(json.dumps(base)); r["report"]["inspection_start"] = 20110606; cases["a date that is a number"] = r
    r = json.loads(json.dumps(base)); r["source"]["pages"] = 10 ** 30; cases["a page count of 10^30"] = r
    r = json.loads(json.dumps(base)); r["report"]["published"] = "2011-99"; cases["a date that is no date"] = r
    r = json.loads(json.dumps(base)); r["judgements"][0]["score"] = 1e999; cases["an infinite score"] = r
    return base, cases


def test_saved_records_that_are_not_records_are_bad_records_with_their_line_and_the_run_goes_on(tmp_path):
    base, cases = _bad_cases()
    lines = [json.dumps(base)]
    for rec in cases.values():
        lines.append(json.dumps(rec))
    lines.append("[" * 100_000 + "]" * 100_000)  # nested deeper than Python parses
    lines.append(json.dumps(base))
    saved = tmp_path / "s.jsonl"
    saved.write_text("\n".join(lines) + "\n")
    for cmd in (["extract", "-f", "jsonl"], ["grades", "-f", "csv"], ["history", "-f", "json"],
                ["recommendations", "-f", "json"], ["extract", "-f", "table"]):
        p = ofsted(cmd[0], saved, *cmd[1:], "--no-warn-exit")
        assert p.returncode == Exit.SOME_FAILED, (cmd, p.stderr[-500:])
        assert "internal" not in p.stderr and "Traceback" not in p.stderr, (cmd, p.stderr[-500:])
        bad = [line for line in p.stderr.splitlines() if "bad-record" in line]
        assert len(bad) == len(cases) + 1, (cmd, bad)
        import re
        assert {n for n in range(2, len(cases) + 3)} == {int(re.search(r"line (\d+)", b).group(1)) for b in bad}, bad
    out = ofsted("extract", saved, "-f", "jsonl", "-q")
    recs = [json.loads(x) for x in out.stdout.splitlines()]
    assert sum("error" not in r for r in recs) == 2  # the two good records both there


def test_export_stores_the_rest_around_a_bad_record_and_refuses_a_foreign_database(tmp_path):
    base, cases = _bad_cases()
    second = json.loads(json.dumps(base))
    second["source"]["path"] = "second.txt"
    saved = tmp_path / "s.jsonl"
    saved.write_text("\n".join([json.dumps(base), json.dumps(cases["warnings of text"]), json.dumps(second)]) + "\n")
    db = tmp_path / "x.sqlite"
    p = ofsted("export", saved, "--db", db, "-q")
    assert p.returncode == Exit.SOME_FAILED and "line 2" in p.stderr and "internal" not in p.stderr
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 2
    # a database that carries ofsted_meta and a trigger of someone else's
    con = sqlite3.connect(db)
    con.execute("CREATE TRIGGER evil AFTER INSERT ON judgements BEGIN UPDATE judgements SET grade = 'outstanding'; END")
    con.execute("CREATE VIEW extra AS SELECT 1")
    con.commit()
    con.close()
    before = db.read_bytes()
    p = ofsted("export", SAMPLE, "--db", db, "-q")
    assert p.returncode == Exit.USAGE and "trigger" in p.stderr and "nothing was changed" in p.stderr
    assert db.read_bytes() == before


def test_twenty_thousand_saved_records_export_in_seconds(tmp_path):
    base = _record()
    with open(tmp_path / "many.jsonl", "w") as fh:
        for i in range(20_000):
            base["source"]["path"] = f"r/{i}.txt"
            fh.write(json.dumps(base) + "\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = ofsted("export", tmp_path / "many.jsonl", "--db", tmp_path / "many.sqlite", "-q")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime  # (CPU time: the same on a busy machine)
    assert p.returncode == 0, p.stderr[-300:]
    assert sqlite3.connect(tmp_path / "many.sqlite").execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 20_000
    assert cpu < 10, cpu  # (one transaction a record took 25 s of it)


def test_a_fifo_in_a_folder_is_refused_at_once_and_a_link_out_of_the_folder_is_not_followed(tmp_path):
    inner = tmp_path / "reports"
    inner.mkdir()
    (inner / "a.txt").write_bytes(SAMPLE.read_bytes())
    os.mkfifo(inner / "x.pdf")
    (tmp_path / "outside.txt").write_bytes(SAMPLE.read_bytes())
    (inner / "up").symlink_to("..")
    (inner / "same").symlink_to(".")  # a link inside the folder: followed (and read once)
    t0 = time.monotonic()
    p = ofsted("extract", inner, "-f", "jsonl", "-q")
    assert time.monotonic() - t0 < 10
    recs = {os.path.basename(json.loads(x)["source"]["path"]): json.loads(x) for x in p.stdout.splitlines()}
    assert set(recs) == {"a.txt", "x.pdf"}  # not outside.txt, through 'up'
    assert recs["x.pdf"]["error"]["code"] == "not-a-file"
    t0 = time.monotonic()
    p = ofsted("extract", inner / "x.pdf", "-f", "jsonl", "-q", "--timeout", "120")
    assert json.loads(p.stdout)["error"]["code"] == "not-a-file" and time.monotonic() - t0 < 2


def test_values_of_any_shape_in_any_field_never_crash_the_check():
    """Every field of a record, set to values of every JSON shape: the check says what is
    wrong or lets it pass, and never raises (a list where text is expected, a dict where a
    code is, a huge number, an empty object)."""
    from ofsted_cli.validate import problem
    base = _record()
    shapes = [None, True, 0, -1, 10 ** 30, 1.5, "", "x", [], ["x"], [[]], {}, {"a": 1}, [{"code": []}]]

    def paths(obj, prefix=()):
        yield prefix
        if isinstance(obj, dict):
            for k, v in obj.items():
                yield from paths(v, prefix + (k,))
        elif isinstance(obj, list) and obj:
            yield from paths(obj[0], prefix + (0,))
    for path in list(paths(base))[1:]:
        for shape in shapes:
            rec = json.loads(json.dumps(base))
            at = rec
            for k in path[:-1]:
                at = at[k]
            at[path[-1]] = shape
            why = problem(rec)
            assert why is None or isinstance(why, str)


@pytest.mark.parametrize("command", [["extract", str(SAMPLE), "-f", "jsonl"], ["summary", str(SAMPLE)]])
def test_output_to_a_pipe_is_written_in_place_not_renamed_over(tmp_path, command):
    """-o a FIFO (or a device: /dev/null, /dev/stdout) is opened and written; only a
    regular file is written through a temporary name renamed over it."""
    import threading
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", *command, "-o", str(fifo), "-q"],
                       capture_output=True, text=True, timeout=120)
    reader.join(timeout=30)
    assert p.returncode in (0, 1), p.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and got and got[0].strip()
    assert not list(tmp_path.glob("out.fifo.part-*"))
