"""The report's incidents as map points (drawn by the map component, vigil.maps)."""
from __future__ import annotations

from vigil.export.fields import count_value, place_line
from vigil.maps import MapPoint


def incident_points(records: list[dict], popup_html) -> tuple[list[MapPoint], int]:
    """Map points for incidents with coordinates, and how many have none."""
    points, unplaced = [], 0
    for record in records:
        location = record.get("location") or {}
        lat, lon = location.get("lat"), location.get("lon")
        if lat is None or lon is None:
            unplaced += 1
            continue
        points.append(MapPoint(
            id=record["id"], lat=float(lat), lon=float(lon),
            popup=str(popup_html(record)),
            size=count_value(record.get("fatalities")) or 0,
            title=place_line(location) or "",
        ))
    return points, unplaced
