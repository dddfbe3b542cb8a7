"""Extraction time against a report's length: one report of 10, 50, 100 and 500 KB each, built by
concatenating the project's own example reports (or, with ``--muc4``, MUC-4 dev texts read at run
time from ../shared). Time per KB should stay flat: a step that grows faster than the text shows
here as a ratio above 1.

    .venv/bin/python benchmarks/extract_scaling.py [--sizes 10,50,100,500] [--muc4] [--repeat N]

Each size runs in a fresh process (spaCy loaded outside the timing), so its peak RSS is its own.
Reading and cleaning happen before the timing; what is timed is ``vigil.extract.extract_documents``
over the one report (NLP, incidents, claims). Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "reports"
MUC4_DEV = ROOT.parent / "shared" / "data" / "muc4" / "muc4_dev.jsonl"


def source_texts(muc4: bool) -> list[str]:
    """Cleaned report texts to concatenate."""
    from vigil.readers import ReadFailure, iter_documents

    if muc4:
        if not MUC4_DEV.is_file():
            raise SystemExit(f"extract_scaling: {MUC4_DEV} not found")
        lines = MUC4_DEV.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["text"] for line in lines if line.strip()]
    return [d.text for d in iter_documents([str(EXAMPLES)]) if not isinstance(d, ReadFailure)]


def build_report(texts: list[str], size_kb: int) -> str:
    """The texts, one after another (each a paragraph block), until the report holds size_kb KB."""
    target = size_kb * 1000
    pieces, total, i = [], 0, 0
    while total < target:
        text = texts[i % len(texts)]
        pieces.append(text)
        total += len(text) + 2
        i += 1
    return "\n\n".join(pieces)[:target].rsplit("\n", 1)[0]


def run_one(size_kb: int, muc4: bool, repeat: int) -> dict:
    from vigil.extract import extract_documents
    from vigil.nlp import get_nlp
    from vigil.readers import read_text

    get_nlp()("warm up")
    text = build_report(source_texts(muc4), size_kb)
    document = read_text(text, id=f"scaling-{size_kb}kb", published="2014-06-09")
    best = None
    incidents = claims = 0
    for _ in range(repeat):
        start = time.perf_counter()
        extraction = next(extract_documents([document]))
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
        incidents, claims = len(extraction.incidents), len(extraction.claims)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"size_kb": size_kb, "chars": len(document.text), "seconds": best, "incidents": incidents,
            "claims": claims, "peak_rss_mb": peak_kb / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,100,500", help="report sizes in KB, comma-separated")
    parser.add_argument("--muc4", action="store_true", help="concatenate MUC-4 dev texts instead of examples/")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process: one size
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(run_one(args.one, args.muc4, max(1, args.repeat))))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"source: {'MUC-4 dev' if args.muc4 else 'examples/reports'}")
    print(f"{'size':>7} {'chars':>9} {'seconds':>9} {'ms/KB':>8} {'ratio':>6} {'peak RSS':>9} {'incidents':>9}")
    base = None
    for size in sizes:
        command = [sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)]
        if args.muc4:
            command.append("--muc4")
        result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        ms_per_kb = 1000 * result["seconds"] / (result["chars"] / 1000)
        base = base or ms_per_kb
        print(f"{size:>5}KB {result['chars']:>9} {result['seconds']:>9.2f} {ms_per_kb:>8.1f} "
              f"{ms_per_kb / base:>6.2f} {result['peak_rss_mb']:>7.0f}MB {result['incidents']:>9}", flush=True)
    print("ratio = ms/KB against the first size's (flat = 1.0); peak RSS of the process that ran the size")


if __name__ == "__main__":
    main()
