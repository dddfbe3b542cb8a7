"""JSONL: the incident contract, one per line; every line reads back to the same incident."""
from __future__ import annotations

import json

from vigil.export import write_jsonl
from vigil.model import Incident


def test_round_trip_loses_no_field(incidents, tmp_path):
    path = tmp_path / "incidents.jsonl"
    assert write_jsonl(incidents, path) == len(incidents)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(incidents)
    for line, original in zip(lines, incidents):
        assert Incident.from_dict(json.loads(line)) == original
        assert json.loads(line) == original.to_dict()


def test_extra_keys_of_merged_incidents_are_kept(merged_record, tmp_path):
    path = tmp_path / "merged.jsonl"
    write_jsonl([merged_record], path)
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["conflicts"] == merged_record["conflicts"]
    assert list(written)[: len(Incident.__dataclass_fields__)] == list(Incident.__dataclass_fields__)


def test_non_ascii_is_written_as_is(by_id, tmp_path):
    incident = by_id["fx-constable-orangi"]
    incident.location.text = "اورنگی"
    path = tmp_path / "u.jsonl"
    write_jsonl([incident], path)
    assert "اورنگی" in path.read_text(encoding="utf-8")
