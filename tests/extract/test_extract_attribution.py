"""Claims of responsibility and attributions in the phrasings news uses, read around a group's
name; a claim told in a sentence of its own reaches the incident it is about. The sentences are
the project's own."""
import pytest

from vigil.extract import sentence_spans
from vigil.extract.actors import find_actors
from vigil.extract.attribution import find_attributions, name_state_forces
from vigil.model import Perpetrator
from vigil.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def said(nlp):
    """(canonical name, attribution) for each group the last sentence of a text holds responsible."""
    def _said(text: str, in_incident: bool = False) -> set:
        sentence = list(sentence_spans(nlp(text)))[-1]
        return {(p.name, p.attribution) for p in find_attributions(sentence, in_incident=in_incident)}
    return _said


@pytest.mark.parametrize("text, expected", [
    # the group claims
    ("The Baloch Liberation Army claimed responsibility for the ambush in a post on Telegram.",
     ("Balochistan Liberation Army", "claimed")),
    ("IS claims responsibility for market bombing", ("Islamic State", "claimed")),
    ("Responsibility for Friday's blast was claimed by Jamaat-ul-Ahrar.", ("Jamaat-ul-Ahrar", "claimed")),
    ("The raid on the army post was claimed by the outlawed Lashkar-e-Islam.", ("Lashkar-e-Islam", "claimed")),
    ("Al-Shabaab, which claimed the assault on the hotel, said more would follow.", ("al-Shabaab", "claimed")),
    ("A spokesman for Tehreek-e-Taliban Pakistan told reporters the group was behind the bombing.",
     ("Tehreek-e-Taliban Pakistan", "claimed")),
    ("The TTP spokesman said in a statement that its fighters carried out the raid.",
     ("Tehreek-e-Taliban Pakistan", "claimed")),
    ("Boko Haram said its fighters attacked the garrison town.", ("Boko Haram", "claimed")),
    ("The Houthis took responsibility for the drone strike on the oil depot.", ("Ansar Allah", "claimed")),
    # others blame, suspect or allege
    ("Officials blamed the Pakistani Taliban for the suicide attack.", ("Tehreek-e-Taliban Pakistan", "suspected")),
    ("The killing of the two engineers was blamed on the BLF.", ("Baloch Liberation Front", "suspected")),
    ("Police suspect the involvement of Lashkar-e-Jhangvi in the shooting.", ("Lashkar-e-Jhangvi", "suspected")),
    ("The twin blasts bore the hallmarks of the Islamic State group.", ("Islamic State", "suspected")),
    ("Investigators believe the bombing was the work of al-Qaeda in the Arabian Peninsula.",
     ("al-Qaeda in the Arabian Peninsula", "suspected")),
    ("The ADF were suspected to be behind the massacre in the village.", ("Allied Democratic Forces", "suspected")),
    ("Suspected JNIM fighters raided the village at dawn.", ("Jama'at Nusrat al-Islam wal-Muslimin", "suspected")),
    ("Three men allegedly belonging to the Sindhudesh Revolutionary Army were arrested.",
     ("Sindhudesh Revolutionary Army", "alleged")),
])
def test_phrasings_name_the_group_with_its_attribution(said, text, expected):
    assert expected in said(text)


@pytest.mark.parametrize("text", [
    "No group has yet claimed responsibility for the bombing.",
    "The Pakistani Taliban denied any role in the bombing.",
    "The TTP has not claimed the attack.",
    "The ISKP has claimed responsibility for a series of attacks on Shia mosques in recent years.",
    "A spokesman for the Jamaat-e-Islami said the rally would go ahead.",
    "The MQM claimed that the election had been rigged.",
])
def test_denials_generic_claims_and_other_speech_blame_no_one(said, text):
    assert said(text) == set()


def test_members_of_a_group_are_its_doers_only_in_an_incident_sentence(said):
    text = "Militants of the Hafiz Gul Bahadur group attacked a check post in North Waziristan."
    assert ("Hafiz Gul Bahadur group", "stated") in said(text, in_incident=True)
    assert said("Militants of the Hafiz Gul Bahadur group are active in North Waziristan.") == set()


def test_a_state_force_never_claims(said):
    assert said("The Frontier Corps claimed responsibility for the raid.") == set()


def test_a_group_the_dictionary_does_not_know_claims_in_so_many_words(said):
    assert ("Free Hills Front", "claimed") in said("The Free Hills Front claimed responsibility for the blast.")


def test_a_headline_claim_is_found_by_the_incident_reader(nlp):
    sentence = list(sentence_spans(nlp("Daesh claims bombing of shrine that killed 20")))[-1]
    assert ("Islamic State", "claimed") in {(p.name, p.attribution) for p in find_actors(sentence).perpetrators}


def test_unnamed_state_forces_take_the_incident_country():
    named = name_state_forces([Perpetrator(None, "Security forces", "state forces", "stated"),
                               Perpetrator(None, "riot police", "state forces", "stated"),
                               Perpetrator(None, "gunmen", "unidentified", "stated")], "Sudan")
    assert [p.name for p in named] == ["Military Forces of Sudan", "Police Forces of Sudan", None]
    assert named[0].text == "Security forces"  # the words of the report stay
    assert name_state_forces([Perpetrator(None, "troops", "state forces", "stated")], None)[0].name is None


@pytest.mark.parametrize("text", [
    "The National Unity Government reported that forty villagers were killed in the air raid.",
    "The Awami National Party condemned the killing of its two workers in Peshawar.",
])
def test_a_group_that_reports_or_condemns_is_not_the_doer(nlp, text):
    sentence = list(sentence_spans(nlp(text)))[-1]
    assert find_actors(sentence).perpetrators == []


def test_blame_for_many_incidents_names_no_doer_of_this_one(said):
    assert said("Officials said fighters linked to the BLA were behind a wave of recent bombings.") == set()


@pytest.mark.parametrize("text", [
    "More than 300 Jamiat Ulema-e-Islam workers gathered in a tent when the bomb went off.",
    "A member of the Majlis Wahdat-e-Muslimeen spoke of his grief over the killing of the doctor.",
])
def test_a_partys_members_at_the_scene_are_not_its_doers(nlp, text):
    sentence = list(sentence_spans(nlp(text)))[-1]
    assert find_actors(sentence).perpetrators == []
