"""Actor arguments of incident sentences: perpetrators with attribution, targets with categories,
named victims with their fate. Sentences are the project's own, about typical Karachi incidents."""
import pytest

from vigil.extract import sentence_spans
from vigil.extract.actors import ActorFindings, cues, find_actors
from vigil.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


@pytest.fixture(scope="module")
def read(nlp):
    def _read(text: str, country="PK") -> ActorFindings:
        sentences = list(sentence_spans(nlp(text)))
        return find_actors(sentences[-1], country=country)
    return _read


def perps(found: ActorFindings):
    return {(p.name, p.text, p.category, p.attribution) for p in found.perpetrators}


def names(found: ActorFindings):
    return {p.name for p in found.perpetrators}


def targets(found: ActorFindings):
    return {(t.name, t.text, t.category) for t in found.targets}


def victims(found: ActorFindings):
    return {(v.name, v.role) for v in found.victims}


# ---------------------------------------------------------------- doers


def test_subject_of_violent_verb_is_an_unidentified_doer(read):
    found = read("Gunmen stormed a police station in Orangi Town late on Sunday.")
    assert perps(found) == {(None, "Gunmen", "unidentified", "stated")}
    assert targets(found) == {(None, "police station", "police")}


def test_agent_of_passive_verb_is_the_doer(read):
    found = read("A traffic constable, 28, was shot dead by two men on a motorcycle in Korangi.")
    assert perps(found) == {(None, "two men on a motorcycle", "unidentified", "stated")}
    assert targets(found) == {(None, "traffic constable", "police")}


def test_named_group_as_subject_is_normalised(read):
    found = read("Lashkar-e-Jhangvi gunmen killed a prayer leader outside a mosque in Gulshan-e-Iqbal.")
    assert ("Lashkar-e-Jhangvi", "Lashkar-e-Jhangvi", "identity militia", "stated") in perps(found)
    assert (None, "prayer leader", "religious") in targets(found)


def test_doer_nouns_the_report_introduces_count(read):
    assert names(read("The attackers carried rifles, grenades and suicide vests.")) == {None}
    found = read("Thirteen policemen were killed when a suicide bomber drove a car into a bus carrying police commandos.")
    assert (None, "suicide bomber", "unidentified", "stated") in perps(found)
    assert (None, "bus carrying police commandos", "police") in targets(found)


def test_parties_to_talks_are_not_doers(read):
    found = read("The bombing came as negotiators for the government and the militants were holding peace talks.")
    assert found.perpetrators == []


# ---------------------------------------------------------------- attribution


def test_claimed_responsibility(read):
    found = read("Tehreek-e-Taliban Pakistan claimed responsibility for that bombing.")
    assert perps(found) == {("Tehreek-e-Taliban Pakistan", "Tehreek-e-Taliban Pakistan", "rebel group", "claimed")}


def test_group_saying_its_fighters_carried_it_out_claims_it(read):
    found = read("The Baloch Liberation Army said its fighters carried out the attack on the Chinese consulate.")
    assert perps(found) == {("Balochistan Liberation Army", "Baloch Liberation Army", "rebel group", "claimed")}
    assert (None, "Chinese consulate", "foreign nationals") in targets(found)


def test_group_saying_they_were_behind_it_claims_it(read):
    found = read("The Pakistani Taliban said they were behind the bombing of the police bus.")
    assert perps(found) == {("Tehreek-e-Taliban Pakistan", "Pakistani Taliban", "rebel group", "claimed")}


def test_relative_clause_claim(read):
    found = read("The bomber was a schoolteacher, according to the Baloch Liberation Army, which claimed the attack.")
    assert ("Balochistan Liberation Army", "Baloch Liberation Army", "rebel group", "claimed") in perps(found)


def test_suspected_modifier(read):
    found = read("Suspected Lashkar-e-Jhangvi militants shot dead a Shia cleric in Gulshan-e-Iqbal.")
    assert {(p.name, p.attribution) for p in found.perpetrators} == {("Lashkar-e-Jhangvi", "suspected")}
    assert (None, "Shia cleric", "religious") in targets(found)


def test_police_suspect_a_group_behind_it(read):
    found = read("Police suspect the Pakistani Taliban were behind the attack on the checkpoint.")
    assert {(p.name, p.attribution) for p in found.perpetrators} == {("Tehreek-e-Taliban Pakistan", "suspected")}


def test_blamed_on_a_group_is_suspected(read):
    found = read("Officials blamed the bombing on Lashkar-e-Jhangvi.")
    assert {(p.name, p.attribution) for p in found.perpetrators} == {("Lashkar-e-Jhangvi", "suspected")}


def test_allegedly_is_alleged(read):
    found = read("Rangers allegedly killed a student during a raid in Lyari.")
    assert {(p.name, p.category, p.attribution) for p in found.perpetrators} == {
        ("Sindh Rangers", "state forces", "alleged")}
    assert (None, "student", "education") in targets(found)


def test_report_stating_who_was_behind_it(read):
    found = read("Police said the TTP was behind the attack on the police van.")
    assert {(p.name, p.attribution) for p in found.perpetrators} == {("Tehreek-e-Taliban Pakistan", "stated")}
    assert (None, "police van", "police") in targets(found)


def test_no_group_claimed_gives_no_perpetrator(read):
    assert read("No group has yet claimed responsibility for the killing.").perpetrators == []
    assert read("No group has said it carried out Tuesday's attack.").perpetrators == []


def test_threat_and_background_give_no_perpetrator(read):
    assert read("The TTP warned that it would attack more police stations.").perpetrators == []
    found = read("A senior officer said militants linked to the TTP had been behind several recent shootings of police.")
    assert found.perpetrators == []


# ---------------------------------------------------------------- taxonomy


def test_taliban_means_ttp_in_a_pakistan_report(read):
    assert names(read("The Taliban claimed the attack on the airport.")) == {"Tehreek-e-Taliban Pakistan"}
    assert names(read("The Afghan Taliban claimed the attack.")) == {"Afghan Taliban"}


def test_taliban_is_not_ttp_outside_pakistan(read):
    assert "Tehreek-e-Taliban Pakistan" not in names(read("The Taliban claimed the attack.", country=None))


def test_never_a_group_from_ethnicity(read):
    found = read("Baloch militants attacked a bus near the highway.")
    assert perps(found) == {(None, "Baloch militants", "unidentified", "stated")}
    found = read("Shia mourners were attacked by gunmen in Soldier Bazaar.")
    assert all(p.name is None for p in found.perpetrators)


# ---------------------------------------------------------------- responders and encounters


def test_forces_killing_the_attackers_are_responders(read):
    found = read("Three gunmen attacked the consulate and were killed by police guards at the gate.")
    assert perps(found) == {(None, "Three gunmen", "unidentified", "stated")}
    assert {p.text for p in found.responders} == {"police guards"}
    assert all(t.category != "police" for t in found.targets)


def test_encounter_killing_makes_the_police_the_doers(read):
    found = read("Police killed two suspected robbers in an encounter near Sohrab Goth.")
    assert {(p.category, p.attribution) for p in found.perpetrators} == {("state forces", "stated")}
    assert (None, "two suspected robbers", "unknown") in targets(found)


# ---------------------------------------------------------------- targets


def test_state_forces_as_targets_carry_their_name(read):
    found = read("Gunmen opened fire on a Rangers checkpoint and fought police and Rangers for an hour.")
    assert ("Sindh Rangers", "Rangers", "paramilitary") in targets(found)
    assert (None, "police", "police") in targets(found)


def test_facility_owned_by_a_force(read):
    found = read("Militants stormed the headquarters of the Karachi police on Sharea Faisal.")
    assert ("Karachi Police", "headquarters of the Karachi police", "police") in targets(found)


def test_attack_on_a_facility_named_as_an_entity(read):
    found = read("The attack on Jinnah International Airport lasted five hours.")
    assert {t.category for t in found.targets} == {"transport"}


def test_specific_people_replace_a_generic_count(read):
    found = read("At least three other people, two security guards and a police officer, were also killed.")
    assert targets(found) == {(None, "two security guards", "civilians"), (None, "police officer", "police")}


def test_passive_subject_is_the_target(read):
    found = read("Two traders were wounded when a grenade was thrown at their shop in Lea Market.")
    assert (None, "Two traders", "business") in targets(found)
    assert (None, "shop", "business") in targets(found)


# ---------------------------------------------------------------- victims


def test_named_victim_killed(read):
    found = read("Constable Imran Ali was shot dead outside his house in Korangi.")
    assert victims(found) == {("Imran Ali", "killed")}
    assert {t.category for t in found.targets} == {"police"}


def test_named_victim_in_relative_clause(read):
    found = read("The city is mourning Superintendent Aslam Khan, who was killed in a suicide bombing on Thursday.")
    assert victims(found) == {("Aslam Khan", "killed")}


def test_named_victim_kidnapped_and_arrested(read):
    assert victims(read("Gunmen abducted Asif Memon from outside his factory in SITE.")) == {("Asif Memon", "kidnapped")}
    assert victims(read("Police arrested Zubair Ahmed in Lyari on Monday.")) == {("Zubair Ahmed", "arrested")}


def test_fate_only_when_the_text_says_it(read):
    assert victims(read("Gunmen ambushed Inspector Ali Raza near his home.")) == {("Ali Raza", None)}
    assert victims(read("Gunmen shot Ali Raza near his home.")) == {("Ali Raza", None)}


def test_an_earlier_killing_given_as_a_reason_is_not_a_victim(read):
    found = read("The group said the bombing was revenge for the killing of its commander Hakim Khan last year.")
    assert found.victims == []


# ---------------------------------------------------------------- lower-cased text


def test_lower_cased_sentences(read):
    found = read("gunmen shot dead a police constable in orangi town.")
    assert perps(found) == {(None, "gunmen", "unidentified", "stated")}
    assert (None, "police constable", "police") in targets(found)
    assert names(read("the pakistani taliban claimed the attack.")) == {"Tehreek-e-Taliban Pakistan"}
    assert victims(read("constable imran ali was shot dead on monday in korangi.")) == {("imran ali", "killed")}


def test_unknown_named_group(read):
    found = read("guerrillas of the sindhudesh liberation front blew up a railway track near hyderabad.", country=None)
    assert {(p.name, p.category) for p in found.perpetrators} == {("sindhudesh liberation front", "rebel group")}
    assert (None, "railway track", "transport") in targets(found)
    found = read("the fmln claimed responsibility for the ambush.", country=None)
    assert {(p.name, p.attribution) for p in found.perpetrators} == {("fmln", "claimed")}


def test_institution_is_a_named_doer_individuals_are_not(read):
    assert {(p.name, p.category) for p in read("the army bombed two villages.", country=None).perpetrators} == {
        ("army", "state forces")}
    assert {(p.name, p.category) for p in read("soldiers killed three farmers.", country=None).perpetrators} == {
        (None, "state forces")}


# ---------------------------------------------------------------- data


def test_cue_words_come_from_the_data_file():
    table = cues()
    assert "suspected" in table.suspected and "allegedly" in table.alleged
    assert table.perpetrator_nouns["gunmen"] == "unidentified"
    assert table.facilities["consulate"] == "foreign nationals"
