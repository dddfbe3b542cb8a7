"""Store speed: `vigil tally` and `vigil export --to parquet` over 10,000 and 100,000 stored
incidents generated from the project's own fixtures.

    .venv/bin/python benchmarks/store_speed.py [SIZE ...]      # default: 10000 100000

The sample reports (examples/reports) and the multi-outlet fixture corpus
(tests/fixtures/multi_outlet/reports.jsonl) are ingested once into a scratch database; their
merged incidents are the templates.  Each generated incident is a template copied with a new
id, its dates moved by a whole number of weeks (precision kept), its counts scaled and its
reports renamed (each copy cites its own reports), written as a JSONL file of merged incidents
and bulk-imported through vigil.store.importer (one transaction per 1,000 incidents).  Then the
real command runs, as a user runs it, in a fresh process each time (start-up included):

    vigil tally --by month | --by year --by target | --by perpetrator | --by place
    vigil export --to parquet

Prints seconds for the import and for each command.  Not part of the test suite.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000)
FIXTURES = [ROOT / "examples" / "reports", ROOT / "tests" / "fixtures" / "multi_outlet" / "reports.jsonl"]
COMMANDS = [
    ("tally --by month", ["tally", "--by", "month", "-f", "csv"]),
    ("tally --by year --by target", ["tally", "--by", "year", "--by", "target", "-f", "csv"]),
    ("tally --by perpetrator", ["tally", "--by", "perpetrator", "-f", "csv"]),
    ("tally --by place (town)", ["tally", "--by", "place", "-f", "csv"]),
    ("export --to parquet", ["export", "--to", "parquet"]),
]


def templates(folder: Path) -> list[dict]:
    import vigil

    db = f"sqlite:///{folder}/templates.db"
    vigil.ingest([str(p) for p in FIXTURES], db=db)
    store = vigil.open(db)
    try:
        return [dict(record) for record in store.merged_incidents()]
    finally:
        store.close()


def _shift(day: str | None, weeks: int) -> str | None:
    if not day:
        return day
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(weeks=weeks)).isoformat()
    except ValueError:  # a partial date stays as it is
        return day


def _scaled(count: dict | None, factor: float) -> dict | None:
    if not count:
        return count
    return {k: (None if v is None else max(0, round(v * factor))) for k, v in count.items()}


def generate(base: list[dict], size: int, path: Path) -> None:
    rng = random.Random(size)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(size):
            record = copy.deepcopy(base[n % len(base)])
            record["id"] = f"{record['id']}-{n}"
            record["mentions"] = [f"{m}-{n}" for m in record.get("mentions", [])]
            weeks = rng.randint(-300, 300)
            if record.get("date"):
                record["date"]["start"] = _shift(record["date"]["start"], weeks)
                record["date"]["end"] = _shift(record["date"]["end"], weeks)
            factor = rng.uniform(0.5, 2.0)
            record["fatalities"] = _scaled(record.get("fatalities"), factor)
            record["injured"] = _scaled(record.get("injured"), factor)
            for item in (*record["evidence"], *record.get("sources", []), *record.get("reports", [])):
                item["document"] = f"{item['document']}~{n}"
            for source in record.get("sources", []):
                source["published"] = _shift(source.get("published"), weeks)
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def vigil_command(args: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"vigil {' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed


def main(sizes: list[int]) -> None:
    from vigil.store import Store
    from vigil.store.importer import import_incidents

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        base = templates(folder)
        print(f"{len(base)} merged incidents from {', '.join(p.name for p in FIXTURES)} as templates")
        start_up = vigil_command(["--help"])
        print(f"python + vigil start-up (vigil --help): {start_up:.2f} s")
        for size in sizes:
            source = folder / f"incidents-{size}.jsonl"
            generate(base, size, source)
            db = f"sqlite:///{folder}/store-{size}.db"
            store = Store.open(db)
            started = time.perf_counter()
            summary = import_incidents(store, source)
            imported = time.perf_counter() - started
            store.close()
            assert summary.added == size and not summary.failures, summary.failures[:3]
            print(f"\n{size:,} incidents: bulk import {imported:.1f} s ({size / imported:,.0f}/s), "
                  f"{summary.documents:,} partial reports")
            for label, args in COMMANDS:
                if args[0] == "export":
                    args = [*args, "-o", str(folder / f"out-{size}.parquet")]
                elapsed = vigil_command([*args, "--db", db])
                print(f"  vigil {label:<30} {elapsed:6.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or list(SIZES))
