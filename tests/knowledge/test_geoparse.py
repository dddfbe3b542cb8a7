import pytest

from vigil.knowledge.geoparse import (clear_missing, document_context, geo_precision_codes,
                                      missing_places, resolve_place)


def test_dateline_sets_context():
    assert document_context("QUETTA, Pakistan — Gunmen shot a shopkeeper on Monday.") == "gn:1167528"
    assert document_context("KARACHI: Two constables were shot dead in Orangi.") == "khi:karachi"


def test_most_named_city_sets_context_without_dateline():
    text = ("Police in Karachi said the attack in Karachi's west was the third this month. "
            "A similar attack took place in Lahore last year.")
    assert document_context(text) == "khi:karachi"
    assert document_context("Nothing here names a city.") is None


def test_context_picks_the_right_saddar():
    karachi = resolve_place("Saddar", context_city_id="khi:karachi")
    rawalpindi = resolve_place("Saddar", context_city_id="gn:1166993")
    assert karachi.gazetteer_id == "khi:saddar" and karachi.city == "Karachi"
    assert rawalpindi.gazetteer_id == "pk:saddar-rawalpindi" and rawalpindi.city == "Rawalpindi"


def test_context_picks_karachis_saeedabad_over_the_tehsil_in_matiari():
    assert resolve_place("Saeedabad", context_city_id="khi:karachi").district == "Keamari District"
    assert resolve_place("Saeedabad", context_city_id="khi:karachi").city == "Karachi"


def test_orangi_is_orangi_town_with_full_chain():
    loc = resolve_place("Orangi", context_city_id="khi:karachi")
    assert (loc.town, loc.district, loc.city, loc.province, loc.country) == (
        "Orangi Town", "Karachi West", "Karachi", "Sindh", "Pakistan")
    assert loc.precision == "town"


def test_generic_suffix_and_comma_forms():
    assert resolve_place("the Mominabad area", context_city_id="khi:karachi").gazetteer_id == "khi:mominabad"
    loc = resolve_place("Orangi, Karachi")
    assert loc.gazetteer_id == "khi:orangi-town" and loc.text == "Orangi, Karachi"


def test_unknown_name_in_karachi_falls_back_to_city_and_is_recorded():
    clear_missing()
    loc = resolve_place("Qwertyabad Colony", context_city_id="khi:karachi")
    assert loc.precision == "city" and loc.gazetteer_id == "khi:karachi"
    assert loc.name == "Qwertyabad Colony" and loc.text == "Qwertyabad Colony"
    assert ("khi:karachi", "Qwertyabad Colony", 1) in missing_places()


def test_unknown_name_without_context_is_unknown():
    loc = resolve_place("Qwertyabad Colony")
    assert loc.precision == "unknown" and loc.gazetteer_id is None


@pytest.mark.parametrize("precision, codes", [
    ("point", (1, 1)), ("neighbourhood", (1, 1)), ("town", (1, 2)), ("city", (1, 2)),
    ("district", (2, 3)), ("province", (3, 4)), ("country", (3, 6)), ("unknown", (None, None)),
])
def test_precision_codes(precision, codes):
    assert geo_precision_codes(precision) == codes


def test_dateline_after_a_page_date_stamp_and_without_a_space():
    assert document_context("date 2024-02-01 QUETTA, Feb 01 (APP):Gunmen shot a trader.") == "gn:1167528"
    assert document_context("KABUL (Agency) –Gunmen attacked a checkpoint on Monday.") == "gn:1138958"


def test_regions_choose_between_namesakes_and_unknown_places_fall_back():
    sindh = document_context("Police in Sindh said the attack was the third this week in the province.")
    assert resolve_place("Hyderabad", context_city_id=sindh).country == "Pakistan"
    telangana = document_context("Police in Telangana said the attack was the third this week in the state.")
    assert resolve_place("Hyderabad", context_city_id=telangana).country == "India"
    koshebe = resolve_place("Zarqulabad, Borno")  # a village the gazetteer does not know
    assert (koshebe.name, koshebe.province, koshebe.precision, koshebe.coord_quality) == (
        "Zarqulabad", "Borno", "province", "parent")


def test_a_city_named_only_as_where_the_wounded_were_flown_does_not_stand_for_the_province():
    text = ("Six soldiers were killed in an ambush in a forest of Balochistan on Sunday. "
            "Four wounded men were flown to Quetta, and the rest were taken to Quetta by road.")
    context = document_context(text)
    assert "gn:1167528" not in context.cities  # Quetta
    text_told_there = text + " The attackers had earlier struck a checkpoint in Quetta."
    assert "gn:1167528" in document_context(text_told_there).cities
