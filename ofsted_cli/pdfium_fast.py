"""The one place that calls a private name of pypdfium2, with a fallback.

PDFium's per-character functions run several times for every line of every page. Called
through pypdfium2's ctypes bindings, ctypes checks and converts every argument, which costs
more than the functions themselves (half the time of reading a line's typography).
:func:`bare_functions` takes the same functions from the library pypdfium2 loaded
(``pypdfium2_raw.bindings._libs``, a private name) as bare function pointers: no argument
checks, and the GIL kept (each call is over in microseconds and never calls back into
Python; releasing and taking the GIL cost a fifth of a call). Every call site passes
arguments of the exact C types (ints for ``int``, ``c_ulong`` for a buffer length,
pointers from ``byref``): a wrong type would not be caught, so the call sites are few and in
:mod:`ofsted_cli.pdf` only.

Where the private name is missing (another pypdfium2), :func:`bare_functions` gives None and
pypdfium2's checked functions are used: slower, the same answers. ``make bench`` says which
is in use; a test checks that both give the same lines where both exist.
"""
from __future__ import annotations

import ctypes
import functools

CHAR_FUNCTIONS = {  # name -> C return type
    "FPDFText_GetLooseCharBox": ctypes.c_int,
    "FPDFText_GetFontSize": ctypes.c_double,
    "FPDFText_GetFontInfo": ctypes.c_ulong,
    "FPDFText_GetFontWeight": ctypes.c_int,
    "FPDFText_GetMatrix": ctypes.c_int,
    "FPDFText_GetCharOrigin": ctypes.c_int,
}


@functools.lru_cache(maxsize=None)
def bare_functions() -> dict | None:
    """The per-character functions without ctypes' argument checks, or None where this
    pypdfium2 does not expose its library."""
    try:
        from pypdfium2_raw import bindings
        lib = bindings._libs["pdfium"]
        out = {}
        for name, restype in CHAR_FUNCTIONS.items():
            # the function's address, called as a cdecl function taking its arguments as given
            address = ctypes.cast(lib[name], ctypes.c_void_p).value
            out[name] = ctypes.PYFUNCTYPE(restype)(address)
        return out
    except (ImportError, AttributeError, KeyError, TypeError):
        return None
