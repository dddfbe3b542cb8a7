"""Incidents in one report, on the project's own sentences: what is an incident, which sentences
tell the same one, and what each field reads from."""
import pytest
import vigil
from vigil.extract import extract_document
from vigil.model import Document, TimeCue


def incidents(text: str, published: str = "2014-08-11", **meta):
    found = extract_document(Document(id="t", text=text, published=published, **meta)).incidents
    for incident in found:
        for evidence in incident.evidence:
            assert text[evidence.start:evidence.end] == evidence.sentence
    return found


def test_a_lead_and_its_details_are_one_incident():
    text = ("Bomb kills police commandos in Karachi\n\n"
            "KARACHI, Pakistan — A suicide bomber rammed a car into a police bus on Thursday, killing 12 "
            "commandos and wounding more than 40 others. The bus was carrying officers to a training centre. "
            "The blast left a crater in the road. Altogether, 13 officers died by the evening.")
    [incident] = incidents(text, published="2014-02-14")
    assert incident.sub_event_type == "Suicide bomb"
    assert incident.date.start == "2014-02-13" and incident.date.precision == "day"
    assert incident.fatalities.best == 13 and incident.injured.low == 40 and incident.injured.high is None
    assert len(incident.evidence) >= 3
    assert incident.location.city == "Karachi"


def test_a_separate_incident_is_kept_apart():
    text = ("Gunmen shot dead a traffic constable in Orangi Town on Monday evening. "
            "In a separate incident, a shopkeeper was shot dead during a robbery in Lyari.")
    found = incidents(text)
    assert len(found) == 2
    assert {i.location.name for i in found} == {"Orangi Town", "Lyari Town"} or len({i.location.name for i in found}) == 2


def test_meanwhile_pointing_back_at_the_blast_tells_the_same_incident():
    text = ("A car bomb struck a convoy of engineers near the port in Gwadar on Sunday night, killing three. "
            "Doctors said eleven wounded were brought to the district hospital. "
            "Meanwhile, firefighters said the fire started by the blast had spread to six vehicles. "
            "Meanwhile, in Turbat, gunmen shot dead a shopkeeper on Sunday night.")
    found = incidents(text)
    assert len(found) == 2
    assert any("firefighters" in e.sentence for e in found[0].evidence)


def test_earlier_in_the_day_inside_a_clause_about_someone_opens_no_new_incident():
    text = ("A suicide bomber struck mourners at the district hospital in Turbat on Monday, killing 30. "
            "The blast came as the body of a teacher who was shot dead earlier in the day was brought in.")
    [incident] = incidents(text)
    assert len(incident.evidence) == 2


def test_not_the_first_time_turns_to_an_earlier_incident():
    text = ("Gunmen killed four road workers near the toll plaza in Kohat, police said. "
            "It is not the first time the road came under attack: earlier in 2019 a bomb there killed two guards.")
    found = incidents(text, published=None)
    assert len(found) == 2 and found[0].fatalities.best == 4


def test_background_incident_with_its_own_date_is_its_own_incident():
    text = ("Two policemen were shot dead on Sunday near a checkpoint in Korangi. "
            "In January, a bomb killed a senior police officer on the expressway.")
    found = incidents(text)
    assert [i.date.precision for i in found] == ["day", "month"]
    assert found[1].date.start == "2014-01-01"


def test_background_incident_without_a_date_is_never_dated_by_the_report():
    text = ("A bomb hidden in a vegetable cart exploded at the Tarvel bus stand on Tuesday, killing six "
            "passengers and wounding 14, police said.\n\n"
            "Police cordoned off the bus stand and took the wounded to the district hospital.\n\n"
            "In a previous attack claimed by the same group, gunmen shot dead two guards outside the Nerpur court.")
    lead, background = incidents(text, published="2024-03-12")
    assert lead.date.start == "2024-03-12"
    assert "previous attack" in background.evidence[0].sentence
    assert background.date is None  # not the report's day: the merge finds it by what it tells


def test_generic_statements_are_not_incidents():
    text = ("Militants have gunned down police officers across the city for two years. "
            "Bombings, assassinations and kidnappings are part of daily life. "
            "Almost every day the gangs attack someone in the old quarters.")
    assert incidents(text) == []


def test_threats_plans_and_denials_are_not_incidents():
    text = ("The group warned that it would attack more police stations. "
            "Officials said the cell was planning to kidnap a businessman. "
            "The party denied killing the worker.")
    assert incidents(text) == []


def test_an_attempted_attack_is_an_incident():
    [incident] = incidents("On Friday, a bomber on foot tried to attack a Rangers officer's convoy; "
                           "two guards were injured.", published="2014-02-15")
    assert incident.date.start == "2014-02-14" and incident.injured.best == 2


def test_a_judicial_step_is_its_own_incident():
    text = ("Gunmen shot dead a lawyer outside the city court on Tuesday. "
            "Police arrested two suspects on Wednesday.")
    found = incidents(text, published="2014-08-08")
    assert [i.sub_event_type for i in found] == ["Attack", "Arrests"]
    assert found[1].arrested.best == 2


def test_an_aggregate_is_not_an_incident():
    assert incidents("The force lost its 100th officer this year when a constable on patrol was shot dead.") == []


def test_transcript_narration_in_the_present_is_reported_with_timestamps():
    text = "The squad moves in at dawn. The suspects open fire on the officers. Two men are arrested."
    cues = [TimeCue(0, 27, "0:01:00"), TimeCue(28, 67, "0:01:04"), TimeCue(68, len(text), "0:01:09")]
    found = incidents(text, published="2015-11", cues=cues, format="transcript")
    assert found
    assert all(e.timestamp for i in found for e in i.evidence)
    assert any(e.timestamp == "0:01:04" for i in found for e in i.evidence)


def test_names_the_model_tags_as_places_are_not_places_unless_known():
    [incident] = incidents("KARACHI: Gunmen killed Noman outside his house on Tuesday, police said.")
    assert incident.location.name == "Karachi"


def test_tense_decides_between_one_happening_and_a_pattern():
    assert incidents("Even the most senior officer can be killed by the gangs.") == []
    assert incidents("Informers call in gunmen to attack patrols that enter the lanes.") == []
    assert incidents("These attacks keep traders awake at night.") == []
    [incident] = incidents("Gunmen on a motorcycle shot dead a constable outside a bakery in Baldia.")
    assert incident.location.name.startswith("Baldia")
    # an existential report of one killing, in the present perfect, is still one killing
    assert len(incidents("There has been news of a constable murdered near the market today.")) == 1


def test_victims_counted_by_grammar_and_attackers_added_to_the_toll():
    [incident] = incidents("KARACHI: A bomb killed three Chinese teachers and their Pakistani driver on Tuesday.",
                           published="2022-04-27")
    assert incident.fatalities.best == 4
    [incident] = incidents("Gunmen stormed a consulate in Clifton on Friday. Two policemen and two visitors were "
                           "killed before all three attackers were shot dead.", published="2018-11-24")
    assert incident.perpetrators_killed.best == 3 and incident.fatalities.best == 7
    [incident] = incidents("At least 28 people died in the airport siege on Sunday night, including the ten "
                           "attackers.", published="2014-06-10")
    assert incident.fatalities.low == 28 and incident.perpetrators_killed.best == 10


def test_a_later_sentence_adding_victims_adds_to_the_toll():
    [incident] = incidents("A senior superintendent was killed in a car bombing on the expressway on Thursday. "
                           "Two other policemen travelling with him were also killed.", published="2014-01-10")
    assert incident.fatalities.best == 3


def test_a_facility_named_by_its_kind_is_the_citys_own():
    [incident] = incidents("KARACHI: Gunmen stormed the cargo terminal of the city's airport on Sunday night.",
                           published="2014-06-09")
    assert incident.location.gazetteer_id == "khi:jinnah-international-airport"
    assert incident.location.precision == "point"


def test_days_later_counts_from_the_incident_it_follows():
    found = incidents("A student disappeared on June 28 after men in a van stopped him near his school. "
                      "Nine days later, his body was found by a canal.", published="2014-08-11")
    assert [i.date.start for i in found] == ["2014-06-28", "2014-07-07"]
    assert found[1].date.text == "Nine days later"


def test_an_indefinite_dated_attack_after_an_incident_is_a_new_one():
    found = incidents("A trader was kidnapped in SITE on June 28. His family paid a ransom. Police said the case "
                      "was under investigation. One guard was killed in an attack in April near the same market.",
                      published="2014-08-11")
    assert len(found) == 2 and found[1].date.precision == "month"


def test_a_place_named_in_a_quiet_sentence_places_the_incident_after_it():
    text = ("KARACHI: Tension has grown in the western suburbs.\n\n"
            "The police station in one neighbourhood, Pirabad, has been on alert for weeks. "
            "One constable was killed there in an attack on Monday.")
    [incident] = incidents(text, published="2014-08-12")
    assert incident.location.gazetteer_id == "khi:pirabad"


def test_a_place_in_another_paragraph_does_not_place_an_incident():
    text = ("KARACHI: A bomber killed a police officer on the expressway on Monday.\n\n"
            "Separately, residents of Pirabad complained about water shortages.")
    [incident] = incidents(text, published="2014-08-12")
    assert incident.location.gazetteer_id != "khi:pirabad"


def test_a_headline_in_the_present_without_articles_reports_an_incident():
    text = "Gunmen storm police post, three dead\n\nThe attack began at dawn and lasted an hour."
    [incident] = incidents(text, published="2015-03-02")
    assert incident.evidence[0].sentence == "Gunmen storm police post, three dead"
    assert incident.fatalities.best == 3


def test_a_number_before_an_active_killing_verb_counts_the_killers():
    [incident] = incidents("KARACHI: On Sunday the ten attackers killed 18 people at the terminal.",
                           published="2014-06-09")
    assert incident.fatalities.best == 18 and incident.perpetrators_killed is None


def test_a_milestone_in_running_figures_is_not_an_incident():
    text = ("The figures, which count officers killed on and off duty, show that the force passed the "
            "mark of 60 dead by early May.")
    assert incidents(text, published="2015-06-01") == []


def test_the_dateline_date_is_the_reports_and_the_story_dates_the_incident():
    [incident] = incidents("KARACHI, June 9 — Gunmen stormed the cargo terminal late on Sunday night.",
                           published="2014-06-09")
    assert incident.date.start == "2014-06-08"


def test_a_roundup_of_separate_incidents_gives_each_its_own_record():
    text = ("KARACHI, April 16 — Two men were shot dead in separate incidents in Korangi on Tuesday evening. "
            "Gunmen shot dead a constable outside a mosque. Less than an hour later and a few streets away, "
            "a tailor was killed by robbers.")
    found = incidents(text, published="2014-04-16")
    assert len(found) == 2
    assert all(i.fatalities.best == 1 for i in found)


def test_a_newspaper_named_like_a_town_is_not_a_place():
    # "Dawn" is also a town's name in the world gazetteer; here it is the paper that carried the story.
    from vigil.extract.places import place_candidates
    from vigil.nlp import get_nlp

    doc = get_nlp()("A report in Dawn cited the Orangi SP as saying the gunmen fled.")
    assert [m.text for m in place_candidates(doc[:])] == ["Orangi"]


@pytest.mark.parametrize("sentence,places", [
    # the possessor only situates the place it possesses
    ("Troops shot two marchers dead in Sudan's Omdurman on Friday.", ["Omdurman"]),
    ("Riot police fired on a crowd in Khartoum's sister city of Omdurman.", ["Omdurman"]),
    # a place inside an agency's name is not where anything happened
    ("Witnesses told Agence France-Presse that gunmen burned the market in Beni.", ["Beni"]),
    # nor is a place that begins an institution's name
    ("The wounded from the blast in Tarnol were taken to Pakistan Institute of Medical Sciences.", ["Tarnol"]),
    ("Punjab Police said the gunmen who attacked the bus in Okara had fled.", ["Okara"]),
    # a name the model labels nothing useful, then "in" a region-word and a known place
    ("Gunmen shot dead thirty herders of Tamboura in north-eastern Mali on Sunday, officials said.",
     ["Tamboura", "Mali"]),
    # the model leaves the possessed name out of its entities: the gazetteer knows it
    ("Six troopers died in an ambush in Chhattisgarh's Bijapur on Saturday.", ["Bijapur"]),
    # a pair of villages "between" which it happened, then the known place they lie in
    ("Raiders tore up the line between Rijana and Katari in Kaduna before stopping the train.",
     ["Rijana", "Kaduna"]),
    # but "between" two people is no stretch of land
    ("Talks between Khan and Sharif in Lahore broke down before the shooting.", ["Lahore"]),
])
def test_the_place_told_is_not_the_one_that_situates_it_or_names_an_agency(sentence, places):
    from vigil.extract.places import place_candidates
    from vigil.nlp import get_nlp

    told = [m.text for m in place_candidates(get_nlp()(sentence)[:]) if not m.possessor]
    assert told == places


def test_the_sentence_after_a_headline_keeps_its_first_word():
    text = ("Constable shot dead in Orangi\n\n"
            "Gunmen on a motorcycle shot dead a police constable in Orangi Town on Monday, police said.")
    sentences = [e.sentence for i in vigil.extract(text, published="2024-03-05").incidents for e in i.evidence]
    assert any(s.startswith("Gunmen on a motorcycle") for s in sentences), sentences


def test_a_place_named_only_as_where_the_victims_came_from_stands_for_its_province():
    # the bus was stopped somewhere on its way: not in the city it left
    text = ("Gunmen stopped a passenger coach travelling from Quetta on Friday night, forced "
            "seven men off it and shot them dead, officials said.")
    (incident,) = vigil.extract(text, published="2024-06-08").incidents
    assert incident.location is not None and incident.location.name == "Balochistan"


def test_a_fate_word_naming_victims_already_told_starts_no_incident():
    # "one of those killed" points back at the dead of the gunfight; "late tonight" is when the
    # body was recovered, not another incident's day
    text = ("Seven troopers were killed in a gunfight with rebels in Dantewada on Saturday, police said.\n\n"
            "Rescuers said just one of those killed had been carried out by nightfall.")
    found = incidents(text, published="2021-04-04")
    assert len(found) == 1 and found[0].fatalities.best == 7


def test_a_village_whose_sentence_names_no_known_place_lies_in_the_place_the_lead_names():
    # Kodapal is an invented village; the report's setting is the state capital, Raipur, where
    # the wounded were flown: the village belongs to the district the lead names.
    text = ("Seven troopers were killed in a gunfight with rebels on Saturday in Chhattisgarh's Bijapur district, "
            "police said. The wounded were flown to Raipur.\n\n"
            "The troops were resting at noon when rebels ambushed them near Kodapal village.")
    (incident,) = incidents(text, published="2021-04-04")
    assert incident.location.name == "Kodapal" and incident.location.city == "Bijapur"


def test_a_village_is_not_moved_to_where_the_wounded_died():
    # no sentence telling the violence names a place outside the setting: the hospital town
    # of a toll sentence is where the wounded died, not where the village is
    text = ("Seven troopers were killed in a gunfight with rebels on Saturday, police in Raipur said. "
            "The wounded were flown to Raipur.\n\n"
            "The troops were resting at noon when rebels ambushed them near Kodapal village.\n\n"
            "Altogether two more troopers died later in a hospital in Jagdalpur.")
    (incident,) = incidents(text, published="2021-04-04")
    assert incident.location.name == "Kodapal" and incident.location.city != "Jagdalpur"
