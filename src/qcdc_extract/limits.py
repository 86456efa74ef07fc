"""Time budgets: no single input or article may stall a batch."""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class OverBudget(BaseException):
    """The time budget of one input or article ran out.

    A BaseException, so that a library's `except Exception` cannot swallow it and go on
    past the budget; callers that keep a batch going catch it by name.
    """

    def __init__(self, seconds: float):
        super().__init__(f"took more than {seconds:g} s (the timeout setting)")
        self.seconds = seconds


@contextmanager
def budget(seconds: float):
    """Raise OverBudget in this block once `seconds` of wall time have passed (0: no limit).

    A real-time interval timer (SIGALRM) interrupts even a long regex match; it is only
    available in a process's main thread (worker processes and in-process runs). Elsewhere
    (a Dask worker's thread) the block runs unbounded. Budgets nest: an inner one (a record
    of a file) never outlasts the outer one (the whole file's read).
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum, frame):
        raise OverBudget(seconds)

    outer_left = signal.getitimer(signal.ITIMER_REAL)[0]
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left:
            # The outer budget goes on with what it has left; spent, it fires at once.
            signal.setitimer(signal.ITIMER_REAL, max(outer_left - (time.monotonic() - started), 0.001))
