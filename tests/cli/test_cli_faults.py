"""One report that fails on a bug or the time limit fails alone: real `vigil` processes, real SQLite files.

The bug is the documented test hook VIGIL_FAULT=STAGE:MARKER (vigil.faults), which raises at that
stage of the real pipeline for the report containing MARKER; here the middle one of three.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import vigil
from vigil.faults import vigil_version

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "tests" / "fixtures" / "faults"  # a_constable, b_grenade (the marker), c_bombing
MARKER = "Ibrahim Hyderi"


def run(*args: str, fault: str | None = None, debug: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("VIGIL_FAULT", "VIGIL_DEBUG", "VIGIL_DB")}
    if fault:
        env["VIGIL_FAULT"] = fault
    if debug:
        env["VIGIL_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=300)


def corpus(tmp_path: Path) -> Path:
    """The three reports as a JSONL corpus, in the same order."""
    path = tmp_path / "corpus.jsonl"
    with path.open("w") as out:
        for report in sorted(REPORTS.glob("*.txt")):
            out.write(json.dumps({"id": report.stem, "text": report.read_text()}) + "\n")
    return path


def stored(db: str):
    store = vigil.open(db)
    try:
        documents = {d["id"] for d in store.documents()}
        incidents = {d: len(store.incidents(document=d)) for d in documents}
        claims = {d: len(store.claims(document=d)) for d in documents}
        return documents, incidents, claims, store.failed_documents()
    finally:
        store.close()


def fault_lines(stderr: str, command: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"vigil {command}: ")]


def test_ingest_stores_the_failing_report_as_failed_the_others_in_full_and_retries_it(tmp_path):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    result = run("ingest", str(REPORTS), "--db", db, fault=f"extraction:{MARKER}")

    assert result.returncode == 0, result.stderr
    [line] = fault_lines(result.stderr, "ingest")
    assert line.endswith("b_grenade.txt: internal error in extraction (InjectedFault: VIGIL_FAULT injected a fault "
                         "in extraction), stored as failed; VIGIL_DEBUG=1 shows the traceback")
    assert "Traceback" not in result.stderr
    assert "2 added" in result.stderr and "1 failed" in result.stderr

    documents, incidents, claims, failed = stored(db)
    assert documents == {"a_constable.txt", "b_grenade.txt", "c_bombing.txt"}
    assert incidents["a_constable.txt"] > 0 and incidents["c_bombing.txt"] > 0
    assert incidents["b_grenade.txt"] == 0 and claims["b_grenade.txt"] == 0
    [row] = failed
    assert (row["id"], row["stage"], row["error"], row["version"]) == \
        ("b_grenade.txt", "extraction", "InjectedFault", vigil_version())
    listed = run("documents", "--failed", "--db", db)
    assert listed.returncode == 0, listed.stderr
    assert "b_grenade.txt" in listed.stdout and "InjectedFault" in listed.stdout and "extraction" in listed.stdout

    # The fault gone (an upgrade, say): the retry needs no paths and stores the report in full.
    retried = run("ingest", "--retry-failed", "--db", db)
    assert retried.returncode == 0, retried.stderr
    assert "1 added" in retried.stderr and "0 failed" in retried.stderr
    documents, incidents, _, failed = stored(db)
    assert failed == [] and incidents["b_grenade.txt"] > 0 and len(documents) == 3


def test_a_bug_in_storing_a_corpus_record_rolls_its_rows_back_and_strict_exits_1(tmp_path):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    result = run("ingest", str(corpus(tmp_path)), "--db", db, "--strict", fault=f"storing:{MARKER}")
    assert result.returncode == 1
    [line] = fault_lines(result.stderr, "ingest")
    assert "corpus.jsonl:2 (id b_grenade): internal error in storing (InjectedFault" in line
    documents, incidents, claims, failed = stored(db)
    # Its transaction had written incidents and claims when the fault struck: none is left.
    assert (incidents["b_grenade"], claims["b_grenade"]) == (0, 0)
    assert incidents["a_constable"] > 0 and incidents["c_bombing"] > 0
    listed = run("documents", "--failed", "--db", db, "--format", "jsonl")
    [record] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert (record["id"], record["stage"], record["error"]) == ("b_grenade", "storing", "InjectedFault")


def test_extract_skips_the_failing_report_and_prints_the_others(tmp_path):
    # In the NLP stage the three reports share one spaCy batch: the other two must survive it.
    result = run("extract", str(REPORTS), "--format", "jsonl", fault=f"nlp:{MARKER}", debug=True)
    assert result.returncode == 0, result.stderr
    documents = {e["document"] for line in result.stdout.splitlines() for e in json.loads(line)["evidence"]}
    assert documents == {"a_constable.txt", "c_bombing.txt"}
    [line] = fault_lines(result.stderr, "extract")
    assert "b_grenade.txt: internal error in nlp (InjectedFault" in line and "skipped" in line
    # VIGIL_DEBUG=1: the traceback follows the line, and the batch still goes on.
    assert "Traceback (most recent call last)" in result.stderr
    assert "InjectedFault: VIGIL_FAULT injected a fault in nlp" in result.stderr
    assert result.stderr.splitlines()[-1] == "1 input failed, 2 read"


def test_a_report_over_the_time_limit_is_stored_as_failed_and_the_batch_goes_on(tmp_path):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    result = run("ingest", str(corpus(tmp_path)), "--db", db, "--timeout", "3", fault=f"extraction:{MARKER}:hang")
    assert result.returncode == 0, result.stderr
    [line] = fault_lines(result.stderr, "ingest")
    assert "corpus.jsonl:2 (id b_grenade): took longer than 3 s in extraction, stored as failed" in line
    documents, incidents, _, failed = stored(db)
    assert [(r["id"], r["error"]) for r in failed] == [("b_grenade", "ReportTimeout")]
    assert incidents["a_constable"] > 0 and incidents["c_bombing"] > 0


def test_a_long_report_over_a_tiny_time_limit_fails_for_real(tmp_path):
    paragraph = (REPORTS / "a_constable.txt").read_text() + (REPORTS / "c_bombing.txt").read_text()
    long_report = tmp_path / "long.txt"
    long_report.write_text("\n".join(paragraph.replace("Monday", day) for day in ["Monday", "Tuesday"] * 100))
    result = run("extract", str(long_report), "--timeout", "0.01")
    assert result.returncode == 1  # nothing could be read
    [line] = fault_lines(result.stderr, "extract")
    assert "long.txt: took longer than 0.01 s in" in line and "skipped" in line
