"""An undated report's "March 3" (no year: the report gives none and has no publication date)
keeps it apart from an incident dated another day of the year, and leaves it free to join one
on that day in any year. Reports written for these tests."""
from vigil.model import Count, DateRange, Evidence, Incident, Location, Source
from vigil.resolve.features import mention_features
from vigil.resolve.similarity import compatible

MARKET = Location(name="Peshawar", city="Peshawar", precision="city", gazetteer_id="gn:1168197")


def bombing(doc: str, sentence: str, date: DateRange | None, published: str | None) -> Incident:
    return Incident(
        id=f"{doc}:0", event_type="Explosions/Remote violence", sub_event_type="Suicide bomb",
        date=date, location=MARKET, fatalities=Count(20, 20, 20),
        evidence=[Evidence(document=doc, sentence=sentence, start=0, end=len(sentence))],
        sources=[Source(doc, "Outlet", None, published)])


UNDATED = bombing("undated", "On the morning of March 3, two bombers blew themselves up in a crowded "
                  "vegetable market in Peshawar, killing 20 people.", None, None)


def day(iso: str) -> DateRange:
    return DateRange(iso, iso, "day", None)


def test_an_undated_report_s_day_of_the_year_rules_out_another_day():
    other_day = bombing("later", "Twin suicide blasts killed 20 in a Peshawar market.", day("2021-03-09"), "2021-03-09")
    assert not compatible(mention_features(UNDATED), mention_features(other_day))
    assert not compatible(mention_features(other_day), mention_features(UNDATED))


def test_the_same_day_of_the_year_in_any_year_still_fits():
    same_day = bombing("earlier", "Twin suicide blasts killed 20 in a Peshawar market.", day("2018-03-03"), "2018-03-03")
    next_morning = bombing("next", "Twin suicide blasts killed 20 in a Peshawar market.", day("2018-03-04"), "2018-03-04")
    month = bombing("month", "Twin suicide blasts killed 20 in a Peshawar market in March 2018.",
                    DateRange("2018-03-01", "2018-03-31", "month", "March 2018"), "2018-04-20")
    for other in (same_day, next_morning, month):
        assert compatible(mention_features(UNDATED), mention_features(other))


def test_a_dated_report_s_mention_without_a_date_is_not_held_to_a_day_it_names():
    recalled = bombing("dated", "It was the worst attack since March 3, when two bombers struck a market.", None, "2021-03-09")
    other_day = bombing("later", "Twin suicide blasts killed 20 in a Peshawar market.", day("2021-03-09"), "2021-03-09")
    assert mention_features(recalled).month_day is None
    assert compatible(mention_features(recalled), mention_features(other_day))


def test_the_day_a_report_was_posted_is_not_the_incident_s_day():
    posted = bombing("posted", "The Peshawar market victims: names and ages Posted on March 5 "
                     "Twin suicide blasts killed 20 in a Peshawar market.", None, None)
    assert mention_features(posted).month_day is None
    counted = bombing("counted", "As of today, March 5th, the toll from the twin suicide blasts in a Peshawar market stands at 20.", None, None)
    assert mention_features(counted).month_day is None
