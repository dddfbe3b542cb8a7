"""Fixtures shared by every test module.

PostgreSQL: when the server at 127.0.0.1:5432 answers, a uniquely named database is created for the
test session and dropped afterwards; when it does not, the tests that need it are skipped, saying why.
"""
from __future__ import annotations

import socket
import uuid

import pytest

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_SERVER = f"postgresql://postgres@{PG_HOST}:{PG_PORT}"


def _postgres_reachable() -> bool:
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a uniquely named database, created through the maintenance db, dropped afterwards."""
    if not _postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT}")
    psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed")
    name = f"vigil_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_SERVER}/{name}"
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_postgres(url: str) -> None:
    """Drop everything in the test session's PostgreSQL database."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """The URL of an empty database, SQLite and then PostgreSQL; each test starts from nothing."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vigil.db'}"
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def empty_postgres_url(postgres_url):
    """The session's PostgreSQL database, emptied for this test."""
    empty_postgres(postgres_url)
    return postgres_url

