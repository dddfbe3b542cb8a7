"""Urdu read through its lexicon: folding, numbers, tolls, dates, places and what is no incident.
Every sentence here is written for these tests."""
import pytest

import vigil
from vigil.languages.counts import sentence_counts
from vigil.languages.dates import find_date
from vigil.languages.lexicon import load_lexicon
from vigil.languages.numbers import find_quantities
from vigil.languages.places import find_places
from vigil.languages.segment import sentence_spans


@pytest.fixture(scope="module")
def ur():
    return load_lexicon("ur")


def test_folding_keeps_offsets_into_the_text_as_written(ur):
    text = "بلدیہ ٹاﺅن میں ۳ افراد زخمي"  # a presentation-form و, Arabic-Indic digits, Arabic yeh
    folded = ur.fold(text)
    assert "ٹاون" in folded.text and "3" in folded.text and folded.text.endswith("زخمی")
    at = folded.text.index("3")
    start, end = folded.span(at, at + 1)
    assert text[start:end] == "۳"


@pytest.mark.parametrize("phrase,low,best,high,approximate", [
    ("سات افراد", 7, 7, 7, False),
    ("ڈیڑھ سو کے قریب", 150, 150, 150, True),
    ("40 سے زائد", 40, 40, None, False),
    ("کم از کم ۹", 9, 9, None, False),
    ("دو سے تین", 2, 2, 3, False),
    ("ساڑھے 3 ہزار", 3500, 3500, 3500, False),
    ("ایک لاکھ 20 ہزار", 120000, 120000, 120000, False),
    ("درجنوں", 12, 12, None, True),
    ("پینتالیس", 45, 45, 45, False),
])
def test_numbers(ur, phrase, low, best, high, approximate):
    q = find_quantities(ur, ur.fold(phrase).text)[0]
    assert (q.low, q.best, q.high, q.approximate) == (low, best, high, approximate)


def _counts(ur, sentence):
    found = sentence_counts(ur, ur.fold(sentence).text)
    return {k: (v.low, v.best, v.high) for k, v in found.counts.items()}, found.update


@pytest.mark.parametrize("sentence,expected", [
    # a number before the people and their fate; the wounded apart
    ("دھماکے میں نو افراد ہلاک اور 25 سے زائد زخمی ہوگئے۔", {"fatalities": (9, 9, 9), "injured": (25, 25, None)}),
    # digits glued to the words around them
    ("بازار میں فائرنگ سے4افراد جاں بحق ہوگئے", {"fatalities": (4, 4, 4)}),
    # "including": the groups named before the total are inside it
    ("دو بچوں اور ایک خاتون سمیت 8 افراد شہید ہوگئے", {"fatalities": (8, 8, 8)}),
    # groups joined by "and" add up
    ("حملے میں تین پولیس اہلکار اور دو راہگیر جاں بحق ہوگئے", {"fatalities": (5, 5, 5)}),
    # a person without a number is one, and a singular verb says so
    ("فائرنگ سے ایک دکاندار جاں بحق ہوگیا", {"fatalities": (1, 1, 1)}),
    ("فائرنگ میں پولیس اہلکار شہید ہوگیا", {"fatalities": (1, 1, 1)}),
    # attackers are counted in the toll and apart
    ("مقابلے میں 4 دہشت گرد ہلاک جبکہ ایک سپاہی شہید ہوگیا", {"fatalities": (5, 5, 5), "perpetrators_killed": (4, 4, 4)}),
    # bullets, hours and money are no victims; a vague plural says no number
    ("اسے 5 گولیاں لگیں اور وہ زخمی ہوگیا", {"injured": (1, 1, 1)}),
    ("متعدد افراد زخمی ہوگئے", {}),
    # a breakdown of a toll told elsewhere
    ("جاں بحق ہونے والوں میں دو بچے بھی شامل ہیں", {}),
])
def test_tolls(ur, sentence, expected):
    counts, _ = _counts(ur, sentence)
    assert counts == expected


def test_a_running_toll_is_an_update(ur):
    counts, update = _counts(ur, "دھماکے میں ہلاک ہونے والوں کی تعداد 14 ہوگئی")
    assert counts["fatalities"] == (14, 14, 14) and "fatalities" in update


@pytest.mark.parametrize("sentence,start,precision", [
    ("ملزمان نے منگل کی شب فائرنگ کی", "2024-03-05", "day"),   # report: Thursday 7 March 2024
    ("واقعہ گزشتہ روز پیش آیا", "2024-03-06", "day"),
    ("یہ حملہ 2 مارچ کو ہوا", "2024-03-02", "day"),
    ("یہ حملہ 28 دسمبر کو ہوا", "2023-12-28", "day"),       # not in the future: last December
    ("نومبر 2022 میں بھی دھماکا ہوا تھا", "2022-11-01", "month"),
    ("تین روز قبل فائرنگ ہوئی", "2024-03-04", "day"),
])
def test_dates(ur, sentence, start, precision):
    folded = ur.fold(sentence)
    date = find_date(ur, folded.text, sentence, folded.origin, "2024-03-07")
    assert date is not None and (date.start, date.precision) == (start, precision)


def test_places_resolve_to_gazetteer_ids_whatever_the_spelling(ur):
    for spelling in ("اورنگی ٹاؤن", "اورنگی ٹاون", "اورنگی"):
        hits = find_places(ur, ur.fold(f"{spelling} میں فائرنگ").text)
        assert hits and hits[0].place_id == "khi:orangi-town"


def test_a_common_word_that_names_a_place_needs_a_place_beside_it(ur):
    assert not find_places(ur, ur.fold("صدر نے حملے کی مذمت کی").text)  # the president
    assert [h.place_id for h in find_places(ur, ur.fold("کراچی: صدر میں بم دھماکا").text)][-1] == "khi:saddar"


def test_sentences_end_at_urdu_marks_and_line_breaks(ur):
    text = "پہلی خبر ہے۔دوسری خبر؟\nتیسری سطر بغیر نشان کے\nچوتھی"
    sentences = [text[s:e] for s, e in sentence_spans(ur, text)]
    assert sentences == ["پہلی خبر ہے۔", "دوسری خبر؟", "تیسری سطر بغیر نشان کے", "چوتھی"]


@pytest.mark.parametrize("text", [
    "کالعدم تنظیم نے شہر میں حملے کرنے کی دھمکی دی ہے۔",          # a threat
    "رواں سال شہر میں ٹارگٹ کلنگ کے 40 واقعات ہوئے۔",               # a yearly statistic
    "پولیس نے دھماکے کی خبروں کی تردید کرتے ہوئے انہیں افواہ قرار دیا۔",  # a denial
])
def test_what_is_no_incident(text):
    assert vigil.extract(text, published="2024-03-07", language="ur").incidents == []


def test_claim_of_responsibility_names_the_group():
    text = ("کوئٹہ میں خودکش دھماکا\n\nکوئٹہ: شہر کے ایک چوک پر جمعرات کو خودکش دھماکے میں 7 افراد جاں بحق ہوگئے۔ "
            "بلوچ لبریشن آرمی نے حملے کی ذمہ داری قبول کر لی ہے۔")
    incident = vigil.extract(text, published="2024-03-07", language="ur").incidents[0]
    assert incident.sub_event_type == "Suicide bomb"
    assert [(p.name, p.attribution) for p in incident.perpetrators] == [("Balochistan Liberation Army", "claimed")]
    assert incident.location.city == "Quetta" and incident.fatalities.best == 7


def test_an_undated_report_takes_the_date_on_a_line_of_its_own():
    text = ("ملیر میں فائرنگ سے نوجوان جاں بحق\n\n14 فروری ، 2024\n\n"
            "کراچی: ملیر کے علاقے میں منگل کی رات فائرنگ سے ایک نوجوان جاں بحق ہوگیا۔")
    result = vigil.extract(text, language="ur")
    document = result.document
    assert document.published == "2024-02-14" and document.published_inferred
    evidence = document.published_evidence
    assert document.text[evidence.start:evidence.end] == evidence.sentence == "14 فروری ، 2024"
    assert result.incidents[0].date.start == "2024-02-13"  # the Tuesday before that Wednesday


@pytest.mark.parametrize("table", ["places_ur.tsv", "places_ar.tsv", "places_hi.tsv"])
def test_every_place_a_language_table_names_is_in_the_gazetteer(table):
    # a gazetteer rebuild that moves a place (a tehsil to its true district) must not leave a
    # language's name pointing at an id that no longer exists
    import csv
    from importlib import resources

    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    text = resources.files("vigil.languages").joinpath("data", table).read_text("utf-8")
    rows = [r for r in csv.reader(text.splitlines(), delimiter="\t") if r and not r[0].startswith("#")]
    ids = [r[1] for r in rows[1:] if len(r) > 1 and r[1]]
    assert ids and [i for i in ids if i not in gazetteer] == []


@pytest.mark.parametrize("text", [
    "لاہور میں جمعہ کو احتجاج کے دوران دو دکانوں کو جلا کر راکھ کر دیا گیا۔",    # burnt to ashes
    "لاہور میں جمعہ کو احتجاج کے دوران ایک پٹرول پمپ کو آگ لگا دی گئی۔",      # set on fire
])
def test_burning_property_in_a_protest_is_a_violent_demonstration(text):
    incidents = vigil.extract(text, published="2024-03-09", language="ur").incidents
    assert [i.sub_event_type for i in incidents] == ["Violent demonstration"]
