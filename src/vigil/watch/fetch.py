"""Asking the web politely: one HTTP client for `vigil watch` and its alerts' webhooks.

Every request names Vigil and its version in its User-Agent, waits its turn on its host
(vigil.watch.pacing), is refused when the host's robots.txt says so (vigil.watch.robots), gives
up after a timeout, and is tried again with a growing pause after a failure that may pass (no
answer, 408, 429, 5xx; a Retry-After is honoured up to a minute).  A feed is asked for
conditionally: with the ETag and Last-Modified of its last answer, so an unchanged feed costs a
304 and no body.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional
from urllib.parse import urlsplit

from vigil import __version__

USER_AGENT = f"Vigil/{__version__} (incident monitor; vigil watch)"
TIMEOUT = 20.0
RETRIES = 2
BACKOFF = 1.0  # seconds before the first retry, doubled for each next one
HOST_GAP = 1.0  # seconds between two requests to one host
MAX_BYTES = 20_000_000  # a larger answer is refused, not held in memory
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_LONGEST_RETRY_AFTER = 60.0

if TYPE_CHECKING:  # httpx and urllib load when a Fetcher is made, not with the command line
    import httpx

    from vigil.watch.robots import RobotsAnswer


class FetchError(Exception):
    """A request that failed for good; the message is one line (the URL is the caller's to name).
    ``status``: the HTTP status of the last answer, None when there was none."""

    def __init__(self, message: str, status: Optional[int] = None):
        super().__init__(message)
        self.status = status


@dataclass
class Page:
    url: str  # after redirects
    status: int
    content: bytes
    headers: "httpx.Headers"

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> Optional[str]:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> Optional[str]:
        return self.headers.get("last-modified")

    @property
    def charset(self) -> Optional[str]:
        """The encoding the Content-Type header states, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value.strip('"'):
                return value.strip('"')
        return None


class Fetcher:
    def __init__(self, *, user_agent: str = USER_AGENT, timeout: float = TIMEOUT, retries: int = RETRIES,
                 backoff: float = BACKOFF, host_gap: float = HOST_GAP, max_bytes: int = MAX_BYTES,
                 sleep: Callable[[float], None] = time.sleep):
        self.user_agent = user_agent
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep
        import httpx

        from vigil.watch.pacing import HostPacer
        from vigil.watch.robots import RobotsRules

        self._client = httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout, follow_redirects=True)
        self.pacer = HostPacer(host_gap, sleep=sleep)
        self.robots = RobotsRules(self._read_robots, user_agent)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def refusal(self, url: str) -> Optional[str]:
        """Why robots.txt forbids fetching ``url``, or None when it allows it."""
        return self.robots.refusal(url)

    def get(self, url: str, *, etag: Optional[str] = None, last_modified: Optional[str] = None) -> Page:
        """The page at ``url`` (a 304 Page when ``etag``/``last_modified`` still hold); FetchError
        when it cannot be had.  robots.txt is the caller's to check (``refusal``) first."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._with_retries(url, headers)

    def post_json(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """POST a JSON body (a webhook); the status of a 2xx answer, FetchError otherwise."""
        return self._with_retries(url, headers, body=body).status

    # ------------------------------------------------------------------ internals

    def _with_retries(self, url: str, headers: dict[str, str], body: Optional[bytes] = None) -> Page:
        import httpx

        host = urlsplit(url).netloc
        for attempt in range(self.retries + 1):
            self.pacer.wait(host, self.robots.crawl_delay(url))
            retry_after, status = 0.0, None
            try:
                page = self._request(url, headers, body)
            except httpx.TimeoutException:
                problem = f"no answer within {self.timeout:g} s"
            except httpx.TransportError as error:
                problem = _transport_problem(error)
            else:
                if 200 <= page.status < 300 or page.status == 304:
                    return page
                problem = f"HTTP {page.status}{_reason(page.status)}"
                if page.status not in _RETRY_STATUSES:
                    raise FetchError(problem, page.status)
                retry_after, status = _retry_after(page.headers.get("retry-after")), page.status
            if attempt == self.retries:
                tries = f" (after {attempt + 1} tries)" if attempt else ""
                raise FetchError(problem + tries, status)
            self._sleep(max(self.backoff * 2 ** attempt, retry_after))
        raise AssertionError("unreachable")

    def _request(self, url: str, headers: dict[str, str], body: Optional[bytes]) -> Page:
        method = "GET" if body is None else "POST"
        if body is not None:
            headers = {"Content-Type": "application/json", **headers}
        with self._client.stream(method, url, headers=headers, content=body) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(f"answer too large ({int(declared):,} bytes, at most {self.max_bytes:,})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"answer too large (over {self.max_bytes:,} bytes)")
                chunks.append(chunk)
            return Page(str(response.url), response.status_code, b"".join(chunks), response.headers)

    def _read_robots(self, url: str) -> "RobotsAnswer":
        from vigil.watch.robots import RobotsAnswer

        try:
            page = self._with_retries(url, {})
        except FetchError as error:
            return RobotsAnswer(error.status, problem=str(error))
        return RobotsAnswer(page.status, page.content.decode("utf-8", errors="replace"))


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""


def _transport_problem(error: "httpx.TransportError") -> str:
    import httpx

    text = str(error).strip() or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        if "refused" in text.lower():
            return "connection refused"
        return f"cannot connect ({text})"
    return text


def _retry_after(value: Optional[str]) -> float:
    """Seconds a Retry-After header asks for (a number or an HTTP date), at most a minute."""
    if not value:
        return 0.0
    if value.strip().isdigit():
        return min(float(value.strip()), _LONGEST_RETRY_AFTER)
    import email.utils

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(when.timestamp() - time.time(), _LONGEST_RETRY_AFTER))
