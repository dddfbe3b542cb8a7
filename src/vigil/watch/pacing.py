"""A pace per host: requests to one host are at least ``gap`` seconds apart (longer when its
robots.txt asks for a Crawl-delay), whatever source or article they are for."""
from __future__ import annotations

import time
from typing import Callable, Optional


class HostPacer:
    def __init__(self, gap: float, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic):
        self.gap = gap
        self._sleep = sleep
        self._clock = clock
        self._last: dict[str, float] = {}

    def wait(self, host: str, crawl_delay: Optional[float] = None) -> None:
        """Return when a request to ``host`` may go out, and count it as gone out now."""
        gap = max(self.gap, crawl_delay or 0.0)
        last = self._last.get(host)
        if last is not None:
            pause = last + gap - self._clock()
            if pause > 0:
                self._sleep(pause)
        self._last[host] = self._clock()
