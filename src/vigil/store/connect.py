"""Turning a database URL into a configured SQLAlchemy engine, with one-line errors.

SQLite gets WAL journaling, enforced foreign keys and explicit ``BEGIN`` so a transaction covers
reads as well as writes; ``postgresql://`` URLs are pointed at the psycopg 3 driver.
"""
from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from vigil.store.errors import BadDatabaseURL, StoreError

DEFAULT_URL = "sqlite:///./vigil.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
PG_CONNECT_TIMEOUT_S = 5
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_SCHEME_ONLY = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # "sqlite:x.db"; one letter is a drive, not a scheme


def display_url(url: str | URL) -> str:
    """The URL as shown in messages, password hidden."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return str(url)


def parse_url(url: str) -> URL:
    """Parse and normalise a store URL; raise StoreError for anything Vigil cannot open."""
    if not isinstance(url, str) or not url.strip():
        raise BadDatabaseURL(f"cannot open database {url!r}: empty database URL")
    if not _URL_SCHEME.match(url.strip()):
        if _SCHEME_ONLY.match(url.strip()):
            raise BadDatabaseURL(f"cannot open database {url}: not a database URL "
                             "(use a file path, sqlite:///PATH or postgresql://HOST/DB)")
        # A plain file path (my.db, ./data/x.sqlite, ~/vigil.db) is a SQLite database.
        return URL.create("sqlite", database=str(Path(url.strip()).expanduser()))
    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise BadDatabaseURL(
            f"cannot open database {url}: not a database URL (use a file path, sqlite:///PATH or postgresql://HOST/DB)"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend in ("postgresql", "postgres") and not driver:
        return parsed.set(drivername="postgresql+psycopg")
    if backend not in ("sqlite", "postgresql"):
        raise BadDatabaseURL(
            f"cannot open database {display_url(parsed)}: unsupported backend {backend!r} "
            "(use a file path, sqlite:///PATH or postgresql://HOST/DB)"
        )
    return parsed


def is_missing_database(url: str) -> bool:
    """True when ``url`` names a SQLite file that does not exist yet (opening it would create it)."""
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    return not Path(database).expanduser().exists()


def _sqlite_path_problem(parsed: URL) -> str | None:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database).expanduser()
    if path.is_dir():
        return "path is a directory"
    if not path.parent.exists():
        return "directory does not exist"
    return None


def create_store_engine(url: str) -> Engine:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        problem = _sqlite_path_problem(parsed)
        if problem:
            raise StoreError(f"cannot open database {display_url(parsed)}: {problem}")
        return _sqlite_engine(parsed)
    try:
        return create_engine(
            parsed, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S}
        )
    except ImportError as error:
        raise StoreError(f"cannot open database {display_url(parsed)}: driver missing ({error.name})") from None


def _sqlite_engine(parsed: URL) -> Engine:
    in_memory = not parsed.database or parsed.database == ":memory:"
    # One shared connection for an in-memory database, otherwise each connection sees its own.
    extra = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}} if in_memory else {}
    engine = create_engine(parsed, **extra)

    @event.listens_for(engine, "connect")
    def _configure_connection(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself (below) instead of pysqlite's late implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


def error_line(error: BaseException) -> str:
    """The first meaningful line of a driver error, without SQLAlchemy's statement dump."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("connection failed: ")
    return type(original).__name__
