"""Opening databases: migrations to head, re-opening, backend settings, one-line errors."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, inspect

from vigil.store import Store, StoreError
from vigil.store.connect import SQLITE_CACHE_KIB, create_store_engine, parse_url
from vigil.store.migrate import current_revision, head_revision

TABLES = {"documents", "document_minhash", "document_bands", "sentences", "incidents",
          "incident_evidence", "claims", "revisions", "failures", "alembic_version"}


def _revision_and_tables(url: str) -> tuple[str | None, set[str]]:
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            return current_revision(connection), set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_fresh_database_is_migrated_to_head_and_reopening_is_a_no_op(db_url, reports):
    assert _revision_and_tables(db_url) == (None, set())
    with Store.open(db_url) as store:
        document = reports.document("school", reports.SCHOOL_REPORT)
        store.add_report(document, reports.sentences(document), [], [])
        before = store.snapshot()
    revision, tables = _revision_and_tables(db_url)
    assert revision == head_revision() == "0013"
    assert TABLES <= tables

    with Store.open(db_url) as reopened:
        assert reopened.snapshot() == before
        assert reopened.search_documents("grenade")[0][0] == "school"
    assert _revision_and_tables(db_url) == (revision, tables)


def test_sqlite_file_uses_wal_and_enforces_foreign_keys(tmp_path):
    path = tmp_path / "wal.db"
    Store.open(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    engine = create_store_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        # A page cache sized for a store of many incidents, not SQLite's 2 MiB default.
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB
    engine.dispose()


def test_in_memory_sqlite_works(reports):
    with Store.open("sqlite://") as store:
        document = reports.document("school", reports.SCHOOL_REPORT)
        assert store.add_report(document, [], [], []).status == "added"
        assert store.counts()["documents"] == 1


def test_postgres_urls_use_the_psycopg_driver():
    assert parse_url("postgresql://postgres@127.0.0.1:5432/vigil").drivername == "postgresql+psycopg"
    assert parse_url("postgres://u:p@db/vigil").drivername == "postgresql+psycopg"
    assert parse_url("postgresql+psycopg://db/vigil").drivername == "postgresql+psycopg"
    assert parse_url("sqlite:///./vigil.db").drivername == "sqlite"


@pytest.mark.parametrize(
    "url, message",
    [
        ("sqlite:///{tmp}/no/such/dir/vigil.db", "cannot open database sqlite:///{tmp}/no/such/dir/vigil.db: directory does not exist"),
        ("sqlite:///{tmp}", "path is a directory"),
        ("sqlite:vigil.db", "not a database URL"),  # a scheme without "//": neither a URL nor a file path
        ("", "empty database URL"),
        ("mysql://localhost/vigil", "unsupported backend 'mysql'"),
    ],
)
def test_unopenable_databases_give_one_clear_line(tmp_path, url, message):
    url, message = url.format(tmp=tmp_path), message.format(tmp=tmp_path)
    with pytest.raises(StoreError) as raised:
        Store.open(url)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"cannot open database sqlite:///.*notes\.db: file is not a database"):
        Store.open(f"sqlite:///{path}")


def test_unreachable_postgres_is_a_clear_error():
    with pytest.raises(StoreError) as raised:
        Store.open("postgresql://postgres:secret@127.0.0.1:1/vigil")
    message = str(raised.value)
    assert message.startswith("cannot open database postgresql+psycopg://postgres:***@127.0.0.1:1/vigil: ")
    assert "refused" in message.lower()
    assert "secret" not in message and "\n" not in message


def test_database_from_a_newer_vigil_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'future.db'}"
    Store.open(url).close()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    engine.dispose()
    with pytest.raises(StoreError, match="cannot migrate database .*future.db: .*'9999'"):
        Store.open(url)


@pytest.mark.parametrize("given", ["my.db", "./data/x.sqlite", "{tmp}/abs.db"])
def test_a_plain_file_path_is_a_sqlite_database(tmp_path, monkeypatch, given):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    parsed = parse_url(given.format(tmp=tmp_path))
    assert parsed.drivername == "sqlite" and parsed.database.endswith(given.rsplit("/", 1)[-1])
    Store.open(given.format(tmp=tmp_path)).close()
    assert (tmp_path / given.format(tmp=tmp_path)).exists()


def test_opening_for_reading_creates_nothing(tmp_path):
    from vigil.store import DatabaseMissing

    with pytest.raises(DatabaseMissing, match="no database at"):
        Store.open(str(tmp_path / "typo.db"), create=False)
    assert list(tmp_path.iterdir()) == []
