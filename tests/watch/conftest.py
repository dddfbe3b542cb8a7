"""A local web server for the watch tests: feeds, sitemaps, article pages and robots.txt that each
test writes (in our own words), answering conditional requests as a real server does, and a
webhook receiver that keeps what is posted to it.  Never the internet."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

import pytest


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    failures: list[int] = field(default_factory=list)  # statuses answered (one each) before ``status``
    headers: dict[str, str] = field(default_factory=dict)  # more headers to send


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes = b""


@dataclass
class LocalWeb:
    """Routes by path; every request is kept in ``requests`` (posts to a route-less path too)."""

    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    post_status: int = 204

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: str | bytes, **options) -> str:
        self.routes[path] = Route(body.encode("utf-8") if isinstance(body, str) else body, **options)
        return self.url(path)

    def asked(self, path: str, method: str = "GET") -> list[Request]:
        return [r for r in self.requests if r.path == path and r.method == method]

    def statuses(self, path: str) -> list[int]:
        """What each GET of ``path`` was answered."""
        return [r.headers.get("x-answered") for r in self.asked(path)]


def _handler(web: LocalWeb):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            request = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()})
            web.requests.append(request)
            route = web.routes.get(self.path)
            if route is None:
                return self._answer(request, 404, b"not here", "text/plain")
            if route.failures:
                return self._answer(request, route.failures.pop(0), b"try later", "text/plain", route)
            fresh = ((route.etag and self.headers.get("If-None-Match") == route.etag)
                     or (route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified))
            if fresh and route.status == 200:
                return self._answer(request, 304, b"", None, route)
            self._answer(request, route.status, route.body, route.content_type, route)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            request = Request("POST", self.path, {k.lower(): v for k, v in self.headers.items()},
                              self.rfile.read(length))
            web.requests.append(request)
            self._answer(request, web.post_status, b"", None)

        def _answer(self, request, status, body, content_type, route=None):
            request.headers["x-answered"] = status
            request.headers["x-at"] = time.monotonic()
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            if route is not None and route.etag:
                self.send_header("ETag", route.etag)
            if route is not None and route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            for name, value in (route.headers if route is not None else {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


@pytest.fixture
def web():
    site = LocalWeb()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


# ---------------------------------------------------------------- what the local web serves


class Pages:
    """Reports written for these tests (the places are real, the events and sentences invented)
    and the feeds and sitemaps that list them."""

    CHECKPOINT_ATTACK = """<html><head><title>Two constables killed in Orangi Town</title></head><body><article>
    <h1>Two constables killed in Orangi Town</h1>
    <p>KARACHI: Two police constables were shot dead by gunmen on motorcycles in Orangi Town on Monday evening,
    officials said.</p>
    <p>The constables were standing at a checkpoint near a bus stop when the attackers opened fire and fled
    towards the hills.</p>
    <p>A police spokesman said an inquiry had been started and the area had been sealed off for several hours.</p>
    </article></body></html>"""

    CHECKPOINT_TOLL_RISES = """<html><head><title>Toll rises in Orangi checkpoint attack</title></head><body><article>
    <h1>Toll rises in Orangi checkpoint attack</h1>
    <p>KARACHI: Three police constables were killed when gunmen on motorcycles attacked a checkpoint in Orangi
    Town on Monday evening, police said on Tuesday after a wounded constable died in hospital.</p>
    <p>Doctors said the officer had been shot in the chest and never regained consciousness.</p>
    </article></body></html>"""

    MARKET_FIRE = """<html><head><title>Fire in a Saddar cloth market</title></head><body><article>
    <h1>Fire in a Saddar cloth market</h1>
    <p>KARACHI: A fire broke out in a cloth market in Saddar on Monday night. Firefighters brought it under
    control after four hours and nobody was hurt, officials said.</p>
    <p>Traders said stock worth several million rupees had been lost and asked the city for compensation.</p>
    </article></body></html>"""

    SCHOOL_REOPENS = """<html><head><title>Lyari school reopens after repairs</title></head><body><article>
    <h1>Lyari school reopens after repairs</h1>
    <p>KARACHI: A government girls' school in Lyari reopened on Wednesday after its roof was repaired over the
    winter holidays, the education department said.</p>
    <p>Teachers said nearly four hundred pupils came back on the first day and classes would run in two shifts.</p>
    </article></body></html>"""

    @staticmethod
    def numbered(number: int) -> str:
        """A short article of its own for each number (a feed of many items needs many texts)."""
        return f"""<html><head><title>Bulletin {number}</title></head><body><article>
    <h1>Municipal bulletin number {number}</h1>
    <p>KARACHI: The city council published bulletin number {number} on Thursday, listing {number + 3} roads to be
    resurfaced and {number + 11} streetlights to be mended before the monsoon.</p>
    <p>Council staff said bulletin {number} would be posted at every union council office for residents to read.</p>
    </article></body></html>"""

    @staticmethod
    def rss(title: str, items: list[tuple[str, str, str]]) -> str:
        """An RSS 2.0 feed of (link, title, RFC 822 date) items."""
        entries = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
                          for link, t, date in items)
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
                f"<link>http://127.0.0.1/</link><description>test feed</description>{entries}</channel></rss>")

    @staticmethod
    def atom(title: str, items: list[tuple[str, str, str]]) -> str:
        """An Atom feed of (link, title, ISO date) entries."""
        entries = "".join(f'<entry><title>{t}</title><link href="{link}"/><id>{link}</id><updated>{date}</updated></entry>'
                          for link, t, date in items)
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
                f"<id>urn:test:feed</id><updated>2024-03-06T00:00:00Z</updated>{entries}</feed>")

    @staticmethod
    def news_sitemap(publication: str, items: list[tuple[str, str, str]]) -> str:
        """A Google News sitemap of (loc, title, ISO date) entries."""
        entries = "".join(
            f"<url><loc>{loc}</loc><news:news><news:publication><news:name>{publication}</news:name>"
            f"<news:language>en</news:language></news:publication><news:publication_date>{date}</news:publication_date>"
            f"<news:title>{t}</news:title></news:news></url>" for loc, t, date in items)
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}</urlset>')


@pytest.fixture
def pages() -> type[Pages]:
    return Pages


class Outcome:
    def __init__(self, result):
        self.code, self.stdout, self.stderr = result.exit_code, result.stdout, result.stderr


@pytest.fixture
def vigil():
    """Runs `vigil ARGS...` in this process (the NLP pipeline loads once for the session)."""
    from typer.testing import CliRunner

    from vigil.cli import app

    def run(*args: str) -> Outcome:
        return Outcome(CliRunner().invoke(app, [str(a) for a in args]))

    return run


@pytest.fixture
def db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'vigil.db'}"

