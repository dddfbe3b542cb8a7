"""Honest precision in exports: ACLED geo_precision 1 (and UCDP where_prec 1) only for a place's
own point; a point borrowed from a containing place, or only approximate, is coded 2 or coarser."""
import pytest

from vigil.export.acled import acled_rows
from vigil.export.geojson import feature_collection
from vigil.knowledge.gazetteer import load_gazetteer
from vigil.knowledge.geoparse import location_for, resolve_place
from vigil.model import Incident, Location


def incident(location: Location, number: int = 0) -> Incident:
    return Incident(id=f"geo-{number}", event_type="Violence against civilians", sub_event_type="Attack",
                    location=location)


def acled_precision(location: Location) -> int:
    return next(acled_rows([incident(location)], timestamp=0))["geo_precision"]


def sample_places():
    """Every place of Pakistan and the world's divisions and countries, and one town abroad in 200."""
    gazetteer = load_gazetteer()
    towns = 0
    for place in gazetteer:
        if place.lat is None:
            continue
        if place.id.startswith("gn:") and "geonames-cities" in place.sources:
            towns += 1
            if towns % 200:
                continue
        yield gazetteer, place


def test_geo_precision_1_only_for_places_with_their_own_point():
    seen = {1: 0, 2: 0, 3: 0}
    locations = [location_for(place, gazetteer, text=place.name) for gazetteer, place in sample_places()]
    rows = acled_rows([incident(loc, i) for i, loc in enumerate(locations)], timestamp=0)
    for location, row in zip(locations, rows):
        code = row["geo_precision"]
        seen[code] = seen.get(code, 0) + 1
        if code == 1:
            assert location.coord_quality == "own", (location.gazetteer_id, location.coord_quality)
            assert load_gazetteer().get(location.gazetteer_id).coord_quality == "own"
        if location.coord_quality != "own":
            assert code in (2, 3), (location.gazetteer_id, code)
    assert seen[1] > 100 and seen[2] > 100 and seen[3] > 100  # every code occurs, so the check bites


def test_karachi_parts_carrying_a_districts_point_are_not_exact():
    for name in ("Garden", "Ibrahim Hyderi"):
        location = resolve_place(name, context_city_id="khi:karachi")
        assert location.coord_quality == "parent", name
        assert acled_precision(location) == 2, name
        properties = feature_collection([incident(location)])["features"][0]["properties"]
        # the point is a district's: UCDP codes it as a second-order division
        assert (properties["acled_geo_precision"], properties["ucdp_where_prec"]) == (2, 3)


def test_own_points_approximate_points_and_unknown_names():
    maiduguri = resolve_place("Maiduguri")
    assert maiduguri.coord_quality == "own" and acled_precision(maiduguri) == 1
    clifton = resolve_place("Clifton", context_city_id="khi:karachi")  # the mean of its blocks' points
    assert clifton.coord_quality == "approximate" and acled_precision(clifton) == 2
    unknown = resolve_place("Qwertyabad Colony", context_city_id="khi:karachi")
    assert unknown.coord_quality == "parent" and acled_precision(unknown) == 2
    assert acled_precision(resolve_place("Borno")) == 3
    assert acled_precision(resolve_place("Nigeria")) == 3


@pytest.mark.parametrize("stored_quality, code", [(None, 2), ("parent", 2), ("approximate", 2), ("own", 1)])
def test_the_stored_quality_decides_and_a_missing_one_is_the_gazetteers(stored_quality, code):
    """Incidents stored before locations carried coord_quality take their gazetteer entry's, so
    a borrowed point is never exported as exact; a point a person marked as the place's own
    (a surveyed correction) is."""
    location = resolve_place("Garden", context_city_id="khi:karachi")
    location.coord_quality = stored_quality
    assert acled_precision(location) == code
