"""Inputs and batch runs: expand files and folders, read reports in worker processes, yield
records in input order as each completes.

Every report is read in a worker process with its own limits: address space
(``max_memory``, RLIMIT_AS), CPU time and wall time (``timeout``) per report. A worker that
dies or runs past its time gives that report a 'crashed' or 'timeout' record, the pool is
replaced and the run goes on. The main process never parses a report, never hashes a file
(the cache is looked up in the worker) and ignores SIGPIPE, so a worker's death cannot end
the run; the CLI turns a closed *standard output* into a quiet exit (141).
"""
from __future__ import annotations

import fnmatch
import gc
import hashlib
import json
import multiprocessing as mp
import os
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from . import defaults
from .core import Options, extract_bytes, extract_path, read_capped, source_of
from .errors import ExtractError
from .limits import cap_memory
from .model import error_record

STDIN = "-"


def expand_inputs(paths: Iterable[str], globs: tuple[str, ...] = defaults.GLOBS) -> list[str]:
    """Files as given (even if missing: they get a not-found record), folders walked
    recursively for files matching ``globs``, sorted; the same file given twice (under any
    spelling: 'src', './src', an absolute path, a link) once. A link to a folder inside the
    folder given is followed, one leading out of it ('up -> ..') is not (as ripgrep); loops
    are safe."""
    out: list[str] = []
    seen: set[str] = set()

    def add(p: str) -> None:
        key = p if p == STDIN else os.path.realpath(p)
        if key not in seen:
            seen.add(key)
            out.append(p)

    for p in paths:
        if p != STDIN and os.path.isdir(p) and not is_cache_dir(p):
            visited: set[tuple[int, int]] = set()
            top = os.path.realpath(p)
            for root, dirs, files in os.walk(p, followlinks=True):
                dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))
                           or _inside(os.path.realpath(os.path.join(root, d)), top)]
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


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


# --- the cache --------------------------------------------------------------------------
CACHE_MARK = "ofsted-cache.json"


def is_cache_dir(path: str) -> bool:
    return os.path.isfile(os.path.join(path, CACHE_MARK))


@dataclass
class Cache:
    """Records keyed by the file's SHA-256, the extractor's version, the backend and the
    schema version: DIR/ab/abcdef….json. Timeouts and crashes are never cached. An entry is
    trusted only when it is a record of this version about the very bytes asked for;
    anything else is ignored and rewritten. Looked up and written in the worker."""
    folder: str
    salt: str = ""
    notes: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, folder: str, opts: Options) -> "Cache":
        from . import SCHEMA_VERSION, __version__
        c = cls(folder, f"{__version__}|{opts.backend}|{SCHEMA_VERSION}|{opts.max_pages}|{opts.pages}")
        os.makedirs(folder, exist_ok=True)
        mark = os.path.join(folder, CACHE_MARK)
        if not os.path.exists(mark):
            with open(mark, "w", encoding="utf-8") as fh:
                json.dump({"ofsted_cli": __version__, "what": "ofsted-cli record cache"}, fh)
        return c

    def _file(self, sha: str) -> str:
        key = hashlib.sha256(f"{sha}|{self.salt}".encode()).hexdigest()
        return os.path.join(self.folder, key[:2], key + ".json")

    def get(self, sha: str, path: str) -> dict[str, Any] | None:
        try:
            with open(self._file(sha), encoding="utf-8") as fh:
                rec = json.load(fh)
        except (OSError, ValueError, UnicodeDecodeError):
            return None
        if not valid_record(rec) or rec["source"].get("sha256") != sha:
            return None  # edited, truncated or not ours: read the report again
        rec["source"]["path"] = source_of(path)["path"]
        return rec

    def put(self, rec: dict[str, Any]) -> str | None:
        """Store a record; a message where it could not be stored (the run goes on)."""
        sha = rec["source"].get("sha256")
        if not sha or rec.get("error", {}).get("code") in ("timeout", "crashed", "internal", "too-large"):
            return None
        f = self._file(sha)
        tmp = f"{f}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(f), exist_ok=True)
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(rec, fh, ensure_ascii=False)
            os.replace(tmp, f)
        except OSError as exc:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            return f"cache: cannot write to {self.folder}: {exc.strerror or exc}"
        return None

    def records(self) -> Iterator[dict[str, Any]]:
        """Every valid record in the cache (for commands that read saved records)."""
        for root, dirs, files in os.walk(self.folder):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".json") and f != CACHE_MARK:
                    try:
                        with open(os.path.join(root, f), encoding="utf-8") as fh:
                            rec = json.load(fh)
                    except (OSError, ValueError, UnicodeDecodeError):
                        continue
                    if valid_record(rec):
                        yield rec


def valid_record(rec: Any) -> bool:
    """A record every command can use (:func:`ofsted_cli.validate.problem` finds nothing)."""
    from .validate import problem
    return problem(rec) is None


# --- the work of one report (in a worker) --------------------------------------------------
@dataclass
class Task:
    path: str
    opts: Options
    data: bytes | None = None       # standard input, read (capped) by the main process
    cache: str | None = None        # cache folder
    cpu: float | None = None        # CPU seconds allowed


RETIRE = "\0retire"  # a note from a worker: replace me before the next report
CACHED = "\0cached"  # a note from a worker: the record came from the cache (no page was read)


class _CpuLimit(Exception):
    pass


def _on_xcpu(signum, frame):
    raise _CpuLimit()


def work(task: Task) -> tuple[dict[str, Any], list[str]]:
    """Read one report: (record, notes for the run). In a worker process."""
    import resource
    notes: list[str] = []
    if task.cpu and task.cpu < 1e9:  # (a CPU limit beyond any run is no limit)
        used = resource.getrusage(resource.RUSAGE_SELF)
        spent = used.ru_utime + used.ru_stime
        soft = int(spent + task.cpu) + 1
        hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
        except (ValueError, OSError):
            pass
    try:
        if task.data is not None:
            rec = extract_bytes(task.data, task.path, task.opts)
        elif task.cache:
            rec = _cached(task, notes)
        else:
            rec = extract_path(task.path, task.opts)
    except _CpuLimit:
        rec = error_record(source_of(task.path), "timeout", f"more than {task.cpu:g} s of CPU time (--timeout)")
    if rec.get("error", {}).get("code") in ("too-large", "timeout"):
        # a MemoryError or an interrupted library can leave this process short of memory or in
        # a broken state: the run starts fresh workers before the next report
        notes.append(RETIRE)
    return rec, notes


def _cached(task: Task, notes: list[str]) -> dict[str, Any]:
    from .core import read_bytes
    cache = Cache(task.cache, _salt(task.opts))
    try:
        data = read_bytes(task.path, task.opts)
    except ExtractError as exc:
        return error_record(source_of(task.path), exc.code, exc.message)
    sha = hashlib.sha256(data).hexdigest()
    hit = cache.get(sha, task.path)
    if hit is not None:
        notes.append(CACHED)
        return hit
    rec = extract_bytes(data, task.path, task.opts)
    msg = cache.put(rec)
    if msg:
        notes.append(msg)
    return rec


def _salt(opts: Options) -> str:
    from . import SCHEMA_VERSION, __version__
    return f"{__version__}|{opts.backend}|{SCHEMA_VERSION}|{opts.max_pages}|{opts.pages}"


def _worker_init(parent: int, max_memory: int) -> None:
    """In each worker: never hold the parent's standard streams (so `| head` ends the
    pipeline), die with the parent (Linux: PR_SET_PDEATHSIG), leave Ctrl-C to the parent,
    and keep within the memory limit."""
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):  # a worker's death is reported in its record, never as a traceback
            os.dup2(devnull, fd)
        # and new stream objects: the inherited ones may be locked for ever by a thread of the
        # parent (the progress bar) that was writing at the fork; a library's log line would wait
        sys.stdout = sys.stderr = open(devnull, "w", closefd=False)
    except OSError:
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    if hasattr(signal, "SIGXCPU"):
        signal.signal(signal.SIGXCPU, _on_xcpu)
    if sys.platform.startswith("linux"):
        try:
            import ctypes
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
        # on top of the address space the worker starts with (the parent's: malloc arenas of
        # its threads), so that the allowance is the same in every pool
        cap_memory(max_memory)
    if os.getppid() != parent:
        os._exit(0)


# --- the run ---------------------------------------------------------------------------------
@dataclass
class RunResult:
    """What the main process gets for one input: the record and notes for stderr."""
    record: dict[str, Any]
    notes: list[str] = field(default_factory=list)


_POOLS: set[ProcessPoolExecutor] = set()


def kill_workers() -> None:
    """Stop every worker pool of this process at once (Ctrl-C, a closed output pipe)."""
    for pool in list(_POOLS):
        _kill(pool)


def run(paths: list[str], opts: Options, jobs: int = 1, timeout: float | None = defaults.TIMEOUT,
        cache: str | None = None, max_memory: int = defaults.MAX_MEMORY,
        worker: Callable[[Task], tuple[dict[str, Any], list[str]]] = work,
        in_process: bool = False) -> Iterator[RunResult]:
    """Results in input order, each yielded as soon as it and those before it are done.

    Reports are read in worker processes (``in_process`` reads them here instead: for the
    library and tests only). Standard input ('-') is read here with the byte cap and handed
    to a worker like any file."""
    timeout = timeout or None
    tasks = [_task(p, opts, cache, timeout) for p in paths]
    if in_process:
        for t in tasks:
            rec, notes = t if isinstance(t, tuple) else worker(t)
            yield RunResult(rec, [n for n in notes if n != RETIRE])
        return
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    pending = list(tasks)
    alone = False  # after a crash, the next report runs alone to learn whether it was the cause
    while pending:
        if alone:
            alone = False
            t, pending = pending[0], pending[1:]
            yield _alone(ctx, worker, t, timeout, max_memory)
            continue
        pool = ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=ctx, initializer=_worker_init,
                                   initargs=(os.getpid(), max_memory))
        _POOLS.add(pool)
        futures: list[tuple[Any, Any]] = []
        idx = 0
        requeue = None
        try:
            while idx < len(pending) or futures:
                while idx < len(pending) and len(futures) < max(2, jobs * 4):
                    t = pending[idx]
                    try:
                        futures.append((t, t if isinstance(t, tuple) else _submit(pool, worker, t)))
                    except BrokenProcessPool:
                        # a worker died since the last submit: what was handed out says whose
                        # report it was (below); nothing more goes to this pool
                        break
                    idx += 1
                if not futures:  # broken with nothing outstanding: a fresh pool for the rest
                    requeue = []
                    break
                t, fut = futures.pop(0)
                if isinstance(fut, tuple):  # a record made without reading (stdin too large)
                    yield RunResult(*fut)
                    continue
                try:
                    rec, notes = _result(fut, timeout)
                except FutureTimeout:
                    yield RunResult(_timed_out(t.path, timeout))
                    requeue = [q for q, _ in futures]
                    break
                except BrokenProcessPool:
                    # some worker died, maybe not this report's: run this one alone next
                    requeue = [t] + [q for q, _ in futures]
                    alone = True
                    break
                if RETIRE in notes:
                    yield RunResult(rec, [n for n in notes if n != RETIRE])
                    requeue = [q for q, _ in futures]
                    break
                yield RunResult(rec, notes)
        except BaseException:  # Ctrl-C, a closed pipe, the consumer stopping: stop the workers now
            _kill(pool)
            raise
        if requeue is not None:
            _kill(pool, settle=True)
            pending = requeue + pending[idx:]
        else:
            pool.shutdown(wait=True)
            _POOLS.discard(pool)
            pending = []


def records(paths: list[str], opts: Options, **kw) -> Iterator[dict[str, Any]]:
    """The records alone (library use): :func:`run` without the notes."""
    for res in run(paths, opts, **kw):
        yield res.record


def _task(path: str, opts: Options, cache: str | None, timeout: float | None):
    """A Task, or (record, notes) where there is nothing to hand a worker."""
    cpu = timeout
    if path == STDIN:
        try:
            data = read_capped(sys.stdin.buffer, opts.max_bytes)
        except ExtractError as exc:
            return error_record(source_of(path), exc.code, exc.message), []
        except OSError as exc:
            return error_record(source_of(path), "unreadable", exc.strerror or str(exc)), []
        return Task(path, opts, data=data, cpu=cpu)
    return Task(path, opts, cache=cache, cpu=cpu)


def _timed_out(path: str, timeout: float | None) -> dict[str, Any]:
    return error_record(source_of(path), "timeout", f"no result within {timeout:g} s (--timeout)")


def _alone(ctx: Any, worker: Callable, task: Any, timeout: float | None, max_memory: int) -> RunResult:
    """Read one report in a worker of its own: its record, or 'crashed' / 'timeout'."""
    if isinstance(task, tuple):
        return RunResult(*task)
    pool = ProcessPoolExecutor(max_workers=1, mp_context=ctx, initializer=_worker_init,
                               initargs=(os.getpid(), max_memory))
    _POOLS.add(pool)
    try:
        fut = _submit(pool, worker, task)
        procs = _workers_of(pool)
        rec, notes = _result(fut, timeout)
        return RunResult(rec, [n for n in notes if n != RETIRE])
    except FutureTimeout:
        return RunResult(_timed_out(task.path, timeout))
    except BrokenProcessPool:
        return RunResult(_died(task.path, procs, max_memory))
    finally:
        _kill(pool, settle=True)


def _died(path: str, procs: list[Any], max_memory: int) -> dict[str, Any]:
    """The record of a report whose worker (running it alone) died. PDFium aborts (SIGABRT)
    when an allocation fails, which under the address-space cap means the report needed more
    memory than --max-memory: 'too-large'. Any other death is 'crashed', with its signal."""
    code = None
    for proc in procs:
        # the pool's own thread may be reaping it at the same moment (then our wait finds no
        # child and its status appears a moment later): look again for up to a second
        deadline = time.monotonic() + 1.0
        proc.join(1.0)
        while proc.exitcode is None and time.monotonic() < deadline:
            time.sleep(0.01)
        code = proc.exitcode if proc.exitcode is not None else code
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        if -code == signal.SIGABRT and max_memory:
            return error_record(source_of(path), "too-large",
                                f"the worker reading this report ran out of memory (limit {max_memory} MB, "
                                f"--max-memory; the PDF library aborted with {name})")
        return error_record(source_of(path), "crashed", f"the worker reading this report died ({name})")
    return error_record(source_of(path), "crashed", "the worker reading this report died"
                        + (f" (exit status {code})" if code else ""))


def _result(fut: Any, timeout: float | None) -> tuple[dict[str, Any], list[str]]:
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


def _submit(pool: ProcessPoolExecutor, worker: Callable, task: Any) -> Any:
    """``pool.submit``, with the parent's objects frozen while it forks the pool's workers.

    A pool killed moments before may still have its thread running, holding that pool's lock,
    and the old pool may be unreachable but not yet collected. A worker forked then would
    collect it, and the old pool's weakref callback would wait for that lock forever (seen:
    one report in about a hundred after a timeout, recorded as a timeout). Objects frozen
    (gc.freeze) at the fork are never collected in the worker; the parent unfreezes at once."""
    ours = gc.get_freeze_count() == 0  # (where someone else froze objects, they stay frozen)
    gc.freeze()
    try:
        return pool.submit(worker, task)
    finally:
        if ours:
            gc.unfreeze()


def _kill(pool: ProcessPoolExecutor, settle: bool = False) -> None:
    """Kill the pool's workers and let it go. ``settle``: wait (up to two seconds) for the
    pool's own thread to finish, so that the next pool is not forked beside it."""
    _POOLS.discard(pool)
    for proc in _workers_of(pool):
        try:
            proc.kill()
        except Exception:
            pass
    try:
        pool.shutdown(wait=False, cancel_futures=True)
    except Exception:
        pass
    thread = _thread_of(pool)
    if settle and thread is not None:
        thread.join(2.0)


# --- the two private names of concurrent.futures this module uses ------------------------------
# The standard library gives no public way to kill a stuck or runaway worker of a
# ProcessPoolExecutor, nor to wait for its manager thread: both are read here only, and where
# a Python lacks them a killed pool's workers are left to the pool (they still die with it).
def _workers_of(pool: ProcessPoolExecutor) -> list[Any]:
    """The pool's worker processes (``pool._processes``); [] where it has none."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _thread_of(pool: ProcessPoolExecutor) -> Any:
    """The pool's manager thread (``pool._executor_manager_thread``), or None."""
    return getattr(pool, "_executor_manager_thread", None)
