"""`make bench`: pages per second over a folder, end to end and raw text extraction.

    python -m ofsted_cli.bench [FOLDER] [--jobs N] [--pdfminer]

Prints raw pypdfium2 text extraction (the ceiling), end-to-end extraction with 1 and N
worker processes, optionally the pdfminer backend, and peak resident memory.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import time

from .batch import expand_inputs, run
from .core import Options, sniff


def _pdfs(folder: str) -> list[str]:
    out = []
    for p in expand_inputs([folder], ("*.pdf", "*.PDF")):
        with open(p, "rb") as fh:
            if sniff(fh.read(1024)) == "pdf":
                out.append(p)
    return out


def raw_pdfium(paths: list[str]) -> tuple[int, float]:
    import pypdfium2 as pdfium
    t0, pages = time.perf_counter(), 0
    for p in paths:
        pdf = pdfium.PdfDocument(p)
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
            pages += 1
        pdf.close()
    return pages, time.perf_counter() - t0


def end_to_end(paths: list[str], jobs: int, backend: str = "pypdfium2") -> tuple[int, float, int]:
    t0, pages, failed = time.perf_counter(), 0, 0
    for rec in run(paths, Options(backend=backend), jobs=jobs):
        if "error" in rec:
            failed += 1
        else:
            pages += rec["source"].get("pages") or 0
    return pages, time.perf_counter() - t0, failed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", default=os.path.join("..", "shared", "corpus"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pdfminer", action="store_true", help="also time the pdfminer backend (slow)")
    ap.add_argument("--times", type=int, default=1, help="read the folder N times (as N copies) to show memory does not grow")
    ap.add_argument("--skip-raw", action="store_true", help="skip the raw extraction and --jobs 1 runs")
    a = ap.parse_args(argv)
    paths = _pdfs(a.folder)
    tmp = None
    if a.times > 1:
        import tempfile
        tmp = tempfile.TemporaryDirectory(prefix="ofsted-bench-")
        copies = []
        for k in range(a.times):
            for i, p in enumerate(paths):
                link = os.path.join(tmp.name, f"{k}-{i}-{os.path.basename(p)}")
                os.symlink(os.path.abspath(p), link)
                copies.append(link)
        paths = copies
    if not paths:
        print(f"bench: no PDFs under {a.folder}", file=sys.stderr)
        return 2
    print(f"{len(paths)} PDFs under {a.folder}" + (f" ({a.times} copies)" if a.times > 1 else ""))
    raw = None
    if not a.skip_raw:
        pages, dt = raw_pdfium(paths)
        raw = pages / dt
        print(f"raw pypdfium2 text extraction : {pages} pages in {dt:6.2f} s = {raw:7.1f} pages/s (ceiling)")
    for jobs in sorted({a.jobs} if a.skip_raw else {1, a.jobs}):
        p, dt, failed = end_to_end(paths, jobs)
        share = f" ({100 * p / dt / raw:5.1f}% of raw)" if raw else ""
        print(f"end to end, --jobs {jobs:<2}         : {p} pages in {dt:6.2f} s = {p / dt:7.1f} pages/s"
              f"{share}{f', {failed} failed' if failed else ''}")
    if a.pdfminer:
        p, dt, failed = end_to_end(paths, a.jobs, "pdfminer")
        print(f"end to end, pdfminer, --jobs {a.jobs}: {p} pages in {dt:6.2f} s = {p / dt:7.1f} pages/s")
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak resident memory: main process {parent:.0f} MB, largest worker {child:.0f} MB; "
          f"whole run with {a.jobs} workers at most {parent + a.jobs * child:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
