"""Which incident a judicial step follows (vigil.resolve.cases), read from records written here
in the project's own words: the crime a step names, its date, and how far a case went."""
from __future__ import annotations

from vigil.model import DateRange, Evidence, Incident, Location, Source, Victim
from vigil.resolve.cases import (NEAREST, OTHER, THRESHOLD, best_followed, borrow_crime, case_features, case_score,
                                 crime_clause, report_neighbours, stage_reached)
from vigil.resolve.features import mention_features

GULSHAN = Location(name="Gulshan-e-Iqbal", city="Karachi", precision="neighbourhood", gazetteer_id="khi:gulshan-e-iqbal")
ORANGI = Location(name="Orangi Town", city="Karachi", precision="town", gazetteer_id="khi:orangi-town")
KARACHI = Location(name="Karachi", city="Karachi", precision="city", gazetteer_id="khi:karachi")


def mention(id: str, sentence: str, published: str, *, event_type: str = "Violence against civilians",
            sub_event_type: str = "Attack", day: str | None = None, place: Location | None = None,
            victims: tuple[str, ...] = (), victim_role: str = "killed", names: tuple[str, ...] = ()):
    document = f"doc-{id}"
    date = (DateRange(day, day, "day", "on Monday") if day
            else DateRange(published, published, "week", None, approximate=True))
    record = Incident(id=id, event_type=event_type, sub_event_type=sub_event_type, date=date, location=place,
                      victims=[Victim(name=v, text=v, role=victim_role) for v in victims],
                      evidence=[Evidence(document, sentence, 0, len(sentence))],
                      sources=[Source(document, "Test Outlet", None, published)])
    return record.to_dict(), mention_features(record, document, names)


def step(id: str, sentence: str, published: str, sub_event_type: str = "Arrests", **kwargs):
    record, features = mention(id, sentence, published, event_type="Strategic developments",
                               sub_event_type=sub_event_type, **kwargs)
    return case_features(record, features)


KILLING = mention("killing", "Gunmen shot dead a journalist, Sohail Rana, in Gulshan-e-Iqbal on Monday.", "2016-05-10",
                  day="2016-05-09", place=GULSHAN, victims=("Sohail Rana",), names=("sohail", "rana"))[1]
OTHER_KILLING = mention("other", "Robbers shot dead a shopkeeper, Javed Iqbal, in Orangi Town on Monday.", "2016-05-10",
                        day="2016-05-09", place=ORANGI, victims=("Javed Iqbal",), names=("javed", "iqbal"))[1]


def test_the_crime_a_step_is_for_starts_at_the_cue_that_leads_to_it():
    sentence = "A court on Saturday jailed two men for life for the 2016 killing of a reporter in Gulshan-e-Iqbal."
    start, kinds = crime_clause(sentence)
    assert sentence[start:].startswith("for the 2016 killing") and kinds == {"Violence against civilians"}
    # A case named by what it is called, with no word of violence a trigger knows.
    start, _ = crime_clause("Three men were indicted in the Baldia garment factory fire case on Friday.")
    assert start is not None
    # What an acquittal is for need not be a crime.
    assert crime_clause("The judge acquitted a third accused for lack of evidence.") is None
    assert crime_clause("Gunmen shot dead a shopkeeper in Orangi.") is None


def test_the_period_a_step_names_dates_its_crime_not_the_step():
    arrest = step("arrest", "Police arrested two men on Wednesday over the May murder of journalist Sohail Rana, "
                            "an officer said on Thursday.", "2016-06-02", day="2016-06-01", victims=("Sohail Rana",))
    assert arrest.crime_precision == "month"
    assert arrest.crime == (mention_day("2016-05-01"), mention_day("2016-05-31"))
    assert arrest.victims == {"sohail rana"} and arrest.crime_kinds == {"Violence against civilians"}
    # The suspects it arrested are not victims of the crime.
    held = step("held", "Police arrested Asif Khan over the May murder of a trader.", "2016-06-02",
                victims=("Asif Khan",), victim_role="arrested")
    assert held.victims == frozenset()


def mention_day(iso: str) -> int:
    from vigil.resolve.features import day_number

    return day_number(iso)


def test_a_step_follows_the_killing_of_the_victim_it_names_not_another_that_day():
    arrest = step("arrest", "Police arrested two men on Wednesday over the May murder of journalist Sohail Rana.",
                  "2016-06-02", day="2016-06-01", victims=("Sohail Rana",), names=("sohail", "rana"))
    assert case_score(arrest, KILLING) > THRESHOLD
    assert case_score(arrest, OTHER_KILLING) < THRESHOLD
    assert best_followed(arrest, [(OTHER_KILLING, None), (KILLING, None)])[0] == "killing"


def test_nothing_follows_an_incident_from_after_it_or_outside_the_period_the_step_names():
    early = step("early", "Police arrested two men on Friday over the murder of journalist Sohail Rana.",
                 "2016-05-07", day="2016-05-06", victims=("Sohail Rana",))
    assert case_score(early, KILLING) is None  # the arrest came before the killing
    other_year = step("verdict", "A court sentenced two men for the 2014 killing of journalist Sohail Rana.",
                      "2018-07-15", sub_event_type="Conviction", day="2018-07-14", victims=("Sohail Rana",))
    assert case_score(other_year, KILLING) is None
    right_year = step("verdict", "A court sentenced two men for the 2016 killing of journalist Sohail Rana.",
                      "2018-07-15", sub_event_type="Conviction", day="2018-07-14", victims=("Sohail Rana",))
    assert case_score(right_year, KILLING) > THRESHOLD
    # Another judicial step is never what a step follows.
    assert case_score(right_year, step("arrest", "Police arrested two men over the murder of Sohail Rana.",
                                       "2016-06-02", victims=("Sohail Rana",)).step) is None


def test_an_arrest_told_in_the_report_of_a_killing_follows_the_incident_told_nearest():
    arrest = step("arrest", "Police later arrested two men in connection with the killing.", "2016-05-10")
    assert case_score(arrest, KILLING, NEAREST) > THRESHOLD
    assert case_score(arrest, KILLING, None) < THRESHOLD  # from another report it says too little
    suspect = step("suspect", "Only a single suspect has been arrested so far, the police chief said.", "2016-05-10")
    assert case_score(suspect, KILLING, NEAREST) > THRESHOLD
    # An operation of its own, told in the same report, names nothing it is for.
    raid = step("raid", "Counter-terrorism police arrested five militants during a raid in Golimar.", "2016-05-10")
    assert case_score(raid, KILLING, NEAREST) < THRESHOLD
    record = step("record", "The men arrested in the raid were involved in murders and extortion.", "2016-05-10")
    assert case_score(record, KILLING, NEAREST) < THRESHOLD  # a record of crimes, not one case
    assert report_neighbours(300, {"first": 0, "second": 200, "third": 400}) == {
        "first": OTHER, "second": NEAREST, "third": OTHER}  # equally near: the one told before it


def test_an_acquittal_beside_a_conviction_of_one_hearing_is_about_the_same_crime():
    conviction = step("conviction", "A court sentenced two men for the 2016 killing of journalist Sohail Rana.",
                      "2018-07-15", sub_event_type="Conviction", victims=("Sohail Rana",))
    acquittal = step("acquittal", "The judge acquitted a third accused for lack of evidence.", "2018-07-15",
                     sub_event_type="Acquittal")
    assert case_score(acquittal, KILLING) < THRESHOLD
    borrowed = borrow_crime(acquittal, [conviction])
    assert borrowed.victims == {"sohail rana"} and case_score(borrowed, KILLING) > THRESHOLD
    # An arrest in the same report is no companion of a verdict.
    raid = step("raid", "Separately, police arrested five men in a raid.", "2018-07-15")
    assert borrow_crime(raid, [conviction]) == raid


def test_the_stage_a_case_reached_is_its_furthest_step_and_the_later_verdict():
    def steps(*pairs):
        return [{"sub_event_type": sub, "date": {"start": day}} for sub, day in pairs]

    assert stage_reached([]) == "no arrest"
    assert stage_reached(steps(("Arrests", "2016-06-01"), ("Release", "2016-07-01"))) == "arrest made"
    assert stage_reached(steps(("Charge", "2016-08-01"), ("Arrests", "2016-06-01"))) == "charged"
    assert stage_reached(steps(("Trial", "2017-01-10"), ("Charge", "2016-08-01"))) == "tried"
    # Convicted, then acquitted on appeal; one verdict convicting some and acquitting others.
    assert stage_reached(steps(("Conviction", "2018-07-14"), ("Acquittal", "2020-02-01"))) == "acquitted"
    assert stage_reached(steps(("Acquittal", "2018-07-14"), ("Conviction", "2018-07-14"))) == "convicted"
