"""Start-up time of the command line: `vigil --help`, `vigil --version` and `vigil incidents` on a
small database, each in a fresh process as a user runs it (median of several runs), beside a
bare `python -c pass` and `import typer` measured in the same run.

    .venv/bin/python benchmarks/startup.py [RUNS]      # default: 7 runs each

The small database is the export tests' incidents (tests/export/fixtures/incidents.jsonl)
imported by `vigil ingest` into a scratch file (no NLP).  Target: under 0.5 s for --help and for
the query.  To see where the time goes: `python -X importtime -m vigil.cli incidents --db FILE`.
Not part of the test suite.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INCIDENTS = ROOT / "tests" / "export" / "fixtures" / "incidents.jsonl"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 7


def seconds(command: list[str]) -> float:
    """Median wall time of ``command`` over RUNS fresh processes (one warm-up run first)."""
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    python = [sys.executable]
    vigil = [sys.executable, "-m", "vigil.cli"]
    with tempfile.TemporaryDirectory() as scratch:
        db = str(Path(scratch) / "small.db")
        subprocess.run([*vigil, "ingest", "--db", db, str(INCIDENTS)], capture_output=True, check=True, cwd=ROOT)
        rows = [
            ("python -c pass", [*python, "-c", "pass"]),
            ("python -c 'import typer'", [*python, "-c", "import typer"]),
            ("vigil --help", [*vigil, "--help"]),
            ("vigil --version", [*vigil, "--version"]),
            ("vigil incidents (small db)", [*vigil, "incidents", "--db", db]),
            ("vigil incidents --format csv", [*vigil, "incidents", "--db", db, "--format", "csv"]),
        ]
        measured = [(name, seconds(command)) for name, command in rows]
    bare = measured[0][1]
    print(f"start-up, median of {RUNS} runs (fresh process each)")
    for name, value in measured:
        print(f"  {name:32s} {value:6.3f} s   {value / bare:5.1f}x bare python")


if __name__ == "__main__":
    main()
