"""Where a map should look: the box around most of its points, so that one incident in Quetta
does not zoom Karachi's twenty out of sight. The points left outside are the map's outliers,
shown in its inset and by its "show all" control."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

# Share of the points the focus must hold ("most incidents").
FOCUS_SHARE = 0.6
# Window sides tried, in degrees, smallest first: a few neighbourhoods, a city, a province,
# a country, a region, a continent. The first window holding FOCUS_SHARE of the points wins.
WINDOWS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
# Points closer than this share one anchor when windows are counted (keeps the count quadratic
# in places, not in incidents).
ANCHOR_GRID = (0.01, 0.1, 1.0)
MAX_ANCHORS = 2000
# The focus keeps the points around the winning window too (a window this many times as wide):
# the incidents a few streets from the densest ones belong with them.
SURROUNDINGS = 2.0


@dataclass(frozen=True)
class Extent:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def around(cls, coords: Iterable[tuple[float, float]]) -> Optional["Extent"]:
        coords = list(coords)
        if not coords:
            return None
        lats = [lat for lat, _ in coords]
        lons = [lon for _, lon in coords]
        return cls(min(lats), min(lons), max(lats), max(lons))

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east

    def padded(self, fraction: float = 0.1, minimum: float = 0.02) -> "Extent":
        """Grown by ``fraction`` of its size on each side, and to at least ``minimum`` degrees across."""
        pad_lat = max((self.north - self.south) * fraction, (minimum - (self.north - self.south)) / 2, 0.0)
        pad_lon = max((self.east - self.west) * fraction, (minimum - (self.east - self.west)) / 2, 0.0)
        return Extent(max(self.south - pad_lat, -85.0), max(self.west - pad_lon, -180.0),
                      min(self.north + pad_lat, 85.0), min(self.east + pad_lon, 180.0))

    def leaflet(self) -> list[list[float]]:
        """[[south, west], [north, east]], as Leaflet's fitBounds takes it."""
        return [[round(self.south, 5), round(self.west, 5)], [round(self.north, 5), round(self.east, 5)]]


def _anchors(coords: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Each point's anchor: its place rounded to the finest grid that leaves at most MAX_ANCHORS."""
    for grid in ANCHOR_GRID:
        anchors = [(round(lat / grid) * grid, round(lon / grid) * grid) for lat, lon in coords]
        if len(set(anchors)) <= MAX_ANCHORS:
            break
    return anchors


def focus_extent(coords: Sequence[tuple[float, float]], share: float = FOCUS_SHARE) -> Optional[Extent]:
    """The tightest box around the points where at least ``share`` of them are.

    For each window side in WINDOWS, smallest first, a square window is centred on every distinct
    place and the points inside it counted; the first side whose best window holds ``share`` of
    the points gives the focus: the bounding box of the points in that window widened SURROUNDINGS
    times about its centre (ties: the southernmost, then westernmost centre). All the points when
    no window is enough; None for no points."""
    if not coords:
        return None
    import numpy as np

    needed = math.ceil(share * len(coords))
    anchors = _anchors(coords)
    counts: dict[tuple[float, float], int] = {}
    for anchor in anchors:
        counts[anchor] = counts.get(anchor, 0) + 1
    keys = sorted(counts)
    weights = [counts[k] for k in keys]
    anchor_lat = np.array([k[0] for k in keys])
    anchor_lon = np.array([k[1] for k in keys])
    weight = np.array(weights)
    lat_gap = np.abs(anchor_lat[:, None] - anchor_lat[None, :])
    lon_gap = np.abs(anchor_lon[:, None] - anchor_lon[None, :])
    for side in WINDOWS:
        inside = (lat_gap <= side / 2) & (lon_gap <= side / 2)
        held = inside @ weight
        best = int(np.argmax(held))  # first of the largest: keys are sorted south-west first
        if held[best] >= needed:
            reach = side * SURROUNDINGS / 2
            window = Extent(keys[best][0] - reach, keys[best][1] - reach, keys[best][0] + reach, keys[best][1] + reach)
            return Extent.around(point for point, anchor in zip(coords, anchors) if window.contains(*anchor))
    return Extent.around(coords)
