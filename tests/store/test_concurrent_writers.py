"""Two `vigil ingest` processes writing one new database at once, with readers querying it
meanwhile: no report may fail for a lock, no reader may fail, and the result must be the one a
single sequential ingest gives (the same reports, incidents and merged groups).

SQLite serialises writers with BEGIN IMMEDIATE and its busy timeout; PostgreSQL with an advisory
lock taken by every write transaction (vigil.store.connect).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from vigil.store import Store

ROOT = Path(__file__).resolve().parents[2]
REPORTS_PER_WRITER = 100  # enough for the two writers to overlap for many transactions
READERS = 10
PLACES = ["Lyari", "Orangi Town", "Korangi", "Malir", "Saddar", "Clifton", "Baldia Town", "Landhi",
          "Gulshan-e-Iqbal", "North Nazimabad"]
VICTIMS = ["a police constable", "a shopkeeper", "a traffic warden", "a schoolteacher", "a lawyer",
           "a rickshaw driver", "a security guard"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def write_corpus(path: Path, first: int, count: int) -> None:
    """Short reports of our own: one killing each, on days and in places that repeat, so some
    reports of the two halves tell the same incident and must merge whatever the order."""
    with path.open("w", encoding="utf-8") as handle:
        for n in range(first, first + count):
            day, month, year = 1 + n % 28, MONTHS[n % 12], 2016 + n % 5
            text = (f"Gunmen on a motorcycle shot dead {VICTIMS[n % 7]} in {PLACES[n % 10]}, Karachi, on "
                    f"{month} {day}, {year}, police said. The attackers fled after the shooting.")
            handle.write(json.dumps({"id": f"r{n}", "text": text, "outlet": f"Wire {n % 3}"}) + "\n")


def vigil(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vigil.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def result_of(db: str) -> tuple[int, int, list[tuple[str, ...]]]:
    """(reports, incidents, the groups of reports merged together), independent of ids."""
    with Store.open(db, create=False) as store:
        counts = store.counts()
        groups = sorted(tuple(sorted({s["document"] for s in m.get("sources") or []}))
                        for m in store.merged_incidents())
    return counts["documents"], counts["incidents"], groups


def ingest_concurrently(db: str, halves: list[Path], database_exists) -> list[str]:
    """Runs the writers and the readers; returns the readers' and writers' problems."""
    writers = [vigil("ingest", "--db", db, str(half)) for half in halves]
    deadline = time.monotonic() + 120
    while not database_exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    readers = []
    for _ in range(READERS):
        readers.append(vigil("incidents", "--db", db, "--format", "csv"))
        time.sleep(0.2)
    problems = []
    for process in writers:
        _, err = process.communicate(timeout=600)
        if process.returncode != 0 or " 0 failed" not in err:
            problems.append(f"writer exit {process.returncode}: {err.strip()}")
    for process in readers:
        _, err = process.communicate(timeout=300)
        if process.returncode != 0:
            problems.append(f"reader exit {process.returncode}: {err.strip()}")
    return problems


def check_concurrent_equals_sequential(tmp_path: Path, concurrent_db: str, sequential_db: str,
                                       database_exists) -> None:
    halves = [tmp_path / "first.jsonl", tmp_path / "second.jsonl"]
    write_corpus(halves[0], 0, REPORTS_PER_WRITER)
    write_corpus(halves[1], REPORTS_PER_WRITER, REPORTS_PER_WRITER)
    both = tmp_path / "both.jsonl"
    both.write_text(halves[0].read_text(encoding="utf-8") + halves[1].read_text(encoding="utf-8"), encoding="utf-8")

    problems = ingest_concurrently(concurrent_db, halves, database_exists)

    assert problems == []
    sequential = vigil("ingest", "--db", sequential_db, str(both))
    _, err = sequential.communicate(timeout=600)
    assert sequential.returncode == 0, err
    reports, incidents, groups = result_of(concurrent_db)
    assert reports == 2 * REPORTS_PER_WRITER
    assert (reports, incidents, groups) == result_of(sequential_db)


def test_two_sqlite_writers_and_readers_on_a_new_file(tmp_path: Path):
    concurrent = tmp_path / "shared.db"
    check_concurrent_equals_sequential(tmp_path, str(concurrent), str(tmp_path / "sequential.db"),
                                       concurrent.exists)


def test_two_postgres_writers_and_readers(tmp_path: Path, postgres_url: str):
    psycopg = pytest.importorskip("psycopg")
    server = postgres_url.rsplit("/", 1)[0]
    names = [f"vigil_conc_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        # The first writer creates the schema; readers start once it is there.
        def schema_made() -> bool:
            with psycopg.connect(f"{server}/{names[0]}") as connection:
                return connection.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'alembic_version'"
                ).fetchone()[0] == 1
        check_concurrent_equals_sequential(tmp_path, f"{server}/{names[0]}", f"{server}/{names[1]}", schema_made)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
