"""Inputs and batch runs: expand files and folders, read reports in worker processes, yield
records in input order as each completes."""
from __future__ import annotations

import fnmatch
import hashlib
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Iterable, Iterator

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


def run(paths: list[str], opts: Options, jobs: int = 1, timeout: float | None = None,
        cache: "Cache | None" = None, worker: Callable[[tuple[str, Options]], dict[str, Any]] = _work,
        isolate: bool = False) -> Iterator[dict[str, Any]]:
    """Records in input order, each yielded as soon as it and those before it are done.

    With jobs > 1, a timeout or ``isolate`` (the CLI's default), reports are read in worker
    processes, so a crash in a PDF library cannot take the batch down: a worker that dies or runs past ``timeout`` seconds
    gives that report an error record ('crashed', 'timeout'), the pool is replaced and the
    run goes on. With a cache, a report whose bytes were read before by this version is
    answered from it."""
    def cached(p: str) -> dict[str, Any] | None:
        return cache.get(p) if cache is not None and p != "-" else None

    def keep(rec: dict[str, Any]) -> dict[str, Any]:
        if cache is not None:
            cache.put(rec)
        return rec

    if jobs <= 1 and timeout is None and not (isolate and any(p != "-" for p in paths)):
        for p in paths:
            yield cached(p) or keep(worker((p, opts)) if p != "-" else extract_path(p, opts))
        return
    pending = list(paths)
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    isolate = False  # after a crash, the next report runs alone to learn whether it was the cause
    while pending:
        if isolate:
            isolate = False
            p, pending = pending[0], pending[1:]
            yield keep(_alone(ctx, worker, p, opts, timeout))
            continue
        pool = ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx, initializer=_worker_init,
                                   initargs=(os.getpid(),))
        _POOLS.add(pool)
        futures: list[tuple[str, Any]] = []
        idx = 0
        requeue = None
        try:
            while idx < len(pending) or futures:
                while idx < len(pending) and len(futures) < max(2, jobs * 4):
                    p = pending[idx]
                    hit = cached(p)
                    if hit is not None or p == "-":  # standard input belongs to this process
                        futures.append((p, hit))
                    else:
                        futures.append((p, pool.submit(worker, (p, opts))))
                    idx += 1
                p, fut = futures.pop(0)
                if fut is None:
                    yield extract_path(p, opts)
                    continue
                if isinstance(fut, dict):
                    yield fut
                    continue
                try:
                    rec = _result(fut, timeout)
                except FutureTimeout:
                    yield error_record(_src(p), "timeout", f"no result within {timeout:g} s (--timeout)")
                    requeue = [q for q, _ in futures]
                    break
                except BrokenProcessPool:
                    # some worker died, maybe not this report's: run this one alone next
                    requeue = [p] + [q for q, _ in futures]
                    isolate = True
                    break
                yield keep(rec)
        except BaseException:  # Ctrl-C, a closed pipe, the consumer stopping: stop the workers now
            _kill(pool)
            raise
        if requeue is not None:
            _kill(pool)
            pending = requeue + pending[idx:]
        else:
            pool.shutdown(wait=True)
            _POOLS.discard(pool)
            pending = []


_POOLS: set[ProcessPoolExecutor] = set()


def kill_workers() -> None:
    """Stop every worker pool of this process at once (Ctrl-C, a closed output pipe)."""
    for pool in list(_POOLS):
        _kill(pool)


def _worker_init(parent: int) -> None:
    """In each worker: never hold the parent's standard streams (so `| head` ends the
    pipeline), and die with the parent (Linux: PR_SET_PDEATHSIG)."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C stops
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(0)


def _alone(ctx: Any, worker: Callable, path: str, opts: Options, timeout: float | None) -> dict[str, Any]:
    """Read one report in a worker of its own: its record, or 'crashed' / 'timeout'."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),))
    _POOLS.add(pool)
    try:
        return _result(pool.submit(worker, (path, opts)), timeout)
    except FutureTimeout:
        return error_record(_src(path), "timeout", f"no result within {timeout:g} s (--timeout)")
    except BrokenProcessPool:
        return error_record(_src(path), "crashed", "the worker reading this report died")
    finally:
        _kill(pool)


def _result(fut: Any, timeout: float | None) -> dict[str, Any]:
    """The future's result, allowing ``timeout`` seconds from when it started running."""
    if timeout is None:
        return fut.result()
    started = None
    while True:
        try:
            return fut.result(timeout=0.05)
        except FutureTimeout:
            now = time.monotonic()
            if started is None and fut.running():
                started = now
            if started is not None and now - started > timeout:
                raise


class Cache:
    """Records keyed by the file's SHA-256, the extractor's version, the backend and the
    schema version: DIR/ab/abcdef….json. Timeouts and crashes are never cached."""

    def __init__(self, folder: str, opts: Options):
        from . import SCHEMA_VERSION, __version__
        self.folder = folder
        self.salt = f"{__version__}|{opts.backend}|{SCHEMA_VERSION}|{opts.max_pages}"
        os.makedirs(folder, exist_ok=True)

    def _file(self, sha: str) -> str:
        key = hashlib.sha256(f"{sha}|{self.salt}".encode()).hexdigest()
        return os.path.join(self.folder, key[:2], key + ".json")

    def get(self, path: str) -> dict[str, Any] | None:
        try:
            with open(path, "rb") as fh:
                sha = hashlib.sha256(fh.read()).hexdigest()
            with open(self._file(sha), encoding="utf-8") as fh:
                rec = json.load(fh)
        except (OSError, ValueError):
            return None
        rec["source"]["path"] = path
        return rec

    def put(self, rec: dict[str, Any]) -> None:
        sha = rec["source"].get("sha256")
        if not sha or rec.get("error", {}).get("code") in ("timeout", "crashed", "internal"):
            return
        f = self._file(sha)
        os.makedirs(os.path.dirname(f), exist_ok=True)
        tmp = f"{f}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(rec, fh, ensure_ascii=False)
        os.replace(tmp, f)


def _src(path: str) -> dict[str, Any]:
    return {"path": path, "sha256": None, "format": None, "pages": None}


def _kill(pool: ProcessPoolExecutor) -> None:
    _POOLS.discard(pool)
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except Exception:
            pass
    pool.shutdown(wait=False, cancel_futures=True)
