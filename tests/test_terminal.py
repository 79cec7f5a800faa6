"""The terminal, for real: every table command run under a pseudo terminal of 80, 120 and 200
columns (the width the program sees, as in tmux or a terminal window): no line longer than
the terminal, every judgement name's words whole; stderr lines never wrapped off a terminal;
text from a PDF or a file name never read as markup or sent raw to the terminal."""
import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios

import pytest

from conftest import FIXTURES, SHARED

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def tty_raw(args, cols=80, rows=60, env=None):
    """Run ofsted with stdout on a pseudo terminal of ``cols`` columns; stderr to a pipe:
    (the bytes written to the terminal, stderr, exit status)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    e = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    e.update(env or {})
    p = subprocess.Popen([sys.executable, "-m", "ofsted_cli", *map(str, args)], stdout=slave, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, env=e)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    return out, err, p.returncode


def tty_run(args, cols=80, rows=60, env=None):
    """:func:`tty_raw` with the terminal's output as text, colour codes removed."""
    out, err, code = tty_raw(args, cols, rows, env)
    return ANSI.sub("", out.decode("utf-8", "replace")).replace("\r", ""), err, code


def check_fits(out, cols):
    lines = out.split("\n")
    assert max(len(line) for line in lines) <= cols, max(lines, key=len)


def words_whole(out, words):
    """Each word appears whole somewhere (never cut over lines or to a letter a line)."""
    toks = set(re.findall(r"[\w'’-]+", out))
    missing = [w for w in words if w not in toks]
    assert not missing, missing


@pytest.fixture(scope="module")
def reports(tmp_path_factory, sample_path=None):
    from conftest import SAMPLE
    d = tmp_path_factory.mktemp("reports")
    (d / "h-and-f-2011.txt").write_bytes(SAMPLE.read_bytes())
    for fam, case in [("la-ilacs-2023", "separate-care-rows"), ("la-sif", "later-layout-numbered-and-lscb-list"),
                      ("childrens-home-sccif", "wrapped-rows-and-misprinted-label")]:
        (d / f"{fam}.txt").write_bytes((FIXTURES / fam / f"{case}.txt").read_bytes())
    return d


@pytest.mark.parametrize("cols", [80, 120, 200])
@pytest.mark.parametrize("cmd", [["extract"], ["grades"], ["grades", "--wide"], ["recommendations"], ["history"]])
def test_tables_fit_the_terminal(reports, cmd, cols):
    out, err, rc = tty_run([*cmd, reports, "-q"], cols)
    assert rc in (0, 4), err
    check_fits(out, cols)
    if cmd[0] in ("grades", "history"):
        words_whole(out, ["effectiveness", "Safeguarding" if cmd == ["grades"] else "safeguarding", "leavers"])
    if cmd == ["extract"]:
        words_whole(out, ["Recommendations", "Hammersmith", "safeguarding"])


def test_diff_and_formats_and_query_fit_80_columns(reports, tmp_path):
    sif = reports / "la-sif.txt"
    ilacs = reports / "la-ilacs-2023.txt"
    out, err, rc = tty_run(["diff", sif, ilacs], 80)
    assert rc == 1 and "None" not in out
    check_fits(out, 80)
    words_whole(out, ["judgement", "effectiveness", "protection"])
    out, _, rc = tty_run(["formats"], 80)
    check_fits(out, 80)
    words_whole(out, ["la-ilacs-2023", "childrens-home-sccif", "not-a-pdf"])
    db = tmp_path / "r.sqlite"
    subprocess.run([sys.executable, "-m", "ofsted_cli", "export", str(reports), "--db", str(db), "-q"], check=False)
    out, err, rc = tty_run(["query", db, "SELECT * FROM latest_grades"], 80)
    assert rc == 0, err
    check_fits(out, 80)


@pytest.mark.skipif(not (SHARED / "corpus" / "la").exists(), reason="../shared corpus not present")
def test_real_reports_at_80_columns(saved_records):
    la = SHARED / "corpus" / "la" / "files"
    pdfs = [la / "2024-01-12_80460_derbyshire.pdf", la / "2015-01-06_80484_lincolnshire.pdf", la / "2018-07-02_80489_brent.pdf"]
    for cmd in (["extract"], ["grades"], ["grades", "--wide"], ["recommendations"]):
        out, err, rc = tty_run([*cmd, *pdfs, "-q"], 80)
        check_fits(out, 80)
    out, err, rc = tty_run(["history", saved_records("la"), "-q", "--provider", "Lincolnshire"], 80)
    check_fits(out, 80)
    words_whole(out, ["overall", "help", "leavers", "LSCB", "Outst"])


def test_stderr_lines_are_never_wrapped_off_a_terminal(tmp_path):
    long = tmp_path / ("a-very-long-file-name-" * 6 + ".pdf")
    long.write_text("<html>not found</html>")
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(long), "-f", "json"],
                       capture_output=True, text=True, env={**os.environ, "COLUMNS": "40"})
    errs = [line for line in p.stderr.splitlines() if line.startswith("error:")]
    assert len(errs) == 1 and errs[0].endswith("not a PDF") and str(long) in errs[0]
    assert p.stdout.startswith("[")  # and stdout holds the error record


def test_usage_error_one_style_nothing_on_stdout():
    for args in (["extract"], ["extract", "--frmat", "x"], ["extract", "x", "-f", "xml"], ["diff", "a"]):
        p = subprocess.run([sys.executable, "-m", "ofsted_cli", *args], capture_output=True, text=True)
        assert p.returncode == 2 and p.stdout == ""
        lines = p.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("usage error: "), p.stderr


def _evil_report(tmp_path):
    text = (FIXTURES / "la-ilacs-2023" / "separate-care-rows.txt").read_text()
    evil = "Exampleton\x1b[2J\x1b]8;;http://x.example\x1b\\link\x1b]8;;\x1b\\ [bold]x[/bold] [/"
    p = tmp_path / "[bold]evil[red]\x1b[31m.txt"
    p.write_text(text.replace("Inspection of Wigan", f"Inspection of {evil}"))
    return p


def test_no_escape_or_markup_from_a_report_or_a_file_name_reaches_the_terminal(tmp_path):
    p = _evil_report(tmp_path)
    for cmd in (["extract"], ["grades"], ["recommendations"], ["history"]):
        out, err, rc = tty_run([*cmd, p, "-q", "--color", "never"], 120)
        assert "\x1b" not in out and "\x07" not in out, cmd
        assert "[bold]" in out or cmd == ["grades"] or cmd == ["recommendations"]  # shown as text, not read as markup
    # the error line of a file that fails names it visibly, escape made harmless
    bad = tmp_path / "bad\x1b[2J\nforged.pdf"
    bad.write_text("<html></html>")
    q = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", str(bad), "-f", "json"], capture_output=True)
    errs = q.stderr.decode().splitlines()
    assert "\x1b" not in q.stderr.decode() and len([e for e in errs if e.startswith("error:")]) == 1
    assert json.loads(q.stdout)[0]["source"]["path"] == str(bad)  # the record keeps the name as it is


def test_color_option_and_no_color(reports):
    for env, args, coloured in (({}, [], True), ({"NO_COLOR": "1"}, [], False), ({}, ["--color", "never"], False),
                                ({"NO_COLOR": "1"}, ["--color", "always"], True)):
        out_raw, _, _ = tty_raw(["grades", reports / "h-and-f-2011.txt", "-q", *args], cols=100, rows=40, env=env)
        assert (b"\x1b[" in out_raw) == coloured, (env, args)
