"""Merged incidents in the store, on SQLite and PostgreSQL: merging at ingest, listing and
tallying merged incidents, removing a report, analysts' merge and split, replacing a report,
merging reports stored before (or without) merging, and independence from ingest order."""
from __future__ import annotations

import itertools
import json

import pytest

from vigil.model import Count, DateRange, Document, Evidence, Incident, Location, Sentence, Source, Target, Victim
from vigil.store import Store, StoreError

ORANGI = Location(name="Orangi Town", city="Karachi", precision="town", gazetteer_id="khi:orangi-town")
LYARI = Location(name="Lyari", city="Karachi", precision="town", gazetteer_id="khi:lyari-town")

# Three outlets on one bombing (tolls, weekday and type differ), and two shootings in Orangi on
# one evening that share date, place and type but not victims or wording.
TEXTS = {
    "bomb-a": ("A roadside bomb tore through a police van in Lyari on Monday, killing six constables "
               "and wounding nine passers-by near the vegetable market.", "2014-03-03", "Daily A",
               "Remote explosive/landmine/IED", Count(6, 6, 6), Count(9, 9, 9), "police"),
    "bomb-b": ("At least eight policemen died when a bomb hit their van near the Lyari vegetable market "
               "on Tuesday, and nine people were wounded.", "2014-03-04", "Daily B",
               "Suicide bomb", Count(8, 8, None), Count(9, 9, 9), "police"),
    "bomb-c": ("Six police constables were killed by a bomb planted beside the road as their van passed "
               "the vegetable market in Lyari on Monday.", "2014-03-03", "Daily C",
               "Remote explosive/landmine/IED", Count(6, 6, 6), None, "police"),
    "shot-constable": ("Constable Naveed Akhtar was shot dead by two men on a motorcycle close to his home in "
                       "Orangi Town on Tuesday evening.", "2014-04-15", "Daily A",
                       "Attack", Count(1, 1, 1), None, "police"),
    "shot-grocer": ("Grocer Muhammad Saleem was shot dead by robbers who stormed his shop in Orangi Town "
                    "on Tuesday evening and fled with the takings.", "2014-04-15", "Daily B",
                    "Attack", Count(1, 1, 1), None, "business"),
    "shot-constable-2": ("Gunmen on a motorbike killed Constable Naveed Akhter outside his house in Orangi "
                         "Town on Tuesday night.", "2014-04-15", "Daily C",
                         "Attack", Count(1, 1, 1), None, "police"),
}


def report(doc_id: str, text: str | None = None):
    body, day, outlet, sub_event, fatalities, injured, target = TEXTS[doc_id]
    text = text or body
    document = Document(id=doc_id, text=text, outlet=outlet, published=day)
    bombing = sub_event != "Attack"
    incident = Incident(
        id=f"{doc_id}:0",
        event_type="Explosions/Remote violence" if bombing else "Violence against civilians",
        sub_event_type=sub_event,
        date=DateRange(day, day, "day", None),
        location=LYARI if bombing else ORANGI,
        targets=[Target(text=target, category=target)],
        victims=[] if bombing else [Victim(name=" ".join(text.split()[1:3]), role="killed")],
        fatalities=fatalities,
        injured=injured,
        evidence=[Evidence(doc_id, text, 0, len(text))],
        sources=[Source(doc_id, outlet, None, day)],
        confidence=0.8,
    )
    return document, [Sentence(0, len(text))], [incident], []


def fill(store: Store, order=TEXTS) -> Store:
    for doc_id in order:
        store.add_report(*report(doc_id))
    return store


def groups(store: Store) -> list[list[str]]:
    return sorted(sorted(s["document"] for s in i["sources"]) for i in store.merged_incidents())


def test_reports_of_one_incident_merge_and_same_evening_shootings_stay_apart(store):
    fill(store)
    assert groups(store) == [["bomb-a", "bomb-b", "bomb-c"], ["shot-constable", "shot-constable-2"], ["shot-grocer"]]
    # The per-report incidents are kept untouched beside the merged ones.
    assert len(store.incidents()) == 6


def test_merged_incident_reconciles_figures_and_records_conflicts(store):
    fill(store)
    [bombing] = store.merged_incidents(event_type="Explosions/Remote violence")
    # 6 twice and "at least 8" once: best is what most reports say; no report caps the toll.
    assert bombing["fatalities"] == {"low": 6, "best": 6, "high": None}
    assert bombing["injured"] == {"low": 9, "best": 9, "high": 9}
    assert [r["document"] for r in bombing["reports"]] == ["bomb-a", "bomb-b", "bomb-c"]
    assert bombing["reports"][1]["fatalities"] == {"low": 8, "best": 8, "high": None}
    assert bombing["sub_event_type"] == "Remote explosive/landmine/IED"
    assert bombing["date"]["start"] == "2014-03-03"
    conflicts = {c["field"]: c["values"] for c in bombing["conflicts"]}
    assert conflicts["sub_event_type"] == [
        {"value": "Remote explosive/landmine/IED", "documents": ["bomb-a", "bomb-c"]},
        {"value": "Suicide bomb", "documents": ["bomb-b"]},
    ]
    assert conflicts["date"][1] == {"value": "2014-03-04", "documents": ["bomb-b"]}
    assert [e["document"] for e in bombing["evidence"]] == ["bomb-a", "bomb-b", "bomb-c"]
    assert bombing["id"] == store.merged_incident("bomb-b:0")["id"]  # found by a member's id too


def test_any_ingest_order_gives_the_same_merged_incidents(db_url, tmp_path):
    expected = None
    for i, order in enumerate(itertools.islice(itertools.permutations(TEXTS), 0, 720, 150)):
        url = db_url if i == 0 else f"sqlite:///{tmp_path}/order{i}.db"
        with Store.open(url) as store:
            listing = json.dumps(fill(store, order).merged_incidents(), sort_keys=True)
        expected = expected or listing
        assert listing == expected, order


def _shooting(doc_id: str, text: str, victim: str | None, target: str | None):
    """One fatal shooting in Orangi Town on one evening, told by report ``doc_id``."""
    day = "2014-04-15"
    document = Document(id=doc_id, text=text, outlet=f"Daily {doc_id}", published=day)
    incident = Incident(
        id=f"{doc_id}:0", event_type="Violence against civilians", sub_event_type="Attack",
        date=DateRange(day, day, "day", None), location=ORANGI,
        targets=[Target(text=target, category=target)] if target else [],
        victims=[Victim(name=victim, role="killed")] if victim else [],
        fatalities=Count(1, 1, 1), evidence=[Evidence(doc_id, text, 0, len(text))],
        sources=[Source(doc_id, document.outlet, None, day)], confidence=0.8)
    return document, [Sentence(0, len(text))], [incident], []


def _placement(store: Store) -> tuple[list, str]:
    from sqlalchemy import select

    from vigil.store.schema import incident_members

    with store.transaction("read the merged incidents") as connection:
        members = sorted(tuple(row) for row in connection.execute(select(
            incident_members.c.mention_id, incident_members.c.merged_id, incident_members.c.component)))
    return members, json.dumps(store.merged_incidents(), sort_keys=True)


def test_a_report_linked_to_two_incidents_it_joins_one_of_leaves_the_other_as_a_full_reclustering_would(store):
    # Two shootings on one evening in one town (a constable, a grocer), then a brief report
    # naming nobody that links to both: it joins one, and the other keeps its members but now
    # lies in the brief's component, whose id (its smallest mention) moved.
    store.add_report(*_shooting("m-constable", "Two men on a motorbike gunned down Constable Naveed Akhtar "
                                "near his home in Orangi Town on Tuesday evening.", "Naveed Akhtar", "police"))
    store.add_report(*_shooting("z-grocer", "Robbers gunned down grocer Muhammad Saleem inside his shop in "
                                "Orangi Town on Tuesday evening.", "Muhammad Saleem", "business"))
    before, _ = _placement(store)
    store.add_report(*_shooting("a-brief", "Police said one more man died of bullet wounds in Orangi Town on "
                                "Tuesday.", None, None))
    after, listing = _placement(store)
    grocer_before = next(row for row in before if row[0] == "z-grocer:0")
    grocer_after = next(row for row in after if row[0] == "z-grocer:0")
    assert grocer_after[1] == grocer_before[1]  # the grocer's incident is as it was: alone
    assert grocer_after[2] == "a-brief:0" != grocer_before[2]  # in the component the brief joined
    assert len(store.merged_incidents()) == 2
    store.recluster()  # every link drawn again and every component clustered from scratch
    assert _placement(store) == (after, listing)


def test_filters_and_tally_count_merged_incidents_once(store):
    fill(store)
    assert len(store.merged_incidents()) == 3
    assert [i["sub_event_type"] for i in store.merged_incidents(place="Lyari")] == ["Remote explosive/landmine/IED"]
    assert len(store.merged_incidents(place="Karachi")) == 3  # places within Karachi count
    assert len(store.merged_incidents(target="police")) == 2
    assert len(store.merged_incidents(text="takings")) == 1
    assert len(store.merged_incidents(document="bomb-c")) == 1
    [total] = store.merged_tally([], target="police", since="2014-01-01", until="2014-12-31")
    assert total["incidents"] == 2 and total["fatalities_best"] == 7 and total["fatalities_low"] == 7
    by_outlet = {r["outlet"]: r["incidents"] for r in store.merged_tally(["outlet"])}
    assert by_outlet == {"Daily A": 2, "Daily B": 2, "Daily C": 2}
    with pytest.raises(StoreError, match="unknown filter 'weekday'"):
        store.merged_incidents(weekday="Monday")


def test_removing_a_report_splits_what_it_alone_joined_and_is_recorded(store):
    fill(store, ["bomb-a", "bomb-b", "bomb-c"])
    before = groups(store)
    store.remove_document("bomb-b", author="ana", reason="duplicate feed")
    assert groups(store) == [["bomb-a", "bomb-c"]]
    assert store.document("bomb-b") is None and store.incidents(document="bomb-b") == []
    [revision] = store.revisions("bomb-b")
    assert (revision["field"], revision["author"], revision["reason"]) == ("removed", "ana", "duplicate feed")
    store.add_report(*report("bomb-b"))
    assert groups(store) == before
    with pytest.raises(StoreError, match="no such report"):
        store.remove_document("nothing", author="ana")


def test_analysts_decisions_hold_when_reports_are_ingested_again(store):
    fill(store)
    bombing = store.merged_incident("bomb-a:0")["id"]
    parts = store.split_incident(bombing, "bomb-b", author="ana", reason="a second blast that day")
    assert sorted(sorted(s["document"] for s in p["sources"]) for p in parts) == [["bomb-a", "bomb-c"], ["bomb-b"]]
    assert all(p["status"] == "edited" for p in parts)
    grocer = store.merged_incident("shot-grocer:0")["id"]
    constable = store.merged_incident("shot-constable:0")["id"]
    merged = store.merge_incidents(grocer, constable, author="ben", reason="same shooting, per police")
    assert sorted(s["document"] for s in merged["sources"]) == ["shot-constable", "shot-constable-2", "shot-grocer"]

    # A changed version of a report replaces it; every decision still holds.
    changed = report("bomb-b", TEXTS["bomb-b"][0] + " Police later raised the toll.")
    store.add_report(*changed)
    fill(store)
    assert groups(store) == [["bomb-a", "bomb-c"], ["bomb-b"], ["shot-constable", "shot-constable-2", "shot-grocer"]]
    assert [(r["field"], r["author"]) for r in store.revisions()] == [("split", "ana"), ("merge", "ben")]
    assert store.revisions()[1]["new_value"] == {"incident": store.merged_incident("shot-grocer:0")["id"]}

    # The later decision wins: merging the split report back undoes the split.
    store.merge_incidents("bomb-b:0", "bomb-a:0", author="ana", reason="one blast after all")
    assert ["bomb-a", "bomb-b", "bomb-c"] in groups(store)
    with pytest.raises(StoreError, match="already one incident"):
        store.merge_incidents("bomb-b:0", "bomb-c:0", author="ana")
    with pytest.raises(StoreError, match="is not part of it"):
        store.split_incident("bomb-a:0", "shot-grocer", author="ana")
    with pytest.raises(StoreError, match="no incident"):
        store.split_incident("nothing", "bomb-a", author="ana")


def _retold(doc_id: str, new_id: str, text: str):
    """Another outlet's report of what ``doc_id`` tells, in other words."""
    document, sentences, [incident], claims = report(doc_id)
    document = Document(id=new_id, text=text, outlet="Daily D", published=document.published)
    incident = Incident.from_dict({**incident.to_dict(), "id": f"{new_id}:0",
                                   "evidence": [{"document": new_id, "sentence": text, "start": 0, "end": len(text)}],
                                   "sources": [{**incident.sources[0].to_dict(), "document": new_id}]})
    return document, [Sentence(0, len(document.text))], [incident], claims


def test_analysts_decisions_survive_a_bridging_report_and_a_full_reclustering(store):
    fill(store)
    store.split_incident(store.merged_incident("bomb-a:0")["id"], "bomb-b", author="ana", reason="two blasts")
    store.merge_incidents("shot-grocer:0", "shot-constable:0", author="ben", reason="one shooting")
    decided = [["bomb-a", "bomb-c"], ["bomb-b"], ["shot-constable", "shot-constable-2", "shot-grocer"]]
    assert groups(store) == decided
    # A new report that scores with both sides of the split joins one side, never both.
    store.add_report(*_retold("bomb-b", "bomb-d", "Eight constables lost their lives when their van was bombed "
                                                   "beside the vegetable market in Lyari; nine bystanders were hurt."))
    after = groups(store)
    assert ["bomb-b", "bomb-d"] in after or ["bomb-a", "bomb-c", "bomb-d"] in after
    assert not any({"bomb-a", "bomb-b"} <= set(group) for group in after)
    # Every link drawn again from scratch: the decisions still hold, the result is the same.
    assert store.recluster() == 7
    assert groups(store) == after
    assert [r["field"] for r in store.revisions()] == ["split", "merge"]


def test_an_unlinking_by_hand_is_remembered_when_the_report_comes_back(store):
    fill(store)
    store.split_incident("bomb-a:0", "bomb-b", author="ana", reason="a different blast")
    store.remove_document("bomb-b", author="ana", reason="withdrawn by the outlet")
    assert groups(store)[0] == ["bomb-a", "bomb-c"]
    store.add_report(*report("bomb-b"))  # published again: the split still holds
    assert ["bomb-b"] in groups(store) and ["bomb-a", "bomb-c"] in groups(store)
    store.recluster()
    assert ["bomb-b"] in groups(store)


def test_a_database_from_before_content_keys_gets_them_when_opened(db_url):
    from alembic import command
    from sqlalchemy import select

    from vigil.store.connect import create_store_engine
    from vigil.store.migrate import alembic_config
    from vigil.store.schema import mention_keys

    with Store.open(db_url) as store:
        fill(store)
        with store._engine.connect() as connection:
            keys = sorted(map(tuple, connection.execute(select(mention_keys)).all()))
    assert keys and any(key.startswith("n:") for key, _, _ in keys)
    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    engine.dispose()
    with Store.open(db_url) as reopened:  # migrated to head: the keys are read from what is stored
        with reopened._engine.connect() as connection:
            assert sorted(map(tuple, connection.execute(select(mention_keys)).all())) == keys
        assert groups(reopened)[0] == ["bomb-a", "bomb-b", "bomb-c"]


def test_reports_stored_without_merging_are_merged_when_the_database_is_opened(db_url):
    with Store.open(db_url) as store:
        store.merge = False
        fill(store)
        assert store.merged_incidents() == []
    with Store.open(db_url) as reopened:
        assert groups(reopened) == [["bomb-a", "bomb-b", "bomb-c"], ["shot-constable", "shot-constable-2"],
                                    ["shot-grocer"]]
