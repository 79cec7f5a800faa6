"""Workers for batch tests (module level, so worker processes can import them)."""
import os
import time

from ofsted_cli.core import extract_path


def slow_or_crashing(args):
    path, opts = args
    name = os.path.basename(path)
    if name.startswith("slow"):
        time.sleep(30)
    if name.startswith("crash"):
        os._exit(3)  # the worker process dies, as a crash in a PDF library would
    return extract_path(path, opts)
