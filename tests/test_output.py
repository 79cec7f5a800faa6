"""What a user meets at the terminal and in a spreadsheet: the screen after a run (a terminal
emulator, pyte, replays what was written), one line per error, output formats and options
(-f tsv, --fields, -o FILE, --excel), words for files that are no report, saved records, the
pager, sub-points kept apart."""
import csv
import io
import json
import os
import pty
import subprocess
import sys
import zipfile

import pyte
import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, SAMPLE, fixture_text, report_of
from ofsted_cli.cli import app
from ofsted_cli.errors import Exit

runner = CliRunner()


def screen(args, cols=80, rows=24, env=None, cwd=None):
    """Run ofsted with stdout and stderr on one pseudo terminal (as in tmux) and return the
    screen as a person would see it at the end: a list of rows."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"COLUMNS": str(cols), "LINES": str(rows), "TERM": "xterm", **(env or {})})
        os.environ.pop("NO_COLOR", None)
        import fcntl
        import struct
        import termios
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if cwd:
            os.chdir(cwd)
        os.execv(sys.executable, [sys.executable, "-m", "ofsted_cli", *map(str, args)])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    scr = pyte.Screen(cols, 2000)
    pyte.Stream(scr).feed(out.decode("utf-8", "replace"))
    lines = [line.rstrip() for line in scr.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines, os.waitstatus_to_exitcode(status)


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_bytes(SAMPLE.read_bytes())
    for fam, case in [("la-ilacs-2023", "separate-care-rows"), ("la-sif", "later-layout-numbered-and-lscb-list")]:
        (tmp_path / f"{fam}.txt").write_bytes((FIXTURES / fam / f"{case}.txt").read_bytes())
    (tmp_path / "gone.pdf").write_text("<html>Report not found</html>")
    return tmp_path


def test_the_screen_after_a_run_holds_records_and_one_line_per_error_and_no_progress_bar(folder):
    lines, code = screen(["extract", ".", "nosuch.pdf"], cwd=folder)  # (short paths: no line wraps a name)
    text = "\n".join(lines)
    assert code == Exit.SOME_FAILED
    assert "reading" not in text and "━" not in text  # the progress bar is gone, never among the records
    assert sum("nosuch.pdf" in line for line in lines) == 1  # named once, on stderr
    assert sum("gone.pdf" in line for line in lines) == 1
    assert "London Borough of Hammersmith and Fulham" in text and lines[-1].startswith("5 reports")
    assert all(len(line) <= 80 for line in lines)


def test_a_doubtful_warning_is_on_the_screen_once(tmp_path):
    """extract's table shows each record's warnings; stderr, on the same screen, does not
    name them again (piped, or with -o, stderr still does: scripts count on it)."""
    (tmp_path / "vaa.txt").write_bytes((FIXTURES / "unknown" / "voluntary-adoption-agency.txt").read_bytes())
    lines, code = screen(["extract", "vaa.txt"], cwd=tmp_path)
    assert code == Exit.DOUBTFUL
    assert sum("unknown-family" in line for line in lines) == 1, lines
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", "vaa.txt", "-f", "jsonl"], cwd=tmp_path,
                       capture_output=True, text=True)
    assert "unknown-family" in p.stderr


def test_formats_at_80_columns_shows_every_family_id_whole():
    from ofsted_cli.families import INFO
    lines, code = screen(["formats", "-f", "table", "--no-pager"])
    assert code == 0
    for fid in INFO:
        assert any(line.split()[:1] == [fid] for line in lines), fid


def test_history_at_80_columns_is_a_row_per_inspection_with_no_cell_cut(folder):
    lines, code = screen(["history", folder, "-q"])
    text = "\n".join(lines)
    assert "· 1 inspection" in text and "date" in text and "grades" in text
    assert all(len(line) <= 80 for line in lines)
    for row in lines:
        assert not row.rstrip().endswith(("Requires improv", "Outstandi", "Inadequat")), row  # nothing cut


@pytest.mark.parametrize("cmd", [["grades"], ["grades", "--wide"], ["recommendations"], ["history"], ["extract"]])
def test_tsv_and_fields_on_every_row_command(cmd, folder):
    r = runner.invoke(app, [*cmd, str(folder / "a.txt"), "-f", "tsv", "-q"])
    rows = list(csv.DictReader(io.StringIO(r.stdout), delimiter="\t"))
    assert rows and "\t" in r.stdout.splitlines()[0], r.stdout[:200]
    want = ["provider_key", "inspection_start", "path"]
    r = runner.invoke(app, [*cmd, str(folder / "a.txt"), "-f", "tsv", "--fields", ",".join(want), "-q"])
    assert r.stdout.splitlines()[0].split("\t") == want
    r = runner.invoke(app, [*cmd, str(folder / "a.txt"), "--fields", "nosuch", "-f", "csv", "-q"])
    assert r.exit_code == Exit.USAGE and "no column 'nosuch'" in r.stderr and not r.stdout


def test_fields_cut_json_rows_but_not_whole_records(folder):
    r = runner.invoke(app, ["grades", str(folder / "a.txt"), "-f", "jsonl", "--fields", "key,grade", "-q"])
    assert set(json.loads(r.stdout.splitlines()[0])) == {"key", "grade"}
    r = runner.invoke(app, ["extract", str(folder / "a.txt"), "-f", "jsonl", "--fields", "provider", "-q"])
    assert r.exit_code == Exit.USAGE and "jq" in r.stderr


def test_output_file_takes_its_format_from_its_name_and_is_written_whole(tmp_path, folder):
    for name, check in (("g.csv", lambda t: t.startswith("path,type,provider")), ("g.jsonl", lambda t: json.loads(
            t.splitlines()[0])["key"]), ("g.json", lambda t: json.loads(t)[0]["key"]),
                        ("g.tsv", lambda t: "\t" in t.splitlines()[0])):
        r = runner.invoke(app, ["grades", str(folder / "a.txt"), "-o", str(tmp_path / name), "-q"])
        assert r.exit_code == 0 and not r.stdout, r.stderr
        assert check((tmp_path / name).read_text(encoding="utf-8")), name
    assert not [p for p in tmp_path.iterdir() if ".part-" in p.name]
    r = runner.invoke(app, ["grades", str(folder / "a.txt"), "-o", str(tmp_path / "no" / "such" / "x.csv")])
    assert r.exit_code == Exit.USAGE and "folder does not exist" in r.stderr


def test_excel_csv_keeps_childrens_intact(tmp_path, folder):
    (tmp_path / "r.txt").write_text(SAMPLE.read_text().replace("work with the voluntary sector",
                                                                "work with the children\u2019s voluntary sector"))
    r = runner.invoke(app, ["recommendations", str(tmp_path / "r.txt"), "-o", str(tmp_path / "x.csv"), "--excel", "-q"])
    assert r.exit_code == 0, r.stderr
    raw = (tmp_path / "x.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert "children\u2019s voluntary" in raw.decode("utf-8-sig")
    out = subprocess.run([sys.executable, "-m", "ofsted_cli", "recommendations", str(tmp_path / "r.txt"), "-f", "csv",
                          "--excel", "-q"], capture_output=True).stdout
    assert out.startswith(b"\xef\xbb\xbf") and b"\r\n" in out and "children\u2019s".encode() in out  # stdout too


def test_a_format_given_as_an_option_is_pointed_to_f(folder):
    r = runner.invoke(app, ["extract", str(folder / "a.txt"), "--json"])
    assert r.exit_code == Exit.USAGE and "-f json" in r.stderr and "--jobs" not in r.stderr


def test_files_that_are_no_report_are_named_in_words(tmp_path):
    docx = tmp_path / "report.docx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    (tmp_path / "renamed.pdf").write_bytes(docx.read_bytes())
    import sqlite3
    sqlite3.connect(tmp_path / "la.sqlite").execute("CREATE TABLE t (x)").connection.commit()
    r = runner.invoke(app, ["extract", str(docx), str(tmp_path / "renamed.pdf"), str(tmp_path / "la.sqlite"),
                            "-f", "jsonl", "-q"])
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["error"]["code"] for x in recs] == ["not-a-pdf"] * 3
    assert "Word document" in recs[0]["error"]["message"] and recs[0]["error"] == recs[1]["error"]
    assert "ofsted query" in recs[2]["error"]["message"]


def test_saved_records_are_not_counted_as_read_and_their_errors_are_not_this_runs(tmp_path, folder):
    saved = tmp_path / "all.jsonl"
    saved.write_text(runner.invoke(app, ["extract", str(folder), "-f", "jsonl", "-q"]).stdout)
    r = runner.invoke(app, ["grades", str(saved), "-f", "csv", "--no-warn-exit"])
    assert r.exit_code == Exit.OK, r.stderr  # the saved error record is passed on, not this run's failure
    summary = r.stderr.splitlines()[-1]
    assert "pages/s" not in summary and "0 pages read" in summary and "1 saved error record passed on" in summary
    assert "error:" not in r.stderr
    r = runner.invoke(app, ["history", str(saved), "--provider", "Hammersmith and Fulham", "-f", "json"])
    assert r.exit_code == Exit.OK and [g["key"] for g in json.loads(r.stdout)] == ["la:E09000013"]


def test_export_rerun_says_one_thing_and_q_never_hides_a_failure(tmp_path, folder):
    db = tmp_path / "x.sqlite"
    runner.invoke(app, ["export", str(folder), "--db", str(db), "-j", "1"])
    r = runner.invoke(app, ["export", str(folder), "--db", str(db), "-j", "1", "-q"])
    assert r.exit_code == Exit.SOME_FAILED
    assert r.stderr.count("\n") == 1 and "1 file still failing" in r.stderr  # -q: the failure's line alone
    r = runner.invoke(app, ["export", str(folder), "--db", str(db), "-j", "1"])
    last = r.stderr.splitlines()[-1]
    assert "0 added, 0 updated, 4 unchanged, 1 failing; read 0 reports" in last, last


def test_a_bad_saved_record_is_reported_and_the_others_are_stored(tmp_path):
    good = json.loads(runner.invoke(app, ["extract", str(SAMPLE), "-f", "jsonl", "-q"]).stdout)
    bad = json.loads(json.dumps(good))
    bad["source"]["path"] = "bad.txt"
    bad["judgements"][0]["grade"] = ["not", "text"]
    second = json.loads(json.dumps(good))
    second["source"]["path"] = "second.txt"
    saved = tmp_path / "s.jsonl"
    saved.write_text("\n".join(json.dumps(x) for x in (good, bad, second)) + "\n")
    db = tmp_path / "x.sqlite"
    r = runner.invoke(app, ["export", str(saved), "--db", str(db), "-q"])
    assert r.exit_code == Exit.SOME_FAILED and "bad" in r.stderr and "Traceback" not in r.stderr
    import sqlite3
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 2


def test_sub_points_stay_apart_in_the_text_and_are_kept_as_a_list():
    rep = report_of(fixture_text("school-s5-2015", "resaved-control-bullets-and-dash-sub-items"))
    with_points = [r for r in rep.recommendations if r.extra.get("points")]
    assert with_points
    for r in with_points:
        pts = r.extra["points"]
        assert all(p in r.text for p in pts)
        for a, b in zip(pts, pts[1:]):
            assert f"{a}; {b}" in r.text or f"{a} {b}" in r.text and a.endswith((";", ",", "and", "or"))


def test_help_longer_than_the_terminal_goes_through_the_pager(tmp_path):
    seen = tmp_path / "paged.txt"
    lines, code = screen(["extract", "--help"], rows=24, env={"PAGER": f"cp /dev/stdin {seen}"})
    assert code == 0 and seen.exists() and "Examples:" in seen.read_text()
    lines, code = screen(["extract", "--help", "--no-pager"], rows=24, env={"PAGER": f"cp /dev/stdin {seen}2"})
    assert not (tmp_path / "paged.txt2").exists() and any("Examples:" in line for line in lines)
    out = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", "--help"], capture_output=True, text=True,
                         env={**os.environ, "PAGER": f"cp /dev/stdin {seen}3"}).stdout
    assert "Examples:" in out and not (tmp_path / "paged.txt3").exists()  # not a terminal: never paged


@pytest.mark.parametrize("cmd", [["extract", "-f", "jsonl"], ["history", "-f", "json"], ["export", "--db", "{db}"],
                                 ["grades", "-f", "csv"]])
def test_ctrl_c_says_interrupted_in_every_command(cmd, tmp_path):
    import signal
    import time
    big = SAMPLE.read_bytes() * 25  # a report that takes a while to read
    for i in range(20):
        (tmp_path / f"r{i:02}.txt").write_bytes(big)
    args = [a.replace("{db}", str(tmp_path / "x.sqlite")) for a in cmd]
    p = subprocess.Popen([sys.executable, "-m", "ofsted_cli", args[0], str(tmp_path), *args[1:], "-j", "1"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    err = p.communicate(timeout=60)[1]
    assert p.returncode == Exit.INTERRUPTED and err.strip().splitlines()[-1] == "interrupted", err[-300:]
    assert "Traceback" not in err
