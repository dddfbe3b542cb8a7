"""The desk under test: the real app served by uvicorn on a free port, over real HTTP, on a real
SQLite file (or the PostgreSQL server when it answers).

The fixture reports (tests/web/fixtures/reports.jsonl, written for these tests) are ingested
once per session into a template database with three accounts; each desk works on its own copy.
"""
from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional

import httpx
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
PASSWORDS = {"admin": "admin-passphrase", "editor": "editor-passphrase", "viewer": "viewer-passphrase"}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Desk:
    url: str
    db: str
    app: object
    tokens: dict[str, str] = field(default_factory=dict)

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, follow_redirects=False, timeout=30, **kwargs)

    def signed_in(self, role: str) -> "Browser":
        browser = Browser(self.client())
        browser.sign_in(role, PASSWORDS[role])
        return browser

    def api(self, role: Optional[str]) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return self.client(headers=headers)


class Browser:
    """An httpx client that signs in through the form, as a browser does, and keeps its CSRF token."""

    def __init__(self, client: httpx.Client):
        self.http = client
        self.csrf: Optional[str] = None

    def sign_in(self, name: str, password: str) -> httpx.Response:
        page = self.http.get("/login")
        token = CSRF.search(page.text).group(1)
        response = self.http.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"})
        if response.status_code == 303:
            self.csrf = CSRF.search(self.http.get("/documents").text).group(1)
        return response

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, data: Optional[dict] = None, *, csrf: bool = True, **kwargs) -> httpx.Response:
        data = dict(data or {})
        if csrf and self.csrf:
            data.setdefault("csrf_token", self.csrf)
        return self.http.post(path, data=data, **kwargs)

    def post_json(self, path: str, body: dict, *, csrf: bool = True) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf} if csrf and self.csrf else {}
        return self.http.post(path, json=body, headers=headers)

    def close(self) -> None:
        self.http.close()


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: without it a kept-alive connection waits ~40 ms per answer
    # (Nagle's algorithm against delayed ACKs), as uvicorn's own listening socket does not.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serve(db: str, **settings) -> Iterator[Desk]:
    """The desk on ``db`` served by uvicorn in a thread until the block ends."""
    import uvicorn

    from vigil.web import DeskConfig, create_app

    app = create_app(DeskConfig(db=db, **settings))
    sock = _free_socket()
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the desk did not start")
        time.sleep(0.02)
    try:
        yield Desk(url=f"http://127.0.0.1:{port}", db=db, app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        sock.close()


def add_accounts(db: str) -> dict[str, str]:
    """The three accounts (one per role) and a token for each."""
    import vigil
    from vigil.store.accounts import Accounts

    store = vigil.open(db)
    try:
        accounts = Accounts(store)
        tokens = {}
        for role, password in PASSWORDS.items():
            if accounts.user(role) is None:
                accounts.add_user(role, password, role=role)
            tokens[role] = accounts.new_token(role, "tests")
        return tokens
    finally:
        store.close()


@dataclass
class Template:
    path: Path
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Template:
    """A database with the fixture reports ingested (the NLP runs once per session) and the
    three accounts with their tokens; every desk works on a copy."""
    import vigil

    path = tmp_path_factory.mktemp("desk-template") / "desk.db"
    summary = vigil.ingest([str(FIXTURES / "reports.jsonl")], db=f"sqlite:///{path}")
    assert summary.added == 4 and not summary.failures, summary.failures
    return Template(path, add_accounts(f"sqlite:///{path}"))


def copy_db(template: Template, folder: Path) -> str:
    target = folder / "desk.db"
    shutil.copyfile(template.path, target)
    return f"sqlite:///{target}"


@contextmanager
def desk_on(template: Template, folder: Path, **settings) -> Iterator[Desk]:
    with serve(copy_db(template, folder), **settings) as running:
        running.tokens = dict(template.tokens)
        yield running


@pytest.fixture
def desk(template, tmp_path) -> Iterator[Desk]:
    """A desk of its own (a test may change what it stores), sign-in required."""
    with desk_on(template, tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def shared_desk(template, tmp_path_factory) -> Iterator[Desk]:
    """One desk for a module's tests that only read (and sign in)."""
    with desk_on(template, tmp_path_factory.mktemp("shared-desk")) as running:
        yield running


@pytest.fixture(scope="module")
def public_desk(template, tmp_path_factory) -> Iterator[Desk]:
    """A desk started with --public: reading needs no account."""
    with desk_on(template, tmp_path_factory.mktemp("public-desk"), public=True) as running:
        yield running


def incident_ids(desk: Desk) -> dict[str, str]:
    """The fixture incidents' merged ids by what they are."""
    with desk.api("viewer") as api:
        incidents = api.get("/api/incidents").json()["incidents"]
    found = {}
    for incident in incidents:
        documents = {s["document"] for s in incident["sources"]}
        for name, document in (("patrol", "desk-courier-patrol"), ("grenade", "desk-lyari-grenade"),
                               ("blast", "desk-orangi-blast")):
            if document in documents:
                found[name] = incident["id"]
    return found
