"""One test per crash the hostile-input runs found in figures and dates, each through the real
extractor (spaCy included) or the function that held the fault."""
from __future__ import annotations

from datetime import date

import pytest

import vigil
from vigil.extract.claims import find_periods
from vigil.extract.dates import ReportDate, add_days, resolve_date, resolve_later, shift_months
from vigil.extract.numbers import find_quantities, numeral_value, parse_number
from vigil.model import DateRange


def test_a_stated_zero_is_a_figure_not_a_division_by_zero():
    # The original bug: the scale of a count was worked out by dividing by the count.
    result = vigil.extract("Officials said 0 people died and 0 were injured when the bomb was defused "
                           "in Lyari on Tuesday.", published="2014-05-20")
    assert result.document.text.startswith("Officials")


def test_zero_with_a_scale_word_is_zero():
    result = vigil.extract("The province set aside 0 million rupees for the families of 40 officers "
                           "killed this year.", published="2014-05-20")
    money = [c for c in result.claims if c.kind == "money"]
    assert money and money[0].value == 0


def test_lakh_and_crore_grouping_is_read_whole():
    assert parse_number("1,00,000") == 100_000
    assert parse_number("2,50,00,000") == 25_000_000
    assert [q.value for q in find_quantities("about 1,00,000 people fled")] == [100_000]


def test_urdu_and_arabic_indic_digits_are_numbers():
    assert parse_number("۱۲۳") == 123
    assert parse_number("١٢٣") == 123
    assert [q.value for q in find_quantities("۱۲ police officers were killed")] == [12]


def test_a_numeral_past_any_figure_is_no_figure():
    assert numeral_value("9" * 30) is None
    assert parse_number("1" * 5000) is None  # more digits than Python will turn into an int
    assert numeral_value("1,000,000") == 1_000_000
    assert numeral_value("3.25") == 3.25
    assert find_quantities("a " + "7" * 40 + " strong crowd") == []


def test_thirty_digit_toll_and_ordinal_do_not_crash_the_extractor():
    text = (f"The death toll rose to {'4' * 30} on Friday. It was the {'2' * 30}th police officer killed "
            f"this year, and Rs {'9' * 40} was paid in ransom.")
    result = vigil.extract(text, published="2014-05-20")
    assert all(0 <= c.value < float("inf") for c in result.claims)
    for incident in result.incidents:
        assert incident.fatalities is None or incident.fatalities.best < 10 ** 16


@pytest.mark.parametrize("published", ["0001-01-01", "0001-03", "0001", "9999-12-31", "9999"])
def test_relative_dates_in_a_report_dated_at_the_calendars_ends(published):
    assert ReportDate.parse(published) is None  # no year either side to resolve against
    found = resolve_date("Gunmen struck on Thursday, as they had last summer and in June.", published)
    assert found is None or found[0].start
    vigil.extract("Gunmen killed 3 police officers on Thursday, the 40th this year, since last summer "
                  "and in the past 3 years.", published=published)


def test_a_month_of_year_zero_is_no_date():
    assert resolve_date("It happened in January 0000.", "2014-05-20") is None


def test_a_span_longer_than_the_calendar_leaves_the_period_open():
    periods = find_periods("in the past 99999 years", "2014-05-20")
    assert [(p.start, p.end) for _, _, p in periods] == [(None, "2014-05-20")]
    periods = find_periods("the first 99999 months of 2013", "2014-05-20")
    assert [(p.start, p.end) for _, _, p in periods] == [("2013-01-01", "2013-12-31")]
    periods = find_periods("in the past " + "9" * 5000 + " years", "2014-05-20")
    assert [(p.start, p.end) for _, _, p in periods] == [(None, "2014-05-20")]


def test_counting_days_past_the_calendar():
    assert add_days(date(2014, 5, 20), 10 ** 12) is None
    assert add_days(date(1, 1, 1), -1) is None
    assert add_days(date(2014, 5, 20), 1) == date(2014, 5, 21)
    assert shift_months(date(2014, 5, 31), -3) == date(2014, 2, 28)
    assert shift_months(date(2014, 5, 20), -12 * 99999) is None
    anchor = DateRange("2014-05-20", "2014-05-20", "day")
    assert resolve_later("Ten million days later the case was closed.", anchor) is None
    assert resolve_later("Nine days later the case was closed.", anchor).start == "2014-05-29"


def test_days_after_past_the_calendar_keeps_the_date():
    text = ("A bomb killed 4 people at a bus stop in Korangi on 12 May 2014. "
            "99999999999 days after the blast, gunmen killed a witness.")
    result = vigil.extract(text, published="2014-05-20")
    assert result.incidents
