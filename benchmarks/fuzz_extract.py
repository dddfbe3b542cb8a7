"""The long property-based run: hostile texts (tests/hostile/hostile_text.py) through the reader and
the extractor, counting every internal error and every broken contract (evidence that does not
slice its text, negative counts, low > best > high).

    .venv/bin/python benchmarks/fuzz_extract.py [--examples 20000] [--seed 0] [--long-share 0.05]
        [--corpus PATH ...]

Texts are drawn by Hypothesis (seeded, so a run can be repeated), then read one by one and parsed by
spaCy in batches, each report extracted on its own so that one failure is one failure.  ``--corpus``
adds real texts (JSONL with "text", e.g. MUC-4 or the dev corpus) to the same run, counted apart.
Prints examples run, failures found (with the first few tracebacks), and time.  Not part of the suite.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hostile"))


def draw_texts(count: int, seed: int, long_share: float) -> list[tuple[str, str | None]]:
    """``count`` (text, published) pairs from the test strategies, reproducibly."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from hostile_text import published_dates, report_text

    drawn: list[tuple[str, str | None]] = []
    long_every = max(1, round(1 / long_share)) if long_share > 0 else 0

    @settings(max_examples=count, database=None, deadline=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def draw(data):
        long = bool(long_every) and data.draw(st.integers(0, long_every - 1)) == 0
        drawn.append((data.draw(report_text(long=long)), data.draw(published_dates)))

    from hypothesis import seed as hypothesis_seed

    hypothesis_seed(seed)(draw)()
    while len(drawn) < count:  # Hypothesis may stop early when it has seen enough: draw again
        hypothesis_seed(seed + len(drawn))(draw)()
    return drawn[:count]


def corpus_texts(path: Path) -> list[tuple[str, str | None]]:
    texts = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                texts.append((str(record.get("text") or ""), record.get("published")))
    return texts


def report(result: dict) -> None:
    print(f"{result['label']}: {result['examples']} examples run ({result['read']} read, "
          f"{result['refused']} refused with ReadError), {result['failures']} failures found, "
          f"{result['seconds']:.1f} s ({result['examples'] / max(result['seconds'], 1e-9):.1f} examples/s)")
    for kind, count in result["kinds"].most_common():
        print(f"  {count} x {kind}")
    for kind, detail in list(result["shown"].items())[:5]:
        print(f"--- first of {kind}\n{detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--long-share", type=float, default=0.05,
                        help="share of texts that carry a sentence of thousands of characters")
    parser.add_argument("--corpus", type=Path, action="append", default=[],
                        help="also run the texts of this JSONL file (records with a 'text')")
    args = parser.parse_args()

    from hostile_text import extract_each

    began = time.perf_counter()
    texts = draw_texts(args.examples, args.seed, args.long_share) if args.examples else []
    print(f"drew {len(texts)} hostile texts in {time.perf_counter() - began:.1f} s "
          f"(seed {args.seed}, {sum(len(t) for t, _ in texts):,} characters)")
    results = [extract_each("hostile", texts)] if texts else []
    for path in args.corpus:
        if path.exists():
            results.append(extract_each(path.name, corpus_texts(path)))
        else:
            print(f"{path}: absent, skipped")
    for result in results:
        report(result)
    return 1 if any(r["failures"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
