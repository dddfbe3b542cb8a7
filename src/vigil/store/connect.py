"""Turning a database URL into a configured SQLAlchemy engine, with one-line errors.

SQLite gets WAL journaling, enforced foreign keys and explicit ``BEGIN`` so a transaction covers
reads as well as writes; ``postgresql://`` URLs are pointed at the psycopg 3 driver.
"""
from __future__ import annotations

import re
import os
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import StaticPool

from vigil.store.errors import BadDatabaseURL, StoreError

DEFAULT_URL = "sqlite:///./vigil.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Each connection's page cache (SQLite's default is 2 MiB).  Placing a report touches pages of a
# dozen indexes spread over the whole database (merged incidents, their facets and counts, the
# members, the content keys); with the default cache a store of 10,000 incidents re-reads most of
# them for every report.  Pages are only held once read, so a small database uses little of it.
SQLITE_CACHE_KIB = 65_536
# Execution options of a connection whose transaction will write (Store._transaction(write=True)).
_WRITING_OPTION = "vigil_writing"
WRITING = {_WRITING_OPTION: True}
_WRITER_LOCK_KEY = 0x76696769  # "vigi": the advisory lock Vigil's writers share on PostgreSQL
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
    path = sqlite_file(parsed)
    if path is None:
        return False
    try:
        return not path.exists()
    except OSError as error:  # a folder on the way this user may not enter
        raise StoreError(f"cannot open database {display_url(parsed)}: {(error.strerror or str(error)).lower()}") from None


def _is_memory(parsed: URL) -> bool:
    return not parsed.database or parsed.database == ":memory:"


def sqlite_file(parsed: URL) -> Optional[Path]:
    """The file a SQLite URL names; None for another backend, an in-memory database or a
    ``file:`` URI (SQLite reads that itself)."""
    if parsed.get_backend_name() != "sqlite" or _is_memory(parsed) or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser()


def _sqlite_path_problem(parsed: URL) -> str | None:
    path = sqlite_file(parsed)
    if path is None:
        return None
    try:
        if path.is_dir():
            return "path is a directory"
        if not path.parent.exists():
            return "directory does not exist"
    except OSError as error:
        return (error.strerror or str(error)).lower()
    return None


def is_in_memory(url: str) -> bool:
    """An in-memory SQLite database (``sqlite://``): it keeps nothing once the process ends."""
    parsed = parse_url(url)
    return parsed.get_backend_name() == "sqlite" and _is_memory(parsed)


def _read_only_file(parsed: URL) -> Optional[Path]:
    """The SQLite file when this process cannot write it, or the folder it is in (where SQLite
    keeps its -wal and -shm files), so it must be opened read-only; None otherwise."""
    path = sqlite_file(parsed)
    if path is None:
        return None
    try:
        if path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            return path
    except OSError:  # a folder on the way this user may not enter: SQLite will say so
        return None
    return None


def create_store_engine(url: str, *, reading: bool = False) -> Engine:
    """The engine for ``url``; ``reading``: the command only reads, so a database this process
    may not write is opened read-only instead of failing."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        problem = _sqlite_path_problem(parsed)
        if problem:
            raise StoreError(f"cannot open database {display_url(parsed)}: {problem}")
        read_only = _read_only_file(parsed) if reading else None
        if read_only is not None:
            return _sqlite_read_only_engine(read_only)
        return _sqlite_engine(parsed)
    try:
        engine = create_engine(
            parsed, pool_pre_ping=True, connect_args={"connect_timeout": PG_CONNECT_TIMEOUT_S}
        )
        _postgres_writer_lock(engine)
        return engine
    except ImportError as error:
        raise StoreError(f"cannot open database {display_url(parsed)}: driver missing ({error.name})") from None


def _sqlite_engine(parsed: URL) -> Engine:
    in_memory = _is_memory(parsed)
    # One shared connection for an in-memory database, otherwise each connection sees its own.
    extra = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}} if in_memory else {}
    engine = create_engine(parsed, **extra)

    @event.listens_for(engine, "connect")
    def _configure_connection(dbapi_connection, _record):
        # Let SQLAlchemy issue BEGIN itself (below) instead of pysqlite's late implicit one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")  # first: WAL below may wait too
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # A transaction that will write takes the write lock now, waiting for the busy timeout;
        # a deferred one that writes later fails at once when another writer got in between.
        writing = connection.get_execution_options().get(_WRITING_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


def _postgres_writer_lock(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def _begin(connection):
        if connection.get_execution_options().get(_WRITING_OPTION):
            # Writers take turns, as on SQLite: two ingests never interleave their merges.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_WRITER_LOCK_KEY})")


def _sqlite_read_only_engine(path: Path) -> Engine:
    """A database file this process may only read.  Without write access to its folder SQLite
    cannot make the shared-memory file a WAL database needs, so the file is read as immutable:
    nobody can be writing it from here."""
    import sqlite3
    from urllib.parse import quote

    folder_writable = os.access(path.parent, os.W_OK)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("" if folder_writable else "&immutable=1")
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _configure_connection(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")

    @event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


# Errors after which the same transaction may succeed: SQLite's lock held past the busy timeout,
# PostgreSQL's deadlock broken, lock not available, serialization failure.
_BUSY_SQLITE = ("SQLITE_BUSY", "SQLITE_LOCKED")
_BUSY_POSTGRES = ("40P01", "55P03", "40001")


def is_busy(error: BaseException) -> bool:
    original = getattr(error, "orig", None) or error
    name = getattr(original, "sqlite_errorname", "") or ""
    code = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    return name.startswith(_BUSY_SQLITE) or code in _BUSY_POSTGRES


def error_line(error: BaseException) -> str:
    """The first meaningful line of a driver error, without SQLAlchemy's statement dump."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line.removeprefix("connection failed: ")
    return type(original).__name__
