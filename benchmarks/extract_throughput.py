"""Extraction throughput: Vigil's extract stage (``vigil.extract.extract_documents``: the configured
pipeline plus incident extraction, no store) against bare spaCy ``nlp.pipe`` (the plain model from
``vigil.nlp.load_model()``) over the same cleaned texts, measured in the same run.

    .venv/bin/python benchmarks/extract_throughput.py [--repeat N]

Corpora: the seeds in ../shared/corpus/seeds (with their outlet/published from index.jsonl) and
MUC-4 dev (../shared/data/muc4/muc4_dev.jsonl), each when present. Reading and cleaning happen
before the timing. Prints words/s (wall clock and CPU) for both and their ratio. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BATCH_SIZE = 8


def seed_documents() -> list:
    from vigil.readers import read_text

    seeds = SHARED / "corpus" / "seeds"
    index = seeds / "index.jsonl"
    if not index.is_file():
        return []
    documents = []
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            text = (seeds / entry["file"]).read_text(encoding="utf-8")
            documents.append(read_text(text, id=entry["file"], outlet=entry.get("outlet"),
                                       published=entry.get("published")))
    return documents


def muc4_documents() -> list:
    from vigil.evaluation.muc4 import load_muc4
    from vigil.readers import read_text

    path = SHARED / "data" / "muc4" / "muc4_dev.jsonl"
    if not path.is_file():
        return []
    return [read_text(d.text, id=d.docid) for d in load_muc4(path)]


def best_seconds(run, repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of ``repeat`` runs: the least disturbed by the rest of
    the machine.  CPU time is the steadier figure on a busy machine."""
    times = []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(times)


def measure(name: str, documents: list, repeat: int) -> None:
    from vigil.extract import extract_documents
    from vigil.nlp import load_model

    bare = load_model()
    bare("warm up")
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)

    def spacy_run():
        for _ in bare.pipe(texts, batch_size=BATCH_SIZE):
            pass

    incidents = []

    def vigil_run():
        incidents[:] = [i for e in extract_documents(documents, batch_size=BATCH_SIZE) for i in e.incidents]

    spacy_seconds, spacy_cpu = best_seconds(spacy_run, repeat)
    vigil_seconds, vigil_cpu = best_seconds(vigil_run, repeat)
    print(f"{name}: {len(documents)} reports, {words} words; bare pipeline: {', '.join(bare.pipe_names)}")
    print(f"  spaCy nlp.pipe alone   : {words / spacy_seconds:7.0f} words/s wall ({spacy_seconds:.2f} s), "
          f"{words / spacy_cpu:7.0f} words/s CPU ({spacy_cpu:.2f} s)")
    print(f"  vigil extract_documents: {words / vigil_seconds:7.0f} words/s wall ({vigil_seconds:.2f} s), "
          f"{words / vigil_cpu:7.0f} words/s CPU ({vigil_cpu:.2f} s); {len(incidents)} incidents")
    print(f"  vigil / spaCy time: {vigil_seconds / spacy_seconds:.2f}x wall, {vigil_cpu / spacy_cpu:.2f}x CPU")

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the fastest is kept")
    args = parser.parse_args()
    from vigil.nlp import get_nlp

    get_nlp()("warm up")  # Vigil's pipeline and knowledge base, loaded outside the timing
    corpora = [("seeds", seed_documents()), ("MUC-4 dev", muc4_documents())]
    corpora = [(name, docs) for name, docs in corpora if docs]
    if not corpora:
        raise SystemExit(f"extract_throughput: no corpus found under {SHARED}")
    for name, documents in corpora:
        measure(name, documents, max(1, args.repeat))


if __name__ == "__main__":
    main()
