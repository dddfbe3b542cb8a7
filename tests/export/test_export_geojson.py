"""GeoJSON: an RFC 7946 FeatureCollection that shapely (and so QGIS's GDAL) reads."""
from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

from vigil.export import feature_collection, write_geojson


@pytest.fixture
def collection(incidents, tmp_path):
    path = tmp_path / "incidents.geojson"
    assert write_geojson(incidents, path) == len(incidents)
    return json.loads(path.read_text(encoding="utf-8"))


def test_feature_collection_structure(collection, incidents):
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946 drops crs: WGS 84 only
    assert [f["id"] for f in collection["features"]] == [i.id for i in incidents]
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert set(feature) == {"type", "id", "geometry", "properties"}


def test_geometries_are_valid_lon_lat_points(collection):
    placed = [f for f in collection["features"] if f["geometry"] is not None]
    assert len(placed) == 5
    for feature in placed:
        geometry = shape(feature["geometry"])
        assert isinstance(geometry, Point) and geometry.is_valid
        assert -180 <= geometry.x <= 180 and -90 <= geometry.y <= 90
    bus = next(f for f in placed if f["id"] == "fx-bus-bombing")
    assert bus["geometry"]["coordinates"] == [67.393, 24.878]  # longitude first


def test_unplaced_incident_kept_with_null_geometry(collection):
    unplaced = next(f for f in collection["features"] if f["id"] == "fx-unplaced-range")
    assert unplaced["geometry"] is None
    assert unplaced["properties"]["fatalities_high"] == 25


def test_properties_are_flat(collection):
    for feature in collection["features"]:
        for key, value in feature["properties"].items():
            assert not isinstance(value, (dict, list)), key
    bus = next(f for f in collection["features"] if f["id"] == "fx-bus-bombing")["properties"]
    assert bus["outlets"] == "Indus Wire; Karachi Ledger"
    assert bus["perpetrators"] == "Tehreek-e-Taliban Pakistan"
    assert bus["target_categories"] == "police"
    assert (bus["fatalities_low"], bus["injured_high"]) == (13, None)
    # the training centre carries its neighbourhood's point: not exact, within a town's reach
    assert (bus["acled_geo_precision"], bus["ucdp_where_prec"]) == (2, 2)
    assert bus["date_start"] == "2014-02-13"


def test_in_memory_collection_matches_file(collection, incidents):
    assert json.loads(json.dumps(feature_collection(incidents))) == collection
