"""Who did it, as news names the doer beside the deed, on sentences written for these tests: a
country's strike, a court's verdict, fighters from named groups, the dead who were only struck,
warplanes and juntas as a state's forces."""
from vigil.extract import extract_document
from vigil.extract.actors import find_actors
from vigil.model import Document
from vigil.nlp import get_nlp


def actors(sentence: str, country: str = "PK"):
    return find_actors(get_nlp()(sentence)[:], country=country)


def incidents(text: str, published="2022-05-12"):
    return extract_document(Document(id="t", text=text, published=published)).incidents


def test_a_country_named_on_a_strike_is_its_doer():
    found = actors("A US drone strike near Miranshah on Sunday evening killed the commander, "
                   "sources confirmed.")
    assert [p.name for p in found.perpetrators] == ["United States forces"]


def test_the_dead_of_a_strike_are_not_its_doers():
    found = actors("Officials said five suspected militants were killed and one wounded in the strike.")
    assert found.perpetrators == []


def test_the_court_that_sentences_acts_in_the_verdict():
    found = actors("A Hyderabad anti-terrorism court has sentenced three men to life in prison.")
    assert [p.name for p in found.perpetrators] == ["anti-terrorism courts"]
    [incident] = incidents("A Hyderabad anti-terrorism court has sentenced three men to life in prison.")
    assert [p.name for p in incident.perpetrators] == ["anti-terrorism courts"]


def test_fighters_from_named_groups_are_those_groups():
    found = actors("Gangsters from the Arshad Pappu and Uzair Baloch groups stormed the market on Monday.")
    assert {p.name for p in found.perpetrators} & {"Arshad Pappu gang", "Uzair Baloch gang"}


def test_warplanes_and_a_junta_are_state_forces():
    found = actors("A junta fighter jet bombed the village school on Tuesday morning.", country="MM")
    assert [p.category for p in found.perpetrators] == ["state forces"]


def test_a_date_in_a_clause_about_something_else_does_not_date_the_attack():
    text = ("Gunmen stormed a teachers' hostel in Kohat on Tuesday, killing four. "
            "The attack was a blow to the governor who took office in March 2020.")
    [incident] = incidents(text)
    assert incident.date.start == "2022-05-10"


def test_an_earlier_attack_the_report_recalls_keeps_its_own_toll():
    text = ("A bomb exploded near a police van in Mastung on Friday, killing six people. "
            "The attack came days after militants stormed a checkpost in Zhob, triggering a gunfight that left "
            "two soldiers dead. Three attackers were also killed.")
    found = incidents(text)
    assert [i.fatalities.best for i in found] == [6, 5]


def test_unnamed_state_forces_take_the_one_country_the_report_names():
    text = ("Junta airstrike on Tumbara hamlet kills nine\n\n"
            "Nine villagers were killed when a junta fighter jet bombed the hamlet of Tumbara on Tuesday, "
            "residents said. Rights groups have long accused the Myanmar army of bombing civilians.")
    [incident] = incidents(text)
    assert [p.name for p in incident.perpetrators] == ["Military Forces of Myanmar"]


def test_a_report_naming_two_countries_names_no_force():
    text = ("Nine villagers were killed when a fighter jet bombed the hamlet of Tumbara on Tuesday. "
            "Officials in Kenya and Uganda traded blame.")
    [incident] = incidents(text)
    assert [p.name for p in incident.perpetrators] in ([None], [])


def targets(sentence: str):
    return sorted({t.category for t in actors(sentence).targets})


def test_a_title_before_a_victims_name_says_what_was_targeted():
    assert targets("Opposition lawmaker Daniel Mwangi was shot dead outside his home on Monday.") == ["political party"]
    assert targets("Gunmen assassinated President Mateo Rivas at his residence on Tuesday.") == ["government"]


def test_a_martyred_policeman_is_a_police_target():
    assert targets("Gunmen on a motorcycle martyred a policeman in a targeted attack in Landhi on Friday.") == ["police"]


def test_the_kinds_of_people_a_toll_names_among_its_dead_are_targets():
    assert "police" in targets("At least 12 people including three traffic policemen were killed when a bomb "
                               "went off near the square.")


def test_security_personnel_and_protesters():
    assert targets("Six security personnel were killed in the ambush.") == ["military"]
    assert targets("Doctors said troops shot dead four protesters.") == ["civilians"]


def test_the_reason_given_for_an_attack_neither_types_it_nor_names_its_doer():
    text = ("Gunmen stormed a hotel in Chitral on Sunday, killing six guests. "
            "Its spokesman called the raid revenge, in retaliation for the death of their commander in what was believed to be a US "
            "drone strike last March.")
    [incident] = incidents(text, published="2022-05-12")
    assert incident.sub_event_type == "Attack"
    assert "United States forces" not in [p.name for p in incident.perpetrators]


def test_where_a_bomber_set_off_his_vest_is_what_he_struck():
    assert targets("A bomber set off his vest at a tribal jirga in the valley on Friday.") == ["civilians"]
    assert targets("A bomber set off his vest at a party convention in Tank, killing nine people.") == [
        "political party"]
