"""Incidents written for the export tests (the project's own words; facts from examples/),
covering every field: a merged two-report incident with differing figures, day/week/month/year
and no date, every location precision used, no location, perpetrators claimed and suspected."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigil.model import Incident

FIXTURE = Path(__file__).parent / "fixtures" / "incidents.jsonl"


def load_fixture_incidents() -> list[Incident]:
    return [Incident.from_json(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture
def incidents() -> list[Incident]:
    return load_fixture_incidents()


@pytest.fixture
def by_id(incidents) -> dict[str, Incident]:
    return {i.id: i for i in incidents}


@pytest.fixture
def merged_record(by_id) -> dict:
    """The bus bombing as a merged cluster carries it: with a key the contract does not define."""
    record = by_id["fx-bus-bombing"].to_dict()
    record["conflicts"] = [{"quantity": "fatalities", "values": [13, 12], "documents": ["fx-wire-1", "fx-ledger-1"]}]
    return record


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
