"""The Natural Earth basemap compiled into the package: small, in the right place, and only the
tiles near a map's points are embedded."""
from __future__ import annotations

import math
from importlib import resources

from vigil.maps.basemap import DATA_FILE, basemap_for, load_basemap, tile_key, tiles_near


def decode(flat: list[int], scale: int) -> list[tuple[float, float]]:
    """(lat, lon) points of a delta-encoded line, as the page's script reads it."""
    x = y = 0
    out = []
    for i in range(0, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        out.append((y / scale, x / scale))
    return out


def nearest(points, lat, lon) -> float:
    """Distance in km from (lat, lon) to the nearest point."""
    return min(math.hypot((p_lat - lat) * 111.0, (p_lon - lon) * 111.0 * math.cos(math.radians(lat)))
               for p_lat, p_lon in points)


def test_the_file_is_small_and_credits_natural_earth():
    assert len(resources.files("vigil.maps").joinpath(DATA_FILE).read_bytes()) < 700 * 1024
    basemap = load_basemap()
    assert basemap["source"].startswith("Natural Earth")
    assert basemap["tile_degrees"] == 10


def test_karachi_tile_has_its_coast_and_the_province_border():
    tile = load_basemap()["detail"]["tiles"]["60,20"]
    assert tile["scale"] == 1000  # Pakistan is drawn finely
    coast = [p for line in tile["coast"] for p in decode(line, tile["scale"])]
    # Manora's shore and the coast at Clifton, within a kilometre or two of the drawn coastline.
    assert nearest(coast, 24.80, 66.975) < 2.5
    assert nearest(coast, 24.79, 67.03) < 3.5
    provinces = [p for line in tile["province"] for p in decode(line, tile["scale"])]
    # The Sindh-Balochistan boundary passes west of Karachi, along the Hub river.
    assert nearest(provinces, 25.0, 66.7) < 15
    borders = [p for key in ("60,20", "60,30", "70,20", "70,30")
               for line in load_basemap()["detail"]["tiles"][key]["country"]
               for p in decode(line, 1000)]
    assert nearest(borders, 31.0, 66.5) < 30  # the Pakistan-Afghanistan border near Chaman
    assert nearest(borders, 31.6, 74.55) < 15  # the Pakistan-India border near Wagah


def test_the_rest_of_the_world_is_drawn_coarsely():
    tiles = load_basemap()["detail"]["tiles"]
    lagos = tiles[tile_key(6.45, 3.4, 10)]
    assert lagos["scale"] == 100 and lagos["coast"] and lagos["province"]
    coast = [p for line in lagos["coast"] for p in decode(line, 100)]
    assert nearest(coast, 6.42, 3.40) < 15


def test_overview_and_country_labels():
    basemap = load_basemap()
    land = [p for polygon in basemap["overview"]["land"] for ring in polygon[:1]
            for p in decode(ring, basemap["overview"]["scale"])]
    assert len(land) > 3000
    pakistan = next(c for c in basemap["countries"] if c["name"] == "Pakistan")
    assert 24 < pakistan["lat"] < 37 and 61 < pakistan["lon"] < 77


def test_tile_keys():
    assert tile_key(24.86, 67.01, 10) == "60,20"
    assert tile_key(-33.9, 18.4, 10) == "10,-40"
    assert tile_key(90.0, 180.0, 10) == "170,80"
    assert tiles_near([(24.86, 67.01)], 10, reach=0) == {"60,20"}
    assert len(tiles_near([(24.86, 67.01)], 10)) == 9


def test_a_map_embeds_only_the_tiles_near_its_points():
    karachi = basemap_for([(24.86, 67.01)])
    assert set(karachi["tiles"]) <= tiles_near([(24.86, 67.01)], 10)
    assert "60,20" in karachi["tiles"]
    assert karachi["overview"]["land"]
    world = basemap_for([(24.86, 67.01), (6.45, 3.4)])
    assert "0,0" in world["tiles"] and len(world["tiles"]) > len(karachi["tiles"])
    assert basemap_for([])["tiles"] == {}
