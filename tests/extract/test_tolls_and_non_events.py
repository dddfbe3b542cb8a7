"""Tolls that add up and reports that tell no incident, on sentences written for these tests."""
import pytest

from vigil.extract import extract_document
from vigil.extract.counts import find_counts
from vigil.model import Document


def incidents(text: str, published: str = "2021-03-10"):
    found = extract_document(Document(id="t", text=text, published=published)).incidents
    for incident in found:
        for evidence in incident.evidence:
            assert text[evidence.start:evidence.end] == evidence.sentence
    return found


def counts(sentence: str):
    return [(c.field, c.quantity.low, c.quantity.best, c.quantity.high) for c in find_counts(sentence)]


# --------------------------------------------------------------------------- tolls


@pytest.mark.parametrize("sentence,expected", [
    # a toll restated far from its verb
    ("The death toll of Monday's ambush on a fuel tanker near the bypass has climbed to 14, a doctor said.",
     [("fatalities", 14, 14, 14)]),
    # killing words beyond "killed" and "died"
    ("More than 40 villagers were massacred by the raiders.", [("fatalities", 40, 40, None)]),
    ("Two guards were martyred at the checkpoint.", [("fatalities", 2, 2, 2)]),
    # a court's sentence is not a death
    ("Three gang members were each sentenced to death by the anti-terrorism court.", []),
    # "up to" sets the high bound only
    ("Up to 9 people were killed in the blast.", [("fatalities", None, 9, 9)]),
    # a time after the verb is not its object: the number counts the dead, not the killers
    ("Officials said 17 traders murdered the previous day were buried on Sunday.", [("fatalities", 17, 17, 17)]),
    # lives claimed or taken, the number after the phrase
    ("The ambush, which began at dusk, claimed the lives of thirty-one soldiers.", [("fatalities", 31, 31, 31)]),
    ("The gunfire at the shrine took the lives of 12 pilgrims.", [("fatalities", 12, 12, 12)]),
    ("The attack claimed lives of four guards.", [("fatalities", 4, 4, 4)]),
    # a count "among" a total is part of it: the total is the sentence's only count
    ("Three engineers among nine people were killed when the convoy was ambushed.", [("fatalities", 9, 9, 9)]),
    # an aside between commas parts the number from its fate
    ("41, mostly pilgrims, killed and 60 injured in bus bombing", [("fatalities", 41, 41, 41), ("injured", 60, 60, 60)]),
    ("Nineteen people — mostly pilgrims — were killed when the bus was bombed.", [("fatalities", 19, 19, 19)]),
])
def test_sentence_counts(sentence, expected):
    assert counts(sentence) == expected


def test_the_toll_of_an_earlier_blast_in_a_relative_clause_is_not_the_incident_s():
    [incident] = incidents("Two bombs went off outside the city court on Tuesday. Tuesday's blasts hit the same "
                           "crossing as a huge truck bomb in 2015 that killed more than 300 people.",
                           published="2021-03-10")
    assert incident.fatalities is None


def test_the_incident_a_lead_is_compared_with_gives_it_no_date_kind_or_toll():
    [incident] = incidents("In the deadliest attack since the 2015 bombing of a bus that killed 45, gunmen shot dead "
                           "twenty villagers at a wedding in Kurram on Sunday.", published="2021-03-10")
    assert incident.date.start == "2021-03-07" and incident.sub_event_type != "Remote explosive/landmine/IED"
    assert incident.fatalities.best == 20


def test_a_verdict_for_a_deadly_crime_kills_nobody():
    [verdict] = incidents("A court in Hyderabad on Tuesday sentenced three men to life in prison for the arson "
                          "attack on a bus depot which killed 14 workers in 2019.")
    assert verdict.sub_event_type == "Conviction" and verdict.fatalities is None


def test_a_restated_toll_supersedes_the_figure_in_the_same_sentence():
    found = find_counts("The toll from the market bombing, which had killed 30 people, rose to 41 overnight.")
    assert [(c.field, c.quantity.best, c.update) for c in found] == [("fatalities", 30, False), ("fatalities", 41, True)]
    [incident] = incidents("A car bomb exploded at a vegetable market in Quetta on Tuesday. The toll from the market "
                           "bombing, which had killed 30 people, rose to 41 overnight.")
    assert incident.fatalities.best == 41


@pytest.mark.parametrize("text,fatalities,attackers", [
    # a part of a total is not added to it
    ("At least 11 people including three soldiers were killed when a bomb went off at a checkpoint in Bannu "
     "on Monday.", (11, 11, None), None),
    # a restated toll is not overtaken by the lead told again after it
    ("The toll in Sunday's ambush of a bus in Mastung has risen to 9, officials said. Gunmen had stopped the "
     "bus and killed five passengers on the spot.", (9, 9, 9), None),
    # victims and attackers are kept apart and summed once
    ("Militants attacked a police post in Tank on Wednesday night, killing four constables. Three attackers "
     "were killed in the return fire.", (7, 7, 7), 3),
])
def test_incident_tolls(text, fatalities, attackers):
    [incident] = incidents(text)
    assert (incident.fatalities.low, incident.fatalities.best, incident.fatalities.high) == fatalities
    assert (incident.perpetrators_killed.best if incident.perpetrators_killed else None) == attackers


def test_a_later_toll_update_replaces_the_earlier_figure():
    [incident] = incidents("A suicide bomber struck a mosque in Peshawar on Friday, killing 18 worshippers. "
                           "Rescue workers pulled more bodies from the rubble. "
                           "By Saturday the toll of the dead had risen to 26, hospital officials said.")
    assert incident.fatalities.best == 26
    # the update points to the sentence it came from
    assert any("risen to 26" in e.sentence for e in incident.evidence)


def test_a_total_for_several_attacks_is_given_to_none_of_them():
    found = incidents("Eight policemen were killed in three attacks across the province on Thursday.")
    assert found == []
    found = incidents("Nine soldiers were killed in two separate ambushes in the district on Monday. "
                      "In the first, a patrol was hit by a roadside bomb near Mir Ali, killing four soldiers.")
    assert [i.fatalities.best for i in found] == [4]


def test_earlier_in_the_day_opens_a_new_incident():
    found = incidents("Troops killed five militants during a raid on a hideout in Khyber on Tuesday. "
                      "Earlier in the day, two policemen were shot dead at a checkpoint in Bannu.")
    assert sorted(i.fatalities.best for i in found) == [2, 5]


def test_a_sentence_about_a_previous_attack_does_not_change_the_toll():
    found = incidents("Gunmen attacked farmers in their fields near Maiduguri on Sunday, killing 12. "
                      "In the previous attack, the same group killed dozens of fishermen on the lake.")
    first = next(i for i in found if any("Sunday" in e.sentence for e in i.evidence))
    assert first.fatalities.best == 12


# --------------------------------------------------------------------------- what is not an incident


def test_statistics_over_a_period_make_no_incident():
    assert incidents("A total of 312 people were killed in the province in the first half of the year, "
                     "according to figures released by a rights group.", published="2021-07-20") == []
    assert incidents("Deaths from bombings fell by 12% compared with the same period last year, when 80 people "
                     "were killed.", published="2021-07-20") == []


def test_a_story_called_false_makes_no_incident_nor_does_the_arrest_for_spreading_it():
    text = ("Police call reports of a bomb blast at the main bus stand of the city fake news\n\n"
            "Posts circulating on social media claimed that a bomb had exploded at the bus stand on Sunday. "
            "Police said no such incident had happened and the video was from another country. "
            "Officers traced the man who first shared the clip. He has been arrested and a case registered.")
    assert incidents(text) == []


def test_a_negated_attack_is_no_incident():
    assert incidents("The army said there was no attack on its convoy near the border on Friday.") == []


def test_arrests_told_as_a_pattern_are_no_incident():
    assert incidents("Many foreign visitors have been detained without charge at the airport, the advisory said.") == []
    # one arrest told in the present perfect still is one
    assert len(incidents("Police have arrested two suspects in the killing of a lawyer in Gulshan on Monday.")) == 1


def test_a_condemnation_or_a_funeral_is_not_a_second_incident():
    found = incidents("Gunmen shot dead a trader outside his shop in Saddar on Monday evening. "
                      "The shop had been open for twenty years and was known across the neighbourhood. "
                      "Its shutters stayed down all week, and the street was quiet. "
                      "Traders in the market closed their shops the next morning. "
                      "Many of them said they felt unsafe. "
                      "The chief minister condemned the killing and ordered an inquiry. "
                      "Hundreds attended the funeral of the slain trader on Tuesday.")
    assert len(found) == 1
    # a reaction with no incident before it makes none either
    assert incidents("The governor expressed grief over the killing of the farmers and attended their funeral.") == []


def test_a_victim_named_before_its_participle_is_counted():
    [incident] = incidents("Relatives of a watchman killed in Tuesday's raid on a warehouse in Orangi blocked the "
                           "main road.", published="2021-03-10")
    assert incident.fatalities.best == 1


def test_a_reaction_that_tells_the_incidents_day_still_reports_it():
    found = incidents("The city is mourning a police inspector who was killed in a roadside bombing in Lyari on "
                      "Tuesday.", published="2021-03-10")
    assert len(found) == 1


def test_a_toll_of_an_earlier_attack_recalled_in_passing_is_not_this_ones():
    assert counts("The ambush came two days after an attack on the airport in which 3 guards were killed.") == []
    assert counts("After the attack, 13 bodies were recovered from the rubble.") == [("fatalities", 13, 13, 13)]
    # nor through the grammar of its death verb
    [incident] = incidents("Gunmen kidnapped a contractor in Bannu on Monday, a week after an attack on a "
                           "checkpoint in which two guards were killed.")
    assert incident.fatalities is None


def test_a_later_sentence_about_the_attack_joins_the_incident_told_rather_than_starting_one():
    found = incidents("Gunmen stormed a bank in Saddar on Monday, killing two guards. "
                      "Police arrested three suspects in Lyari on Tuesday. "
                      "Police said the attack lasted about twenty minutes.")
    assert len(found) == 2
    lead = next(i for i in found if i.sub_event_type != "Arrests")
    assert any("lasted about twenty minutes" in e.sentence for e in lead.evidence)


def test_a_blast_leaving_someone_dead_counts_them():
    from vigil.extract.counts import grammar_counts
    from vigil.nlp import get_nlp

    nlp = get_nlp()
    assert grammar_counts(nlp("A parcel bomb went off at a bus stop, leaving a porter dead and three hurt.")[:]) == {"fatalities": 1}
    assert grammar_counts(nlp("The roadside bomb left four soldiers dead.")[:]) == {"fatalities": 4}


def test_a_number_the_parser_hangs_on_a_party_s_name_counts_its_workers():
    from vigil.extract.counts import grammar_counts
    from vigil.nlp import get_nlp

    nlp = get_nlp()
    assert grammar_counts(nlp("Three Muttahida Qaumi Movement (MQM) workers were shot dead in Orangi.")[:]) == {"fatalities": 3}
    assert grammar_counts(nlp("Two Rangers personnel were killed in Lyari.")[:]) == {"fatalities": 2}


def test_a_sentence_telling_an_earlier_incident_counts_only_that_incident_s_dead():
    from vigil.extract.counts import grammar_counts
    from vigil.nlp import get_nlp

    sentence = get_nlp()("The killing of the trader came days after four policemen were shot dead in Mardan.")[:]
    start = sentence.text.index("four")
    assert grammar_counts(sentence, start) == {"fatalities": 4}


def test_dead_reported_with_a_hedge_are_still_dead():
    text = ("KARACHI: Gunmen opened fire on a wedding party in Baldia Town on Saturday night, police said. "
            "Six guests were reported to have been killed.")
    found = incidents(text)
    assert len(found) == 1 and found[0].fatalities.best == 6
    hedge = "reported to have been killed"
    assert any(hedge in e.sentence for e in found[0].evidence)


def test_could_have_been_killed_is_still_no_death():
    text = ("KARACHI: A bomb was defused outside a school in Malir on Saturday, police said. "
            "Dozens of children could have been killed.")
    assert all(i.fatalities is None or not i.fatalities.best for i in incidents(text))
