"""A perpetrator filter looks merged incidents up by their perpetrator keys (the table triggers
keep, vigil.store.changes.merged_perpetrators) when the actor files few of them: the same
incidents as trying every alias on every incident's list, after ingest, edits of the
perpetrators, merges, splits and re-clustering, on both backends."""
from __future__ import annotations

from pathlib import Path

import vigil
from vigil.store import facets

from tests.store.key_lookups import assert_same_both_ways, found, merge_split_recluster_ingest

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "tests" / "web" / "fixtures" / "reports.jsonl"
LATER = ROOT / "examples" / "reports"
# Known actors (looked up) and names the dictionary does not know (matched as a part of a name).
PERPETRATORS = ["TTP", "Pakistani police", "Tehreek-e-Taliban Pakistan", "BLA", "Lashkar-e-Jhangvi", "Sindh Police", "gunmen",
                "Nobody Known By This Name"]


def _matches(record: dict, name: str) -> bool:
    keys, part = facets.perpetrator_keys(name)
    marks = facets.perpetrator_marks(record.get("perpetrators") or [])
    return any(k in marks.split("|") for k in keys) if keys else part in marks.lower()


def _same_both_ways(store, monkeypatch, when: str) -> None:
    assert_same_both_ways(store, monkeypatch, "BROAD_PERPETRATOR", "perpetrator", PERPETRATORS, _matches, when)


def _with(store, name: str) -> list[str]:
    return [r["id"] for r in store.merged_incidents(perpetrator=name, status="all")]


def test_perpetrator_lookup_finds_what_the_lists_say(db_url, monkeypatch):
    vigil.ingest([str(FIRST)], db=db_url)
    with vigil.open(db_url) as store:
        _same_both_ways(store, monkeypatch, "an ingest")
        narrow = found(store, monkeypatch, "BROAD_PERPETRATOR", "perpetrator", PERPETRATORS, 10**9)
        assert any(counted for name, (_, counted, _, _) in narrow.items() if facets.perpetrator_keys(name)[0])
        first, second = [r["id"] for r in store.merged_incidents(limit=2)]
        store.edit_incident(first, "perpetrator", "TTP", author="amna", reason="the statement names the TTP")
        _same_both_ways(store, monkeypatch, "an edit of the perpetrators")
        assert first in _with(store, "Tehreek-e-Taliban Pakistan")
        store.edit_incident(first, "perpetrator", "BLA", author="amna", reason="the claim was the BLA's")
        _same_both_ways(store, monkeypatch, "a second edit of the perpetrators")
        assert first in _with(store, "BLA") and first not in _with(store, "TTP")
        merge_split_recluster_ingest(db_url, store, first, second,
                                     lambda opened, when: _same_both_ways(opened, monkeypatch, when), str(LATER))
