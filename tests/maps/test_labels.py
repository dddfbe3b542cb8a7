"""The map's gazetteer labels read from the index built once per process (labels._index) are
those of the plain walk over every candidate place, in the same order, for maps of a city, a
province, a country, several countries, the whole world and the edges of the tile grid."""
from __future__ import annotations

import math
import random

import pytest

from vigil.maps import component, labels
from vigil.maps.basemap import basemap_for, tile_key
from vigil.maps.extent import Extent, focus_extent


def plain_labels(tiles, size, near, points):
    """Every candidate looked at, each point's distance found by trying its nine cells: the
    labels as they were computed before the index, kept here to compare with."""
    found = []
    for zoom, place in labels._candidates():
        if place.level in labels.LOCAL_LEVELS:
            if near is None or not near.contains(place.lat, place.lon):
                continue
        elif tile_key(place.lat, place.lon, size) not in tiles:
            continue
        found.append((zoom, place))
    grids = [(step, {(math.floor(lat / step), math.floor(lon / step)) for lat, lon in points})
             for step in labels.NEAR_STEPS]
    distances = []
    for _, place in found:
        distance = labels.FAR
        for step, occupied in grids:
            row, column = math.floor(place.lat / step), math.floor(place.lon / step)
            if any((row + dy, column + dx) in occupied for dy in (-1, 0, 1) for dx in (-1, 0, 1)):
                distance = step
                break
        distances.append(distance)
    order = sorted(range(len(found)), key=lambda i: (found[i][0], distances[i],
                                                     -(found[i][1].population or 0), found[i][1].name))
    return [labels._label(found[i][1].name, found[i][1].lat, found[i][1].lon,
                          "area" if found[i][1].level in labels.AREA_LEVELS else "place",
                          found[i][0], labels.LEVEL_MAX_ZOOM.get(found[i][1].level, labels.MAX_ZOOM))
            for i in order]


def scattered(rng, count, south, west, north, east):
    return [(rng.uniform(south, north), rng.uniform(west, east)) for _ in range(count)]


rng = random.Random(14)
MAPS = {
    "Karachi": scattered(rng, 400, 24.8, 66.9, 25.1, 67.2) + scattered(rng, 20, 24.0, 66.0, 26.0, 68.5),
    "Quetta and Karachi": scattered(rng, 50, 30.1, 66.9, 30.3, 67.1) + scattered(rng, 50, 24.8, 66.9, 25.1, 67.2),
    "Pakistan": scattered(rng, 300, 24.0, 61.0, 36.5, 75.0),
    "South Asia": scattered(rng, 300, 6.0, 60.0, 37.0, 97.0),
    "the world": scattered(rng, 500, -60.0, -180.0, 80.0, 180.0),
    "edges of the grid": [(89.9, 179.9), (-89.9, -179.9), (0.0, 0.0), (10.0, -10.0), (-0.01, 179.99)],
    "one point": [(33.6, 73.05)],
}


def map_arguments(points):
    """What the map component gives the labels for these points (its tiles, size and area)."""
    focus = focus_extent(points)
    view = focus.padded(component.FOCUS_PADDING, component.MIN_VIEW_DEGREES)
    basemap = basemap_for(points, view)
    near = focus.padded(component.LOCAL_LABEL_PADDING, component.LOCAL_LABEL_MIN_DEGREES)
    return basemap["tiles"], basemap["tile_degrees"], near


@pytest.fixture(scope="module", autouse=True)
def gazetteer_present():
    if not labels._candidates():
        pytest.skip("the gazetteer cannot be read here: no candidate places to label")


@pytest.mark.parametrize("name", sorted(MAPS))
def test_indexed_labels_equal_the_plain_walk(name):
    points = MAPS[name]
    tiles, size, near = map_arguments(points)
    fast = labels.gazetteer_labels(tiles, size, near, points)
    assert fast == plain_labels(tiles, size, near, points)
    assert fast  # every one of these maps names something


@pytest.mark.parametrize("near", [None, Extent(24.0, 66.0, 26.0, 68.0), Extent(-85.0, -180.0, 85.0, 180.0),
                                  Extent(29.999, 66.5, 30.001, 67.5), Extent(33.0, 72.0, 34.0, 74.0)])
def test_any_area_and_tiles(near):
    """Areas not drawn from the points (none, a province, the world, a thin strip on a cell
    border), with tiles far from the points and tile keys that do not exist."""
    points = MAPS["Karachi"]
    for size in (10, 5):
        tiles = {tile_key(lat, lon, size) for lat, lon in MAPS["South Asia"][:40]} | {"999,999"}
        assert labels.gazetteer_labels(tiles, size, near, points) == plain_labels(tiles, size, near, points)

