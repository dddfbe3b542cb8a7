"""Ingest throughput: Vigil's full ingest (read, clean, NLP, extract, store) against bare spaCy
`nlp.pipe` over the same cleaned texts, measured in the same run.

    .venv/bin/python benchmarks/ingest_throughput.py [PATH ...]

Defaults to the seeds in ../shared/corpus/seeds (when present) and examples/reports/.
Prints reports/s and words/s for each, and the ratio. Not part of the test suite.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def default_paths() -> list[str]:
    paths = []
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    if seeds.is_dir():
        paths += sorted(str(p) for p in seeds.glob("*.txt"))
    paths.append(str(ROOT / "examples" / "reports"))
    return paths


def main(argv: list[str]) -> None:
    import vigil
    from vigil.readers import iter_documents
    from vigil.model import Document
    from vigil.nlp import get_nlp, load_model

    paths = argv or default_paths()
    documents = [d for d in iter_documents(paths) if isinstance(d, Document)]
    words = sum(len(d.text.split()) for d in documents)
    get_nlp()("warm up")  # Vigil's pipeline, loaded outside the timing
    nlp = load_model()  # bare spaCy: the same model without Vigil's components
    nlp("warm up")

    start = time.perf_counter()
    for _ in nlp.pipe((d.text for d in documents), batch_size=8):
        pass
    spacy_seconds = time.perf_counter() - start

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        vigil.open(db).close()  # migrations outside the timing
        start = time.perf_counter()
        summary = vigil.ingest(paths, db=db)
        vigil_seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = vigil.ingest(paths, db=db)
        rerun_seconds = time.perf_counter() - start

    print(f"texts: {len(documents)} reports, {words} words; pipeline: {', '.join(nlp.pipe_names)}")
    print(f"spaCy nlp.pipe alone : {len(documents) / spacy_seconds:8.1f} reports/s {words / spacy_seconds:10.0f} words/s")
    print(f"vigil ingest (SQLite): {summary.read / vigil_seconds:8.1f} reports/s {summary.words / vigil_seconds:10.0f} words/s"
          f"  ({summary.incidents} incidents)")
    print(f"vigil / spaCy time ratio: {vigil_seconds / spacy_seconds:.2f}")
    print(f"re-ingest (all unchanged): {again.read / rerun_seconds:8.1f} reports/s ({again.unchanged} unchanged)")


if __name__ == "__main__":
    main(sys.argv[1:])
