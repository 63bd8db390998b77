"""Hand the memory the generator freed back to the system before MkDocs builds the site.

Once the generated files are in docs/, the build lets them go (OutputSet.release), and the per-record
pieces of the fragment cache are gone with generate(); but glibc keeps freed heap memory for the
process to reuse, in scattered holes MkDocs' pages seldom fit, so the build's peak (issue 13: at
most 400 MB at 5,000 stories) carried the generator's high-water mark into MkDocs' phase.
`malloc_trim(0)` returns every free page of the heap to the system. Elsewhere than glibc it is not
there and nothing is done: only memory, never output, depends on it.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _trim():  # noqa: ANN202 - a ctypes function, or None
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def give_back() -> bool:
    """Return the heap's free pages to the system; True when glibc did."""
    trim = _trim()
    return bool(trim(0)) if trim is not None else False
