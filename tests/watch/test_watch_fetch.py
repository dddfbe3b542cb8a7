"""Politeness of the watch's HTTP client against the local server: retries with a growing pause,
Retry-After, a timeout, a pace per host, robots.txt that cannot be read."""
from __future__ import annotations

import socket
import threading
import time

import pytest

from vigil.watch.fetch import Fetcher, FetchError
from vigil.watch.pacing import HostPacer


class Pauses:
    """Stands in for time.sleep: records each pause instead of waiting."""

    def __init__(self):
        self.taken: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)


def test_a_passing_failure_is_tried_again_with_a_doubling_pause(web):
    web.serve("/busy.xml", "<rss/>", failures=[503, 502])
    pauses = Pauses()
    with Fetcher(retries=2, backoff=0.5, host_gap=0, sleep=pauses) as fetcher:
        page = fetcher.get(web.url("/busy.xml"))
    assert page.status == 200 and page.content == b"<rss/>"
    assert web.statuses("/busy.xml") == [503, 502, 200]
    assert pauses.taken == [0.5, 1.0]


def test_retry_after_is_honoured_and_the_last_failure_reported(web):
    web.serve("/limited.xml", "<rss/>", failures=[429, 429, 429], headers={"Retry-After": "7"})
    pauses = Pauses()
    with Fetcher(retries=1, backoff=0.1, host_gap=0, sleep=pauses) as fetcher:
        with pytest.raises(FetchError) as failure:
            fetcher.get(web.url("/limited.xml"))
    assert str(failure.value) == "HTTP 429 Too Many Requests (after 2 tries)"
    assert failure.value.status == 429
    assert pauses.taken == [7.0]


def test_a_lasting_failure_is_not_tried_again(web):
    with Fetcher(retries=3, host_gap=0, sleep=Pauses()) as fetcher:
        with pytest.raises(FetchError, match="^HTTP 404 Not Found$"):
            fetcher.get(web.url("/missing.html"))
    assert len(web.asked("/missing.html")) == 1


def test_a_server_that_does_not_answer_times_out():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        started = time.monotonic()
        with Fetcher(timeout=0.3, retries=0, host_gap=0) as fetcher:
            with pytest.raises(FetchError, match=r"no answer within 0.3 s"):
                fetcher.get(f"http://127.0.0.1:{silent.getsockname()[1]}/feed.xml")
        assert time.monotonic() - started < 5
    finally:
        silent.close()


def test_nobody_listening_is_a_refused_connection():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with Fetcher(retries=0, host_gap=0) as fetcher:
        with pytest.raises(FetchError, match="^connection refused$"):
            fetcher.get(f"http://127.0.0.1:{port}/feed.xml")


def test_an_answer_too_large_is_refused(web):
    web.serve("/huge.html", "x" * 5000)
    with Fetcher(max_bytes=1000, host_gap=0) as fetcher:
        with pytest.raises(FetchError, match="answer too large"):
            fetcher.get(web.url("/huge.html"))


def test_requests_to_one_host_keep_their_distance():
    now = [100.0]
    pauses: list[float] = []

    def sleep(seconds):
        pauses.append(seconds)
        now[0] += seconds

    pacer = HostPacer(2.0, sleep=sleep, clock=lambda: now[0])
    pacer.wait("a.example")
    pacer.wait("b.example")  # another host: no wait
    now[0] += 0.5
    pacer.wait("a.example")
    pacer.wait("a.example", crawl_delay=5.0)  # robots.txt asks for more
    assert pauses == [1.5, 5.0]


def test_pace_holds_for_real_requests(web):
    web.serve("/a.html", "a")
    with Fetcher(host_gap=0.2) as fetcher:
        started = time.monotonic()
        for _ in range(3):
            fetcher.get(web.url("/a.html"))
        assert time.monotonic() - started >= 0.4


def test_robots_txt_that_cannot_be_read_allows_nothing_and_a_missing_one_everything(web):
    web.serve("/robots.txt", "down", status=503)
    with Fetcher(retries=0, host_gap=0) as fetcher:
        assert fetcher.refusal(web.url("/feed.xml")) == \
            "robots.txt unreachable (HTTP 503 Service Unavailable): nothing fetched from this host"
    del web.routes["/robots.txt"]
    with Fetcher(retries=0, host_gap=0) as fetcher:
        assert fetcher.refusal(web.url("/feed.xml")) is None
    web.serve("/robots.txt", "User-agent: *\nCrawl-delay: 3\nDisallow: /search\n", content_type="text/plain")
    with Fetcher(retries=0, host_gap=0) as fetcher:
        assert fetcher.refusal(web.url("/search?q=x")) == "disallowed by robots.txt"
        assert fetcher.refusal(web.url("/news/a.html")) is None
        assert fetcher.robots.crawl_delay(web.url("/news/a.html")) == 3.0
        assert len(web.asked("/robots.txt")) == 3  # once per client, not once per question


def test_webhook_post_carries_json_and_headers(web):
    with Fetcher(host_gap=0) as fetcher:
        assert fetcher.post_json(web.url("/hook"), b'{"id": "x"}', {"X-Vigil-Alert": "a"}) == 204
    [posted] = web.asked("/hook", "POST")
    assert posted.body == b'{"id": "x"}'
    assert posted.headers["content-type"] == "application/json" and posted.headers["x-vigil-alert"] == "a"
