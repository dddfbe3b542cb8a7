"""`vigil ingest --workers N`: extraction on a real local Dask cluster, stored as one process stores.

Real `vigil` processes and SQLite files; the worker that dies is a real process ended by the
documented VIGIL_FAULT test hook (``extraction:MARKER:exit``).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import vigil

pytest.importorskip("distributed", reason="the cluster extra (dask, distributed) is not installed")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "reports"
FAULTS = ROOT / "tests" / "fixtures" / "faults"  # a_constable, b_grenade (names the marker), c_bombing
MARKER = "Ibrahim Hyderi"


def run(*args: str, fault: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIGIL_FAULT", "VIGIL_DEBUG", "VIGIL_DB")}
    if fault:
        env["VIGIL_FAULT"] = fault
        env["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = "0"  # one death is enough to give up on a task
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=600)


def exported(tmp_path: Path, name: str, *ingest_args: str) -> bytes:
    db = f"sqlite:///{tmp_path / name}.db"
    ingested = run("ingest", "--db", db, *ingest_args)
    assert ingested.returncode == 0, ingested.stderr
    out = tmp_path / f"{name}.jsonl"
    written = run("export", "--db", db, "--to", "jsonl", "-o", str(out))
    assert written.returncode == 0, written.stderr
    return out.read_bytes()


def test_two_workers_store_what_one_process_stores(tmp_path):
    single = exported(tmp_path, "single", str(SAMPLE))
    clustered = exported(tmp_path, "cluster", "--workers", "2", str(SAMPLE))
    assert single.count(b"\n") > 10
    assert clustered == single


def test_a_report_that_kills_its_worker_fails_alone(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run("ingest", "--db", db, "--workers", "2", str(FAULTS), fault=f"extraction:{MARKER}:exit")
    assert result.returncode == 0, result.stderr  # a failed report is not a failed batch (--strict: 1)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "b_grenade" in lines[0] and "stored as failed" in lines[0], result.stderr
    assert "1 failed" in lines[1]
    store = vigil.open(db)
    try:
        documents = {d["id"] for d in store.documents()}
        failed = [row["id"] for row in store.failed_documents()]
        kept = {d: len(store.incidents(document=d)) for d in documents if d not in failed}
    finally:
        store.close()
    assert len(failed) == 1 and failed[0] in documents
    assert len(kept) == 2 and all(count >= 1 for count in kept.values())


def test_workers_and_scheduler_together_are_refused(tmp_path):
    result = run("ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--workers", "2",
                 "--scheduler", "tcp://127.0.0.1:8786", str(SAMPLE))
    assert result.returncode == 2
    assert "--workers or --scheduler" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_an_unreachable_scheduler_is_one_line_and_no_database(tmp_path):
    result = run("ingest", "--db", f"sqlite:///{tmp_path / 'x.db'}", "--scheduler", "tcp://127.0.0.1:9", str(SAMPLE))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in lines[0]
    assert not (tmp_path / "x.db").exists()


DEVCORPUS = os.environ.get("VIGIL_DEVCORPUS")  # the rebuilt dev articles (JSONL with id and text), outside the repo


@pytest.mark.skipif(not DEVCORPUS or not Path(DEVCORPUS).exists(),
                    reason="set VIGIL_DEVCORPUS to the rebuilt dev articles (real news; takes a minute)")
def test_two_workers_store_what_one_process_stores_on_real_news(tmp_path):
    import json

    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for line in Path(DEVCORPUS).read_text(encoding="utf-8").splitlines():
            article = json.loads(line)
            record = {k: article[k] for k in ("id", "text", "url", "outlet", "title", "language") if article.get(k)}
            if article.get("publication_date"):
                record["published"] = article["publication_date"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    single = exported(tmp_path, "single", str(corpus))
    assert exported(tmp_path, "cluster", "--workers", "2", str(corpus)) == single


def _trim_threshold() -> str | None:
    return os.environ.get("MALLOC_TRIM_THRESHOLD_")


def _pipeline_loaded() -> bool:
    from vigil.nlp import get_nlp

    return get_nlp.cache_info().currsize == 1


def test_local_workers_keep_glibc_defaults_and_load_the_pipeline_before_any_batch():
    import time

    from vigil.cluster import cluster_client

    if _trim_threshold() is not None:
        pytest.skip("MALLOC_TRIM_THRESHOLD_ is set in this environment: workers inherit it")
    with cluster_client(workers=1) as client:
        # Dask's default would set it, and make extraction on the workers slower than in one process.
        assert set(client.run(_trim_threshold).values()) == {None}
        deadline = time.monotonic() + 120
        while not all(client.run(_pipeline_loaded).values()):  # nothing was submitted: the warm-up loads it
            assert time.monotonic() < deadline, "the workers never loaded the pipeline"
            time.sleep(0.2)
