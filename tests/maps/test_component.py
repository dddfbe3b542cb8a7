"""The map component's HTML without a browser: one block of data per map, everything inline,
the view fitted to where most points are, labels from the basemap and the gazetteer."""
from __future__ import annotations

import json
import re

from vigil.maps import MapPoint, render_map

KARACHI = [MapPoint(f"k{i}", lat, lon, popup=f"<b>incident {i}</b>", size=i)
           for i, (lat, lon) in enumerate([(24.861, 67.010), (24.917, 67.088), (25.005, 67.0), (24.834, 67.178)])]
QUETTA = MapPoint("q1", 30.18, 67.0, popup="<b>Quetta</b>", size=5)


def data_of(body: str, element_id: str = "map") -> dict:
    blocks = re.findall(rf'<script type="application/json" class="vigil-map-data" data-map="{element_id}">(.*?)</script>',
                        body, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_karachi_points_focus_and_labels():
    fragment = render_map(KARACHI, element_id="map")
    assert '<div id="map" class="vigil-map"' in fragment.body
    data = data_of(fragment.body)
    assert [p["id"] for p in data["points"]] == ["k0", "k1", "k2", "k3"]
    (south, west), (north, east) = data["focus"]
    assert south < 24.834 and north > 25.005 and west < 67.010 and east > 67.178
    assert north - south < 0.5  # a city, not a country
    assert data["outliers"] == 0 and fragment.outliers == 0 and fragment.summary() == ""
    assert "60,20" in data["basemap"]["tiles"]
    names = {label["name"] for label in data["labels"]}
    assert "Pakistan" in names and "Karachi" in names
    assert all(label["min_zoom"] <= label["max_zoom"] for label in data["labels"])


def test_an_outlier_is_counted_and_the_text_says_so():
    fragment = render_map(KARACHI + [QUETTA])
    data = data_of(fragment.body)
    assert data["outliers"] == 1 and fragment.points == 5
    (south, _), (north, _) = data["focus"]
    assert north < 30  # Quetta is left to the inset and the "show all" control
    (south_all, _), (north_all, _) = data["all"]
    assert north_all > 30.18
    assert "4 of the 5 incidents" in fragment.summary() and "1 lie outside" in fragment.summary()


def test_bad_coordinates_are_left_out_and_no_points_is_a_world_map():
    fragment = render_map([MapPoint("nan", float("nan"), 67.0), MapPoint("far", 95.0, 10.0), KARACHI[0]])
    assert [p["id"] for p in data_of(fragment.body)["points"]] == ["k0"]
    empty = data_of(render_map([]).body)
    assert empty["points"] == [] and empty["focus"] is None and empty["basemap"]["tiles"] == {}
    assert empty["basemap"]["overview"]["land"]


def test_text_cannot_close_the_data_block():
    point = MapPoint("x", 24.86, 67.01, popup="&lt;b&gt; </script><script>alert(1)</script>", title="</script>")
    body = render_map([point], element_id="map-2").body
    assert "</script><script>alert(1)" not in body
    assert data_of(body, "map-2")["points"][0]["popup"].endswith("</script>")


def test_everything_is_inline():
    fragment = render_map(KARACHI)
    page = fragment.styles + fragment.body + fragment.scripts
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert not re.search(r"url\(\s*[\"']?(https?:|//)", page)
    assert "L.markerClusterGroup" in fragment.scripts and "VigilMap" in fragment.scripts


def test_labels_can_be_left_out():
    assert data_of(render_map(KARACHI, with_labels=False).body)["labels"] == []
