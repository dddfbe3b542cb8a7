"""The `vigil` command end to end: real processes, real SQLite files, the project's sample corpus."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import vigil
from vigil.readers import iter_documents

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
TIMESTAMP = re.compile(r"\d:\d\d:\d\d\s*>\s*\d:\d\d:\d\d|\d\d:\d\d:\d\d[,.]\d{3}\s*-->")


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vigil.cli", *args], capture_output=True, text=True,
                          input=stdin, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('demo')}/vigil.db"
    result = run("ingest", str(EXAMPLES), "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def test_ingest_reports_a_summary_and_no_failures(demo_db):
    store = vigil.open(demo_db)
    try:
        counts = store.counts()
    finally:
        store.close()
    assert counts["documents"] >= 12
    assert counts["incidents"] > 0


def test_ingesting_the_same_folder_twice_changes_nothing(demo_db):
    store = vigil.open(demo_db)
    before = store.snapshot()
    store.close()
    result = run("ingest", str(EXAMPLES), "--db", demo_db)
    assert result.returncode == 0, result.stderr
    assert "0 added" in result.stderr and "0 failed" in result.stderr
    store = vigil.open(demo_db)
    try:
        assert store.snapshot() == before
    finally:
        store.close()


def test_stored_evidence_slices_the_stored_cleaned_text(demo_db):
    result = run("incidents", "--db", demo_db, "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    incidents = [json.loads(line) for line in result.stdout.splitlines()]
    assert incidents
    store = vigil.open(demo_db)
    try:
        for incident in incidents:
            for evidence in incident["evidence"]:
                text = store.document(evidence["document"]).text
                assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
    finally:
        store.close()


def test_transcript_evidence_carries_timestamps(demo_db):
    store = vigil.open(demo_db)
    try:
        transcripts = [d for d in store.documents() if d["format"] in ("transcript", "srt", "vtt")]
        assert transcripts, "the sample corpus has transcripts"
        stamped = [e for d in transcripts for i in store.incidents(document=d["id"]) for e in i.evidence]
        assert stamped and all(e.timestamp for e in stamped)
        for d in transcripts:
            assert not TIMESTAMP.search(store.document(d["id"]).text)
    finally:
        store.close()


def test_incident_filters_and_formats(demo_db):
    everything = json.loads(run("incidents", "--db", demo_db, "--format", "json").stdout)
    later = json.loads(run("incidents", "--db", demo_db, "--since", "2020-01-01", "--format", "json").stdout)
    assert 0 < len(later) < len(everything)
    assert all((i["date"] or {}).get("end", "9999") >= "2020-01-01" for i in later)
    csv_out = run("incidents", "--db", demo_db, "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,date,") and len(csv_out) == len(everything) + 1


def test_documents_list_and_show(demo_db):
    rows = json.loads(run("documents", "--db", demo_db, "--format", "json").stdout)
    ids = {r["id"] for r in rows}
    assert "airport_attack_karachi_ledger.txt" in ids
    shown = json.loads(run("documents", "show", "airport_attack_karachi_ledger.txt", "--db", demo_db,
                           "--format", "json").stdout)[0]
    # No date in metadata: inferred from the dateline, and marked so.
    assert shown["published"] == "2014-06-10" and shown["published_inferred"] is True
    missing = run("documents", "show", "no-such-report", "--db", demo_db)
    assert missing.returncode == 1 and "no-such-report" in missing.stderr and "Traceback" not in missing.stderr


def test_tally_by_year_sums_incidents(demo_db):
    rows = json.loads(run("tally", "--by", "year", "--db", demo_db, "--format", "json").stdout)
    everything = json.loads(run("incidents", "--db", demo_db, "--format", "json").stdout)
    assert sum(r["incidents"] for r in rows) == len(everything)


def test_bad_items_in_a_batch_are_reported_and_skipped(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("KARACHI: Gunmen shot dead a shopkeeper in Lyari on Monday.\n", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    db = f"sqlite:///{tmp_path}/batch.db"
    result = run("ingest", str(folder), "--db", db)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert any("empty.txt" in line for line in lines) and any("image.txt" in line for line in lines)
    assert "2 failed" in lines[-1] and "1 added" in lines[-1]
    assert "Traceback" not in result.stderr
    strict = run("ingest", str(folder), "--db", db, "--strict")
    assert strict.returncode == 1


def test_nothing_readable_exits_1_with_one_line(tmp_path):
    result = run("ingest", str(tmp_path / "missing.txt"), "--db", f"sqlite:///{tmp_path}/x.db")
    assert result.returncode == 1
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr


def test_bad_usage_exits_2(tmp_path):
    assert run("incidents", "--format", "xml", "--db", f"sqlite:///{tmp_path}/x.db").returncode == 2
    assert run("ingest").returncode == 2
    bad_date = run("extract", str(EXAMPLES / "police_bus_bombing_sindh_evening_post.txt"), "--published", "2014-13-45")
    assert bad_date.returncode == 2 and "2014-13-45" in bad_date.stderr and "Traceback" not in bad_date.stderr
    id_for_folder = run("extract", str(EXAMPLES), "--id", "one")
    assert id_for_folder.returncode == 2 and len(id_for_folder.stderr.strip().splitlines()) == 1


def test_unopenable_database_is_one_line(tmp_path):
    report = str(EXAMPLES / "police_bus_bombing_sindh_evening_post.txt")
    result = run("ingest", report, "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db")
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    # A command that only reads finds no database there: bad usage, and nothing is created.
    result = run("incidents", "--db", f"sqlite:///{tmp_path}/no/such/dir/x.db")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "no database at" in result.stderr


def test_extract_from_stdin_with_flags():
    text = "KARACHI: A grenade thrown at a police van wounded four constables on Tuesday.\n"
    result = run("extract", "-", "--published", "2014-03-06", "--outlet", "Indus Wire", "--format", "jsonl", stdin=text)
    assert result.returncode == 0, result.stderr
    [incident] = [json.loads(line) for line in result.stdout.splitlines()]
    assert incident["sub_event_type"] == "Grenade"
    assert incident["date"]["start"] == "2014-03-04"
    assert incident["injured"] == {"low": 4, "best": 4, "high": 4}
    assert incident["sources"][0]["outlet"] == "Indus Wire"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is not present")
def test_extract_on_the_seeds_keeps_provenance_exact():
    index = {json.loads(l)["file"]: json.loads(l) for l in (SEEDS / "index.jsonl").read_text().splitlines()}
    for name, meta in index.items():
        result = run("extract", str(SEEDS / name), "--published", meta["published"], "--format", "jsonl")
        assert result.returncode == 0, result.stderr
        [doc] = list(iter_documents([str(SEEDS / name)], metadata={"published": meta["published"]}))
        assert not TIMESTAMP.search(doc.text)
        incidents = [json.loads(line) for line in result.stdout.splitlines()]
        for incident in incidents:
            for evidence in incident["evidence"]:
                assert doc.text[evidence["start"]:evidence["end"]] == evidence["sentence"]
                if doc.cues:
                    assert evidence["timestamp"]


@pytest.mark.postgres
def test_ingest_on_postgresql_matches_sqlite(postgres_url, demo_db):
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
    first = run("ingest", str(EXAMPLES), "--db", postgres_url)
    assert first.returncode == 0, first.stderr
    store = vigil.open(postgres_url)
    before = store.snapshot()
    store.close()
    again = run("ingest", str(EXAMPLES), "--db", postgres_url)
    assert "0 added" in again.stderr
    store = vigil.open(postgres_url)
    try:
        assert store.snapshot() == before
    finally:
        store.close()
    on_postgres = json.loads(run("incidents", "--db", postgres_url, "--format", "json").stdout)
    on_sqlite = json.loads(run("incidents", "--db", demo_db, "--format", "json").stdout)
    assert sorted(i["id"] for i in on_postgres) == sorted(i["id"] for i in on_sqlite)
