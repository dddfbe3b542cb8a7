"""Each typing rule (docs/event_types.md) on sentences written for it: the type it chooses, and
beside it a sentence that differs by the cue and gets the other type."""
import pytest

from vigil.extract import extract_document
from vigil.extract.event_types import decide_type
from vigil.extract.triggers import find_triggers, is_non_event
from vigil.model import Document


def typed(*sentences: str) -> str:
    """The "Event type/Sub-type" of an incident told by these sentences, in this order."""
    triggered = []
    for sentence in sentences:
        hits = [h for h in find_triggers(sentence) if not is_non_event(sentence, h)]
        if hits:
            triggered.append((sentence, hits[0].trigger))
    kind = decide_type(triggered, list(sentences))
    return f"{kind.event_type}/{kind.sub_event_type}"


SUICIDE = "Explosions/Remote violence/Suicide bomb"
IED = "Explosions/Remote violence/Remote explosive/landmine/IED"
AIR = "Explosions/Remote violence/Air/drone strike"
SHELLING = "Explosions/Remote violence/Shelling/artillery/missile attack"
GRENADE = "Explosions/Remote violence/Grenade"
ATTACK = "Violence against civilians/Attack"
ABDUCTION = "Violence against civilians/Abduction/forced disappearance"
CLASH = "Battles/Armed clash"
MOB = "Riots/Mob violence"
VIOLENT_DEMO = "Riots/Violent demonstration"
EXCESSIVE = "Protests/Excessive force against protesters"
INTERVENTION = "Protests/Protest with intervention"
PEACEFUL = "Protests/Peaceful protest"


@pytest.mark.parametrize("sentences,expected", [
    # a suicide bomb needs a suicide cue ...
    (["A suicide bomber set off his vest at the gate of the district court, killing six people."], SUICIDE),
    (["A bomb hidden in a rubbish bin went off at the gate of the district court, killing six people."], IED),
    # ... a driver who rams a vehicle full of explosives into a building is one ...
    (["Attackers rammed an explosives-laden van into the wall of the police headquarters."], SUICIDE),
    (["A senior officer was killed when a bomber rammed his convoy on the coastal highway."], SUICIDE),
    (["An explosives-laden van parked outside the police headquarters was blown up by remote control."], IED),
    # ... and "suicide attackers" who only storm and shoot are an assault, not a bombing
    (["Four suicide attackers armed with rifles stormed the airport's cargo terminal and shot dead two guards."],
     ATTACK),
    (["Four suicide attackers stormed the airport's cargo terminal and blew themselves up near the hangars."],
     SUICIDE),
    # a plain "suicide attack" is the bombing news means by it
    (["A suicide bombing at a Sufi shrine killed eleven worshippers on Thursday evening."], SUICIDE),
])
def test_suicide_bombs(sentences, expected):
    assert typed(*sentences) == expected


@pytest.mark.parametrize("sentences,expected", [
    # both armed sides firing is a battle; a one-sided shooting is an attack
    (["Police and gang members exchanged fire for an hour in the old quarter; two gunmen died."], CLASH),
    (["Two men on a motorcycle shot dead a constable at a tea stall in the old quarter."], ATTACK),
    (["The suspects opened fire at the police raiding party.", "Three suspects were killed in the shootout."], CLASH),
    # an ambush of security forces is a battle, an ambush of villagers an attack
    (["Insurgents ambushed an army convoy on the mountain road, killing four soldiers."], CLASH),
    (["Insurgents ambushed a wedding party on the mountain road, killing four guests."], ATTACK),
    (["Two gunmen ambushed a constable as he left the mosque and shot him dead."], ATTACK),
    (["Militants laid siege to the air base overnight.",
      "Six soldiers and three attackers were killed in the fighting."], CLASH),
    # storming a house and killing the man inside is an attack, however the report words it
    (["Gunmen stormed the home of a retired judge at night and killed him in his bedroom."], ATTACK),
    # a raid in which people are only arrested is an arrest; a raid met with gunfire a battle
    (["Counter-terrorism officers arrested four suspects in a raid on a house in the old town."],
     "Strategic developments/Arrests"),
    (["Counter-terrorism officers raided a house in the old town.",
      "The suspects fired back and two of them were killed in the encounter."], CLASH),
])
def test_clashes_and_attacks(sentences, expected):
    assert typed(*sentences) == expected


@pytest.mark.parametrize("sentences,expected", [
    (["Armed men kidnapped a cloth merchant from his shop on Monday and demanded a ransom."], ABDUCTION),
    # people seized and then killed: the killing is the event
    (["Gunmen abducted seven labourers from their camp and later killed them in the hills."], ATTACK),
    # a statistic of kidnappings told after a shooting does not make the shooting an abduction
    (["Dentist shot dead in his clinic", "Two gunmen shot dead a dentist in his clinic on Monday.",
      "Over twenty doctors have been kidnapped in the city since last year."], ATTACK),
])
def test_abductions(sentences, expected):
    assert typed(*sentences) == expected


@pytest.mark.parametrize("sentences,expected", [
    (["A man accused of insulting the faith was lynched by a crowd outside the market."], MOB),
    (["An angry mob dragged the driver out of his bus and beat him to death."], MOB),
    (["Two robbers stabbed a shopkeeper to death outside the market."], ATTACK),
    (["Rioters torched three buses and a petrol pump after the cleric's funeral."], VIOLENT_DEMO),
    (["Protesters set fire to two banks as the march on the governor's house turned violent."], VIOLENT_DEMO),
    (["A student was killed during clashes between police and protesters on the campus."], VIOLENT_DEMO),
    (["Troops opened fire on protesters in the capital on Saturday, killing three."], EXCESSIVE),
    (["Paramilitary troops shot dead four people during protests against the coup."], EXCESSIVE),
    (["Police fired tear gas to disperse the protesters outside the press club."], INTERVENTION),
    (["Hundreds of nurses staged a protest outside the health ministry over unpaid salaries."], PEACEFUL),
    # a protest mentioned after an attack leaves the attack an attack
    (["A trader was shot dead inside his shop on Monday.",
      "Traders held a protest demonstration against the killing on Tuesday."], ATTACK),
])
def test_mobs_riots_and_protests(sentences, expected):
    assert typed(*sentences) == expected


@pytest.mark.parametrize("sentences,expected", [
    (["A drone fired two missiles at a compound near the border, killing four militants."], AIR),
    (["Fighter jets bombed a village in the north on Monday, killing eleven people."], AIR),
    (["The airport was hit by a suicide drone attack during the ceremony."], AIR),
    (["Troops fired mortar shells at a village across the border, killing four."], SHELLING),
    (["Two missiles struck the railway station where families waited for trains."], SHELLING),
    (["A blast hit the village market on Monday, killing eleven people."], IED),
    # the blast is told first, its cause after: the cause is the sub-type
    (["A loud explosion hit the airport shortly after the plane landed.",
      "Rebels fired a number of missiles at the runway, officials said."], SHELLING),
    # a cause the police rule out does not count
    (["Two men on a motorcycle threw a grenade into the rally and sped away.",
      "Investigators ruled out that a planted bomb had caused the explosion."], GRENADE),
])
def test_explosions_and_remote_violence(sentences, expected):
    assert typed(*sentences) == expected


@pytest.mark.parametrize("sentences,expected", [
    # the judicial act is the event, the violence the case it concerns
    (["A court sentenced two men to death on Monday for starting the fire at a garment factory in 2012."],
     "Strategic developments/Conviction"),
    (["Two men set fire to a garment factory on Tuesday, killing nine workers."], ATTACK),
    (["Police arrested three men in connection with the killing of a lawyer."], "Strategic developments/Arrests"),
    (["Police said three men killed a lawyer outside the court."], ATTACK),
    # a verdict that convicts some and acquits others is a conviction
    (["The court convicted two of the accused and acquitted four others."], "Strategic developments/Conviction"),
    (["The court acquitted all six accused for lack of evidence."], "Strategic developments/Acquittal"),
])
def test_judicial_steps(sentences, expected):
    assert typed(*sentences) == expected


def test_types_in_a_whole_report():
    """The rules at work in extraction: a lynching and a raid, each told over several sentences."""
    text = ("Mob kills man in Madina Colony\n\n"
            "A man held on a charge of theft was lynched by a crowd in Madina Colony on Sunday evening. "
            "The mob dragged him out of a shop and beat him with sticks. "
            "Police reached the area an hour later.\n\n"
            "In a separate incident, counter-terrorism officers arrested two suspects in a raid in Golimar "
            "on Monday and recovered pistols from them.")
    found = extract_document(Document(id="t", text=text, published="2014-08-12")).incidents
    assert [(i.event_type, i.sub_event_type) for i in found] == [
        ("Riots", "Mob violence"), ("Strategic developments", "Arrests")]


def test_an_official_s_hedged_naming_of_the_blast_types_it():
    from vigil.extract import extract_document
    from vigil.model import Document

    text = ("PESHAWAR: An explosion tore through a crowded bus stand on Saturday, killing 14 people, police said.\n\n"
            "A senior officer said the blast seems to have been a suicide bombing.")
    found = extract_document(Document(id="t", text=text, published="2024-03-09")).incidents
    assert [i.sub_event_type for i in found] == ["Suicide bomb"]


def test_a_hedged_threat_is_still_no_incident():
    from vigil.extract import extract_document
    from vigil.model import Document

    text = "Officials warned on Saturday that militants might carry out a suicide attack in the city."
    assert extract_document(Document(id="t", text=text, published="2024-03-09")).incidents == []
