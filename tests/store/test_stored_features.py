"""Mentions' comparison features stored beside them (vigil.resolve.stored_features): read back
as derived, used when this Vigil wrote them, ignored when another one did or none were stored."""
from __future__ import annotations

import json

from sqlalchemy import select, update

from tests.store.test_store_clusters import TEXTS, fill, groups, report
from vigil.resolve.features import mention_features
from vigil.resolve.names import context_names
from vigil.resolve.stored_features import from_stored, package_fingerprint, to_stored
from vigil.store import Store, clusters
from vigil.store.schema import incident_members


def _stored(store: Store) -> dict[str, dict]:
    with store._engine.connect() as connection:
        rows = connection.execute(select(incident_members.c.mention_id, incident_members.c.features)).all()
    return {mention: json.loads(value) if isinstance(value, str) else value for mention, value in rows}


def _loaded(store: Store, mention: str):
    clusters._parsed.cache_clear()  # read from the database, not from this process's cache
    clusters._with_stored_features.cache_clear()
    with store._engine.connect() as connection:
        return clusters.load_mentions(connection, [mention])[mention][1]


def _as_values(features) -> dict:
    values = dict(vars(features))
    for name in ("fatalities", "injured"):
        count = values[name]
        values[name] = None if count is None else (count.low, count.best, count.high)
    return values


def test_each_placed_mention_stores_the_features_it_was_compared_by(store):
    fill(store)
    stored = _stored(store)
    assert sorted(stored) == sorted(f"{doc_id}:0" for doc_id in TEXTS)
    for doc_id in TEXTS:
        document, _, [incident], _ = report(doc_id)
        derived = mention_features(incident, doc_id, context_names(document.text, incident.evidence))
        assert stored[incident.id]["fingerprint"] == package_fingerprint()
        assert _as_values(from_stored(stored[incident.id])) == _as_values(derived)
        assert _as_values(_loaded(store, incident.id)) == _as_values(derived)


def _rewrite(store: Store, mention: str, features: dict) -> None:
    with store._engine.begin() as connection:
        connection.execute(update(incident_members).where(incident_members.c.mention_id == mention)
                           .values(features=features))


def test_stored_features_are_read_only_when_this_vigil_wrote_them(store):
    fill(store)
    mention = "shot-grocer:0"
    marked = {**_stored(store)[mention], "words": ["only", "stored", "words"]}
    _rewrite(store, mention, marked)
    assert _loaded(store, mention).words == frozenset({"only", "stored", "words"})  # read as stored
    _rewrite(store, mention, {**marked, "fingerprint": "another-vigil"})
    assert "robber" in _loaded(store, mention).words  # derived again from the incident
    _rewrite(store, mention, None)  # placed before features were stored
    assert "robber" in _loaded(store, mention).words


def test_mentions_without_stored_features_merge_as_before_and_get_them(db_url, tmp_path):
    """A database whose mentions were placed before features were stored (NULL) merges new
    reports exactly as one where they were stored, and the mentions merging read get theirs."""
    with Store.open(f"sqlite:///{tmp_path}/with.db") as store:
        expected = groups(fill(store))
    with Store.open(db_url) as store:
        first = [d for d in TEXTS if d != "shot-constable-2" and d != "bomb-c"]
        fill(store, first)
        with store._engine.begin() as connection:
            connection.execute(update(incident_members).values(features=None))
        clusters._parsed.cache_clear()
        clusters._with_stored_features.cache_clear()
        fill(store, ["shot-constable-2", "bomb-c"])
        assert groups(store) == expected
        stored = _stored(store)
        healed = from_stored(stored["bomb-a:0"])  # a candidate of bomb-c
        document, _, [incident], _ = report("bomb-a")
        assert healed is not None and _as_values(healed) == _as_values(
            mention_features(incident, "bomb-a", context_names(document.text, incident.evidence)))


def test_features_another_vigil_stored_are_stored_again_when_read(store):
    fill(store, [d for d in TEXTS if d != "bomb-c"])
    _rewrite(store, "bomb-a:0", {**_stored(store)["bomb-a:0"], "fingerprint": "another-vigil"})
    clusters._parsed.cache_clear()
    clusters._with_stored_features.cache_clear()
    store.add_report(*report("bomb-c"))
    assert _stored(store)["bomb-a:0"]["fingerprint"] == package_fingerprint()


def test_features_survive_a_round_trip_through_json():
    document, _, [incident], _ = report("bomb-b")
    derived = mention_features(incident, "bomb-b", context_names(document.text, incident.evidence))
    assert _as_values(from_stored(json.loads(json.dumps(to_stored(derived))))) == _as_values(derived)
