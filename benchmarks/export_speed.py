"""Export speed: write_parquet (and the other writers) and an in-memory tally by month over
10,000 and 100,000 incidents generated from the project's own sample reports.

    .venv/bin/python benchmarks/export_speed.py [SIZE ...]      # default: 10000 100000

The sample reports in examples/reports are extracted once; their incidents are then copied with
new ids, dates spread over 2010-2025 (precision kept), places drawn from the gazetteer's
Karachi/Sindh places with coordinates, and counts scaled, so the data has the shape of real
output. Prints seconds and incidents/s. Not part of the test suite.
"""
from __future__ import annotations

import copy
import datetime as dt
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from synthetic import date_range_at  # benchmarks/synthetic.py

ROOT = Path(__file__).resolve().parents[1]
SIZES = (10_000, 100_000)


def template_incidents() -> list[dict]:
    from vigil.api import iter_extractions

    found = []
    for extraction in iter_extractions([str(ROOT / "examples" / "reports")]):
        found.extend(i.to_dict() for i in extraction.incidents)
    return found


def places() -> list[dict]:
    from vigil.knowledge import load_gazetteer
    from vigil.knowledge.geoparse import location_for

    gazetteer = load_gazetteer()
    chosen = [p for p in gazetteer if p.lat is not None and p.level in ("neighbourhood", "town", "city", "point")
              and (p.id.startswith("khi:") or p.id.startswith("PK-SD"))]
    return [location_for(p, gazetteer).to_dict() for p in chosen]


def generate(templates: list[dict], locations: list[dict], size: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    first, span = dt.date(2010, 1, 1), (dt.date(2025, 12, 31) - dt.date(2010, 1, 1)).days
    out = []
    for n in range(size):
        record = copy.deepcopy(templates[n % len(templates)])
        record["id"] = f"bench-{n:07d}"
        day = first + dt.timedelta(days=rng.randrange(span))
        precision = (record.get("date") or {}).get("precision", "day")
        start, end = date_range_at(day, precision)
        record["date"] = {"start": start.isoformat(), "end": end.isoformat(), "precision": precision,
                          "text": (record.get("date") or {}).get("text")}
        record["location"] = dict(rng.choice(locations))
        for field in ("fatalities", "injured"):
            count = record.get(field)
            if count:
                factor = rng.choice((1, 1, 2, 3))
                record[field] = {k: (v * factor if v is not None else None) for k, v in count.items()}
        out.append(record)
    return out


def tally_by_month(records: list[dict]) -> dict[str, tuple[int, int]]:
    """Incidents and best-fatality sums per month of the start date, in memory."""
    incidents, killed = Counter(), Counter()
    for record in records:
        month = ((record.get("date") or {}).get("start") or "undated")[:7]
        incidents[month] += 1
        count = record.get("fatalities") or {}
        best = count.get("best") if count.get("best") is not None else count.get("low")
        killed[month] += best or 0
    return {m: (incidents[m], killed[m]) for m in incidents}


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main(argv: list[str]) -> None:
    from vigil.dataframe import incidents_to_dataframe
    from vigil.export import write_acled_csv, write_geojson, write_gtd_csv, write_jsonl, write_parquet

    sizes = [int(a) for a in argv] or list(SIZES)
    templates = template_incidents()
    locations = places()
    print(f"templates: {len(templates)} incidents from examples/reports; {len(locations)} gazetteer places")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            records = generate(templates, locations, size)
            print(f"\n{size:,} incidents")
            rows = [
                ("tally by month (in memory)", lambda: tally_by_month(records)),
                ("write_parquet", lambda: write_parquet(records, Path(folder) / "x.parquet")),
                ("write_jsonl", lambda: write_jsonl(records, Path(folder) / "x.jsonl")),
                ("write_acled_csv", lambda: write_acled_csv(records, Path(folder) / "a.csv", timestamp=0)),
                ("write_gtd_csv", lambda: write_gtd_csv(records, Path(folder) / "g.csv")),
                ("write_geojson", lambda: write_geojson(records, Path(folder) / "x.geojson")),
                ("incidents_to_dataframe", lambda: incidents_to_dataframe(records)),
            ]
            for name, action in rows:
                seconds, _ = timed(action)
                print(f"  {name:28s} {seconds:8.2f} s  {size / seconds:12,.0f} incidents/s")
            parquet = Path(folder) / "x.parquet"
            print(f"  parquet file size            {parquet.stat().st_size / 1e6:8.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
