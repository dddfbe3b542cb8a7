"""`vigil export --to jsonl` then `vigil ingest` of that file into a new database loses no field:
the sample corpus goes into database A, its export into B, and B's export equals A's record by
record; the evidence still points at its sentences; importing again changes nothing; merged
incidents (reports, conflicts, mentions) come back as they were."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import vigil
from vigil.export.jsonl import write_jsonl
from vigil.store.importer import FORMAT, import_incidents, is_incidents_file, split_incident_files

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def export(db: str, path: Path) -> list[dict]:
    from vigil.export.query import read_incidents

    store = vigil.open(db)
    try:
        write_jsonl(read_incidents(store), path)  # what `vigil export --to jsonl` writes
    finally:
        store.close()
    return lines(path)


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roundtrip")
    a, b = f"sqlite:///{folder}/a.db", f"sqlite:///{folder}/b.db"
    summary = vigil.ingest([str(EXAMPLES)], db=a)
    assert not summary.failures and summary.incidents > 10
    exported = export(a, folder / "a.jsonl")
    summary = vigil.ingest([str(folder / "a.jsonl")], db=b)
    assert not summary.failures and summary.imported == len(exported)
    return folder, a, b, exported


def test_export_of_the_import_equals_the_export(databases):
    folder, _, b, exported = databases
    again = export(b, folder / "b.jsonl")
    assert len(again) == len(exported)
    for before, after in zip(exported, again):
        assert after == before  # every field, in the same order of incidents


def test_evidence_points_at_its_sentence_in_partial_documents(databases):
    _, _, b, exported = databases
    store = vigil.open(b)
    try:
        for record in exported:
            for evidence in record["evidence"]:
                document = store.document(evidence["document"])
                assert document.format == FORMAT
                assert document.text[evidence["start"]:evidence["end"]] == evidence["sentence"]
                source = next(s for s in record["sources"] if s["document"] == evidence["document"])
                assert (document.published, document.outlet) == (source["published"], source["outlet"])
    finally:
        store.close()


def test_merged_incidents_come_out_the_same(databases):
    _, a, b, _ = databases
    first, second = vigil.open(a), vigil.open(b)
    try:
        assert second.merged_incidents() == first.merged_incidents()
        assert second.merged_tally(["year", "target"]) == first.merged_tally(["year", "target"])
    finally:
        first.close()
        second.close()


def test_importing_again_changes_nothing(databases):
    folder, _, b, exported = databases
    store = vigil.open(b)
    try:
        before = store.snapshot()
        summary = import_incidents(store, folder / "a.jsonl")
        assert (summary.added, summary.unchanged, summary.documents, summary.failures) == (0, len(exported), 0, [])
        assert store.snapshot() == before
    finally:
        store.close()


def test_merged_records_import_as_they_are(databases, tmp_path):
    _, a, _, _ = databases
    store = vigil.open(a)
    try:
        merged = store.merged_incidents()
    finally:
        store.close()
    assert any(len(m["mentions"]) > 1 for m in merged)  # the sample corpus has cross-report incidents
    write_jsonl(merged, tmp_path / "merged.jsonl")
    c = f"sqlite:///{tmp_path}/c.db"
    summary = vigil.ingest([str(tmp_path / "merged.jsonl")], db=c)
    assert summary.imported == len(merged) and not summary.failures
    store = vigil.open(c)
    try:
        assert store.merged_incidents() == merged  # reports, conflicts, mentions and all
        assert len(store.merged_incidents(perpetrator="TTP")) >= 1
        write_jsonl(store.merged_incidents(), tmp_path / "again.jsonl")
    finally:
        store.close()
    assert (tmp_path / "again.jsonl").read_text() == (tmp_path / "merged.jsonl").read_text()


def test_sniffing_and_bad_records(tmp_path, databases):
    folder, _, _, exported = databases
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "r1", "text": "Gunmen shot a constable in Lyari."}) + "\n")
    assert is_incidents_file(folder / "a.jsonl") and not is_incidents_file(corpus)
    assert not is_incidents_file(EXAMPLES / sorted(p.name for p in EXAMPLES.iterdir())[0])
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "incidents.jsonl").write_text((folder / "a.jsonl").read_text())
    (mixed / "report.txt").write_text("Gunmen shot a constable in Lyari on Monday.")
    found, others = split_incident_files([str(mixed), str(corpus)])
    assert found == [str(mixed / "incidents.jsonl")] and others == [str(mixed / "report.txt"), str(corpus)]

    broken = dict(exported[0], id="broken")
    broken["evidence"] = [dict(broken["evidence"][0], sentence="Not the words at these offsets.")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(exported[0]), "{not json", json.dumps(broken)]) + "\n")
    store = vigil.open(f"sqlite:///{tmp_path}/d.db")
    try:
        summary = import_incidents(store, bad)
    finally:
        store.close()
    assert summary.added == 1
    assert [where.rsplit(":", 1)[1] for where, _ in summary.failures] == ["2", "3"]
    assert "not JSON" in summary.failures[0][1] and "offsets" in summary.failures[1][1]
