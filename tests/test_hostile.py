"""Hostile input, round two: files built here that ask a reader for unbounded memory or time,
each read through the real command line and held to the documented limits (peak memory under
--max-memory + 150 MB, wall time under --timeout + 5 s), with the rest of the batch intact.
And a time bound for every family's parser on long repetitive lines."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ofsted_cmd
from pdfgen import (ILACS_PAGE, deflate_bomb_pdf, make_pdf, reference_cycle_pdf, repeated_text_pdf,
                    tounicode_bomb_pdf)
from ofsted_cli.core import extract_bytes
from ofsted_cli.families import INFO

MEMORY = 400      # MB, --max-memory for these runs
TIMEOUT = 8       # s, --timeout for these runs
SLACK_MB, SLACK_S = 150, 5

MEASURE = r"""
import json, os, subprocess, sys, time

def tree_rss(root):
    kids, rss = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            kids.setdefault(int(stat[1]), []).append(int(pid))
            rss[int(pid)] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, IndexError, ValueError):
            pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(rss.get(p, 0))
        todo += kids.get(p, [])
    return out

t = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
peak = [0.0]
def sample():
    while p.poll() is None:
        peak[0] = max([peak[0], *tree_rss(p.pid)])
        time.sleep(0.02)
import threading
th = threading.Thread(target=sample); th.start()
out, err = p.communicate()
th.join()
print(json.dumps({"rc": p.returncode, "out": out.decode("utf-8", "replace"),
                  "err": err.decode("utf-8", "replace"), "s": time.monotonic() - t, "mb": peak[0]}))
"""


def measured(args: list[str], cwd: Path, stdin=None) -> dict:
    """Run ofsted in a fresh process; its exit status, output, wall time and the peak RSS of
    its largest process (itself or a worker), sampled from /proc every 20 ms."""
    p = subprocess.run([sys.executable, "-c", MEASURE, *ofsted_cmd(), *args], cwd=cwd, stdin=stdin,
                       capture_output=True, timeout=TIMEOUT * 4 + 60)
    assert p.returncode == 0, p.stderr
    res = json.loads(p.stdout)
    assert "Traceback" not in res["err"], res["err"]
    return res


def lines(out: str) -> dict[str, dict]:
    return {os.path.basename(r["source"]["path"]): r for r in map(json.loads, out.splitlines())}


CASES = {  # name: (bytes, backend, expected code)
    "bomb-4gb.pdf": (lambda: deflate_bomb_pdf(4 << 30), "pypdfium2", "too-large"),
    "bomb-4gb-miner.pdf": (lambda: deflate_bomb_pdf(4 << 30), "pdfminer", "too-large"),
    "text-ops.pdf": (lambda: repeated_text_pdf(350_000), "pypdfium2", "not-an-ofsted-report"),
    "tounicode.pdf": (tounicode_bomb_pdf, "pdfminer", "too-large"),
    "cycle.pdf": (reference_cycle_pdf, "pdfminer", "timeout"),
}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory sampled from /proc")
@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_pdf_gets_its_code_within_the_limits_and_the_batch_goes_on(tmp_path, name):
    build, backend, code = CASES[name]
    (tmp_path / name).write_bytes(build())
    (tmp_path / "good.pdf").write_bytes(make_pdf([ILACS_PAGE]))
    res = measured(["extract", name, "good.pdf", "-f", "jsonl", "-j", "2", "--backend", backend,
                    "--max-memory", str(MEMORY), "--timeout", str(TIMEOUT)], tmp_path)
    recs = lines(res["out"])
    assert set(recs) == {name, "good.pdf"}
    assert recs[name]["error"]["code"] == code, recs[name]["error"]
    assert recs["good.pdf"]["report"]["type"].startswith("la-ilacs")
    assert res["rc"] == 3
    assert res["mb"] < MEMORY + SLACK_MB, res
    assert res["s"] < TIMEOUT + SLACK_S, res


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="memory sampled from /proc")
def test_devices_and_fifos_are_refused_and_standard_input_keeps_the_byte_limit(tmp_path):
    """A device or a named pipe is no report file: refused at once (a pipe's writer may never
    come); standard input is read, up to the byte limit."""
    os.symlink("/dev/zero", tmp_path / "zero.pdf")
    os.mkfifo(tmp_path / "fifo.pdf")
    res = measured(["extract", "zero.pdf", "fifo.pdf", "-f", "jsonl", "--max-bytes", "1000000",
                    "--cache", str(tmp_path / "cache")], tmp_path)
    recs = lines(res["out"])
    assert recs["zero.pdf"]["error"]["code"] == "not-a-file"
    assert recs["fifo.pdf"]["error"]["code"] == "not-a-file" and res["s"] < 10
    with open("/dev/zero", "rb") as zero:
        res = measured(["extract", "-", "-f", "jsonl", "--max-bytes", "1000000"], tmp_path, stdin=zero)
    assert json.loads(res["out"])["error"]["code"] == "too-large"
    assert res["mb"] < 200 and res["s"] < 10


def _killer(stop: threading.Event, me: int, killed: list) -> None:
    """Kill one of ofsted's worker processes (grandchildren of this test) once it appears."""
    while not stop.is_set():
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                stat = Path(f"/proc/{pid}/stat").read_text()
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            try:
                grand = int(Path(f"/proc/{ppid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == me
            except (OSError, ValueError):
                grand = False
            if grand and b"ofsted_cli" in cmd:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                    killed.append(pid)
                    return
                except OSError:
                    pass
        time.sleep(0.01)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")
def test_killed_workers_and_a_bomb_never_lose_a_record(tmp_path):
    """20 runs of a batch with a memory-capped bomb and a worker killed mid-run: every run
    ends with one record per input, exit status 3, nothing on stderr but error lines."""
    (tmp_path / "bomb.pdf").write_bytes(deflate_bomb_pdf(1 << 30))
    good = make_pdf([ILACS_PAGE] * 20)
    names = ["bomb.pdf"] + [f"good{i}.pdf" for i in range(12)]
    for n in names[1:]:
        (tmp_path / n).write_bytes(good)
    killed: list[str] = []
    for _ in range(20):
        stop = threading.Event()
        proc = subprocess.Popen([*ofsted_cmd(), "extract", *names, "-f", "jsonl", "-j", "2", "--max-memory", "300"],
                                cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        killer = threading.Thread(target=_killer, args=(stop, os.getpid(), killed), daemon=True)
        killer.start()
        out, err = proc.communicate(timeout=120)
        stop.set()
        recs = lines(out.decode())
        assert sorted(recs) == sorted(names), err.decode()
        assert recs["bomb.pdf"]["error"]["code"] in ("too-large", "crashed")
        assert proc.returncode == 3, err.decode()
        assert "Traceback" not in err.decode()
    assert len(killed) >= 15, f"a worker was killed in only {len(killed)} of 20 runs"


# --- linear time: every family's parser on long repetitive lines ------------------------
SEEDS = ["1 ", "inspection of ", "Inspection dates: 1 ", "Good ", "What needs to improve? ", "(",
         "Requires improvement to be good ", "Lead inspector: ", "1. ", "\t", "a", "- ", "Grade 2 ",
         "Overall effectiveness ", "Dear ", "Within three months ", "the ", ".", "**", "**Grade 2 (", "\u2022 "]
LONG = 60_000  # characters in a line: long enough that a quadratic step shows (~10^9 steps)


def _title(family: str) -> str:
    """The first lines of the family's no-data fixture: enough for detection."""
    return (FIXTURES / family / "no-data.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("family", sorted(k for k in INFO if k != "unknown"))
def test_parsers_are_linear_on_long_repetitive_lines(family):
    head = _title(family)
    worst = 0.0
    for seed in SEEDS:
        long_line = (seed * (LONG // len(seed) + 1))[:LONG]
        many_lines = "\n".join([seed.strip() or "x"] * 5_000)
        for text in (head + "\n" + long_line + "\n", head + "\n" + many_lines + "\n",
                     long_line + "\n" + head):
            t = time.process_time()
            rec = extract_bytes(text.encode(), f"{family}.txt")
            spent = time.process_time() - t
            assert rec.get("error", {}).get("code") != "internal", (seed, rec["error"])
            worst = max(worst, spent)
            assert spent < 2.0, f"{family}: {spent:.1f} s on a line of {seed!r} repeated"
    assert worst < 2.0
