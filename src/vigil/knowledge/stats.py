"""Print the gazetteer's size by level, its files' sizes, its load time, and the quality of the
points of its Karachi entries and of the whole gazetteer.

    python -m vigil.knowledge.stats
"""
from __future__ import annotations

import time
from collections import Counter

from vigil.knowledge.gazetteer import COORD_QUALITIES, default_path, load_gazetteer, world_cities_path


def main() -> None:
    started = time.perf_counter()
    gazetteer = load_gazetteer()
    elapsed = time.perf_counter() - started
    print(f"gazetteer: {len(gazetteer)} places, loaded in {elapsed:.3f} s")
    for path in (default_path(), world_cities_path()):
        if path.exists():
            print(f"  {path.name:24s} {path.stat().st_size / 1e6:6.2f} MB")
    by_level = Counter(p.level for p in gazetteer)
    for level, n in sorted(by_level.items(), key=lambda kv: -kv[1]):
        print(f"  {level:14s} {n:6d}")
    quality = Counter(p.coord_quality for p in gazetteer)
    print("points: " + ", ".join(f"{q} {quality[q]}" for q in COORD_QUALITIES))
    karachi = [p for p in gazetteer if p.id != "khi:karachi" and gazetteer.is_within(p.id, "khi:karachi")]
    quality = Counter(p.coord_quality for p in karachi)
    print(f"Karachi entries (below the city): {len(karachi)}")
    for q in COORD_QUALITIES:
        print(f"  {q:14s} {quality[q]:6d}  {100 * quality[q] / max(len(karachi), 1):5.1f}%")
    curated = [p for p in karachi if "curated:curated_places" in p.sources]
    cq = Counter(p.coord_quality for p in curated)
    print(f"  of which curated: {len(curated)} "
          f"({', '.join(f'{q} {cq[q]}' for q in COORD_QUALITIES)})")


if __name__ == "__main__":
    main()
