"""Where output goes: which paths may be written through a temporary file."""
from __future__ import annotations

import os
import stat


def replaceable(path: str) -> bool:
    """Whether ``path`` may be written through a temporary file renamed over it: a regular
    file, or nothing yet. Never a device, a pipe or a socket: renaming over /dev/null would
    replace the device with a file."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False
