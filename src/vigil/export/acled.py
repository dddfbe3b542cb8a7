"""ACLED-style CSV: ACLED's columns in ACLED's order, one row per incident.

Conventions (also in the README): ``event_date`` is the day for day-precise incidents and the middle
of the range otherwise (ACLED codes a known week or month so), with ``time_precision`` 1/2/3;
``fatalities`` is the low count, the most conservative figure a report gives (ACLED's convention;
GTD's ``nkill`` is the best), 0 when no report gives one, and ``notes`` carries the reported range; ``inter`` codes are ACLED's numeric actor types; ``event_id_cnty`` is
the country's ISO3 code and a number derived from Vigil's incident id, so it is stable across
exports; ``tags`` holds ``vigil_id=<incident id>`` to find the incident and its evidence again, and
``vigil_edited=<fields>`` when a reviewer edited fields by hand.
"""
from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from vigil.export.actors import acled_actors
from vigil.csv_cells import SafeDictWriter
from vigil.export.fields import count_value, edited_fields, middle_date, outlets
from vigil.export.records import IncidentLike, incident_records, open_text_output
from vigil.export.summary import incident_summary
from vigil.export.tables import country as country_codes
from vigil.export.tables import table
from vigil.knowledge.geoparse import location_precision_codes


def acled_columns() -> list[str]:
    return list(table("acled.json")["columns"])


def event_number(incident_id: str) -> int:
    """A stable 12-digit-at-most number for an incident id."""
    return int(hashlib.sha256(incident_id.encode("utf-8")).hexdigest()[:12], 16) % 10**12


def acled_location(location: dict) -> str:
    """ACLED names a place inside a city "City - Part" ("Karachi - Orangi Town")."""
    city = location.get("city")
    part = location.get("neighbourhood") or location.get("town")
    if location.get("precision") in ("point", "neighbourhood", "town"):
        part = part or location.get("name")
    if city and part and part != city:
        return f"{city} - {part}"
    for key in ("name", "city", "district", "province", "country"):
        if location.get(key):
            return location[key]
    return ""


def _coordinate(value: Optional[float]) -> Any:
    return "" if value is None else round(float(value), 4)


def acled_row(record: dict, *, timestamp: int) -> dict[str, Any]:
    rules = table("acled.json")
    location = record.get("location") or {}
    date = record.get("date") or {}
    codes = country_codes(location.get("country"))
    country_name = codes.name if codes else (location.get("country") or "")
    actors = acled_actors(record, country_name)  # also the event type the victims allow
    event_type = actors.event_type
    event_day = middle_date(record)
    disorder = (rules["disorder_type"]["by_sub_event_type"].get(actors.sub_event_type)
                or rules["disorder_type"]["by_event_type"].get(event_type, ""))
    # 1 only for a place's own point: a borrowed or approximate point is coded 2 or 3.
    geo_precision = location_precision_codes(location)[0] if location else None
    return {
        "event_id_cnty": f"{codes.iso3 if codes else 'XXX'}{event_number(record['id'])}",
        "event_date": event_day.isoformat() if event_day else "",
        "year": event_day.year if event_day else "",
        "time_precision": rules["time_precision"].get(date.get("precision") or "unknown", 3),
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": actors.sub_event_type,
        "actor1": actors.actor1,
        "assoc_actor_1": actors.assoc_actor_1,
        "inter1": actors.inter1,
        "actor2": actors.actor2,
        "assoc_actor_2": actors.assoc_actor_2,
        "inter2": actors.inter2,
        "interaction": actors.interaction,
        "civilian_targeting": "Civilian targeting" if actors.civilian_targeting else "",
        "iso": codes.iso_numeric if codes else "",
        "region": codes.acled_region if codes else "",
        "country": country_name,
        "admin1": location.get("province") or "",
        "admin2": location.get("district") or "",
        "admin3": location.get("town") or "",
        "location": acled_location(location),
        "latitude": _coordinate(location.get("lat")),
        "longitude": _coordinate(location.get("lon")),
        "geo_precision": "" if geo_precision is None else geo_precision,
        "source": "; ".join(outlets(record)),
        "source_scale": "",
        "notes": incident_summary(record),
        "fatalities": count_value(record.get("fatalities"), "low") or count_value(record.get("fatalities")) or 0,
        "tags": f"vigil_id={record['id']}" + _edited_tag(record),
        "timestamp": timestamp,
    }


def _edited_tag(record: dict) -> str:
    """``; vigil_edited=fatalities,location`` when a reviewer set fields by hand (ACLED's tags are
    "; "-separated; ``notes`` says the same in words)."""
    edited = edited_fields(record)
    return f"; vigil_edited={','.join(edited)}" if edited else ""


def acled_rows(incidents: Iterable[IncidentLike], *, timestamp: Optional[int] = None) -> Iterator[dict[str, Any]]:
    """One ACLED row (a dict keyed by ACLED's columns) per incident. ``timestamp`` is ACLED's
    last-modified Unix time, the time of the export unless given."""
    stamp = int(time.time()) if timestamp is None else int(timestamp)
    for record in incident_records(incidents):
        yield acled_row(record, timestamp=stamp)


def write_acled_csv(incidents: Iterable[IncidentLike], path: Union[str, Path], *,
                    timestamp: Optional[int] = None) -> int:
    """Write ACLED-style CSV to ``path`` ("-" for standard output); returns the number of rows."""
    written = 0
    with open_text_output(path) as handle:
        writer = SafeDictWriter(handle, acled_columns())
        writer.writeheader()
        for row in acled_rows(incidents, timestamp=timestamp):
            writer.writerow(row)
            written += 1
    return written
