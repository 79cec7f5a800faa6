"""`make bench`: how fast, against the PDF library's own limit, and how quickly the command
starts.

    python -m ofsted_cli.bench [FOLDER] [--rounds 3] [--jobs N] [--pdfminer] [--times N]

Every measure runs as a separate process, interleaved over ``--rounds`` rounds (so a busy
machine slows them all alike), and is counted in CPU seconds of that process and its
workers: raw pypdfium2 text extraction (the floor: no Python work at all), ``extract --jobs
1``, ``grades --jobs 1`` (which reads only the pages it needs), and ``extract --jobs N`` in
wall seconds. It prints pages per CPU-second, the share of raw, the median over rounds, peak
memory, and the start-up medians of ``ofsted --version`` and ``ofsted --help``.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import shutil
import sys
import tempfile
import time

RAW = r"""
import sys, pypdfium2 as pdfium
pages = 0
for p in sys.argv[1:]:
    pdf = pdfium.PdfDocument(p)
    for i in range(len(pdf)):
        page = pdf[i]; tp = page.get_textpage(); tp.get_text_range(); tp.close(); page.close(); pages += 1
    pdf.close()
print(pages)
"""


def _pdfs(folder: str) -> list[str]:
    from .batch import expand_inputs
    out = []
    for p in expand_inputs([folder], ("*.pdf", "*.PDF")):
        with open(p, "rb") as fh:
            if b"%PDF-" in fh.read(1024):
                out.append(p)
    return out


def _measure(cmd: list[str], stdin: str | None = None) -> tuple[float, float, float]:
    """(CPU seconds of the process and its children, wall seconds, peak RSS MB of the largest)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as fin:
        subprocess.run(cmd, stdin=fin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, after.ru_maxrss / 1024


def startup(runs: int = 10) -> dict[str, float]:
    out = {}
    for args in (["--version"], ["--help"]):
        ts = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "ofsted_cli", *args], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            ts.append(time.perf_counter() - t0)
        out[" ".join(args)] = statistics.median(ts)
    return out


FAST_PATHS = r"""
import sys
from ofsted_cli.cli import app
from ofsted_cli.pdfium_fast import bare_functions
sys.argv = ["ofsted", "extract", "-f", "jsonl", "-q", sys.argv[1]]
try:
    app(standalone_mode=False)
except SystemExit:
    pass
print(bare_functions() is not None, "pydantic" in sys.modules, file=sys.stderr)
"""


def fast_paths() -> list[str]:
    """Whether the two fast paths on private names are in use with the installed libraries
    (ofsted_cli/pdfium_fast.py, ofsted_cli/typer_compat.py): where one is not, the tool is
    slower, not wrong."""
    sample = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "samples",
                          "hammersmith-and-fulham-2011.txt")
    p = subprocess.run([sys.executable, "-c", FAST_PATHS, sample], capture_output=True, text=True)
    try:
        pdfium, pydantic = p.stderr.split()[-2:]
    except ValueError:
        return ["could not be checked: " + p.stderr.strip()[-200:]]
    return [f"PDFium per-character calls without ctypes' checks: {'in use' if pdfium == 'True' else 'NOT in use (slower)'}",
            f"option checks without pydantic: {'in use' if pydantic == 'False' else 'NOT in use (pydantic imported: slower start-up)'}"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=os.path.join("..", "shared", "corpus"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pdfminer", action="store_true", help="also time the pdfminer backend (slow)")
    ap.add_argument("--times", type=int, default=1, help="read the folder N times (as N copies) to show memory is flat")
    a = ap.parse_args(argv)
    paths = _pdfs(a.folder)
    if not paths:
        print(f"bench: no PDFs under {a.folder}", file=sys.stderr)
        return 2
    tmp = tempfile.TemporaryDirectory(prefix="ofsted-bench-")
    listing = os.path.join(tmp.name, "list")
    copies = []
    for k in range(a.times):
        for i, p in enumerate(paths):
            link = os.path.join(tmp.name, f"{k}-{i}-{os.path.basename(p)}")
            if k == 0:
                os.symlink(os.path.abspath(p), link)
            else:  # a file of its own: the CLI reads a file given twice (a link to it) once
                try:
                    os.link(os.path.realpath(p), link)
                except OSError:
                    shutil.copyfile(p, link)
            copies.append(link)
    with open(listing, "w") as fh:
        fh.write("\n".join(copies) + "\n")
    pages = int(subprocess.run([sys.executable, "-c", RAW, *paths], capture_output=True, text=True).stdout or 0)
    pages *= a.times
    ofsted = [sys.executable, "-m", "ofsted_cli"]
    common = ["--files-from", "-", "-f", "jsonl", "-q", "--no-warn-exit"]
    runs = {
        "raw pypdfium2 text": ([sys.executable, "-c", RAW, *copies], None),
        "extract --jobs 1": ([*ofsted, "extract", *common, "-j", "1"], listing),
        "grades --jobs 1": ([*ofsted, "grades", *common, "-j", "1"], listing),
        f"extract --jobs {a.jobs}": ([*ofsted, "extract", *common, "-j", str(a.jobs)], listing),
    }
    if a.pdfminer:
        runs[f"extract pdfminer --jobs {a.jobs}"] = ([*ofsted, "extract", *common, "-j", str(a.jobs), "-b", "pdfminer"],
                                                   listing)
    got: dict[str, list[tuple[float, float, float]]] = {k: [] for k in runs}
    for _ in range(a.rounds):
        for name, (cmd, stdin) in runs.items():
            got[name].append(_measure(cmd, stdin))
    print(f"{len(copies)} PDFs, {pages} pages under {a.folder}" + (f" ({a.times} copies)" if a.times > 1 else "")
          + f"; median of {a.rounds} interleaved rounds; {os.cpu_count()} CPU cores")
    raw_rate = pages / statistics.median(c for c, _, _ in got["raw pypdfium2 text"])
    peak = 0.0
    for name, ms in got.items():
        cpu = statistics.median(m[0] for m in ms)
        wall = statistics.median(m[1] for m in ms)
        peak = max(peak, max(m[2] for m in ms))
        rate = pages / cpu
        line = f"  {name:<28} {rate:7.1f} pages per CPU-second ({100 * rate / raw_rate:5.1f}% of raw)"
        line += f", {pages / wall:7.1f} pages/s wall"
        if name.startswith("extract --jobs") and name != "extract --jobs 1":
            one = statistics.median(m[1] for m in got["extract --jobs 1"])
            line += f", {one / wall:.2f}x --jobs 1"
        print(line)
    print(f"  peak resident memory of one process: {peak:.0f} MB")
    for k, v in startup().items():
        print(f"  start-up: ofsted {k:<10} median of 10: {v:.3f} s")
    for line in fast_paths():
        print(f"  fast path: {line}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
