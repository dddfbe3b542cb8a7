"""The map's data: a point per located incident and, for viewing offline, outline points from
the gazetteer (the places around the incidents) drawn when no map tiles load."""
from __future__ import annotations

import json
from typing import Any, Optional

from markupsafe import Markup

from vigil.export.fields import count_phrase, count_value

# Gazetteer levels that sketch an area without crowding it, and those labelled, by the size of
# the area (degrees of latitude or longitude): a city, a country, a region.
SCALES = (
    (2.0, ("province", "district", "city", "town"), ("district", "city", "town")),
    (8.0, ("province", "district", "city"), ("province", "city")),
    (180.0, ("country", "province", "district"), ("country", "province")),
)
MAX_OUTLINE_POINTS = 400
MAX_LABELS = 30
PADDING_DEGREES = 0.25


def incident_points(records: list[dict], popup_html) -> tuple[list[dict[str, Any]], int]:
    """Map points for incidents with coordinates, and how many have none."""
    points, unplaced = [], 0
    for record in records:
        location = record.get("location") or {}
        lat, lon = location.get("lat"), location.get("lon")
        if lat is None or lon is None:
            unplaced += 1
            continue
        points.append({
            "id": record["id"], "lat": float(lat), "lon": float(lon),
            "fatalities": count_value(record.get("fatalities")) or 0,
            "precision": location.get("precision") or "unknown",
            "popup": str(popup_html(record)),
        })
    return points, unplaced


def _bounds(points: list[dict]) -> Optional[tuple[float, float, float, float]]:
    if not points:
        return None
    lats = [p["lat"] for p in points]
    lons = [p["lon"] for p in points]
    return (min(lats) - PADDING_DEGREES, min(lons) - PADDING_DEGREES,
            max(lats) + PADDING_DEGREES, max(lons) + PADDING_DEGREES)


def outline_points(points: list[dict]) -> list[dict[str, Any]]:
    """Gazetteer places inside the incidents' bounding box (padded), biggest levels first."""
    box = _bounds(points)
    if box is None:
        return []
    from vigil.knowledge import load_gazetteer

    south, west, north, east = box
    span = max(north - south, east - west)
    levels, labelled = next((lv, lb) for limit, lv, lb in SCALES if span <= limit or limit == SCALES[-1][0])
    rank = {level: i for i, level in enumerate(levels)}
    found = [
        place for place in load_gazetteer()
        if place.level in rank and place.lat is not None and place.lon is not None
        and place.coord_quality != "parent" and south <= place.lat <= north and west <= place.lon <= east
    ]
    found.sort(key=lambda p: (rank[p.level], p.name))
    found = found[:MAX_OUTLINE_POINTS]
    out, labels = [], 0
    for place in found:
        label = place.level in labelled and labels < MAX_LABELS
        labels += label
        out.append({"name": place.name, "lat": place.lat, "lon": place.lon, "level": place.level, "label": label})
    return out


def map_data_json(points: list[dict], outline: list[dict]) -> Markup:
    """JSON for a <script type="application/json"> block; "</" is escaped so no text can close it."""
    text = json.dumps({"incidents": points, "outline": outline}, ensure_ascii=False)
    return Markup(text.replace("</", "<\\/"))


def fatalities_label(record: dict) -> str:
    return count_phrase(record.get("fatalities"))
