"""One report, one incident told in several places: a group of sentences the sentence walk began
anew (an indefinite "a huge explosion" in the body, a dated paragraph after an undated lead) is
joined to the incident it retells; other incidents the report tells stay apart. Reports written
for these tests."""
from vigil.extract import extract_document
from vigil.model import Document


def incidents(text: str, published="2023-06-09"):
    return extract_document(Document(id="t", text=text, published=published)).incidents


def test_a_dated_paragraph_after_an_undated_lead_dates_it():
    text = ("Toll in army air raid on Kanpetlet village climbs to 64\n\n"
            "The number of villagers killed in an army air raid on Kanpetlet village in Myanmar's "
            "Chin State has climbed to 64, "
            "local volunteers said.\n\n"
            "The air raid also destroyed the clinic and two rice stores, they said.\n\n"
            "The air raid flattened the monastery school, where many families had sheltered.\n\n"
            "Rescue teams were still searching the ruins of the monastery school.\n\n"
            "Relatives said food was running short and the roads were closed.\n\n"
            "Two army jets bombed a crowd gathered for a school opening in Kanpetlet village at about "
            "9 a.m. on June 6, witnesses said.")
    found = [i for i in incidents(text) if i.sub_event_type == "Air/drone strike"]
    assert len(found) == 1
    assert found[0].date.start == "2023-06-06" and not found[0].date.approximate
    assert found[0].fatalities.best == 64


def test_an_indefinite_explosion_in_the_body_retells_the_dated_lead():
    text = ("QUETTA: A suicide attacker blew up his car beside a police checkpoint on Airport Road on "
            "Thursday night, killing a constable and wounding six people, police said.\n\n"
            "Officials said the car had been stopped for a routine search at the barrier, where "
            "officers check every vehicle that comes down from the hills before it enters the city.\n\n"
            "The driver refused to step out and argued with the officers for several minutes while "
            "a queue of buses and trucks built up behind him on the narrow road.\n\n"
            "Traffic was diverted for hours afterwards, and the provincial government announced that "
            "schools and colleges in the district would stay shut for the rest of the week.\n\n"
            "Shops nearby pulled down their shutters, and traders said business had already been "
            "slow for months because of the checks and the closures on the highway.\n\n"
            "The chief minister called a meeting of senior officials to review security "
            "arrangements across the province, his office said in a written statement.\n\n"
            "It set off a huge explosion that tore the car apart and shattered windows along the road.\n\n"
            "The explosion killed a constable, named as Naveed Baloch.")
    found = incidents(text, published="2023-06-09")
    assert len(found) == 1
    assert found[0].date.start == "2023-06-08"


def test_a_dated_killing_named_only_at_the_city_stays_apart_from_the_undated_lead():
    text = ("A former councillor, Tariq Jamil, has been gunned down in the Gulshan-e-Iqbal neighbourhood of "
            "Karachi, police said.\n\n"
            "Two gunmen on a motorbike fired at his car outside a bakery.\n\n"
            "The attackers opened fire again as he tried to run into the shop.\n\n"
            "Jamil was rushed to hospital after the attack but died on the way.\n\n"
            "On Sunday, two members of a rival party were shot dead and one was wounded in the city.")
    found = incidents(text, published="2023-06-06")
    assert len(found) == 2


def test_a_background_attack_does_not_absorb_a_later_placeless_clash():
    text = ("Parents gathered at the school on Thursday, a year after last year's attack on the "
            "college in Mardan.\n\n"
            "Forty students were killed in the attack on the college.\n\n"
            "Teachers read out their names.\n\n"
            "Officers said the police had since been given new rifles.\n\n"
            "Separately, four militants were shot during a gun battle against police.")
    found = incidents(text)
    assert not any(len({e.sentence for e in i.evidence}) > 1 and i.date and i.date.precision == "year"
                   and any("gun battle" in e.sentence for e in i.evidence) for i in found)


def test_a_day_ago_reckoned_from_the_writing_retells_the_leads_day():
    text = ("The toll of Thursday's ambush on a fuel convoy in Kurram district has risen to nine, "
            "a hospital official said.\n\n"
            "The road to the valley has been closed for weeks, and traders in the market say that flour, "
            "medicine and fuel have all run short since the last convoy got through in the autumn.\n\n"
            "Elders from both sides of the district met in the town hall on Friday and agreed to keep the "
            "road open for the next convoy, which is due to leave the plains early next week.\n\n"
            "The provincial government said that it would send more troops to guard the road and that "
            "it would pay the families of the drivers killed in the attack.\n\n"
            "A day ago, eight drivers and a soldier were killed when the convoy came under fire "
            "near Alizai.")
    found = incidents(text, published="2025-01-18")
    assert len(found) == 1
    assert found[0].date.start == "2025-01-16"


def test_an_earlier_killing_recalled_in_a_clause_does_not_date_the_report_s_own_strike():
    # An undated report: its own strike is told by the weekday, the recalled one by month and year.
    text = ("The new commander took over from his uncle, Rahim Khan, who was killed in a drone strike "
            "in March 2011.\n\n"
            "Officials said the commander, Gul Bahadur, died when a drone fired two missiles at his "
            "car near Mir Ali on Friday night.\n\n"
            "Five of his guards were killed with him in the strike.")
    found = sorted(incidents(text, published=None), key=lambda i: i.evidence[0].start)
    assert len(found) == 2
    recalled, own = found
    assert recalled.date is not None and recalled.date.start == "2011-03-01"
    assert own.date is None  # a weekday with no publication date names no day
    assert any("Mir Ali" in e.sentence for e in own.evidence)


def test_an_incident_named_days_before_the_lead_is_its_own_dated_incident():
    text = ("KARACHI: A bomb hidden in a parked rickshaw went off outside a shoe market in Lea Market "
            "on Wednesday night, leaving a vendor dead and wounding eight people.\n\n"
            "The explosion came three days after the Lyari blast, in which two people died and "
            "five were hurt.\n\n"
            "Police said the rickshaw had been stolen a week earlier.")
    found = sorted(incidents(text, published="2023-03-16"), key=lambda i: i.evidence[0].start)
    assert len(found) == 2
    lead, earlier = found
    assert lead.date.start == "2023-03-15" and lead.fatalities.best == 1
    assert earlier.date.start == "2023-03-12" and earlier.fatalities.best == 2
    assert earlier.location.name.startswith("Lyari")


def test_days_after_the_lead_s_own_attack_is_no_other_incident():
    text = ("QUETTA: Gunmen shot dead two traders outside their shop on Jinnah Road on Tuesday.\n\n"
            "Police reached the market two days after the attack, traders complained.")
    found = incidents(text, published="2023-03-16")
    assert len(found) == 1 and found[0].date.start == "2023-03-14"


def test_days_after_with_no_number_still_tells_an_earlier_incident():
    text = ("KARACHI: A trade union leader, Saleem Qureshi, was shot dead outside his office in Saddar "
            "on Thursday.\n\n"
            "His killing comes days after two dock labourers were gunned down in Kemari.")
    found = sorted(incidents(text, published="2023-03-17"), key=lambda i: i.evidence[0].start)
    assert len(found) == 2
    assert found[0].date.start == "2023-03-16"
    earlier = found[1].date
    assert earlier.precision == "week" and earlier.start <= "2023-03-12" <= earlier.end


def test_an_undated_report_s_last_month_killing_is_not_its_own_news():
    text = ("A dentist was shot dead at his clinic in Gulshan-e-Iqbal, police said.\n\n"
            "Two men on a motorcycle fired at him as he opened the clinic.\n\n"
            "The city has seen a string of such killings: just last month a lecturer was shot dead "
            "outside his college.")
    found = sorted(incidents(text, published=None), key=lambda i: i.evidence[0].start)
    assert len(found) == 2
    assert found[0].fatalities.best == 1 and found[1].fatalities.best == 1


def test_a_lead_about_the_incident_joins_the_incident_the_report_then_tells():
    text = ("More has come to light about the 31-year-old gunman who was shot dead by officers during the incident.\n\n"
            "In March last year he was convicted of trying to travel abroad to join an armed group.\n\n"
            "Three people were shot dead when a man opened fire outside a synagogue in Hamburg on Monday "
            "night, officials said.\n\n"
            "The city's interior minister said the three victims were all passers-by.")
    found = [i for i in incidents(text, published="2024-03-06") if i.event_type != "Strategic developments"]
    assert len(found) == 1
    assert found[0].date.start == "2024-03-04"
    assert "More has come to light" in found[0].evidence[0].sentence
