"""Limits a process puts on itself (Linux): the address space it may add."""
from __future__ import annotations

import os


def cap_memory(mb: int) -> None:
    """Let this process add at most ``mb`` MB of address space to what it has now (0: no
    limit): more raises MemoryError (or makes a C library abort) instead of filling the
    machine. Counted from the current size (the parent's, in a forked worker: mostly
    reserved and untouched), so that the allowance is the same in every process."""
    if not mb:
        return
    try:
        import resource
        with open("/proc/self/statm") as fh:
            start = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError, IndexError):
        return  # (not Linux: no limit)
    limit = start + mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    try:
        # the soft limit only: what runs this in-process (a test, a notebook) can lift it again
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    except (ValueError, OSError):
        pass
