"""Work that makes a great many small objects that all stay alive a while (a whole caseload's
rows, a team folder's parsed households): Python's cycle collector would walk the growing heap
again and again for nothing, since none of it is garbage until the work is done."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused(on: bool = True) -> Iterator[None]:
    """Pause the cycle collector for the block (``on``), and switch it back on even when the
    block fails. Reference counting still frees everything that is not in a cycle. When it is
    paused already (another thread's bulk work), this one leaves it to that one."""
    if not on or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
