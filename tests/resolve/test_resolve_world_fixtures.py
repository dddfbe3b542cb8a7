"""Merging reports shaped like real coverage (tests/fixtures/world_outlets, the project's own
words about invented incidents): a toll that grows over two days, sub-types that differ, reports
without a publication date, a night attack dated Friday by one outlet and Saturday by another,
a background mention a year later; and incidents that must stay apart (same city and day, same
place three months later).  Every ingest order gives the same incidents."""
from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import pytest

from vigil.extract import extract_documents
from vigil.readers import iter_documents
from vigil.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "world_outlets"
GOLD = json.loads((FIXTURES / "gold_clusters.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def extractions():
    return list(extract_documents(iter_documents([str(FIXTURES / "reports.jsonl")])))


def fill(url: str, extractions) -> Store:
    store = Store.open(url)
    for e in extractions:
        store.add_report(e.document, e.sentences, e.incidents, e.claims)
    return store


@pytest.fixture(scope="module")
def merged(extractions, tmp_path_factory):
    store = fill(f"sqlite:///{tmp_path_factory.mktemp('world')}/merged.db", extractions)
    yield list(store.merged_incidents())
    store.close()


def together(incidents) -> set[tuple[str, str]]:
    return {pair for incident in incidents
            for pair in itertools.combinations(sorted({s["document"] for s in incident["sources"]}), 2)}


def test_every_report_of_an_incident_is_merged(merged):
    pairs = together(merged)
    for cluster in GOLD["clusters"]:
        for pair in itertools.combinations(sorted(cluster["reports"]), 2):
            assert pair in pairs, (cluster["incident"], pair)


def test_same_city_same_day_and_same_place_months_later_stay_apart(merged):
    pairs = together(merged)
    for a, b in GOLD["must_stay_apart"]:
        assert tuple(sorted((a, b))) not in pairs


def test_the_grown_toll_is_the_best_and_the_first_count_the_low(merged):
    market = next(i for i in merged if {"wo-lh-market-first", "wo-sw-market-toll"} <= {s["document"] for s in i["sources"]})
    assert market["fatalities"] == {"low": 9, "best": 17, "high": 17}
    first = next(r for r in market["reports"] if r["document"] == "wo-lh-market-first")
    assert "at least nine" in first["fatalities_evidence"]["sentence"]
    assert market["date"]["start"] == "2023-03-14"  # the undated report does not move the date


def test_a_background_mention_adds_its_report_as_a_source_with_its_own_date(extractions, merged):
    [background] = [i for e in extractions if e.document.id == "wo-cp-hotel-anniversary" for i in e.incidents]
    assert background.date.start == "2021-08-01" and background.date.end == "2021-08-31"  # its own, coarse
    hotel = next(i for i in merged if "wo-cp-hotel-anniversary" in {s["document"] for s in i["sources"]})
    assert hotel["date"]["start"] == "2021-08-06" and hotel["fatalities"]["best"] == 21


def test_any_ingest_order_gives_the_same_incidents(extractions, merged, tmp_path):
    expected = sorted((i["id"], i["mentions"], i["fatalities"]) for i in merged)
    for seed in range(4):
        order = list(extractions)
        random.Random(seed).shuffle(order)
        store = fill(f"sqlite:///{tmp_path}/order-{seed}.db", order)
        try:
            assert sorted((i["id"], i["mentions"], i["fatalities"]) for i in store.merged_incidents()) == expected
        finally:
            store.close()
