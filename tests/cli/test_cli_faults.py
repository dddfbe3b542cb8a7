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


@pytest.mark.parametrize("source, failing, stage", [
    ("folder", "b_grenade.txt", "extraction"),
    ("jsonl", "b_grenade", "storing"),  # after its rows are written: the transaction must roll back
])
def test_ingest_stores_the_failing_report_as_failed_and_the_others_in_full(tmp_path, source, failing, stage):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    inputs = str(REPORTS) if source == "folder" else str(corpus(tmp_path))
    result = run("ingest", inputs, "--db", db, fault=f"{stage}:{MARKER}")

    assert result.returncode == 0, result.stderr
    [line] = fault_lines(result.stderr, "ingest")
    assert failing in line
    assert f"internal error in {stage} (InjectedFault: VIGIL_FAULT injected a fault in {stage})" in line
    assert "stored as failed; VIGIL_DEBUG=1 shows the traceback" in line
    assert "Traceback" not in result.stderr
    assert "2 added" in result.stderr and "1 failed" in result.stderr

    documents, incidents, claims, failed = stored(db)
    assert len(documents) == 3
    others = documents - {failing}
    assert all(incidents[d] > 0 for d in others)
    assert incidents[failing] == 0 and claims[failing] == 0
    [row] = failed
    assert (row["id"], row["stage"], row["error"], row["version"]) == (failing, stage, "InjectedFault", vigil_version())

    listed = run("documents", "--failed", "--db", db, "--format", "jsonl")
    assert listed.returncode == 0, listed.stderr
    [record] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert record["id"] == failing and record["stage"] == stage and record["failed_at"]
    table = run("documents", "--failed", "--db", db)
    assert failing in table.stdout and "InjectedFault" in table.stdout

    # The fault gone (an upgrade, say): the retry needs no paths and stores the report in full.
    retried = run("ingest", "--retry-failed", "--db", db)
    assert retried.returncode == 0, retried.stderr
    assert "1 added" in retried.stderr and "0 failed" in retried.stderr
    documents, incidents, _, failed = stored(db)
    assert failed == [] and incidents[failing] > 0 and len(documents) == 3
    assert run("documents", "--failed", "--db", db, "--format", "jsonl").stdout == ""


def test_strict_exits_1_when_a_report_fails_and_reingesting_runs_it_again(tmp_path):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    result = run("ingest", str(REPORTS), "--db", db, "--strict", fault=f"merging:{MARKER}")
    assert result.returncode == 1
    assert "internal error in merging" in fault_lines(result.stderr, "ingest")[0]

    # Ingesting the same folder again does not call the failed report unchanged: it runs it again.
    again = run("ingest", str(REPORTS), "--db", db, fault=f"merging:{MARKER}")
    assert again.returncode == 0
    assert "2 unchanged" in again.stderr and "1 failed" in again.stderr
    fixed = run("ingest", str(REPORTS), "--db", db)
    assert "1 added" in fixed.stderr and "0 failed" in fixed.stderr
    assert stored(db)[3] == []


def test_vigil_debug_prints_the_traceback_and_the_batch_goes_on(tmp_path):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    result = run("ingest", str(REPORTS), "--db", db, fault=f"extraction:{MARKER}", debug=True)
    assert result.returncode == 0, result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert "vigil.faults.InjectedFault" in result.stderr or "InjectedFault:" in result.stderr
    assert "2 added" in result.stderr and "1 failed" in result.stderr


def test_extract_skips_the_failing_report_and_prints_the_others(tmp_path):
    # In the NLP stage the three reports share one spaCy batch: the other two must survive it.
    result = run("extract", str(REPORTS), "--format", "jsonl", fault=f"nlp:{MARKER}")
    assert result.returncode == 0, result.stderr
    documents = {e["document"] for line in result.stdout.splitlines() for e in json.loads(line)["evidence"]}
    assert documents == {"a_constable.txt", "c_bombing.txt"}
    [line] = fault_lines(result.stderr, "extract")
    assert "b_grenade.txt: internal error in nlp (InjectedFault" in line and "skipped" in line
    assert result.stderr.splitlines()[-1] == "1 input failed, 2 read"
    assert run("extract", str(REPORTS), "--strict", fault=f"nlp:{MARKER}").returncode == 1


def test_a_report_over_the_time_limit_is_stored_as_failed_and_the_batch_goes_on(tmp_path):
    db = f"sqlite:///{tmp_path / 'vigil.db'}"
    result = run("ingest", str(corpus(tmp_path)), "--db", db, "--timeout", "2", fault=f"extraction:{MARKER}:hang")
    assert result.returncode == 0, result.stderr
    [line] = fault_lines(result.stderr, "ingest")
    assert "corpus.jsonl:2 (id b_grenade): took longer than 2 s in extraction, stored as failed" in line
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
