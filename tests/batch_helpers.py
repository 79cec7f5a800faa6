"""Workers for batch tests (module level, so worker processes can import them)."""
import os
import time

from ofsted_cli.batch import work


def slow_or_crashing(task):
    name = os.path.basename(task.path)
    if name.startswith("slow"):
        time.sleep(30)
    if name.startswith("crash"):
        os._exit(3)  # the worker process dies, as a crash in a PDF library would
    return work(task)


def cache_only(task):
    """A worker that may answer from the cache but never read a report."""
    import ofsted_cli.batch as batch

    def boom(*a, **k):
        raise AssertionError("should have come from the cache")
    batch.extract_bytes = boom
    return work(task)


def collect_then_work(task):
    """A worker that first collects every object it can (as a busy worker soon does)."""
    import gc
    gc.collect()
    return work(task)
