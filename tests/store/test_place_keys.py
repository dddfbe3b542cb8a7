"""A place filter looks merged incidents up by their place keys (the table triggers keep,
vigil.store.changes.merged_places) when the place files few of them: the same incidents as
reading every incident's list, after ingest, edits of the place, merges, splits and re-clustering,
on both backends."""
from __future__ import annotations

from pathlib import Path

import vigil
from vigil.store import filters

from tests.store.key_lookups import assert_same_both_ways, found, merge_split_recluster_ingest

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "tests" / "web" / "fixtures" / "reports.jsonl"
LATER = ROOT / "examples" / "reports"
PLACES = ["Karachi", "Lyari", "Orangi Town", "Sindh", "Baldia Town", "khi:kharadar", "Nowhere At All", "Pakistan"]


def _matches(record: dict, place: str) -> bool:
    marks = filters.facets.place_marks(record.get("location")).split("|")
    return any(k in marks for k in filters.facets.place_keys(place))


def _same_both_ways(store, monkeypatch, when: str) -> None:
    assert_same_both_ways(store, monkeypatch, "BROAD_PLACE", "place", PLACES, _matches, when)


def test_place_lookup_finds_what_the_lists_say(db_url, monkeypatch):
    vigil.ingest([str(FIRST)], db=db_url)
    with vigil.open(db_url) as store:
        _same_both_ways(store, monkeypatch, "an ingest")
        assert any(counted for _, counted, _, _ in found(store, monkeypatch, "BROAD_PLACE", "place", PLACES, 10**9).values())
        first, second = [r["id"] for r in store.merged_incidents(place="Karachi", limit=2)]
        store.edit_incident(first, "place", "Lyari", author="amna", reason="the market is in Lyari")
        _same_both_ways(store, monkeypatch, "an edit of the place")
        merge_split_recluster_ingest(db_url, store, first, second,
                                     lambda opened, when: _same_both_ways(opened, monkeypatch, when), str(LATER))
