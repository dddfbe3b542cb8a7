"""Ingest on a local Dask cluster against one process, on the same synthetic corpus, in the same run.

    .venv/bin/python benchmarks/cluster_ingest.py [--reports 400] [--workers 2]
    .venv/bin/python benchmarks/cluster_ingest.py --memory 1000,10000   # peak RSS by corpus size

The corpus is made from the project's own sample reports (examples/reports), each copy given its
own figures and names so no two are the same text.  Prints reports/s and words/s for each run, the
ratio, whether both stored the same incidents (exported JSONL compared byte for byte), the CPU
seconds each run used (for the cluster: the ingesting process and its workers; a cluster that kept
fewer than its cores busy shared them with other processes), and with
--memory the peak memory of a fresh ingesting process per corpus size (the writer: workers come
and go with their batches).  Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["Asif", "Bilal", "Danish", "Faraz", "Hamid", "Imran", "Junaid", "Kamran", "Naveed", "Owais", "Qasim",
         "Rehan", "Saqib", "Tariq", "Usman", "Waqar", "Yasir", "Zubair"]


def sample_texts() -> list[str]:
    from vigil.model import Document
    from vigil.readers import iter_documents

    return [d.text for d in iter_documents([str(ROOT / "examples" / "reports")]) if isinstance(d, Document)]


def write_corpus(path: Path, reports: int, seed: int = 7) -> int:
    """``reports`` JSONL records, streamed to ``path``; returns their words."""
    texts = sample_texts()
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(reports):
            text = texts[i % len(texts)]
            name = f"{rng.choice(NAMES)} {rng.choice(NAMES)}"
            text = f"{text}\n\nThe family of {name} asked for an inquiry; case number {1000 + i} was registered."
            day = 1 + i % 28
            words += len(text.split())
            out.write(json.dumps({"id": f"syn{i:07d}", "text": text, "published": f"2023-{1 + i % 12:02d}-{day:02d}"}) + "\n")
    return words


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def timed_ingest(corpus: Path, db: Path, workers: int) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of this process, of the workers it started and ended)."""
    import vigil

    began = time.perf_counter()
    own, children = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    summary = vigil.ingest([str(corpus)], db=f"sqlite:///{db}", workers=workers)
    elapsed = time.perf_counter() - began
    assert not summary.failures, summary.failures[:3]
    return (elapsed, cpu_seconds(resource.RUSAGE_SELF) - own,
            cpu_seconds(resource.RUSAGE_CHILDREN) - children)


def exported(db: Path) -> bytes:
    out = db.with_suffix(".jsonl")
    subprocess.run([sys.executable, "-m", "vigil.cli", "export", "--db", f"sqlite:///{db}", "--to", "jsonl",
                    "-o", str(out)], check=True, capture_output=True)
    return out.read_bytes()


def throughput(reports: int, workers: int) -> None:
    from vigil.nlp import get_nlp

    get_nlp()("warm up")  # the single process's model loads outside its timing, as each worker's does not
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus = tmp / "corpus.jsonl"
        words = write_corpus(corpus, reports)
        load = os.getloadavg()[0]
        one, one_cpu, _ = timed_ingest(corpus, tmp / "one.db", 0)
        many, writer_cpu, workers_cpu = timed_ingest(corpus, tmp / "many.db", workers)
        same = exported(tmp / "one.db") == exported(tmp / "many.db")
    print(f"corpus: {reports} reports, {words} words (load average before: {load:.2f})")
    print(f"1 process      : {one:7.1f} s  {reports / one:6.1f} reports/s  {words / one:8.0f} words/s"
          f"  CPU {one_cpu:.1f} s")
    print(f"{workers} workers (Dask): {many:7.1f} s  {reports / many:6.1f} reports/s  {words / many:8.0f} words/s"
          f"  CPU {writer_cpu:.1f} s here + {workers_cpu:.1f} s on the workers"
          f"  (cluster start-up and model loading included)")
    # The machine's other processes show here: the cluster needs both cores to itself.
    print(f"cores the cluster kept busy: {(writer_cpu + workers_cpu) / many:.2f} of {os.cpu_count()}")
    print(f"ratio cluster/single: {one / many:.2f}x   same exported JSONL: {same}")


def peak_memory(reports: int) -> None:
    """Run in a fresh process: ingest ``reports`` synthetic reports and print the peak RSS."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, reports)
        timed_ingest(corpus, Path(tmp) / "m.db", 0)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


def memory(sizes: list[int]) -> None:
    peaks = {}
    for size in sizes:
        result = subprocess.run([sys.executable, __file__, "--peak-memory", str(size)], check=True,
                                capture_output=True, text=True)
        peaks[size] = int(result.stdout.split()[-1])
        print(f"{size:>8} reports: peak RSS {peaks[size]} MB")
    first = sizes[0]
    for size in sizes[1:]:
        print(f"peak RSS at {size} / at {first}: {peaks[size] / peaks[first]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory", help="comma-separated corpus sizes for the peak-memory figures")
    parser.add_argument("--peak-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_memory:
        peak_memory(args.peak_memory)
    elif args.memory:
        memory([int(size) for size in args.memory.split(",")])
    else:
        throughput(args.reports, args.workers)


if __name__ == "__main__":
    main()
