"""Hijri dates in Urdu and Arabic reports become Gregorian days (Umm al-Qura, widened by the days
Pakistan's calendar may lag it).  The reports are written for these tests."""
import pytest

import vigil
from vigil.languages import hijri


def _date(text, language, published=None):
    result = vigil.extract(text, published=published, id="r", language=language)
    assert len(result.incidents) == 1
    return result.incidents[0].date


def test_an_urdu_hijri_date_with_its_year():
    text = "کراچی: اورنگی ٹاؤن میں ۱۵ رمضان المبارک ۱۴۴۵ھ کو نامعلوم افراد کی فائرنگ سے دو افراد جاں بحق ہوگئے۔"
    when = _date(text, "ur")  # no publication date needed
    assert (when.start, when.end, when.precision) == ("2024-03-25", "2024-03-27", "day")
    assert when.text == "۱۵ رمضان المبارک ۱۴۴۵ھ" and when.text in text


def test_an_urdu_hijri_day_and_month_take_the_year_of_the_report():
    text = "کراچی: لیاری میں 12 ربیع الاول کو جلوس کے قریب دستی بم حملے میں تین افراد زخمی ہوگئے۔"
    when = _date(text, "ur", published="2024-10-01")
    assert (when.start, when.end) == ("2024-09-15", "2024-09-17")
    # Before that day came round in 1446, the latest 12 Rabi al-Awwal was in 1445.
    assert _date(text, "ur", published="2024-09-01").start == "2023-09-27"


def test_an_arabic_hijri_date_and_month():
    when = _date("قتل ثلاثة أشخاص في انفجار عبوة ناسفة في كويتا يوم 10 محرم 1446 هـ.", "ar")
    assert (when.start, when.end, when.precision) == ("2024-07-16", "2024-07-16", "day")
    when = _date("قتل ثلاثة أشخاص في انفجار عبوة ناسفة في كويتا خلال شهر رمضان 1445.", "ar")
    assert (when.start, when.end, when.precision) == ("2024-03-11", "2024-04-09", "month")


def test_a_day_the_hijri_month_does_not_have_gives_only_the_month():
    assert hijri.to_gregorian(1445, 8, 30) is None  # Sha'ban 1445 had 29 days by Umm al-Qura
    assert hijri.to_gregorian(1200, 1, 1) is None  # before the tables
    # Pakistan's Sha'ban may have had a 30th: the month is what is sure.
    when = _date("کراچی: 30 شعبان 1445ھ کو فائرنگ سے ایک شخص جاں بحق ہوگیا۔", "ur")
    assert (when.start, when.end, when.precision) == ("2024-02-11", "2024-03-12", "month")


@pytest.mark.parametrize("year, month, day, gregorian", [
    (1445, 9, 1, "2024-03-11"), (1446, 1, 1, "2024-07-07"), (1444, 10, 1, "2023-04-21"),  # Eid al-Fitr 1444
])
def test_conversion(year, month, day, gregorian):
    assert hijri.to_gregorian(year, month, day).isoformat() == gregorian
