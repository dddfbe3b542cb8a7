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
