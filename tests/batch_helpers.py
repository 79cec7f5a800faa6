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


def stderr_then_work(task):
    """A worker whose PDF library writes to sys.stderr (pdfminer's log warnings do, through
    logging's last-resort handler, where no handler is set up)."""
    import sys
    print("a warning from a PDF library", file=sys.stderr, flush=True)
    return work(task)
