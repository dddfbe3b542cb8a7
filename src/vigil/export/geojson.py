"""GeoJSON (RFC 7946): a FeatureCollection with one Point feature per incident.

Coordinates are [longitude, latitude] in WGS 84, as the RFC requires. An incident without
coordinates is kept, with ``"geometry": null`` (allowed by RFC 7946 section 3.2; QGIS lists such
features in the attribute table), so that the file holds every exported incident. Properties are
the flat columns of ``vigil.export.flatten``; lists are joined with "; " because desktop GIS
tools read string attributes most reliably; ``acled_geo_precision`` and ``ucdp_where_prec`` tell
how exact a point is (1 only for a place's own point; ``location_coord_quality`` says what the
point is: ``own``, ``approximate`` or ``parent``).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Union

from vigil.export.flatten import LIST_FIELDS, flat_record
from vigil.export.records import IncidentLike, incident_records, open_text_output
from vigil.knowledge.geoparse import location_precision_codes


def feature(record: dict) -> dict[str, Any]:
    properties = flat_record(record)
    for key in LIST_FIELDS:
        properties[key] = "; ".join(v for v in properties[key] if v)
    location = record.get("location") or {}
    lat, lon = location.get("lat"), location.get("lon")
    properties["acled_geo_precision"], properties["ucdp_where_prec"] = location_precision_codes(location)
    geometry = None
    if lat is not None and lon is not None:
        geometry = {"type": "Point", "coordinates": [round(float(lon), 6), round(float(lat), 6)]}
    return {"type": "Feature", "id": record["id"], "geometry": geometry, "properties": properties}


def feature_collection(incidents: Iterable[IncidentLike]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [feature(r) for r in incident_records(incidents)]}


def write_geojson(incidents: Iterable[IncidentLike], path: Union[str, Path]) -> int:
    """Write a GeoJSON FeatureCollection to ``path`` ("-" for standard output); returns the
    number of features."""
    collection = feature_collection(incidents)
    with open_text_output(path) as handle:
        # One dumps call uses the C encoder; json.dump to a stream falls back to the slower Python one.
        handle.write(json.dumps(collection, ensure_ascii=False))
        handle.write("\n")
    return len(collection["features"])
