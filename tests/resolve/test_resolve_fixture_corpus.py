"""Merging across reports on the project's multi-outlet fixtures: pairwise precision and recall
against the gold clusters, the same result under any ingest order, removal and analysts'
decisions.  The reports are extracted once per module; each store is filled by add_report."""
from __future__ import annotations

import dataclasses
import itertools
import json
import random
from pathlib import Path

import pytest

from vigil.extract import extract_documents
from vigil.readers import iter_documents
from vigil.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "multi_outlet"
REPORTS = FIXTURES / "reports.jsonl"
GOLD = FIXTURES / "gold_clusters.json"
RECALL = 0.9  # the bar for pairwise merge recall

pytestmark = pytest.mark.skipif(not (REPORTS.exists() and GOLD.exists()), reason="multi-outlet fixtures missing")


@pytest.fixture(scope="module")
def extractions():
    return list(extract_documents(iter_documents([str(REPORTS)])))


def fill(url: str, extractions, order=None) -> Store:
    store = Store.open(url)
    for extraction in (order if order is not None else extractions):
        store.add_report(extraction.document, extraction.sentences, extraction.incidents, extraction.claims)
    return store


@pytest.fixture(scope="module")
def filled(extractions, tmp_path_factory):
    store = fill(f"sqlite:///{tmp_path_factory.mktemp('fixtures')}/merged.db", extractions)
    yield store
    store.close()


def report_pairs(groups) -> set[tuple[str, str]]:
    """Pairs of reports put in one incident; a report in several incidents pairs with each."""
    return {pair for group in groups for pair in itertools.combinations(sorted(set(group)), 2)}


def predicted_groups(store: Store):
    return [[e["document"] for e in incident["evidence"]] for incident in store.merged_incidents()]


def test_pairwise_precision_and_recall_against_the_gold_clusters(filled):
    gold = report_pairs(c["reports"] for c in json.loads(GOLD.read_text())["clusters"])
    predicted = report_pairs(predicted_groups(filled))
    true = predicted & gold
    precision = len(true) / len(predicted) if predicted else 0.0
    recall = len(true) / len(gold)
    print(f"pairwise precision {precision:.3f} recall {recall:.3f} ({len(true)} of {len(gold)} gold pairs, "
          f"{len(predicted)} predicted)")
    assert precision >= 0.95, sorted(predicted - gold)
    assert recall >= RECALL, sorted(gold - predicted)


def test_unrelated_incidents_on_one_day_stay_apart(filled):
    gold = json.loads(GOLD.read_text())["clusters"]
    same_day = [(a, b) for a, b in itertools.combinations(gold, 2) if a.get("date") and a.get("date") == b.get("date")]
    assert same_day, "the fixtures hold unrelated incidents on one day"
    together = report_pairs(predicted_groups(filled))
    for first, second in same_day:
        only_first = set(first["reports"]) - set(second["reports"])
        only_second = set(second["reports"]) - set(first["reports"])
        crossed = {tuple(sorted(p)) for p in itertools.product(only_first, only_second)} & together
        assert not crossed, (first["incident"], second["incident"], crossed)


def _listing(store: Store) -> str:
    return "\n".join(json.dumps(i, sort_keys=True) for i in store.merged_incidents())


def test_five_random_ingest_orders_give_identical_incidents(filled, extractions, tmp_path):
    expected = _listing(filled)
    for seed in range(5):
        order = list(extractions)
        random.Random(seed).shuffle(order)
        store = fill(f"sqlite:///{tmp_path}/order{seed}.db", extractions, order)
        try:
            assert _listing(store) == expected, f"ingest order with seed {seed} differs"
        finally:
            store.close()


def test_merged_incident_keeps_each_reports_figures_and_reconciles_them(filled):
    multi = [i for i in filled.merged_incidents() if len(i["sources"]) >= 3 and i["fatalities"]]
    assert multi
    for incident in multi:
        documents = {e["document"] for e in incident["evidence"]}
        assert {r["document"] for r in incident["reports"]} == documents == {s["document"] for s in incident["sources"]}
        stated = [r["fatalities"] for r in incident["reports"] if r["fatalities"]]
        values = [v for c in stated for v in (c["low"], c["best"], c["high"]) if v is not None]
        assert incident["fatalities"]["low"] == min(values)
        assert incident["fatalities"]["high"] in (None, max(values))
        assert incident["fatalities"]["best"] in {c["best"] for c in stated}


def test_removing_a_report_splits_what_it_alone_joined(extractions, tmp_path):
    store = fill(f"sqlite:///{tmp_path}/remove.db", extractions)
    try:
        before = {i["id"]: i for i in store.merged_incidents()}
        joined = next(i for i in before.values() if len(i["sources"]) >= 2)
        document = joined["sources"][-1]["document"]
        store.remove_document(document, author="tester", reason="test")
        after = store.merged_incidents()
        assert all(document not in {e["document"] for e in i["evidence"]} for i in after)
        assert store.document(document) is None
        # Ingesting it again restores exactly the earlier incidents.
        extraction = next(e for e in extractions if e.document.id == document)
        store.add_report(extraction.document, extraction.sentences, extraction.incidents, extraction.claims)
        assert {i["id"]: i for i in store.merged_incidents()} == before
        assert store.revisions(document)[0]["field"] == "removed"
    finally:
        store.close()


def test_analysts_split_and_merge_survive_reingesting(extractions, tmp_path):
    store = fill(f"sqlite:///{tmp_path}/decide.db", extractions)
    try:
        incident = next(i for i in store.merged_incidents() if len(i["sources"]) >= 3)
        document = incident["sources"][0]["document"]
        parts = store.split_incident(incident["id"], document, author="analyst", reason="different incident")
        assert len(parts) >= 2
        alone = [p for p in parts if document in {e["document"] for e in p["evidence"]}]
        assert alone and all({e["document"] for e in p["evidence"]} == {document} for p in alone)
        assert alone[0]["status"] == "edited"

        # Re-ingesting every report (a changed copy of the split one included) keeps the split.
        extraction = next(e for e in extractions if e.document.id == document)
        changed = dataclasses.replace(extraction.document, text=extraction.document.text + "\n\nUpdated.")
        store.add_report(changed, extraction.sentences, extraction.incidents, extraction.claims)
        for e in extractions:
            store.add_report(e.document, e.sentences, e.incidents, e.claims)
        holding = [i for i in store.merged_incidents() if document in {e["document"] for e in i["evidence"]}]
        assert all({e["document"] for e in i["evidence"]} == {document} for i in holding)

        # Merging it back joins them, again for good.
        rest = next(p for p in parts if p not in alone)
        merged = store.merge_incidents(alone[0]["id"], rest["id"], author="analyst", reason="same after all")
        assert document in {e["document"] for e in merged["evidence"]}
        assert [r["field"] for r in store.revisions()][-2:] == ["split", "merge"]
        assert all(r["author"] == "analyst" for r in store.revisions() if r["field"] in ("split", "merge"))
    finally:
        store.close()


def test_candidates_ruled_out_before_full_scoring_could_never_link(extractions):
    # could_link adds to a pair's cheap terms the most its people's terms could give: every pair
    # of fixture mentions that scores above the threshold passes it, and it spares some that do not.
    from vigil.resolve.features import mention_features
    from vigil.resolve.names import context_names
    from vigil.resolve.similarity import THRESHOLD, compatible, could_link, score

    mentions = [mention_features(incident, e.document.id, context_names(e.document.text, incident.evidence))
                for e in extractions for incident in e.incidents]
    compared = [(a, b) for a, b in itertools.combinations(mentions, 2) if compatible(a, b)]
    linked = [(a, b) for a, b in compared if score(a, b) > THRESHOLD]
    assert linked and all(could_link(a, b) for a, b in linked)
    assert any(not could_link(a, b) for a, b in compared)
