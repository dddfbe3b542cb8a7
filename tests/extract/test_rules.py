"""Each extraction rule on the project's own sentences."""
import pytest

from vigil.extract.counts import find_counts
from vigil.extract.dates import resolve_date
from vigil.extract.numbers import find_quantities, parse_number
from vigil.extract.places import find_dateline
from vigil.extract.triggers import find_triggers, is_non_event


@pytest.mark.parametrize("text,value", [
    ("13", 13), ("1,524", 1524), ("thirteen", 13), ("twenty-one", 21), ("a hundred", 100),
    ("two dozen", 24), ("three thousand", 3000), ("one hundred and", None),
    ("three hundred and twelve", 312), ("three-hundred-and-twelve", 312), ("a hundred and two", 102),
    ("two thousand five hundred", 2500), ("one hundred twenty", 120),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("sentence,expected", [
    ("A bomb killed 13 police commandos and injured over 50 others.",
     [("fatalities", 13, 13, 13), ("injured", 50, 50, None)]),
    ("At least 28 people died in the fighting.", [("fatalities", 28, 28, None)]),
    ("Twenty or maybe 25 people were killed.", [("fatalities", 20, 20, 25)]),
    ("Dozens were wounded by the blast.", [("injured", 12, 12, None)]),
    ("Ten attackers were killed by commandos.", [("perpetrators_killed", 10, 10, 10)]),
    ("The death toll rose to 36 by evening.", [("fatalities", 36, 36, 36)]),
    ("Police arrested three suspects in Lyari.", [("arrested", 3, 3, 3)]),
    ("A 15-year-old boy was killed when a stray bullet hit him.", []),
    ("Kidnappers demanded Rs 5 million for the trader.", []),
    ("The man was shot on March 3, and died in hospital.", []),
])
def test_counts(sentence, expected):
    got = [(c.field, c.quantity.low, c.quantity.best, c.quantity.high) for c in find_counts(sentence)]
    assert got == expected


@pytest.mark.parametrize("text,values", [
    ("Three hundred and seven people were killed.", [307]),
    ("The blast killed two-hundred-and-sixty-one worshippers.", [261]),
    ("Gunmen killed two and injured nine.", [2, 9]),  # "and" joins only after a hundred or thousand
    ("fifty-nine and two hundred", [59, 200]),
])
def test_number_words_run_on_after_a_scale(text, values):
    assert [q.value for q in find_quantities(text)] == values


def test_ordinals_are_not_quantities():
    assert [q.text for q in find_quantities("the 100th officer this year")] == []


@pytest.mark.parametrize("text,published,start,end,precision", [
    ("On Thursday a bomber struck a police bus.", "2014-02-14", "2014-02-13", "2014-02-13", "day"),
    ("On Friday, a bomber struck.", "2014-02-14", "2014-02-14", "2014-02-14", "day"),
    ("the attack on the airport in June", "2014-08-11", "2014-06-01", "2014-06-30", "month"),
    ("in December, gunmen struck", "2014-11-20", "2013-12-01", "2013-12-31", "month"),
    ("Five months ago the militants attacked", "2014-11-20", "2014-06-01", "2014-06-30", "month"),
    ("Last summer a bomb went off", "2014-11-20", "2014-06-01", "2014-08-31", "season"),
    ("on Friday, February 17, militants stormed", "2023-02-18", "2023-02-17", "2023-02-17", "day"),
    ("on Thursday the constable was shot", "2015-11", "2015-11-01", "2015-11-30", "month"),
    ("yesterday two men were shot", "2014-08-11", "2014-08-10", "2014-08-10", "day"),
    ("gunmen killed a judge last August", "2014-08-11", "2013-08-01", "2013-08-31", "month"),
    ("gunmen killed a judge in August", "2014-08-11", "2014-08-01", "2014-08-31", "month"),
    ("gunmen killed a judge last June", "2014-08-11", "2014-06-01", "2014-06-30", "month"),
    ("gunmen killed a judge last October", "2014-08-11", "2013-10-01", "2013-10-31", "month"),
])
def test_resolve_date(text, published, start, end, precision):
    found, s, e = resolve_date(text, published)
    assert (found.start, found.end, found.precision) == (start, end, precision)
    assert text[s:e] == found.text


@pytest.mark.parametrize("text,expected", [
    ("A bomb hit the bazaar, the first big attack since the ceasefire of 2016.", None),
    ("Twelve were killed, the most since the floods two years ago.", None),
    ("the deadliest raid since 2014 struck the camp on Sunday", "Sunday"),
])
def test_a_date_after_since_starts_a_period_and_does_not_date_the_incident(text, expected):
    found = resolve_date(text, "2019-04-21")
    assert (found[0].text if found else None) == expected


def test_no_date_without_an_expression():
    assert resolve_date("Gunmen struck a checkpoint.", "2014-01-01") is None


def test_triggers_pick_the_most_specific_type():
    hit = find_triggers("A suicide bomber detonated his vest near the bus, killing 13.")[0]
    assert hit.trigger.sub_event_type == "Suicide bomb"
    hit = find_triggers("Gunmen shot dead a traffic constable.")[0]
    assert hit.trigger.sub_event_type == "Attack"
    hit = find_triggers("The trader was kidnapped for ransom outside his factory.")[0]
    assert hit.trigger.sub_event_type == "Abduction/forced disappearance"


@pytest.mark.parametrize("sentence,non_event", [
    ("The group warned that it would attack police stations.", True),
    ("The militants vowed to kill more officers.", True),
    ("The spokesman denied kidnapping the engineer.", True),
    ("Gunmen killed two officers outside the station.", False),
])
def test_non_event_cues(sentence, non_event):
    hit = find_triggers(sentence)[0]
    assert is_non_event(sentence, hit) is non_event


def test_dateline():
    text = "Police bus bombed\n\nKARACHI, Pakistan — A bomb struck a bus."
    found = find_dateline(text)
    assert found.text == "Karachi" and text[found.start:found.end] == "KARACHI"
    assert find_dateline("No dateline here. Just prose.") is None


def test_active_voice_numbers_count_the_doers_not_the_dead():
    assert [(c.field, c.quantity.best) for c in find_counts("The ten attackers killed 18 people.")] == [("fatalities", 18)]
    assert find_counts("Two men killed a trader.") == []


def test_weapons_named_outright():
    from vigil.extract.weapons import find_weapons

    found = find_weapons("Four gunmen armed with Kalashnikovs, hand grenades and dynamite stormed the gate.")
    assert [(w.category, w.text) for w in found] == [
        ("firearms", "Kalashnikovs"), ("grenade", "hand grenades"), ("explosives", "dynamite")]
    assert find_weapons("Police said the attack was planned for weeks.") == []
