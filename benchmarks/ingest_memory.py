"""Memory of one ingesting process as the corpus grows: is it flat?

    nice .venv/bin/python benchmarks/ingest_memory.py --reports 100000 [--at 1000,10000,100000]

Writes ``--reports`` short synthetic reports (one or two sentences each, every one with its own
place, date, figures and names, so none is a duplicate and each gives an incident) to a JSONL
file, ingests them into a new SQLite file in this process, and reads this process's resident
memory (VmRSS, and the peak so far, VmHWM, from /proc/self/status) after each checkpoint's report
is stored.  Prints the curve, reports/s, and the ratios of memory at the last checkpoint to memory
at the reference one (``--reference``, 10,000 by default), all from the same run.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

# Places the gazetteer knows, so each report has a located incident to merge.
PLACES = ["Orangi Town", "Lyari", "Saddar", "Korangi", "Malir", "Gulshan-e-Iqbal", "Landhi", "Baldia Town",
          "Kemari", "Quetta", "Peshawar", "Lahore", "Hyderabad", "Sukkur", "Larkana", "Bannu", "Dera Ismail Khan"]
VICTIMS = ["police constables", "shopkeepers", "labourers", "students", "political workers", "guards", "drivers"]
VERBS = ["were shot dead", "were killed", "were gunned down", "lost their lives", "died"]
ATTACKERS = ["by gunmen", "by unknown attackers", "by men on motorcycles", "in a firing", "in an ambush"]
SAYERS = ["police said", "officials said", "a spokesman said", "witnesses said", "hospital staff said"]
NAMES = ["Asif", "Bilal", "Danish", "Faraz", "Hamid", "Imran", "Junaid", "Kamran", "Naveed", "Owais", "Qasim"]
NUMBERS = ["Two", "Three", "Four", "Five", "Six"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
PER_DAY = 8  # reports a day: dates move on with the corpus, so a date window holds as many at any size
FIRST_DAY = date(1990, 1, 1)


def write_corpus(path: Path, reports: int, seed: int = 15) -> int:
    """``reports`` JSONL records streamed to ``path``; returns their words.  Each sentence's parts are
    drawn at random so no two reports share long runs of words (which near-duplicate detection would
    rightly compare)."""
    rng = random.Random(seed)
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i in range(reports):
            day = FIRST_DAY + timedelta(days=i // PER_DAY)
            text = (f"{rng.choice(NUMBERS)} {rng.choice(VICTIMS)} {rng.choice(VERBS)} {rng.choice(ATTACKERS)} in "
                    f"{rng.choice(PLACES)} on {day.day} {MONTHS[day.month - 1]} {day.year}, {rng.choice(SAYERS)}. "
                    f"Inspector {rng.choice(NAMES)} {rng.choice(NAMES)} registered case {rng.randrange(10**6)}.")
            words += len(text.split())
            out.write(json.dumps({"id": f"mem{i:07d}", "text": text, "published": day.isoformat()}) + "\n")
    return words


def memory_mb() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["VmHWM"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--at", help="checkpoints (reports stored), comma-separated; default a doubling curve")
    parser.add_argument("--reference", type=int, default=10_000, help="the checkpoint the last one is compared to")
    parser.add_argument("--dir", help="where to write the corpus and the database (default: a temporary folder)")
    args = parser.parse_args()
    checkpoints = sorted({int(n) for n in args.at.split(",")} if args.at else
                         {n for n in (1000, 2000, 5000, *range(10_000, args.reports + 1, 10_000))
                          if n <= args.reports} | {args.reports})

    import vigil
    from vigil.nlp import get_nlp

    nlp = get_nlp()
    nlp("warm up")  # the model is in memory before the first checkpoint
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        corpus, db = Path(tmp) / "corpus.jsonl", f"sqlite:///{tmp}/memory.db"
        words = write_corpus(corpus, args.reports)
        vigil.open(db).close()
        curve: dict[int, tuple[float, float, float]] = {}
        stored = 0
        began = time.perf_counter()

        def on_report(source: str, status: str) -> None:
            nonlocal stored
            stored += 1
            if stored in checkpoints:
                rss, peak = memory_mb()
                curve[stored] = (rss, peak, time.perf_counter() - began)
                print(f"{stored:>9,} reports: RSS {rss:7.1f} MB  peak {peak:7.1f} MB  "
                      f"{stored / curve[stored][2]:6.1f} reports/s so far  ({curve[stored][2]:.0f} s; "
                      f"spaCy strings {len(nlp.vocab.strings):,})", flush=True)

        summary = vigil.ingest([str(corpus)], db=db, on_report=on_report)
        elapsed = time.perf_counter() - began
    print(f"corpus: {args.reports:,} reports, {words:,} words; {summary.added:,} added, {summary.incidents:,} "
          f"incidents, {len(summary.failures)} failed; {elapsed:.0f} s, {args.reports / elapsed:.1f} reports/s")
    last = max(curve)
    if args.reference in curve and last != args.reference:
        (rss0, peak0, _), (rss1, peak1, _) = curve[args.reference], curve[last]
        print(f"RSS at {last:,} / at {args.reference:,}: {rss1 / rss0:.3f}   peak: {peak1 / peak0:.3f}")


if __name__ == "__main__":
    main()
