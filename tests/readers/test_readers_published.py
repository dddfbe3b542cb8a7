"""Publication dates: validated when given, inferred from the text (with evidence) when not."""
from datetime import date

import pytest

from vigil.readers import ReadError, read_text
from vigil.readers.published import infer_published, normalise_published, year_for_weekday

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


def test_weekday_day_month_without_any_year_is_latest_past_match():
    published, _ = _inferred("Story.\n\nThe hearing is on Thursday 20 November.")
    assert published == "2025-11-20"  # the latest 20 November on a Thursday not after TODAY


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
