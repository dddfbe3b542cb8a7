"""Place names for a map: countries from the basemap, provinces, cities, districts and towns from
the gazetteer. Each label says from which zoom to which zoom it may be drawn; the page draws them
in the order given here (most important first) and leaves out any that would overlap one already
drawn, so the order is the priority."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any, Collection, Iterable, Optional, Sequence

from vigil.knowledge.gazetteer import normalise_name
from vigil.maps.basemap import tile_key
from vigil.maps.extent import Extent

MAX_ZOOM = 18
# The zoom from which each gazetteer level is named; cities go by population (CITY_ZOOM).
LEVEL_ZOOM = {"province": 5, "district": 9, "town": 10, "neighbourhood": 11}
# Levels named only near where most points are: a world map need not name every town of the world.
LOCAL_LEVELS = ("district", "town", "neighbourhood")
LEVEL_MAX_ZOOM = {"province": 9}
# (at least this many inhabitants, named from this zoom); a city of unknown size from 8.
CITY_ZOOM = ((5_000_000, 4), (1_000_000, 5), (300_000, 6), (100_000, 7), (20_000, 8), (0, 9))
UNKNOWN_CITY_ZOOM = 8
CAPITAL_ZOOM = 4  # a country's capital, whatever its recorded population
COUNTRY_MAX_ZOOM = 7
AREA_LEVELS = ("province",)  # named across their area rather than beside a dot
# Two labels with the same name this close (degrees) are one place ("Karachi" the city and the division).
SAME_PLACE_DEGREES = 0.3
# Labels kept per starting zoom (the page hides those that would overlap; this bounds the page).
MAX_LABELS_PER_ZOOM = 150
# Grid steps (degrees) at which closeness to the points is judged, finest first.
NEAR_STEPS = (0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0)
FAR = 99.0


def _label(name: str, lat: float, lon: float, kind: str, min_zoom: int, max_zoom: int = MAX_ZOOM) -> dict[str, Any]:
    return {"name": name, "lat": round(lat, 4), "lon": round(lon, 4), "kind": kind,
            "min_zoom": min_zoom, "max_zoom": max_zoom}


def country_labels(countries: Iterable[dict]) -> list[dict[str, Any]]:
    """Natural Earth's countries, named at their label points from their own minimum zoom."""
    return [_label(c["name"], c["lat"], c["lon"], "country", max(int(c["min_zoom"]) - 1, 1), COUNTRY_MAX_ZOOM)
            for c in countries]


def _city_zoom(population: Optional[int]) -> int:
    if not population:
        return UNKNOWN_CITY_ZOOM
    return next(zoom for floor, zoom in CITY_ZOOM if population >= floor)


LABELLED_TOWN_POPULATION = 100_000


@functools.lru_cache(maxsize=1)
def _candidates() -> tuple[tuple[int, Any], ...]:
    """Every gazetteer place a map may name, with the zoom it is named from: read once, since
    the gazetteer does not change while Vigil runs (a page with a map is drawn many times)."""
    from vigil.knowledge import load_gazetteer
    from vigil.knowledge.errors import KnowledgeError

    try:
        gazetteer = load_gazetteer()
        # The world's 68,000 towns are not all made into places for a label: those of a size a
        # map at these zooms names, beside every curated place.
        places = list({p.id: p for p in (*gazetteer.places(towns=False),
                                         *gazetteer.towns(min_population=LABELLED_TOWN_POPULATION))}.values())
    except KnowledgeError:
        return ()
    found = []
    for place in places:
        if place.lat is None or place.lon is None or place.coord_quality == "parent":
            continue
        if place.level == "city":
            zoom = CAPITAL_ZOOM if place.feature_type == "capital" else _city_zoom(place.population)
        elif place.level in LEVEL_ZOOM:
            zoom = LEVEL_ZOOM[place.level]
        else:
            continue
        found.append((zoom, place))
    return tuple(found)


# Local places are bucketed by whole-degree cells of this side, so that a map's ``near`` area
# costs only the places in the cells it covers.
LOCAL_CELL_DEGREES = 1.0


@dataclass(frozen=True)
class _Index:
    """The candidates (``_candidates``, in their order) made ready once per process for one tile
    size: each one's label, its ordering key (zoom, population, name), its cell at each step of
    NEAR_STEPS; the places named where the map has tiles bucketed by the key of their tile, the
    local ones by LOCAL_CELL_DEGREES cell. A map then costs only the places of its own tiles
    and area, not a walk over the 15,000 candidates."""
    labels: tuple[dict[str, Any], ...]
    keys: tuple[tuple[int, int, str], ...]
    cells: tuple[tuple[tuple[int, int], ...], ...]
    points: tuple[tuple[float, float], ...]
    by_tile: dict[str, tuple[int, ...]]
    by_cell: dict[tuple[int, int], tuple[int, ...]]
    local: tuple[int, ...]


def _cell(lat: float, lon: float, step: float = LOCAL_CELL_DEGREES) -> tuple[int, int]:
    return math.floor(lat / step), math.floor(lon / step)


@functools.lru_cache(maxsize=4)
def _index(size: int) -> _Index:
    candidates = _candidates()
    by_tile: dict[str, list[int]] = {}
    by_cell: dict[tuple[int, int], list[int]] = {}
    for i, (_, place) in enumerate(candidates):
        if place.level in LOCAL_LEVELS:
            by_cell.setdefault(_cell(place.lat, place.lon), []).append(i)
        else:
            by_tile.setdefault(tile_key(place.lat, place.lon, size), []).append(i)
    return _Index(
        labels=tuple(_label(place.name, place.lat, place.lon, "area" if place.level in AREA_LEVELS else "place",
                            zoom, LEVEL_MAX_ZOOM.get(place.level, MAX_ZOOM)) for zoom, place in candidates),
        keys=tuple((zoom, -(place.population or 0), place.name) for zoom, place in candidates),
        cells=tuple(tuple(_cell(place.lat, place.lon, step) for step in NEAR_STEPS) for _, place in candidates),
        points=tuple((place.lat, place.lon) for _, place in candidates),
        by_tile={key: tuple(found) for key, found in by_tile.items()},
        by_cell={key: tuple(found) for key, found in by_cell.items()},
        local=tuple(i for found in by_cell.values() for i in found))


def _local_in(index: _Index, near: Extent) -> list[int]:
    """The local candidates inside ``near``: those of the cells it covers, or, when it covers
    more cells than there are local candidates (a world map), every one, checked."""
    south, west = _cell(near.south, near.west)
    north, east = _cell(near.north, near.east)
    if (north - south + 1) * (east - west + 1) > len(index.local):
        nearby: Iterable[int] = index.local
    else:
        nearby = (i for row in range(south, north + 1) for column in range(west, east + 1)
                  for i in index.by_cell.get((row, column), ()))
    return [i for i in nearby if near.contains(*index.points[i])]


def gazetteer_labels(tiles: Collection[str], size: int, near: Optional[Extent],
                     points: Sequence[tuple[float, float]]) -> list[dict[str, Any]]:
    """Gazetteer places with their own point (not a parent's): provinces and cities in the
    map's ``tiles`` (keys of basemap.tile_key at ``size`` degrees), districts, towns and
    neighbourhoods only inside ``near`` (the area where most points are). Ordered by the zoom
    they appear at, then by how close they are to a point (the places where things happened are
    named first), then by population, name and the gazetteer's order. Empty when the gazetteer
    cannot be read."""
    index = _index(size)
    chosen = [i for key in tiles for i in index.by_tile.get(key, ())]
    if near is not None:
        chosen += _local_in(index, near)
    chosen.sort()  # the gazetteer's order, which breaks the last ties
    distances = _closeness([index.cells[i] for i in chosen], points)
    keys = index.keys
    order = sorted(range(len(chosen)), key=lambda n: (keys[chosen[n]][0], distances[n], *keys[chosen[n]][1:]))
    return [dict(index.labels[chosen[n]]) for n in order]


def _closeness(cells: list[tuple[tuple[int, int], ...]], points: Sequence[tuple[float, float]]) -> list[float]:
    """For each place (given by its cell at each step of NEAR_STEPS), the smallest step at which
    a point lies in its grid cell or one next to it (about how far the nearest point is); FAR
    when none is that near. For ordering only. The points' cells are widened by one cell each
    way once per step, so that a place costs one look-up a step."""
    widened = []
    for step in NEAR_STEPS:
        occupied = {_cell(lat, lon, step) for lat, lon in points}
        widened.append({(row + dy, column + dx) for row, column in occupied for dy in (-1, 0, 1) for dx in (-1, 0, 1)})
    steps = list(zip(NEAR_STEPS, widened))
    out = []
    for place in cells:
        found = FAR
        for (step, near), cell in zip(steps, place):
            if cell in near:
                found = step
                break
        out.append(found)
    return out


def merge_labels(*groups: list[dict[str, Any]], per_zoom: int = MAX_LABELS_PER_ZOOM) -> list[dict[str, Any]]:
    """The groups' labels in priority order (lowest starting zoom first, then the groups' own
    order), one per place, at most ``per_zoom`` starting at each zoom."""
    ordered = sorted((label for group in groups for label in group), key=lambda label: label["min_zoom"])
    kept: list[dict[str, Any]] = []
    seen: dict[str, list[tuple[float, float]]] = {}
    per_band: dict[int, int] = {}
    for label in ordered:
        if per_band.get(label["min_zoom"], 0) >= per_zoom:
            continue
        key = normalise_name(label["name"])
        near = seen.setdefault(key, [])
        if any(math.hypot(label["lat"] - lat, label["lon"] - lon) < SAME_PLACE_DEGREES for lat, lon in near):
            continue
        near.append((label["lat"], label["lon"]))
        kept.append(label)
        per_band[label["min_zoom"]] = per_band.get(label["min_zoom"], 0) + 1
    return kept
