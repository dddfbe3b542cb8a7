"""Gazetteer size and load time: the compiled files' sizes, and `load_gazetteer()` in fresh
processes (median wall and CPU seconds of several runs), then the entity ruler's patterns built
from it on top of the spaCy model.

    .venv/bin/python benchmarks/gazetteer_load.py [RUNS]      # default: 5 runs

Target: loading well under 0.5 s. Not part of the test suite.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "vigil" / "knowledge" / "data"
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5

LOAD = """
import json, time
wall, cpu = time.perf_counter(), time.process_time()
from vigil.knowledge.gazetteer import load_gazetteer
g = load_gazetteer()
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "places": len(g)}))
"""

RULER = """
import json, time
from vigil.nlp import load_model
nlp = load_model()
wall, cpu = time.perf_counter(), time.process_time()
from vigil.knowledge.ruler import add_knowledge_ruler, knowledge_patterns
add_knowledge_ruler(nlp)
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "patterns": len(knowledge_patterns())}))
"""


def runs(code: str, count: int) -> list[dict]:
    out = []
    for _ in range(count):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        out.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return out


def main() -> None:
    for name in ("gazetteer.jsonl.gz", "world_cities.tsv.gz"):
        path = DATA / name
        if path.exists():
            print(f"{name:24s} {path.stat().st_size / 1e6:6.2f} MB")
    loads = runs(LOAD, RUNS)
    print(f"load_gazetteer(): {loads[0]['places']} places, median of {RUNS} fresh processes: "
          f"{statistics.median(r['wall'] for r in loads):.3f} s wall, "
          f"{statistics.median(r['cpu'] for r in loads):.3f} s CPU (gazetteer import included)")
    ruler = runs(RULER, 1)[0]
    print(f"entity ruler: {ruler['patterns']} patterns added in {ruler['wall']:.3f} s wall, "
          f"{ruler['cpu']:.3f} s CPU (gazetteer load included)")


if __name__ == "__main__":
    main()
