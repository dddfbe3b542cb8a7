"""Cases in the store, on SQLite and PostgreSQL: judicial steps extracted from the project's own
reports (tests/fixtures/cases) linked to the incidents they follow, whatever order the reports
arrive in; analysts' links and unlinks that re-ingesting and re-clustering keep; removing a
report; the stage each case reached, counted by the tally."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import select, update

from vigil.extract import extract_documents
from vigil.readers import iter_documents
from vigil.store import Store, StoreError
from vigil.store import schema

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "cases" / "reports.jsonl"
JOURNALIST = {"harbour-2016-05-10", "courier-2016-05-10"}
STEP_REPORTS = {"harbour-2016-06-02", "courier-2018-07-15", "courier-2017-05-20"}  # they tell no killing


@pytest.fixture(scope="module")
def extractions():
    return {e.document.id: e for e in extract_documents(iter_documents([str(REPORTS)]))}


def add(store: Store, extractions, *ids: str) -> None:
    for id in ids or sorted(extractions):
        e = extractions[id]
        store.add_report(e.document, e.sentences, e.incidents, e.claims)


def told_by(store: Store, *documents: str) -> dict:
    """The one merged incident told by exactly these reports."""
    wanted = set(documents)
    [found] = [i for i in store.merged_incidents() if {s["document"] for s in i["sources"]} == wanted]
    return found


def step(store: Store, document: str, sub_event_type: str) -> dict:
    [found] = [i for i in store.merged_incidents(sub_event_type=sub_event_type)
               if {s["document"] for s in i["sources"]} == {document}]
    return found


def cases(store: Store) -> list[tuple]:
    """Every incident's case fields, with its reports instead of ids (ids depend on mention ids only,
    but reports read better in a failure)."""
    def reports(id):
        return tuple(sorted(s["document"] for s in store.merged_incident(id)["sources"])) if id else None

    return sorted((reports(i["id"]), i["sub_event_type"], reports(i.get("follows")), i.get("case_stage"),
                   tuple((reports(f["incident"]), f["sub_event_type"]) for f in i["follow_ups"]))
                  for i in store.merged_incidents())


def test_killing_told_by_two_outlets_an_arrest_and_a_verdict_two_years_on_form_one_case(store, extractions):
    add(store, extractions)
    killing = told_by(store, *JOURNALIST)
    arrest = step(store, "harbour-2016-06-02", "Arrests")
    conviction = step(store, "courier-2018-07-15", "Conviction")
    acquittal = step(store, "courier-2018-07-15", "Acquittal")
    assert arrest["follows"] == conviction["follows"] == acquittal["follows"] == killing["id"]
    assert [(f["incident"], f["sub_event_type"]) for f in killing["follow_ups"]] == [
        (arrest["id"], "Arrests"), (acquittal["id"], "Acquittal"), (conviction["id"], "Conviction")]
    assert killing["follow_ups"][0]["date"]["start"] == "2016-06-01"
    assert killing["case_stage"] == "convicted" and arrest["case_stage"] is None

    # The shopkeeper killed the same evening in another neighbourhood stays apart, and nothing follows it.
    other = told_by(store, "courier-2016-05-10b")
    assert other["follow_ups"] == [] and other["case_stage"] == "no arrest"

    # An arrest told in the report of the killing it is about.
    lyari = [i for i in store.merged_incidents(document="tribune-2017-03-08")]
    [constable] = [i for i in lyari if i["event_type"] != "Strategic developments"]
    [held] = [i for i in lyari if i["event_type"] == "Strategic developments"]
    assert held["follows"] == constable["id"] and constable["case_stage"] == "arrest made"

    timeline = store.case_timeline(conviction["id"])  # a step shows the case it is part of
    assert timeline["incident"]["id"] == killing["id"] and timeline["stage"] == "convicted"
    assert [s["id"] for s in timeline["steps"]] == [arrest["id"], acquittal["id"], conviction["id"]]
    assert store.case_timeline(other["id"]) == {"incident": other, "stage": "no arrest", "steps": []}

    rows = {r["case-stage"]: r["incidents"] for r in store.merged_tally(["case-stage"])}
    assert rows == {"convicted": 1, "arrest made": 2, "no arrest": 2, None: 5}
    steps = store.merged_tally(["case-stage"], event_type="Strategic developments")
    assert [(r["case-stage"], r["incidents"]) for r in steps] == [(None, 5)]


def test_a_step_naming_only_the_day_and_area_follows_the_killing_there_not_another_that_day(store, extractions):
    """"Arrested two brothers over the killing of a trader in Lyari on May 3": no name to find it by,
    the trader's killing is placed in Chakiwara (inside Lyari), and a rickshaw driver was killed
    in Orangi the same night."""
    add(store, extractions)
    arrest = step(store, "courier-2017-05-20", "Arrests")
    trader, driver = told_by(store, "tribune-2017-05-04"), told_by(store, "harbour-2017-05-04")
    assert arrest["follows"] == trader["id"] and trader["case_stage"] == "arrest made"
    assert driver["follow_ups"] == [] and driver["case_stage"] == "no arrest"


@pytest.mark.parametrize("order", ["reversed", "steps first"])
def test_the_order_reports_arrive_in_changes_no_link(store, extractions, tmp_path, order):
    reference = Store.open(f"sqlite:///{tmp_path}/reference.db")
    add(reference, extractions)
    ids = sorted(extractions)
    if order == "reversed":
        ids.reverse()
    else:  # the verdict and the arrests stored before the killings they follow
        ids.sort(key=lambda id: (id not in STEP_REPORTS, id))
    add(store, extractions, *ids)
    assert cases(store) == cases(reference)
    reference.close()


def test_an_analysts_unlink_and_link_hold_through_reingest_and_reclustering(store, extractions):
    add(store, extractions)
    arrest = step(store, "harbour-2016-06-02", "Arrests")
    killing, other = told_by(store, *JOURNALIST), told_by(store, "courier-2016-05-10b")

    unlinked = store.unlink_incident(arrest["mentions"][0], author="analyst", reason="another murder")
    assert unlinked["follows"] is None
    assert [f["sub_event_type"] for f in store.merged_incident(killing["id"])["follow_ups"]] == ["Acquittal", "Conviction"]
    [revision] = store.revisions(arrest["id"])
    assert (revision["field"], revision["old_value"], revision["new_value"]) == (
        "follows", {"follows": killing["id"]}, {"follows": None})

    # Storing the reports again, a changed copy of the arrest report, re-clustering: still unlinked.
    add(store, extractions)
    e = extractions["harbour-2016-06-02"]
    changed = dataclasses.replace(e.document, text=e.document.text + "\n\nThe case was handed to the CTD.")
    store.add_report(changed, e.sentences, e.incidents, e.claims)
    store.recluster()
    assert step(store, "harbour-2016-06-02", "Arrests")["follows"] is None

    # Linked by hand to another incident, it stays there too.
    linked = store.link_incident(arrest["id"], other["id"], author="analyst", reason="the officer's notes")
    assert linked["follows"] == other["id"]
    assert store.merged_incident(other["id"])["case_stage"] == "arrest made"
    store.recluster()
    add(store, extractions)
    assert step(store, "harbour-2016-06-02", "Arrests")["follows"] == other["id"]
    assert [r["field"] for r in store.revisions(arrest["id"])] == ["follows", "follows"]


def test_removing_the_incident_leaves_its_steps_following_nothing_until_it_returns(store, extractions):
    add(store, extractions)
    for document in sorted(JOURNALIST):
        store.remove_document(document, author="analyst")
    assert step(store, "harbour-2016-06-02", "Arrests")["follows"] is None
    assert step(store, "courier-2018-07-15", "Conviction")["follows"] is None
    add(store, extractions, *sorted(JOURNALIST))
    killing = told_by(store, *JOURNALIST)
    assert step(store, "harbour-2016-06-02", "Arrests")["follows"] == killing["id"]
    assert store.merged_incident(killing["id"])["case_stage"] == "convicted"


def test_links_that_make_no_sense_are_refused(store, extractions):
    add(store, extractions)
    killing, other = told_by(store, *JOURNALIST), told_by(store, "courier-2016-05-10b")
    arrest = step(store, "harbour-2016-06-02", "Arrests")
    conviction = step(store, "courier-2018-07-15", "Conviction")
    with pytest.raises(StoreError, match="no judicial step"):
        store.link_incident(other["id"], killing["id"], author="analyst")
    with pytest.raises(StoreError, match="judicial step too"):
        store.link_incident(arrest["id"], conviction["id"], author="analyst")
    with pytest.raises(StoreError, match="already follows"):
        store.link_incident(arrest["id"], killing["id"], author="analyst")
    with pytest.raises(StoreError, match="no incident"):
        store.link_incident("no-such-id", killing["id"], author="analyst")
    with pytest.raises(StoreError, match="author"):
        store.unlink_incident(arrest["id"], author="")
    store.unlink_incident(arrest["id"], author="analyst")
    with pytest.raises(StoreError, match="follows no incident"):
        store.unlink_incident(arrest["id"], author="analyst")


def test_steps_stored_before_cases_existed_are_linked_when_the_store_opens(db_url, extractions):
    from alembic import command

    from vigil.store.connect import create_store_engine
    from vigil.store.migrate import alembic_config

    with Store.open(db_url) as store:
        add(store, extractions)
        expected = cases(store)
    # Back to the revision before cases: no links, no decisions, no case columns; the records
    # keep no case fields either, as they were written then.
    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        merged = schema.merged_incidents
        for id, data in connection.execute(select(merged.c.id, merged.c.data)).all():
            data = {k: v for k, v in data.items() if k not in ("follows", "follow_ups", "case_stage")}
            connection.execute(update(merged).where(merged.c.id == id).values(data=data))
    engine.dispose()
    with Store.open(db_url) as reopened:  # migrated to head: every step is looked at
        assert cases(reopened) == expected
