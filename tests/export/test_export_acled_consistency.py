"""ACLED rows agree with themselves: inter codes follow the actors' categories, violence against
civilians has civilian victims, a state force is never an unidentified armed group
(docs/acled-coding.md). Records are the project's own."""
import pytest

from vigil.export import acled_rows

PAKISTAN = {"name": "Quetta", "city": "Quetta", "province": "Balochistan", "country": "Pakistan", "precision": "city"}


def incident(n, event_type, sub_event_type, perpetrators=(), targets=(), location=PAKISTAN):
    return {"id": f"fx-consistency-{n}", "event_type": event_type, "sub_event_type": sub_event_type,
            "date": {"start": "2024-05-01", "end": "2024-05-01", "precision": "day"}, "location": location,
            "perpetrators": [dict(zip(("name", "text", "category", "attribution"), p)) for p in perpetrators],
            "targets": [dict(zip(("name", "text", "category"), t)) for t in targets],
            "evidence": [], "sources": []}


def only_row(record):
    return next(acled_rows([record], timestamp=0))


def test_unidentified_gunmen_are_an_armed_group_whatever_category_they_carry():
    for category in ("unidentified", "criminal group", "rebel group"):
        row = only_row(incident(1, "Violence against civilians", "Attack", [(None, "gunmen", category, "stated")],
                                [(None, "a shopkeeper", "business")]))
        assert (row["actor1"], row["inter1"]) == ("Unidentified Armed Group (Pakistan)", 3)


def test_unnamed_state_forces_are_the_countrys_forces_not_an_armed_group():
    row = only_row(incident(2, "Battles", "Armed clash", [(None, "security forces", "state forces", "stated")],
                            [(None, "militants", "unknown")]))
    assert (row["actor1"], row["inter1"]) == ("Military Forces of Pakistan", 1)
    police = only_row(incident(3, "Strategic developments", "Arrests", [(None, "police", "state forces", "stated")]))
    assert (police["actor1"], police["inter1"]) == ("Police Forces of Pakistan", 1)


def test_a_named_group_takes_its_dictionary_inter_code():
    row = only_row(incident(4, "Explosions/Remote violence", "Suicide bomb",
                            [(None, "gunmen", "unidentified", "stated"),
                             ("Islamic State", "IS", "rebel group", "claimed")],
                            [(None, "worshippers", "religious")]))
    assert (row["actor1"], row["inter1"], row["assoc_actor_1"]) == ("Islamic State", 2, "")
    assert (row["actor2"], row["inter2"], row["interaction"]) == ("Civilians (Pakistan)", 7, 27)
    assert row["civilian_targeting"] == "Civilian targeting"


def test_a_states_forces_abroad_are_external_forces():
    row = only_row(incident(5, "Explosions/Remote violence", "Air/drone strike",
                            [("United States forces", "a US drone", "state forces", "stated")]))
    assert row["inter1"] == 8
    home = only_row(incident(6, "Battles", "Armed clash", [("Military Forces of Sudan", "troops", "state forces", "stated")],
                             location={"name": "Omdurman", "country": "Sudan", "precision": "city"}))
    assert home["inter1"] == 1


def test_an_attack_whose_only_victims_are_police_is_a_battle():
    row = only_row(incident(7, "Violence against civilians", "Attack", [(None, "gunmen", "unidentified", "stated")],
                            [(None, "two policemen", "police"), (None, "a patrol van", "police")]))
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == ("Battles", "Armed clash",
                                                                                "Political violence")
    assert (row["actor2"], row["inter2"], row["interaction"], row["civilian_targeting"]) == (
        "Police Forces of Pakistan", 1, 13, "")


def test_an_attack_on_police_and_bystanders_stays_violence_against_civilians():
    row = only_row(incident(8, "Violence against civilians", "Attack", [(None, "gunmen", "unidentified", "stated")],
                            [(None, "a constable", "police"), (None, "a passer-by", "civilians")]))
    assert (row["event_type"], row["actor2"], row["inter2"], row["civilian_targeting"]) == (
        "Violence against civilians", "Civilians (Pakistan)", 7, "Civilian targeting")


def test_government_officials_and_party_workers_are_civilians_with_their_body_associated():
    row = only_row(incident(9, "Violence against civilians", "Attack", [(None, "gunmen", "unidentified", "stated")],
                            [(None, "an assistant commissioner", "government"),
                             ("Awami National Party", "ANP workers", "political party")]))
    assert (row["actor2"], row["inter2"]) == ("Civilians (Pakistan)", 7)
    assert row["assoc_actor_2"] == "Government of Pakistan; Awami National Party"


@pytest.mark.parametrize("record", [
    incident(10, "Violence against civilians", "Attack", [(None, "men", "unidentified", "stated")]),
    incident(11, "Violence against civilians", "Abduction/forced disappearance",
             [("Tehreek-e-Taliban Pakistan", "TTP", "rebel group", "claimed")], [(None, "policemen", "police")]),
    incident(12, "Battles", "Armed clash", [(None, "Rangers", "state forces", "stated")], [(None, "gang", "unknown")]),
    incident(13, "Explosions/Remote violence", "Grenade", [], [(None, "a police station", "police")]),
    incident(14, "Protests", "Peaceful protest", [], []),
    incident(15, "Strategic developments", "Arrests", [(None, "police", "state forces", "stated")],
             [(None, "traders", "business")]),
])
def test_every_row_is_consistent(record):
    row = only_row(record)
    if row["event_type"] == "Violence against civilians":
        assert row["inter2"] == 7 and row["civilian_targeting"] == "Civilian targeting"
    if row["civilian_targeting"]:
        assert "Political violence" in row["disorder_type"]
    if row["actor1"].startswith("Unidentified Armed Group"):
        assert row["inter1"] == 3
    if row["actor1"].startswith(("Military Forces of", "Police Forces of")):
        assert row["inter1"] in (1, 8)
    codes = sorted(c for c in (row["inter1"], row["inter2"]) if c)
    assert row["interaction"] == (codes[0] * 10 + (codes[1] if len(codes) > 1 else 0) if codes else 0)
