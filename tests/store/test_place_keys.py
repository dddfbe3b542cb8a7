"""A place filter looks merged incidents up by their place keys (the table triggers keep,
vigil.store.changes.merged_places) when the place files few of them: the same incidents as
reading every incident's list, after ingest, edits of the place, merges, splits and re-clustering,
on both backends."""
from __future__ import annotations

from pathlib import Path

import pytest

import vigil
from vigil.store import filters

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "tests" / "web" / "fixtures" / "reports.jsonl"
LATER = ROOT / "examples" / "reports"
PLACES = ["Karachi", "Lyari", "Orangi Town", "Sindh", "Baldia Town", "khi:kharadar", "Nowhere At All", "Pakistan"]


def _found(store, monkeypatch, broad: int) -> dict:
    monkeypatch.setattr(filters, "BROAD_PLACE", broad)
    return {place: ([r["id"] for r in store.merged_incidents(place=place, status="all")],
                    store.count_merged_incidents(place=place, status="all"),
                    [r["id"] for r in store.review_queue(limit=None, place=place)],
                    store.merged_tally(["type"], place=place))
            for place in PLACES}


def _same_both_ways(store, monkeypatch, when: str) -> None:
    looked_up = _found(store, monkeypatch, 10**9)  # every place counts as narrow: keys looked up
    read = _found(store, monkeypatch, 0)  # every place counts as broad: the lists read
    assert looked_up == read, when
    every = list(store.merged_incidents(status="all"))
    keys = {place: filters.facets.place_keys(place) for place in PLACES}
    for place in PLACES:  # and what the lists themselves say
        by_hand = sorted(r["id"] for r in every
                         if any(k in (filters.facets.place_marks(r.get("location")).split("|")) for k in keys[place]))
        assert sorted(looked_up[place][0]) == by_hand, f"{place} after {when}"


def test_place_lookup_finds_what_the_lists_say(db_url, monkeypatch):
    vigil.ingest([str(FIRST)], db=db_url)
    with vigil.open(db_url) as store:
        _same_both_ways(store, monkeypatch, "an ingest")
        assert any(found[1] for found in _found(store, monkeypatch, 10**9).values())
        first, second = [r["id"] for r in store.merged_incidents(place="Karachi", limit=2)]
        store.edit_incident(first, "place", "Lyari", author="amna", reason="the market is in Lyari")
        _same_both_ways(store, monkeypatch, "an edit of the place")
        merged = store.merge_incidents(first, second, author="amna", reason="one attack")
        _same_both_ways(store, monkeypatch, "a merge")
        if len(merged.get("reports") or []) > 1:
            store.split_incident(merged["id"], merged["reports"][0]["document"], author="amna", reason="two")
            _same_both_ways(store, monkeypatch, "a split")
        store.recluster()
        _same_both_ways(store, monkeypatch, "re-clustering")
    vigil.ingest([str(LATER)], db=db_url)
    with vigil.open(db_url) as store:
        _same_both_ways(store, monkeypatch, "a second ingest")
