"""Publication dates: validated when given, inferred from the text (with evidence) when not."""
from datetime import date

import pytest

from vigil.readers import ReadError, read_text
from vigil.readers.published import infer_published, normalise_published, published_for, year_for_weekday
from vigil.readers.url_date import date_from_url

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize("value, expected", [
    ("2014", "2014"), ("2014-08", "2014-08"), ("2014-08-11", "2014-08-11"),
    ("2014-08-11T09:30:00+05:00", "2014-08-11"),
])
def test_valid_published(value, expected):
    assert normalise_published(value) == expected


@pytest.mark.parametrize("value", ["2014-13", "2014-02-30", "August 2014", "14", "yesterday", "2014/08/11"])
def test_invalid_published(value):
    with pytest.raises(ReadError, match="not a date"):
        normalise_published(value)


def _inferred(text):
    found = infer_published(text, "doc", today=TODAY)
    assert found is not None
    ev = found.evidence
    assert text[ev.start:ev.end] == ev.sentence  # evidence is the whole line the date was read in
    return found.published, ev.sentence


def test_standalone_date_near_top():
    text = "By A Reporter\n\n11 August 2014\n\nKARACHI — Police said on Saturday..."
    assert _inferred(text) == ("2014-08-11", "11 August 2014")


def test_published_label_and_time_around_date():
    text = "Title of the story\n\nPublished: 3 March 2021, 10:15 GMT\n\nBody text."
    assert _inferred(text) == ("2021-03-03", "Published: 3 March 2021, 10:15 GMT")


def test_iso_date_line():
    assert _inferred("Headline\n2019-12-05\nBody.")[0] == "2019-12-05"


def test_dateline_with_date():
    text = "Headline\n\nQUETTA, Pakistan, Jan. 30, 2023 — A suicide bomber struck a mosque."
    assert _inferred(text) == ("2023-01-30", "QUETTA, Pakistan, Jan. 30, 2023 — A suicide bomber struck a mosque.")


@pytest.mark.parametrize("line, expected", [
    ("HYDERABAD, March 4, 2019: Two traders were robbed and shot at a market.", "2019-03-04"),
    ("PESHAWAR, May 2, 2019 (Reuters) - A roadside bomb hit a patrol.", "2019-05-02"),
    ("ISLAMABAD: (May 9, 2021) Police sealed the road after the firing.", "2021-05-09"),
    ("LAHORE (AP) March 4, 2019 — Gunmen fired on a van near the canal.", "2019-03-04"),
    ("SUKKUR, Sindh, 12 June 2018 - A landlord was killed over a land feud.", "2018-06-12"),
    ("MARDAN, (Frontier Wire / Valley News - 4th Mar, 2022 ) :A guard was shot at a bank.", "2022-03-04"),
])
def test_dated_dateline_shapes(line, expected):
    assert _inferred("Headline\n\n" + line) == (expected, line)


@pytest.mark.parametrize("line", [
    "KARACHI (AFP) - The men accused of the March 4, 2019 bombing went on trial on Monday.",
    "QUETTA: Police said the May 2, 2019 blast was planned abroad.",
    "MULTAN, Punjab - Since June 12, 2018 the shrine has stayed shut.",
])
def test_a_past_date_after_a_dateline_is_the_story_s_not_the_report_s(line):
    assert infer_published("Headline\n\n" + line, "d", today=TODAY) is None


def test_date_inside_prose_near_top_is_not_a_dateline():
    # a past date mentioned in a sentence is not the report's date (no weekday, not alone)
    text = "Headline\n\nThe attack of June 8, 2014 is still remembered by the airport staff."
    assert infer_published(text, "doc", today=TODAY) is None


def test_full_date_with_weekday_in_a_caption():
    text = ("Kicker\n\nHeadline here\n\nSoldiers stand guard outside the compound this Saturday, February 18, 2023. "
            "AP\n\nBody of the interview follows.")
    published, sentence = _inferred(text)
    assert published == "2023-02-18" and "Saturday, February 18, 2023" in sentence
    assert sentence.startswith("Soldiers stand guard")


def test_weekday_that_contradicts_the_date_is_ignored():
    assert infer_published("Headline\n\nThey met on Monday, February 18, 2023 in the city.", "d", today=TODAY) is None


def test_weekday_day_month_without_year_uses_latest_year_named():
    text = "Story.\n\nFrom 2013 to this year cases stalled.\n\nHear the programme on Thursday 20 November at 11:00."
    published, sentence = _inferred(text)
    assert (published, sentence) == ("2014-11-20", "Hear the programme on Thursday 20 November at 11:00.")


def test_weekday_day_month_in_a_text_naming_no_year_dates_nothing():
    # 20 November fell on a Thursday in 2014, 2025 and other years: nothing says which
    assert infer_published("Story.\n\nThe hearing is on Thursday 20 November.", "doc", today=TODAY) is None


def test_year_for_weekday():
    thursday = 3
    assert year_for_weekday(20, 11, thursday, TODAY) == 2025
    assert year_for_weekday(20, 11, thursday, TODAY, latest_year_named=2013) == 2014
    assert year_for_weekday(29, 2, thursday, TODAY) == 2024
    assert year_for_weekday(24, 11, 1, TODAY) == 2026  # today itself (a Tuesday) counts
    assert year_for_weekday(31, 11, 0, TODAY) is None  # no such day


def test_nothing_found():
    assert infer_published("Police said two men were killed on Thursday.", "d", today=TODAY) is None
    doc = read_text("Police said two men were killed on Thursday.")
    assert doc.published is None and doc.published_inferred is False and doc.published_evidence is None


def test_given_published_wins_and_is_not_inferred():
    doc = read_text("Headline\n\nAugust 11, 2014\n\nBody.", published="2014-08")
    assert doc.published == "2014-08" and doc.published_inferred is False


def test_inferred_published_evidence_points_into_cleaned_text():
    doc = read_text("<p>Headline</p>\n\n\n\nAugust 11,   2014\n\nBody.", id="r1")
    assert doc.published == "2014-08-11" and doc.published_inferred
    ev = doc.published_evidence
    assert ev.document == "r1" and doc.text[ev.start:ev.end] == "August 11, 2014"


def test_published_evidence_is_the_whole_line_it_was_read_from():
    doc = read_text("Headline\n\nKARACHI, June 10, 2014 — Rescue workers found seven bodies.", id="r3")
    ev = doc.published_evidence
    assert doc.published == "2014-06-10"
    assert doc.text[ev.start:ev.end] == ev.sentence
    assert ev.sentence.startswith("KARACHI, June 10, 2014") and ev.sentence.endswith("bodies.")


def test_read_text_rejects_bad_published():
    with pytest.raises(ReadError, match="^r2: published: not a date"):
        read_text("Some report text.", id="r2", published="2014-02-31")


# --------------------------------------------------------------------------- how newsrooms date a page


@pytest.mark.parametrize("text, expected", [
    ("Storm of gunfire at the depot\n\nCityWire.com, October 7, 2024\n\nGunmen opened fire on Monday.",
     ("2024-10-07", "CityWire.com, October 7, 2024")),
    ("Two guards shot at a bank\n\nOur Correspondent February 25, 2022\n\nLARKANA: Two guards were shot.",
     ("2022-02-25", "Our Correspondent February 25, 2022")),
    ("Headline words about a raid\n\nBy Staff Writer 14 Apr 2023\n\nThe raid began at dawn.",
     ("2023-04-14", "By Staff Writer 14 Apr 2023")),
    ("Headline words about a raid\n\nPublished: 11 Jan 2017\n\nThe raid began at dawn.",
     ("2017-01-11", "Published: 11 Jan 2017")),
    ("Headline words about a raid\n\n12 May 2023, Kanbalu, Sagaing Region\n\nThe raid began at dawn.",
     ("2023-05-12", "12 May 2023, Kanbalu, Sagaing Region")),
])
def test_bylines_and_date_lines(text, expected):
    assert _inferred(text) == expected


def test_a_sentence_with_a_date_is_no_byline():
    assert infer_published("Headline\n\nHe died on June 8, 2014.\n\nMore text.", "d", today=TODAY) is None


def test_updated_hours_ago_with_the_date_on_the_next_line():
    text = "Market blast kills three\n\nUpdated 3 hours ago\n\nSep 14, 2019\n\nThree people died on Friday."
    assert _inferred(text) == ("2019-09-14", "Sep 14, 2019")


def test_a_sites_todays_paper_line_is_not_the_reports_date():
    text = ("NEWS SITE\n\nToday's Paper | June 3, 2025\n\nUpdated 21 Apr, 2016 10:15am\n\n"
            "Eleven killed in market shooting\n\nGunmen attacked a market on Wednesday.")
    assert _inferred(text)[0] == "2016-04-21"


def test_a_header_date_above_the_headline_yields_to_the_reports_own_date():
    # the page header shows the day it was viewed, later than the story's own date line
    text = ("• Tue. Mar 4th, 2025\n\nA car bomb has killed nine people in a crowded square, officials say.\n\n"
            "Feb 9, 2020\n\nThe bomb went off in the morning.")
    assert _inferred(text) == ("2020-02-09", "Feb 9, 2020")


def test_a_print_credit_at_the_foot_dates_the_report():
    text = "Two guards shot dead\n\nGunmen shot two guards on Sunday night.\n\nPublished in The Daily Ledger, May 10th, 2015"
    assert _inferred(text) == ("2015-05-10", "Published in The Daily Ledger, May 10th, 2015")


def test_yearless_dateline_takes_the_year_its_weekday_fits():
    # 11 January fell on a Wednesday in 2023; the text names 2021 as the latest year
    text = ("KARACHI, Jan 11: Gunmen killed a trader on Wednesday, two years after his brother died in 2021.")
    assert _inferred(text)[0] == "2023-01-11"


def test_yearless_dateline_in_a_text_naming_no_year_is_not_guessed():
    assert infer_published("QUETTA, Jan 11 (APP): A blast hit a bus on Wednesday.", "d", today=TODAY) is None


def test_yearless_dateline_overrules_a_header_date_of_another_day():
    text = ("Friday, August 8, 2025\nMain Menu\n\nCourt adjourns the hearing of the bombing case\n\n"
            "MULTAN, OCT 09 (NNA) – A court on Tuesday put off the hearing till Oct 20.")
    assert _inferred(text)[0] == "2018-10-09"


# --------------------------------------------------------------------------- dates in addresses


@pytest.mark.parametrize("url, expected", [
    ("https://news.example.org/2019/06/17/gunmen-kill-three/", "2019-06-17"),
    ("https://news.example.org/2024/2/5/123456/story", "2024-02-05"),
    ("https://news.example.org/news/2019-06-17-gunmen-kill-three", "2019-06-17"),
    ("https://news.example.org/02-Mar-2025/gunmen-kill-three", "2025-03-02"),
    ("https://news.example.org/2022/05/gunmen-kill-three/", "2022-05"),
    ("https://news.example.org/news4/2022/Aug/187492/story.aspx?utm=2021/01/01/", "2022-08"),
    ("https://news.example.org/story/1181018/gunmen-kill-three", None),
    ("https://news.example.org/2030/01/01/future", None),
    ("https://news.example.org/2019/02/30/no-such-day", "2019-02"),  # no such day: the month still holds
    (None, None),
])
def test_date_from_url(url, expected):
    assert date_from_url(url, today=TODAY) == expected


def test_url_date_is_recorded_with_the_url_as_its_source():
    doc = read_text("Gunmen killed three men on Monday.", id="u1",
                    url="https://news.example.org/2019/06/17/gunmen-kill-three/")
    assert (doc.published, doc.published_inferred, doc.published_evidence) == ("2019-06-17", True, None)
    assert doc.published_source == "https://news.example.org/2019/06/17/gunmen-kill-three/"


def test_a_month_in_the_url_yields_to_a_day_in_that_month_from_the_text():
    found = published_for("Headline\n\nMay 19, 2022\n\nBody.", "d", url="https://x.org/2022/05/story", today=TODAY)
    assert found.published == "2022-05-19" and found.evidence.sentence == "May 19, 2022" and found.url is None
    found = published_for("Headline\n\nJune 19, 2022\n\nBody.", "d", url="https://x.org/2022/05/story", today=TODAY)
    assert found.published == "2022-05" and found.url == "https://x.org/2022/05/story"


def test_a_given_date_wins_over_the_url():
    doc = read_text("Gunmen killed three men.", url="https://x.org/2019/06/17/s", published="2019-06-18")
    assert doc.published == "2019-06-18" and not doc.published_inferred and doc.published_source is None


_STORY = ("The provincial police said the two men were stopped at a checkpost on the highway, and that the "
          "officers on duty found weapons and a large sum in cash hidden under the seats of their car.")


def test_dates_in_a_list_of_other_stories_below_the_report_are_not_its_date():
    text = ("Two held with weapons at checkpost\n\n" + _STORY + "\n\n" + _STORY + "\n\n"
            "Editorial\n\nWater for the city\nUpdated 15 Mar, 2026\n\nThe city's reservoirs ...\n"
            "Traffic plan\n14 Mar, 2026\n")
    assert infer_published(text, "doc", today=TODAY) is None


def test_a_byline_under_a_standfirst_still_dates_the_report():
    text = "Two held with weapons at checkpost\n\n" + _STORY + "\n\nBy Staff 14 Apr 2023\n\n" + _STORY
    assert _inferred(text)[0] == "2023-04-14"


def test_a_date_line_with_seconds():
    text = "Two held with weapons at checkpost\n\n2025-04-03 06:17:42\n" + _STORY
    assert _inferred(text) == ("2025-04-03", "2025-04-03 06:17:42")


def test_a_photo_caption_with_an_agency_credit_dates_an_otherwise_undated_report():
    text = ("Mourners gather outside a mosque in Quetta on March 4, 2019. - Photo by AFP\n\n"
            "QUETTA: Gunmen killed a shopkeeper and his nephew here on Monday, police said.")
    found = infer_published(text, "d")
    assert found is not None and found.published == "2019-03-04"
    assert found.evidence.sentence.startswith("Mourners gather")


def test_an_archive_photo_s_date_is_not_the_report_s():
    text = ("Police at the scene of an earlier blast in Quetta on March 4, 2019. - File photo by AFP\n\n"
            "QUETTA: Gunmen killed a shopkeeper and his nephew here on Monday, police said.")
    assert infer_published(text, "d") is None
    # nor is a date in a caption without a photo credit
    text = "Mourners gather outside a mosque in Quetta on March 4, 2019.\n\nQUETTA: Gunmen killed two men."
    assert infer_published(text, "d") is None


def test_an_agency_in_a_dateline_is_no_photo_credit():
    text = ("KARACHI (AFP) - Three men went on trial here on Monday, accused of planting the bomb that "
            "tore through a bus on March 4, 2019, lawyers said.")
    assert infer_published(text, "d") is None
