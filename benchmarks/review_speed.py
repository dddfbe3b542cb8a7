"""Review speed: the review queue and review decisions over 10,000 and 100,000 stored incidents.

    .venv/bin/python benchmarks/review_speed.py [SIZE ...]      # default: 10000 100000

The stored incidents are made as benchmarks/store_speed.py makes them (the sample reports and the
multi-outlet fixture ingested once, their merged incidents copied with new ids, dates and tolls,
bulk-imported).  Then, through the Store API on a fresh SQLite file each size (median of
``ROUNDS`` runs, milliseconds):

- ``review_queue(limit=50)``: the first page, a page deep in the queue (offset 5,000), one
  filtered by place, and ``review_queue_size()``;
- ``merged_incidents(limit=50)``, also filtered by place: the plain list, for the ratio;
- a decision of each kind: confirm, edit a toll, edit a place, reject, restore (each on its own
  incident, so none is refused), and ``revisions(id)`` of an incident with decisions.

Prints the timings and the queue's ratio to the plain list.  Not part of the test suite.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from store_speed import generate, templates  # benchmarks/store_speed.py

SIZES = (10_000, 100_000)
ROUNDS = 7


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


def median_ms(action, rounds: int = ROUNDS) -> float:
    return statistics.median(timed(action) for _ in range(rounds))


def main(sizes: list[int]) -> None:
    from vigil.store import Store
    from vigil.store.importer import import_incidents

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        base = templates(folder)
        print(f"{len(base)} merged incidents as templates")
        for size in sizes:
            source = folder / f"incidents-{size}.jsonl"
            generate(base, size, source)
            store = Store.open(f"sqlite:///{folder}/review-{size}.db")
            summary = import_incidents(store, source)
            assert summary.added == size and not summary.failures, summary.failures[:3]
            print(f"\n{size:,} stored incidents (SQLite), median of {ROUNDS} runs:")
            rows = [
                ("review_queue(limit=50)", lambda: store.review_queue(limit=50)),
                ("review_queue(limit=50, offset=5000)", lambda: store.review_queue(limit=50, offset=5000)),
                ("review_queue(limit=50, place='Karachi')", lambda: store.review_queue(limit=50, place="Karachi")),
                ("review_queue_size()", lambda: store.review_queue_size()),
                ("merged_incidents(limit=50)", lambda: store.merged_incidents(limit=50)),
                ("merged_incidents(limit=50, place='Karachi')",
                 lambda: store.merged_incidents(limit=50, place="Karachi")),
            ]
            measured = {label: median_ms(action) for label, action in rows}
            for label, ms in measured.items():
                print(f"  {label:<42} {ms:8.1f} ms")
            ratio = measured["review_queue(limit=50)"] / measured["merged_incidents(limit=50)"]
            print(f"  queue / plain list: {ratio:.1f}x")

            queue = [record["id"] for record in store.review_queue(limit=6 * ROUNDS)]
            picks = iter(queue)
            decisions = {
                "confirm_incident": lambda: store.confirm_incident(next(picks), author="bench"),
                "edit_incident (toll)": lambda: store.edit_incident(next(picks), "fatalities", "3", author="bench",
                                                                    reason="benchmark"),
                "edit_incident (place)": lambda: store.edit_incident(next(picks), "place", "Lyari", author="bench",
                                                                     reason="benchmark"),
            }
            for label, action in decisions.items():
                print(f"  {label:<42} {median_ms(action):8.1f} ms")
            rejected = [next(picks) for _ in range(ROUNDS)]
            each = iter(rejected)
            print(f"  {'reject_incident':<42} "
                  f"{median_ms(lambda: store.reject_incident(next(each), author='bench', reason='x')):8.1f} ms")
            each = iter(rejected)
            print(f"  {'restore_incident':<42} "
                  f"{median_ms(lambda: store.restore_incident(next(each), author='bench')):8.1f} ms")
            print(f"  {'revisions(id)':<42} {median_ms(lambda: store.revisions(queue[0])):8.1f} ms")
            store.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or list(SIZES))
