"""The per-report time limit: a report that takes too long fails alone instead of hanging a batch.

``time_limit(seconds)`` arms a real-time interval timer (``setitimer``/SIGALRM) whose handler
raises ``ReportTimeout`` in the main thread.  Why this way: it costs nothing while it waits,
needs no second process (the NLP pipeline stays loaded once), and interrupts pure-Python loops,
where extraction spends its time, and regular-expression matches (CPython's ``re`` checks for
signals while it backtracks).  Its limits, accepted: the signal is handled between Python
bytecodes, so one long call into C code that does not check for signals (a compiled spaCy
layer on one huge text) ends before the limit takes effect; and signals belong to the main
thread, so off the main thread, or where ``setitimer`` does not exist (Windows), there is no
limit at all.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator, Optional

from vigil.faults import ReportTimeout

DEFAULT_TIMEOUT = 300.0  # seconds per report; 0 or None: no limit


def can_limit() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: Optional[float]) -> Iterator[None]:
    """Raise ReportTimeout in the block once ``seconds`` have passed (no limit: None, 0, or
    where signals cannot be used; see the module docstring)."""
    if not seconds or seconds <= 0 or not can_limit():
        yield
        return
    armed = True

    def expire(signum, frame):
        if armed:  # the timer may fire just as the block ends: then it is too late to matter
            raise ReportTimeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
