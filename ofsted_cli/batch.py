"""Inputs and batch runs: expand files and folders, read reports in worker processes, yield
records in input order as each completes."""
from __future__ import annotations

import fnmatch
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterable, Iterator

from .core import Options, extract_path
from .model import error_record

DEFAULT_GLOBS = ("*.pdf", "*.PDF", "*.txt")


def expand_inputs(paths: Iterable[str], globs: tuple[str, ...] = DEFAULT_GLOBS) -> list[str]:
    """Files as given (even if missing: they get a not-found record), folders walked
    recursively for files matching ``globs``, sorted; duplicates once; symlink loops safe."""
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = os.path.normpath(p) if p != "-" else p
        if key not in seen:
            seen.add(key)
            out.append(p)

    for p in paths:
        if p != "-" and os.path.isdir(p):
            visited: set[tuple[int, int]] = set()
            for root, dirs, files in os.walk(p, followlinks=True):
                try:
                    st = os.stat(root)
                except OSError:
                    continue
                if (st.st_dev, st.st_ino) in visited:
                    dirs[:] = []
                    continue
                visited.add((st.st_dev, st.st_ino))
                dirs.sort()
                for f in sorted(files):
                    if any(fnmatch.fnmatchcase(f, g) for g in globs):
                        add(os.path.join(root, f))
        else:
            add(p)
    return out


def _work(args: tuple[str, Options]) -> dict[str, Any]:
    path, opts = args
    return extract_path(path, opts)


def run(paths: list[str], opts: Options, jobs: int = 1, timeout: float | None = None) -> Iterator[dict[str, Any]]:
    """Records in input order. With jobs > 1 reports are read in worker processes; a worker
    that crashes or runs past ``timeout`` gives that report an error record and the run goes
    on with a fresh pool."""
    if jobs <= 1 and timeout is None:
        for p in paths:
            yield extract_path(p, opts)
        return
    pending = list(paths)
    ctx = mp.get_context("spawn" if os.name == "nt" else "forkserver")
    while pending:
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx) as pool:
            window = max(2, jobs * 4)
            futures = []
            idx = 0
            broken = None
            try:
                while idx < len(pending) or futures:
                    while idx < len(pending) and len(futures) < window:
                        p = pending[idx]
                        if p == "-":  # standard input belongs to this process
                            futures.append((p, None))
                        else:
                            futures.append((p, pool.submit(_work, (p, opts))))
                        idx += 1
                    p, fut = futures.pop(0)
                    if fut is None:
                        yield extract_path(p, opts)
                        continue
                    try:
                        yield fut.result(timeout=timeout)
                    except FutureTimeout:
                        yield error_record(_src(p), "timeout", f"no result within {timeout:g} s (--timeout)")
                        broken = [q for q, _ in futures]
                        break
                    except BrokenProcessPool:
                        yield error_record(_src(p), "crashed", "the worker reading this report died")
                        broken = [q for q, _ in futures]
                        break
                else:
                    pending = []
            finally:
                if broken is not None:
                    _kill(pool)
        if broken is not None:
            pending = broken + pending[idx:]
            continue
        pending = []


def _src(path: str) -> dict[str, Any]:
    return {"path": path, "sha256": None, "format": None, "pages": None}


def _kill(pool: ProcessPoolExecutor) -> None:
    for proc in list(getattr(pool, "_processes", {}).values()):
        try:
            proc.kill()
        except Exception:
            pass
    pool.shutdown(wait=False, cancel_futures=True)
