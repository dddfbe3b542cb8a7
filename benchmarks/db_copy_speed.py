"""`vigil db copy` speed and memory: a database of N generated merged incidents copied SQLite to
SQLite and SQLite to PostgreSQL (when a server answers at 127.0.0.1:5432), in a fresh process
each time, as a user runs it.

    .venv/bin/python benchmarks/db_copy_speed.py [SIZE ...]      # default: 10000 40000

The incidents are generated as benchmarks/store_speed.py does (the project's own sample
reports as templates) and bulk-imported.  Prints rows copied, seconds, rows per second and the
copying process's peak memory; memory should not grow with the size (the copy streams).
Not part of the test suite.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from store_speed import generate, templates

SIZES = (10_000, 40_000)
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


# The copying process reports its own peak: VmHWM belongs to the process's memory since exec,
# whereas the rusage a parent reads back includes the parent's size copied at fork.
_RUN_AND_REPORT_PEAK = """
import atexit, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("PEAK_KB " + line.split()[1] + "\\n")
atexit.register(peak)
from vigil.cli import main
main(sys.argv[1:])
"""


def copy_once(source: str, target: str) -> tuple[float, float, int]:
    """(seconds, peak MB of the copying process, rows copied)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _RUN_AND_REPORT_PEAK, "db", "copy", "--from", source, "--to", target],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"vigil db copy failed: {result.stderr.strip()}")
    lines = result.stderr.strip().splitlines()
    peak_kb = next(int(line.split()[1]) for line in lines if line.startswith("PEAK_KB "))
    summary = next(line for line in lines if line.startswith("vigil db copy: copied "))
    return elapsed, peak_kb / 1024, int(summary.split()[4].replace(",", ""))


def main(sizes: list[int]) -> None:
    from vigil.store import Store
    from vigil.store.importer import import_incidents

    with_postgres = postgres_reachable()
    if not with_postgres:
        print("PostgreSQL not reachable at 127.0.0.1:5432: SQLite to SQLite only")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        base = templates(folder)
        for size in sorted(sizes):
            incidents = folder / f"incidents-{size}.jsonl"
            generate(base, size, incidents)
            source = f"sqlite:///{folder}/source-{size}.db"
            with Store.open(source) as store:
                import_incidents(store, incidents)
            targets = [("SQLite -> SQLite", f"sqlite:///{folder}/copy-{size}.db")]
            if with_postgres:
                import psycopg

                name = f"vigil_bench_{uuid.uuid4().hex[:8]}"
                with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                    admin.execute(f'CREATE DATABASE "{name}"')
                targets.append(("SQLite -> PostgreSQL", f"{PG_SERVER}/{name}"))
            print(f"\n{size:,} merged incidents")
            try:
                for label, target in targets:
                    seconds, peak, rows = copy_once(source, target)
                    print(f"  {label:<22} {rows:>9,} rows  {seconds:6.1f} s  {rows / seconds:>9,.0f} rows/s  "
                          f"peak {peak:,.0f} MB")
            finally:
                if with_postgres:
                    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or list(SIZES))
