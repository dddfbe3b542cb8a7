"""Where a map should look: the box around most of its points, so that one incident in Quetta
does not zoom Karachi's twenty out of sight. The points left outside are the map's outliers,
shown in its inset and by its "show all" control."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Optional, Sequence

# Share of the points the focus must hold ("most incidents").
FOCUS_SHARE = 0.6
# Window sides tried, in degrees, smallest first: a few neighbourhoods, a city, a province,
# a country, a region, a continent. The first window holding FOCUS_SHARE of the points wins.
WINDOWS = (0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0)
NEIGHBOURS = (-2, -1, 0, 1, 2)  # a window: the 5 x 5 grid cells around one
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


def focus_extent(coords: Sequence[tuple[float, float]], share: float = FOCUS_SHARE) -> Optional[Extent]:
    """The tightest box around the points where at least ``share`` of them are.

    For each window side in WINDOWS, smallest first, the points are counted in grid cells a
    quarter of the side wide, and a window of 5 x 5 cells is centred on every occupied cell; the
    first side whose best window holds ``share`` of the points gives the focus: the bounding box
    of the points within SURROUNDINGS sides of that window's centre (ties: the southernmost, then
    westernmost centre). All the points when no window is enough; None for no points. The work
    grows with the points and the occupied cells, never with their square."""
    if not coords:
        return None
    needed = math.ceil(share * len(coords))
    for side in WINDOWS:
        step = side / 4
        counts = Counter((math.floor(lat / step), math.floor(lon / step)) for lat, lon in coords)
        best, best_count = (0, 0), 0
        for row, column in sorted(counts):
            held = sum(counts.get((row + dy, column + dx), 0) for dy in NEIGHBOURS for dx in NEIGHBOURS)
            if held > best_count:
                best, best_count = (row, column), held
        if best_count >= needed:
            lat, lon = (best[0] + 0.5) * step, (best[1] + 0.5) * step
            reach = side * SURROUNDINGS / 2
            window = Extent(lat - reach, lon - reach, lat + reach, lon + reach)
            return Extent.around(point for point in coords if window.contains(*point))
    return Extent.around(coords)
