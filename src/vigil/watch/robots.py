"""robots.txt, read once a day per host with Vigil's own client and honoured (RFC 9309 via
``urllib.robotparser``): a missing file (4xx) allows everything, 401/403 or an unreachable file
(5xx, no answer) allows nothing until it is read again."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

RECHECK_SECONDS = 24 * 3600


@dataclass
class RobotsAnswer:
    """What a host's robots.txt said: ``status`` is an HTTP status, or None when it did not answer."""

    status: Optional[int]
    text: str = ""
    problem: Optional[str] = None  # why there was no answer


@dataclass
class _Rules:
    parser: RobotFileParser
    blocked: Optional[str]  # why everything is disallowed (unreachable file), else None
    read_at: float


def site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class RobotsRules:
    def __init__(self, read: Callable[[str], RobotsAnswer], user_agent: str,
                 clock: Callable[[], float] = time.monotonic):
        self._read = read  # fetches SITE/robots.txt
        self._agent = user_agent
        self._clock = clock
        self._sites: dict[str, _Rules] = {}

    def refusal(self, url: str) -> Optional[str]:
        """Why ``url`` may not be fetched, or None when it may."""
        rules = self._rules(site_of(url))
        if rules.blocked:
            return rules.blocked
        if not rules.parser.can_fetch(self._agent, url):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, url: str) -> Optional[float]:
        rules = self._sites.get(site_of(url))
        if rules is None or rules.blocked:
            return None
        delay = rules.parser.crawl_delay(self._agent)
        return float(delay) if delay is not None else None

    def _rules(self, site: str) -> _Rules:
        rules = self._sites.get(site)
        if rules is None or self._clock() - rules.read_at > RECHECK_SECONDS:
            rules = self._sites[site] = self._parse(self._read(site + "/robots.txt"))
        return rules

    def _parse(self, answer: RobotsAnswer) -> _Rules:
        parser = RobotFileParser()
        blocked = None
        if answer.status is None:
            parser.disallow_all = True
            blocked = f"robots.txt unreachable ({answer.problem}): nothing fetched from this host"
        elif answer.status in (401, 403):
            parser.disallow_all = True
            blocked = f"robots.txt refused (HTTP {answer.status}): nothing fetched from this host"
        elif answer.status >= 500:
            parser.disallow_all = True
            blocked = f"robots.txt unreachable ({answer.problem or f'HTTP {answer.status}'}): nothing fetched from this host"
        elif answer.status >= 400:
            parser.allow_all = True
        else:
            parser.parse(answer.text.splitlines())
        return _Rules(parser, blocked, self._clock())
