import pytest

from vigil.knowledge.actors import load_actors


@pytest.mark.parametrize("text, actor_id", [
    ("The Pakistani Taliban claimed it", "ttp"),
    ("a TTP commander", "ttp"),
    ("Tehrik-i-Taliban Pakistan", "ttp"),
    ("the Taliban attacked", "ttp"),
    ("the Afghan Taliban regained Kabul", "afghan-taliban"),
    ("the Mohmand Taliban", "ttp-mohmand"),
    ("the Swat Taliban", "ttp-swat"),
    ("Jamaat-ul-Ahrar said", "jamaat-ul-ahrar"),
    ("Lashkar-e-Jhangvi gunmen", "lashkar-e-jhangvi"),
    ("claimed by IS-K", "iskp"),
    ("the Majeed Brigade of the BLA", "bla-majeed-brigade"),
    ("the paramilitary Rangers", "sindh-rangers"),
    ("officers of the CTD", "ctd-sindh"),
    ("the Human Rights Commission of Pakistan", "hrcp"),
    ("Edhi volunteers", "edhi-foundation"),
    ("People's Amn Committee", "peoples-amn-committee"),
])
def test_alias_matches_actor(text, actor_id):
    assert load_actors().match(text).id == actor_id


def test_taliban_alone_means_ttp_only_in_pakistan_context():
    actors = load_actors()
    assert actors.match("the Taliban", country="PK").id == "ttp"
    assert actors.match("the Taliban", country=None) is None


def test_acronyms_are_case_sensitive():
    actors = load_actors()
    assert actors.match("it is what it is") is None
    assert actors.match("the fc was there") is None
    assert actors.match("the FC was there").id == "frontier-corps"


def test_actor_codes():
    actors = load_actors()
    assert actors.get("ttp").inter == 2 and actors.get("ttp").category == "rebel group"
    assert actors.get("sindh-police").inter == 1 and actors.get("sindh-police").target_category == "police"
    assert actors.get("sindh-rangers").target_category == "paramilitary"
    assert actors.get("ttp-mohmand").parent == "ttp"


@pytest.mark.parametrize("noun, category", [
    ("constable", "police"), ("traffic officer", "police"), ("commandos", "police"), ("SHO", "police"),
    ("senior police officer", "police"), ("Rangers", "paramilitary"), ("soldier", "military"),
    ("preacher", "religious"), ("cleric", "religious"), ("trader", "business"),
    ("factory owner", "business"), ("journalist", "journalists"), ("polio worker", "health workers"),
    ("teacher", "education"), ("table", None),
])
def test_category_for_noun(noun, category):
    assert load_actors().category_for_noun(noun) == category


# ---------------------------------------------------------------- the wider dictionary


@pytest.mark.parametrize("text, actor_id", [
    ("fighters of al-Shabab", "al-shabaab"),
    ("Houthi rebels", "houthis"),
    ("ISWAP", "iswap"),
    ("the Islamic State group", "islamic-state"),
    ("Daesh", "islamic-state"),
    ("ISIS-K", "iskp"),
    ("CPI (Maoist)", "cpi-maoist"),
    ("Hafiz Gul Bahadur group", "hafiz-gul-bahadur"),
    ("Fitna al-Khawarij", "ttp"),
    ("Baloch Raji Aajoi Sangar", "bras"),
    ("Tehreek-i-Labbaik Pakistan", "tlp"),
    ("MQM-Haqiqi", "mqm-haqiqi"),
    ("Lashkar-e-Islam", "lashkar-e-islam"),
    ("M23 rebels", "m23"),
    ("the Rapid Support Forces", "rsf"),
    ("the Gulf Clan", "clan-del-golfo"),
    ("Tren de Aragua", "tren-de-aragua"),
])
def test_armed_groups_of_the_regions_vigil_reads(text, actor_id):
    assert load_actors().match(text).id == actor_id


@pytest.mark.parametrize("text, name, country", [
    ("Sudanese security forces", "Military Forces of Sudan", "SD"),
    ("the Nigeria Police", "Police Forces of Nigeria", "NG"),
    ("Haitian National Police", "Police Forces of Haiti", "HT"),
    ("two Russian missiles", "Military Forces of Russia", "RU"),
    ("Pakistani security forces", "Pakistan Army", "PK"),
])
def test_each_country_has_military_and_police_forces(text, name, country):
    actor = load_actors().match(text)
    assert (actor.name, actor.category, actor.inter, actor.country) == (name, "state forces", 1, country)


def test_state_force_by_country_name():
    actors = load_actors()
    assert actors.state_force("Bangladesh", "police").name == "Police Forces of Bangladesh"
    assert actors.state_force("Atlantis", "military") is None


def test_dictionary_is_large_and_consistent():
    actors = load_actors().actors.values()
    assert len(actors) >= 300
    assert sum(1 + len(a.aliases) for a in actors) >= 2000
    for actor in actors:
        assert 1 <= actor.inter <= 8, actor.id
        assert actor.category in ("rebel group", "political militia", "identity militia", "state forces",
                                  "criminal group", "unidentified"), actor.id
        assert actor.parent is None or actor.parent in load_actors().actors, actor.id
        # a state force is inter 1 (or 8 for foreign contractors), nothing else is
        assert (actor.category == "state forces") == (actor.inter in (1, 8)) or actor.kind in (
            "monitor", "welfare organisation", "community"), actor.id


def test_acronyms_match_only_in_capitals():
    actors = load_actors()
    assert actors.match("IS claims the attack").id == "islamic-state"
    assert actors.match("the tip is useful") is None
