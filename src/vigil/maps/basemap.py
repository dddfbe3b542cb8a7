"""The offline basemap (compiled from Natural Earth by scripts/build_basemap.py) and the part of
it a map embeds: the whole 1:110m overview, and the detailed 10-degree tiles around its points.

A tile is {"scale": S, "land": [...], "lake": [...], "coast": [...], "country": [...],
"province": [...]}: lines are flat integer lists [x0, y0, dx1, dy1, ...] in 1/S degrees
(longitude first), polygons lists of such rings, outer ring first."""
from __future__ import annotations

import functools
import gzip
import json
import math
from importlib import resources
from typing import Any, Iterable, Optional

from vigil.maps.errors import MapError
from vigil.maps.extent import Extent

DATA_FILE = "data/basemap.json.gz"
FORMAT = 1
# Tiles embedded around each point's own: 1 means its eight neighbours too, so that a map of
# Karachi still shows Sindh, Balochistan and the coast of Makran when zoomed out a little.
REACH = 1


@functools.lru_cache(maxsize=1)
def load_basemap() -> dict[str, Any]:
    """The basemap, read once per process."""
    path = resources.files("vigil.maps").joinpath(DATA_FILE)
    try:
        with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
            basemap = json.load(handle)
    except FileNotFoundError:
        raise MapError(f"{path}: basemap not found (run scripts/build_basemap.py)") from None
    except (OSError, EOFError, ValueError) as error:
        raise MapError(f"{path}: not a readable basemap ({error})") from None
    if basemap.get("format") != FORMAT:
        raise MapError(f"{path}: basemap format {basemap.get('format')!r}, expected {FORMAT}")
    return basemap


def tile_key(lat: float, lon: float, size: int) -> str:
    """The key "west,south" of the tile holding a point (tiles start at -180 and -90)."""
    west = min(math.floor(lon / size) * size, 180 - size)
    south = min(math.floor(lat / size) * size, 90 - size)
    return f"{max(west, -180)},{max(south, -90)}"


def tiles_near(coords: Iterable[tuple[float, float]], size: int, reach: int = REACH,
               extents: Iterable[Extent] = ()) -> set[str]:
    """Keys of the tiles within ``reach`` tiles of any point, and of those an extent overlaps."""
    keys: set[str] = set()
    for lat, lon in coords:
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                keys.add(tile_key(lat + dy * size, lon + dx * size, size))
    for extent in extents:
        south = extent.south
        while True:
            west = extent.west
            while True:
                keys.add(tile_key(south, west, size))
                if west + size > extent.east:
                    break
                west += size
            if south + size > extent.north:
                break
            south += size
    return keys


def basemap_for(coords: list[tuple[float, float]], focus: Optional[Extent] = None) -> dict[str, Any]:
    """What one map embeds: the overview, the detail tiles near its points (and over its focus),
    and the country labels."""
    basemap = load_basemap()
    size = basemap["tile_degrees"]
    wanted = tiles_near(coords, size, extents=[focus] if focus else [])
    detail = basemap["detail"]["tiles"]
    return {
        "tile_degrees": size,
        "overview": basemap["overview"],
        "tiles": {key: detail[key] for key in sorted(wanted) if key in detail},
        "countries": basemap["countries"],
    }
