"""Analysts' review of merged incidents, on SQLite and PostgreSQL: confirm, edit, reject and
restore, each a revision; decisions that hold through new reports, changed reports, splits and a
full re-clustering; rejected incidents left out of lists and tallies; the review queue; and a
database made before review existed, migrated."""
from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from tests.store.review_reports import REPORTS, fill, report, sources
from vigil.store import Store, StoreError
from vigil.store.connect import create_store_engine
from vigil.store.errors import EditError
from vigil.store.migrate import alembic_config


@pytest.fixture
def filled(store: Store) -> Store:
    return fill(store)


def grenade(store: Store) -> dict:
    return store.merged_incident("kh-courier:0")


def test_confirming_sets_the_status_and_records_who_when_and_why(filled):
    incident = grenade(filled)
    assert incident["status"] == "extracted"
    confirmed = filled.confirm_incident(incident["id"], author="amna", reason="checked with the hospital list")
    assert confirmed["status"] == "confirmed" and confirmed["id"] == incident["id"]
    assert confirmed["review"]["by"] == "amna" and confirmed["review"]["status"] == "confirmed"
    assert filled.merged_incident(incident["id"])["status"] == "confirmed"
    [revision] = filled.revisions(incident["id"])
    assert (revision["entity"], revision["field"], revision["old_value"], revision["new_value"]) == (
        "incident", "status", "extracted", "confirmed")
    assert (revision["author"], revision["reason"]) == ("amna", "checked with the hospital list")
    assert revision["created_at"][:2] == "20"
    assert [i["id"] for i in filled.merged_incidents(status="confirmed")] == [incident["id"]]
    with pytest.raises(StoreError, match="already confirmed"):
        filled.confirm_incident(incident["id"], author="amna")
    with pytest.raises(StoreError, match="no incident 'nothing-here'"):
        filled.confirm_incident("nothing-here", author="amna")
    with pytest.raises(StoreError, match="needs an author"):
        filled.confirm_incident(incident["id"], author="")


def test_editing_a_toll_keeps_the_machine_value_beside_it(filled):
    incident = grenade(filled)
    assert incident["fatalities"] == {"low": 2, "best": 3, "high": 3}
    edited = filled.edit_incident(incident["id"], "fatalities", "2", author="amna", reason="third man survived")
    # A single number is the best estimate; the reported range still holds it.
    assert edited["fatalities"] == {"low": 2, "best": 2, "high": 3}
    assert edited["status"] == "edited" and edited["edited"] == ["fatalities"]
    mark = edited["edits"]["fatalities"]
    assert (mark["by"], mark["reason"], mark["machine"]) == ("amna", "third man survived", {"low": 2, "best": 3, "high": 3})
    # The merged row is what filters and tallies read: they see the edited toll.
    [total] = filled.merged_tally([], place="Kharadar")
    assert (total["fatalities_low"], total["fatalities_best"], total["fatalities_high"]) == (2, 2, 3)
    assert filled.merged_incidents(min_fatalities=3) == []

    widened = filled.edit_incident(incident["id"], "fatalities", "5", author="amna", reason="two died in hospital")
    assert widened["fatalities"] == {"low": 2, "best": 5, "high": 5}
    ranged = filled.edit_incident(incident["id"], "injured", {"low": 10, "best": 12, "high": 14},
                                  author="ben", reason="hospital and police lists differ")
    assert ranged["injured"] == {"low": 10, "best": 12, "high": 14}
    open_ended = filled.edit_incident(incident["id"], "injured", "12/12/", author="ben", reason="at least twelve")
    assert open_ended["injured"] == {"low": 12, "best": 12, "high": None}
    cleared = filled.edit_incident(incident["id"], "injured", "none", author="ben", reason="no figure is reliable")
    assert cleared["injured"] is None and cleared["edited"] == ["fatalities", "injured"]
    history = filled.revisions(incident["id"])
    assert [(r["field"], r["author"]) for r in history] == [
        ("fatalities", "amna"), ("fatalities", "amna"), ("injured", "ben"), ("injured", "ben"), ("injured", "ben")]
    assert history[0]["old_value"] == {"low": 2, "best": 3, "high": 3}
    assert history[1]["old_value"] == {"low": 2, "best": 2, "high": 3}  # the value it replaced: the first edit


@pytest.mark.parametrize("field, value, message", [
    ("weather", "sunny", "cannot edit field 'weather': choose from event_type"),
    ("fatalities", "-1", "value '-1' is not a whole number"),
    ("fatalities", "two", "value 'two' is not a whole number"),
    ("fatalities", "2.5", "not a whole number"),
    ("fatalities", True, "not a whole number"),
    ("fatalities", "5/3/4", r"low <= best <= high does not hold \(5/3/4\)"),
    ("fatalities", "1/2", "expected LOW/BEST/HIGH"),
    ("fatalities", "2//4", "a best figure is needed"),
    ("fatalities", {"best": 2, "most": 3}, "unknown key 'most'"),
    ("fatalities", "99999999999", "larger than a count can be"),
    ("date", "2015-02-30", "'2015-02-30' is not a real date"),
    ("date", "last Friday", "is not a real date"),
    ("event_type", "Earthquake", "'Earthquake' is not an event type"),
    ("sub_event_type", "Drive-by", "'Drive-by' is not a sub-event type"),
    ("place", "Kharadarr Bazaarxx", "is not in the gazetteer"),
    ("perpetrator", ";", "names nobody"),
    ("target", 7, "expected names separated by ';'"),
])
def test_a_bad_field_or_value_is_one_clear_error_and_changes_nothing(filled, field, value, message):
    incident = grenade(filled)
    before = filled.snapshot()
    with pytest.raises(EditError, match=message):
        filled.edit_incident(incident["id"], field, value, author="amna", reason="testing")
    assert filled.snapshot() == before


def test_edits_and_rejections_need_a_reason(filled):
    incident = grenade(filled)
    with pytest.raises(StoreError, match="give the reason"):
        filled.edit_incident(incident["id"], "fatalities", "2", author="amna", reason="  ")
    with pytest.raises(StoreError, match="give the reason"):
        filled.reject_incident(incident["id"], author="amna", reason=None)
    assert filled.revisions(incident["id"]) == []


def test_type_date_place_and_actors_are_read_through_the_knowledge_base(filled):
    incident = grenade(filled)
    retyped = filled.edit_incident(incident["id"], "sub_event_type", "suicide bomb", author="amna", reason="police now say so")
    assert (retyped["event_type"], retyped["sub_event_type"]) == ("Explosions/Remote violence", "Suicide bomb")
    # A type whose sub-types do not include the present one drops it, and both are marked.
    clash = filled.edit_incident(incident["id"], "event_type", "Battles", author="amna", reason="an exchange of fire")
    assert (clash["event_type"], clash["sub_event_type"]) == ("Battles", None)
    assert clash["edited"] == ["event_type", "sub_event_type"]
    assert clash["edits"]["sub_event_type"]["machine"] == "Grenade"  # what the reports say, not the first edit
    attack = filled.edit_incident(incident["id"], "sub_event_type", "Attack", author="amna", reason="a shooting")
    assert attack["event_type"] == "Violence against civilians"  # the sub-type brings its type

    month = filled.edit_incident(incident["id"], "date", "2015-06", author="ben", reason="the day is unsure")
    assert month["date"] == {"start": "2015-06-01", "end": "2015-06-30", "precision": "month", "text": None,
                             "approximate": False}
    assert filled.edit_incident(incident["id"], "date", "2016", author="ben", reason="x")["date"]["end"] == "2016-12-31"
    assert filled.edit_incident(incident["id"], "date", "2015-06-11", author="ben", reason="x")["date"]["precision"] == "day"

    by_name = filled.edit_incident(incident["id"], "place", "Baldia Town", author="ben", reason="wrong market")
    assert by_name["location"]["gazetteer_id"] == "khi:baldia-town" and by_name["location"]["city"] == "Karachi"
    assert [i["id"] for i in filled.merged_incidents(place="Baldia Town")] == sorted(
        [incident["id"], filled.merged_incident("bt-shooting:0")["id"]])
    by_id = filled.edit_incident(incident["id"], "place", "khi:kharadar", author="ben", reason="back")
    assert by_id["location"]["name"] == "Kharadar"

    perpetrators = filled.edit_incident(incident["id"], "perpetrator", "TTP; a band calling itself the Night Riders",
                                        author="ben", reason="claimed by phone")
    assert [(p["name"], p["category"]) for p in perpetrators["perpetrators"]] == [
        ("Tehreek-e-Taliban Pakistan", "rebel group"), (None, "unidentified")]
    assert perpetrators["perpetrators"][1]["text"] == "a band calling itself the Night Riders"
    assert [i["id"] for i in filled.merged_incidents(perpetrator="Pakistani Taliban")] == [incident["id"]]
    targets = filled.edit_incident(incident["id"], "target", ["traders", "Sindh Rangers"], author="ben", reason="x")
    assert [(t["name"], t["category"]) for t in targets["targets"]] == [(None, "business"), ("Sindh Rangers", "paramilitary")]
    assert [i["id"] for i in filled.merged_incidents(target="paramilitary")] == [incident["id"]]
    assert filled.edit_incident(incident["id"], "perpetrator", "none", author="ben", reason="x")["perpetrators"] == []


def test_an_edit_holds_when_another_report_of_the_incident_arrives(filled):
    incident = grenade(filled)
    filled.edit_incident(incident["id"], "fatalities", "4", author="amna", reason="the morgue counted four")
    filled.add_report(*report("kh-ledger"))
    now = grenade(filled)
    assert sources(now) == ["kh-courier", "kh-harbour", "kh-ledger"]  # the new report is a source
    assert now["fatalities"] == {"low": 2, "best": 4, "high": 4}  # the edit still holds
    assert now["status"] == "edited"
    # What the reports say now, three of them, is kept beside it.
    assert now["edits"]["fatalities"]["machine"] == {"low": 2, "best": 2, "high": 3}


def test_a_revert_gives_one_field_the_machine_value_and_holds_through_a_new_report(filled):
    incident = grenade(filled)
    filled.edit_incident(incident["id"], "fatalities", "4", author="amna", reason="the morgue counted four")
    filled.edit_incident(incident["id"], "sub_event_type", "Grenade", author="amna", reason="a grenade")
    filled.confirm_incident(incident["id"], author="amna")
    reverted = filled.revert_edit(incident["id"], "fatalities", author="bilal", reason="the morgue list was wrong")
    assert reverted["fatalities"] == incident["fatalities"] and reverted["edited"] != []
    assert "fatalities" not in reverted["edited"] and reverted["status"] == "confirmed"  # the confirmation stands
    last = filled.revisions(incident["id"])[-1]
    assert (last["field"], last["author"], last["reason"]) == ("fatalities", "bilal", "the morgue list was wrong")
    assert last["old_value"] == {"low": 2, "best": 4, "high": 4} and last["new_value"] == incident["fatalities"]
    filled.add_report(*report("kh-ledger"))  # rebuilt from its reports: the edit stays taken back
    now = grenade(filled)
    assert "fatalities" not in now["edited"] and now["fatalities"] == now["edits"].get("fatalities", {}).get(
        "machine", now["fatalities"])
    # A type and its sub-type go back together; with no edit left the marks go.
    back = filled.revert_edit(incident["id"], "event_type", author="bilal", reason="not a grenade")
    assert "edited" not in back and back["sub_event_type"] == incident["sub_event_type"]
    assert back["status"] == "confirmed"
    with pytest.raises(StoreError, match="nobody edited it"):
        filled.revert_edit(incident["id"], "place", author="bilal", reason="x")
    with pytest.raises(EditError, match="cannot revert field 'colour'"):
        filled.revert_edit(incident["id"], "colour", author="bilal", reason="x")
    with pytest.raises(StoreError, match="give the reason"):
        filled.revert_edit(incident["id"], "fatalities", author="bilal", reason=" ")


def test_decisions_follow_the_incident_when_its_id_changes(filled):
    incident = grenade(filled)
    filled.confirm_incident(incident["id"], author="amna", reason="seen on site")
    # A report whose mention id sorts first gives the merged incident a new id.
    document, sentences, [mention], claims = report("kh-ledger", mention="kh-0-early:0")
    filled.add_report(document, sentences, [mention], claims)
    now = grenade(filled)
    assert now["id"] != incident["id"] and sources(now) == ["kh-courier", "kh-harbour", "kh-ledger"]
    assert now["status"] == "confirmed"
    assert [(r["field"], r["new_value"], r["entity_id"]) for r in filled.revisions(now["id"])] == [
        ("status", "confirmed", incident["id"])]
    assert filled.revisions("kh-harbour:0") == filled.revisions(now["id"])  # by a mention's id too


def test_a_rejected_incident_is_kept_but_left_out_until_asked_for(filled):
    kidnapping = filled.merged_incident("qt-engineer:0")
    shown = {i["id"] for i in filled.merged_incidents()}
    rejected = filled.reject_incident(kidnapping["id"], author="ben", reason="a family dispute, not political")
    assert rejected["status"] == "rejected"
    assert {i["id"] for i in filled.merged_incidents()} == shown - {kidnapping["id"]}
    assert [i["id"] for i in filled.merged_incidents(status="rejected")] == [kidnapping["id"]]
    assert {i["id"] for i in filled.merged_incidents(status="all")} == shown
    assert filled.merged_incident(kidnapping["id"])["status"] == "rejected"  # still there by its id
    assert sum(r["incidents"] for r in filled.merged_tally([])) == len(shown) - 1
    assert sum(r["incidents"] for r in filled.merged_tally([], status="all")) == len(shown)
    assert filled.review_queue_size() == len(shown) - 1
    for action in (filled.confirm_incident, filled.reject_incident):
        with pytest.raises(StoreError, match="it is rejected \\(restore it first\\)"):
            action(kidnapping["id"], author="ben", reason="x")
    with pytest.raises(StoreError, match="it is rejected"):
        filled.edit_incident(kidnapping["id"], "kidnapped", "2", author="ben", reason="x")
    with pytest.raises(StoreError, match="bad status 'hidden'"):
        filled.merged_incidents(status="hidden")


def test_a_rejection_survives_a_full_reclustering_and_a_restore_brings_back_the_status_before(filled):
    kidnapping = filled.merged_incident("qt-engineer:0")["id"]
    filled.confirm_incident(kidnapping, author="amna", reason="two sources")
    filled.reject_incident(kidnapping, author="ben", reason="a family dispute")
    edited = filled.edit_incident("kh-courier:0", "fatalities", "2", author="amna", reason="x")
    assert filled.recluster() == len(REPORTS) - 1
    assert filled.merged_incident(kidnapping)["status"] == "rejected"
    assert filled.merged_incident(edited["id"])["fatalities"] == edited["fatalities"]
    restored = filled.restore_incident(kidnapping, author="ben", reason="the family dispute story was wrong")
    assert restored["status"] == "confirmed" and restored["review"]["status"] == "confirmed"
    assert [(r["field"], r["old_value"], r["new_value"]) for r in filled.revisions(kidnapping)] == [
        ("status", "extracted", "confirmed"), ("status", "confirmed", "rejected"), ("status", "rejected", "confirmed")]
    with pytest.raises(StoreError, match="it is not rejected \\(its status is confirmed\\)"):
        filled.restore_incident(kidnapping, author="ben")
    # A restore with no earlier decision gives back the machine's status.
    shooting = filled.merged_incident("mp-shooting:0")
    filled.reject_incident(shooting["id"], author="ben", reason="duplicate wire story")
    filled.recluster()
    assert filled.restore_incident(shooting["id"], author="ben") == shooting  # as it was, no marks


def test_a_changed_report_keeps_the_decisions_made_on_its_incident(filled):
    kidnapping = filled.merged_incident("qt-engineer:0")["id"]
    filled.edit_incident(kidnapping, "kidnapped", "2", author="amna", reason="his driver was taken too")
    body = REPORTS["qt-engineer"][0]
    # The same first sentence, a new second one; re-extraction gives the mention a new id.
    filled.add_report(*report("qt-engineer", body.replace("promised", "vowed"), mention="qt-engineer:v2"))
    now = filled.merged_incident("qt-engineer:v2")
    assert now["kidnapped"] == {"low": 1, "best": 2, "high": 2} and now["status"] == "edited"
    # Reworded evidence too: the report's only mention is the one the decision meant.
    filled.add_report(*report("qt-engineer", "Gunmen seized a water engineer near Sariab in Quetta on Monday.",
                              mention="qt-engineer:v3"))
    assert filled.merged_incident("qt-engineer:v3")["kidnapped"]["best"] == 2
    assert [r["field"] for r in filled.revisions("qt-engineer:v3")] == ["kidnapped"]


def test_after_a_split_an_edit_stays_with_the_part_that_kept_the_incidents_id(filled):
    incident = grenade(filled)
    filled.edit_incident(incident["id"], "fatalities", "3", author="amna", reason="three named")
    parts = filled.split_incident(incident["id"], "kh-harbour", author="ben", reason="a second grenade that day")
    by_source = {tuple(sources(p)): p for p in parts}
    kept, alone = by_source[("kh-courier",)], by_source[("kh-harbour",)]
    assert kept["id"] == incident["id"] and kept["fatalities"]["best"] == 3 and kept["status"] == "edited"
    assert alone["fatalities"] == {"low": 3, "best": 3, "high": 3} and "edits" not in alone
    assert [r["field"] for r in filled.revisions(incident["id"])] == ["fatalities", "split"]


def test_the_review_queue_puts_low_confidence_then_disagreement_then_newest_first(filled):
    queue = filled.review_queue()
    assert [(sources(i)[0], i["need"]) for i in queue] == [
        ("qt-engineer", "low confidence"), ("kh-courier", "reports disagree"),
        ("mp-shooting", "not reviewed"), ("bt-shooting", "not reviewed")]
    assert filled.review_queue_size() == 4
    assert [sources(i)[0] for i in filled.review_queue(limit=2, offset=1)] == ["kh-courier", "mp-shooting"]
    assert [sources(i)[0] for i in filled.review_queue(event_type="Violence against civilians")] == [
        "qt-engineer", "mp-shooting", "bt-shooting"]

    filled.confirm_incident("qt-engineer:0", author="amna")
    filled.edit_incident("mp-shooting:0", "fatalities", "1", author="amna", reason="x")
    filled.reject_incident("bt-shooting:0", author="amna", reason="x")
    queue = filled.review_queue()
    assert [(sources(i)[0], i["need"]) for i in queue] == [
        ("kh-courier", "reports disagree"), ("mp-shooting", "edited, not confirmed")]
    assert [sources(i)[0] for i in filled.review_queue(status="confirmed")] == ["qt-engineer"]
    assert filled.review_queue_size(status="rejected") == 1
    with pytest.raises(StoreError, match="bad limit"):
        filled.review_queue(limit=-1)
    with pytest.raises(StoreError, match="unknown filter 'colour'"):
        filled.review_queue(colour="red")


def test_a_database_made_before_review_existed_is_migrated_with_its_queue_columns(db_url):
    with Store.open(db_url) as store:
        fill(store)
        expected = [i["id"] for i in store.review_queue()]
    engine = create_store_engine(db_url)
    with engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    with engine.connect() as connection:
        columns = list(connection.execute(text("SELECT * FROM merged_incidents LIMIT 1")).keys())
        assert "confidence" not in columns and "disagreements" not in columns
    engine.dispose()
    with Store.open(db_url) as store:  # migrated again: the columns are filled from the records
        assert [i["id"] for i in store.review_queue()] == expected
        assert store.confirm_incident(expected[0], author="amna")["status"] == "confirmed"


def test_a_decision_laid_over_the_stored_incident_is_what_a_rebuild_from_the_reports_gives(filled):
    grenade_id = grenade(filled)["id"]
    filled.edit_incident(grenade_id, "fatalities", "4", author="amna", reason="morgue")
    filled.edit_incident(grenade_id, "sub_event_type", "Suicide bomb", author="amna", reason="police")
    filled.confirm_incident(grenade_id, author="ben", reason="second look")
    filled.edit_incident("mp-shooting:0", "place", "Lyari", author="ben", reason="wrong town")
    filled.reject_incident("qt-engineer:0", author="ben", reason="not political")
    filled.reject_incident("bt-shooting:0", author="ben", reason="x")
    filled.restore_incident("bt-shooting:0", author="ben")
    laid_over = {i["id"]: i for i in filled.merged_incidents(status="all")}
    filled.recluster()
    assert {i["id"]: i for i in filled.merged_incidents(status="all")} == laid_over
    assert laid_over[grenade_id]["review"]["machine"] == "extracted"


def test_the_python_api_makes_the_same_decisions(db_url, tmp_path):
    import vigil
    from vigil.store import DatabaseMissing

    with Store.open(db_url) as store:
        fill(store)
    grenade_id = vigil.review_queue(db=db_url, limit=2)[1]["id"]
    edited = vigil.edit_incident(grenade_id, "injured", "12", author="amna", reason="hospital", db=db_url)
    assert edited["injured"] == {"low": 11, "best": 12, "high": 12}
    assert vigil.confirm_incident(grenade_id, author="ben", db=db_url)["status"] == "confirmed"
    assert vigil.reject_incident(grenade_id, author="ben", reason="x", db=db_url)["status"] == "rejected"
    assert vigil.restore_incident(grenade_id, author="ben", db=db_url)["status"] == "confirmed"
    assert [r["field"] for r in vigil.incident_history(grenade_id, db=db_url)] == ["injured", "status", "status", "status"]
    assert grenade_id not in [i["id"] for i in vigil.review_queue(db=db_url)]
    with pytest.raises(DatabaseMissing):
        vigil.confirm_incident(grenade_id, author="ben", db=f"sqlite:///{tmp_path / 'typo.db'}")
    assert not (tmp_path / "typo.db").exists()
