"""Incident dates when the text gives none, and background incidents with dates of their own."""
from vigil.extract import extract_document
from vigil.extract.dates import report_dated, resolve_date
from vigil.model import Document


def incidents(text: str, published):
    return extract_document(Document(id="t", text=text, published=published)).incidents


def test_an_undated_incident_takes_the_day_of_the_report_and_the_day_before():
    [incident] = incidents("Gunmen shot dead a shopkeeper outside his shop in the old city, police said.",
                           "2021-03-05")
    date = incident.date
    assert (date.start, date.end, date.precision, date.approximate) == ("2021-03-04", "2021-03-05", "week", True)


def test_yesterday_is_the_day_before_the_report_and_not_approximate():
    [incident] = incidents("Gunmen shot dead a shopkeeper outside his shop yesterday, police said.", "2021-03-05")
    assert (incident.date.start, incident.date.end, incident.date.approximate) == ("2021-03-04", "2021-03-04", False)


def test_a_recent_undated_incident_takes_the_week_before_the_report():
    date = report_dated("2021-03-05", ["A trader was recently abducted from the market."])
    assert (date.start, date.end, date.approximate) == ("2021-02-26", "2021-03-05", True)


def test_a_report_dated_to_a_month_or_year_dates_its_undated_incident_so():
    month = report_dated("2022-05", ["Gunmen shot a guard."])
    assert (month.start, month.end, month.precision, month.approximate) == ("2022-05-01", "2022-05-31", "month", True)
    year = report_dated("2016", ["Gunmen shot a guard."])
    assert (year.start, year.end, year.precision) == ("2016-01-01", "2016-12-31", "year")


def test_an_undated_report_leaves_the_date_unknown():
    assert report_dated(None, ["Gunmen shot a guard."]) is None
    [incident] = incidents("Gunmen shot dead a shopkeeper outside his shop in the old city, police said.", None)
    assert incident.date is None


def test_a_background_year_before_its_noun_dates_that_incident():
    found, start, end = resolve_date("It was the worst since the 2013 attack on the church.", "2023-01-30")
    assert (found.start, found.end, found.precision) == ("2013-01-01", "2013-12-31", "year")
    assert resolve_date("The 2,013 people who fled.", "2023-01-30") is None


def test_a_background_bombing_keeps_its_own_month_not_the_reports_date():
    text = ("A suicide bomber killed nine worshippers at a mosque on Friday. "
            "The March 2022 bombing of a shrine in the same district killed more than 60 people.")
    found = incidents(text, "2023-01-30")
    background = [i for i in found if i.date and i.date.start.startswith("2022-03")]
    assert background and not background[0].date.approximate
    assert all(not (i.date.start or "").startswith("2023-01") for i in background)


def test_earlier_this_week_is_the_days_of_the_reports_week_before_it():
    from vigil.extract.dates import resolve_date

    found, _, _ = resolve_date("Earlier this week, gunmen shot dead two guards at a clinic.", "2024-11-01")
    assert (found.start, found.end, found.precision) == ("2024-10-28", "2024-10-31", "week")
    found, _, _ = resolve_date("Earlier this week, gunmen shot dead two guards at a clinic.", "2024-10-28")
    assert (found.start, found.end) == ("2024-10-22", "2024-10-27")  # a Monday report: the days before it


def test_a_month_inside_a_name_is_no_date():
    # a street and a person named with "Jan"; a month after "In" still is one
    assert resolve_date("The lawyer was shot dead on Kamran Jan Road near the court.", "2016-08-09") is None
    assert resolve_date("Jan Muhammad, a shopkeeper, survived the attack.", "2016-08-09") is None
    in_march, _, _ = resolve_date("In March Quetta police recorded 40 killings.", "2016-08-09")
    assert (in_march.start, in_march.precision) == ("2016-03-01", "month")
