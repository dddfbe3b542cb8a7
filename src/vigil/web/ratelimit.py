"""Login rate limiting: failed sign-ins are counted per name and per address over a sliding window.

Kept in the server's memory: one desk process serves a team (run several and each counts its
own).  A success clears the name's count, so a user who mistyped once is not held back.
"""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Callable, Optional


class LoginLimiter:
    def __init__(self, *, per_name: int = 5, per_address: int = 20, window_seconds: float = 300.0,
                 clock: Callable[[], float] = time.monotonic):
        self.per_name = per_name
        self.per_address = per_address
        self.window = window_seconds
        self._clock = clock
        self._failures: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str) -> deque:
        stamps = self._failures[key]
        horizon = self._clock() - self.window
        while stamps and stamps[0] < horizon:
            stamps.popleft()
        return stamps

    def retry_after(self, name: str, address: Optional[str]) -> Optional[int]:
        """Seconds to wait before another try is heard; None when one may try now."""
        with self._lock:
            waits = []
            for key, limit in ((f"name:{name.lower()}", self.per_name), (f"addr:{address}", self.per_address)):
                stamps = self._recent(key)
                if len(stamps) >= limit:
                    waits.append(stamps[0] + self.window - self._clock())
            return max(1, int(max(waits)) + 1) if waits else None

    def failed(self, name: str, address: Optional[str]) -> None:
        with self._lock:
            now = self._clock()
            self._recent(f"name:{name.lower()}").append(now)
            self._recent(f"addr:{address}").append(now)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(f"name:{name.lower()}", None)
