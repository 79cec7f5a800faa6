"""Batch runs: input order with parallel workers, timeouts and crashes as error records,
the cache, standard input only when asked for."""
import functools
import gc
import json
import os
import subprocess
import sys
import threading
import time
import weakref

from batch_helpers import cache_only, collect_then_work, slow_or_crashing, stderr_then_work
from ofsted_cli.batch import Cache, expand_inputs, records as run
from ofsted_cli.core import Options


BOROUGHS = ["Camden", "Greenwich", "Hackney", "Islington", "Lambeth", "Lewisham", "Southwark", "Wandsworth",
            "Westminster", "Barnet", "Bexley", "Brent", "Bromley", "Croydon", "Ealing", "Enfield"]


def _folder(tmp_path, sample_path, names):
    """A report per name (its file name), each about another London borough, in name order."""
    for i, n in enumerate(sorted(names)):
        text = sample_path.read_text().replace("London Borough of Hammersmith and Fulham",
                                               f"London Borough of {BOROUGHS[i]}")
        (tmp_path / f"{n}.txt").write_text(text)
    return expand_inputs([str(tmp_path)])


def test_parallel_output_keeps_input_order(tmp_path, sample_path):
    names = [f"Area {chr(65 + i)}" for i in range(12)]
    paths = _folder(tmp_path, sample_path, names)
    recs = list(run(paths, Options(), jobs=2))
    assert [r["report"]["provider"] for r in recs] == [f"London Borough of {b}" for b in BOROUGHS[:len(names)]]


def test_timeout_and_crash_give_error_records_and_the_run_goes_on(tmp_path, sample_path):
    paths = _folder(tmp_path, sample_path, ["a", "crash1", "b", "slow1", "c"])
    t0 = time.monotonic()
    recs = {os.path.basename(r["source"]["path"]): r
            for r in run(paths, Options(), jobs=2, timeout=2, worker=slow_or_crashing)}
    assert time.monotonic() - t0 < 25
    assert recs["crash1.txt"]["error"]["code"] == "crashed"
    assert recs["slow1.txt"]["error"]["code"] == "timeout"
    for ok in ("a.txt", "b.txt", "c.txt"):
        assert len(recs[ok]["judgements"]) == 22


def test_a_pool_broken_while_the_consumer_is_busy_loses_no_record(tmp_path, sample_path):
    # the worker dies (on crash3) while the consumer is still busy with the first record:
    # the next hand-out finds the pool broken; every input still gets its record, in order
    names = ["a", "b", "c", "crash3", "d", "e", "f"]
    paths = _folder(tmp_path, sample_path, names)
    recs = []
    for r in run(paths, Options(), jobs=1, worker=slow_or_crashing):
        recs.append(r)
        if len(recs) == 1:
            time.sleep(2)
    assert [os.path.basename(r["source"]["path"]) for r in recs] == [f"{n}.txt" for n in names]
    assert recs[3]["error"]["code"] == "crashed"
    assert all(len(r["judgements"]) == 22 for i, r in enumerate(recs) if i != 3)


_REFS = []


def _collected(mark: str, parent: int, ref) -> None:
    if os.getpid() != parent:
        with open(mark, "w") as fh:
            fh.write("collected in a worker")


def test_a_worker_never_collects_what_the_parent_left(tmp_path, sample_path):
    # a pool killed just before leaves garbage whose weakref callback takes a lock that the
    # pool's thread may hold at the fork: a worker that collected it would wait for ever
    # (seen as a false 'timeout' on about one report in a hundred after a timeout)
    paths = _folder(tmp_path, sample_path, ["g"])
    mark = tmp_path / "mark"

    class Cycle:
        pass
    was = gc.isenabled()
    gc.disable()
    try:
        c = Cycle()
        c.me = c
        _REFS.append(weakref.ref(c, functools.partial(_collected, str(mark), os.getpid())))
        del c
        recs = list(run(paths, Options(), jobs=1, timeout=30, worker=collect_then_work))
    finally:
        if was:
            gc.enable()
        gc.collect()
    assert not mark.exists(), "a worker ran the parent's garbage callbacks"
    assert "error" not in recs[0] and len(recs[0]["judgements"]) == 22


class _HeldStream:
    """A stream whose lock is held (as by a thread of the parent writing at the fork)."""

    def __init__(self):
        self.lock = threading.Lock()

    def write(self, text):
        with self.lock:
            return len(text)

    def flush(self):
        pass


def test_a_worker_does_not_wait_for_a_stream_the_parent_was_writing_at_the_fork(tmp_path, sample_path):
    # the progress bar's thread writes to stderr while workers are forked: a worker must not
    # write through the inherited stream, whose lock no thread of the worker will release
    paths = _folder(tmp_path, sample_path, ["w"])
    stream = _HeldStream()
    saved = sys.stderr
    stream.lock.acquire()
    sys.stderr = stream
    try:
        recs = list(run(paths, Options(), jobs=1, timeout=10, worker=stderr_then_work))
    finally:
        sys.stderr = saved
        stream.lock.release()
    assert "error" not in recs[0], recs[0].get("error")


def test_cache_answers_unchanged_reports_and_distrusts_edited_entries(tmp_path, sample_path):
    (tmp_path / "in").mkdir()
    paths = _folder(tmp_path / "in", sample_path, ["x", "y"])
    cache = Cache.open(str(tmp_path / "cache"), Options()).folder
    first = list(run(paths, Options(), jobs=1, cache=cache))
    assert all("error" not in r for r in first), [r.get("error") for r in first]
    second = list(run(paths, Options(), jobs=1, cache=cache, worker=cache_only))
    assert second == first  # no report read again
    (tmp_path / "in" / "x.txt").write_text((tmp_path / "in" / "x.txt").read_text() + "\nchanged\n")
    third = list(run(paths, Options(), jobs=1, cache=cache))
    assert third[0]["source"]["sha256"] != first[0]["source"]["sha256"]
    # an entry edited by hand (or by anyone) is not served: the report is read again
    entries = [p for p in (tmp_path / "cache").rglob("*.json") if p.name != "ofsted-cache.json"]
    for e in entries:
        rec = json.loads(e.read_text())
        if rec["judgements"]:
            rec["judgements"][0]["grade"] = "inadequate" if rec["judgements"][0]["grade"] != "inadequate" else "good"
        rec["source"]["sha256"] = "0" * 64
        e.write_text(json.dumps(rec))
    fourth = list(run(paths, Options(), jobs=1, cache=cache))
    assert fourth == third
    for junk in ("[]", "{}", "null", "not json"):
        for e in entries:
            e.write_text(junk)
        assert list(run(paths, Options(), jobs=1, cache=cache)) == third


def test_stdin_is_not_read_unless_asked(sample_path):
    # with no '-' argument, standard input (left open here) is never read: the command returns
    p = subprocess.Popen([sys.executable, "-m", "ofsted_cli", "extract", str(sample_path), "-f", "jsonl", "-q"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, _ = p.communicate(timeout=60)
    assert p.returncode == 0 and json.loads(out)["report"]["type"] == "la-slac-2009"


def test_files_from_with_null_and_csv_single_header(tmp_path, sample_path):
    paths = _folder(tmp_path, sample_path, ["p", "q"])
    lst = tmp_path / "list"
    lst.write_bytes(b"\0".join(p.encode() for p in paths) + b"\0")
    out = subprocess.run([sys.executable, "-m", "ofsted_cli", "grades", "--files-from", str(lst), "--null",
                          "-f", "csv", "-q"], capture_output=True, text=True, timeout=60)
    lines = out.stdout.splitlines()
    assert lines[0].startswith("path,") and sum(1 for ln in lines if ln.startswith("path,")) == 1
    assert len(lines) == 1 + 44


def test_head_closes_quietly(tmp_path, sample_path):
    paths = _folder(tmp_path, sample_path, [f"h{i}" for i in range(6)])
    p = subprocess.run(f"{sys.executable} -m ofsted_cli grades {' '.join(paths)} -f jsonl | head -n 2",
                       shell=True, capture_output=True, text=True, timeout=120)
    assert len(p.stdout.splitlines()) == 2
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr


def test_ctrl_c_stops_workers_and_exits_130(tmp_path):
    import signal
    from pdfgen import make_pdf
    pages = [[f"Line {i} of page {p} with some words to lay out." for i in range(40)] for p in range(60)]
    data = make_pdf(pages)
    for i in range(16):
        (tmp_path / f"slow{i}.pdf").write_bytes(data)
    p = subprocess.Popen([sys.executable, "-m", "ofsted_cli", "extract", str(tmp_path), "-b", "pdfminer",
                          "-j", "2", "-f", "json", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(2)
    assert p.poll() is None, "the run ended before it could be interrupted"
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert b"Traceback" not in err
    json.loads(out)  # what was written is still a valid JSON array
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-f", str(tmp_path)], capture_output=True, text=True).stdout.split()
    assert left == [], "worker processes outlived the run"


def test_progress_absent_when_stderr_is_not_a_terminal(tmp_path, sample_path):
    paths = _folder(tmp_path, sample_path, ["m", "n", "o"])
    p = subprocess.run([sys.executable, "-m", "ofsted_cli", "extract", *paths, "-f", "jsonl"],
                       capture_output=True, text=True, timeout=120)
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("3 reports, ")  # only the summary line
    assert "\x1b[" not in p.stderr and "reading" not in p.stderr


def test_a_crash_is_isolated_with_one_job_too(tmp_path, sample_path):
    paths = _folder(tmp_path, sample_path, ["crash2", "d"])
    recs = {os.path.basename(r["source"]["path"]): r
            for r in run(paths, Options(), jobs=1, worker=slow_or_crashing)}
    assert recs["crash2.txt"]["error"]["code"] == "crashed" and len(recs["d.txt"]["judgements"]) == 22
