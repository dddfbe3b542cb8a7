"""GTD-style CSV: the Global Terrorism Database columns Vigil can fill, one row per incident.

``eventid`` holds Vigil's incident id (GTD's own numbering cannot be reproduced); unknown month
or day is 0 and ``approxdate`` gives the range, as in GTD; counts the reports do not give are left
empty rather than GTD's -99 so that spreadsheet sums stay right; attack, target and weapon types
come from the mapping tables in vigil/export/data/gtd.json.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Iterator, Union

from vigil.csv_cells import SafeDictWriter
from vigil.export.fields import count_value, date_bounds, first, names
from vigil.export.records import IncidentLike, incident_records, open_text_output
from vigil.export.summary import incident_summary
from vigil.export.tables import table


def gtd_columns() -> list[str]:
    return list(table("gtd.json")["columns"])


def _blank(value: Any) -> Any:
    return "" if value is None else value


def attack_type(record: dict) -> str:
    rules = table("gtd.json")
    given = record.get("attack_type")
    if given in rules["attack_types"]:
        return given
    return rules["attack_type_by_sub_event_type"].get(record.get("sub_event_type") or "", "Unknown")


def weapon_type(record: dict) -> str:
    kinds = table("gtd.json")["weapon_types"]
    for weapon in record.get("weapons") or []:
        head = weapon.split(":")[0].strip().lower()
        if head in kinds:
            return kinds[head]
    return "Unknown"


def target_type(record: dict) -> str:
    kinds = table("gtd.json")["target_types"]
    category = first(names(record.get("targets") or [], "category"))
    return kinds.get(category or "unknown", "Unknown")


def citation(source: dict) -> str:
    """A GTD-style source citation: outlet, date, address (and the document id when no outlet)."""
    parts = [source.get("outlet") or source.get("document"), source.get("published"), source.get("url")]
    return ", ".join(p for p in parts if p) + "."


def _approxdate(record: dict) -> str:
    date = record.get("date") or {}
    if date.get("precision") == "day":
        return ""
    start, finish = date_bounds(record)
    if start is None:
        return date.get("text") or ""
    span = start.isoformat() if start == finish else f"{start.isoformat()} to {finish.isoformat()}"
    return f"{span} ({date['text']})" if date.get("text") else span


def gtd_row(record: dict) -> dict[str, Any]:
    rules = table("gtd.json")
    location = record.get("location") or {}
    date = record.get("date") or {}
    start, finish = date_bounds(record)
    precision = date.get("precision") or "unknown"
    same_month = start is not None and (start.year, start.month) == (finish.year, finish.month)
    perpetrator = first(record.get("perpetrators") or []) or {}
    target = first(record.get("targets") or []) or {}
    kidnapped = count_value(record.get("kidnapped"))
    sources = record.get("sources") or []
    row = {
        "eventid": record["id"],
        "iyear": start.year if start and start.year == finish.year else "",
        "imonth": start.month if same_month else 0,
        "iday": start.day if start and start == finish and precision == "day" else 0,
        "approxdate": _approxdate(record),
        "country_txt": location.get("country") or "",
        "provstate": location.get("province") or "",
        "city": location.get("city") or location.get("town") or location.get("name") or "",
        "latitude": _blank(location.get("lat")),
        "longitude": _blank(location.get("lon")),
        "specificity": rules["specificity"].get(location.get("precision") or "", ""),
        "attacktype1_txt": attack_type(record),
        "targtype1_txt": target_type(record),
        "target1": target.get("name") or target.get("text") or "",
        "gname": perpetrator.get("name") or "Unknown",
        "guncertain1": rules["guncertain"].get(perpetrator.get("attribution") or "", "") if perpetrator else "",
        "weaptype1_txt": weapon_type(record),
        "nkill": _blank(count_value(record.get("fatalities"))),
        "nkillter": _blank(count_value(record.get("perpetrators_killed"))),
        "nwound": _blank(count_value(record.get("injured"))),
        "ishostkid": 1 if kidnapped or record.get("sub_event_type") == "Abduction/forced disappearance" else 0,
        "nhostkid": _blank(kidnapped),
        "summary": incident_summary(record),
    }
    for number in (1, 2, 3):
        row[f"scite{number}"] = citation(sources[number - 1]) if len(sources) >= number else ""
    return row


def gtd_rows(incidents: Iterable[IncidentLike]) -> Iterator[dict[str, Any]]:
    for record in incident_records(incidents):
        yield gtd_row(record)


def write_gtd_csv(incidents: Iterable[IncidentLike], path: Union[str, Path]) -> int:
    """Write GTD-style CSV to ``path`` ("-" for standard output); returns the number of rows."""
    written = 0
    with open_text_output(path) as handle:
        writer = SafeDictWriter(handle, gtd_columns())
        writer.writeheader()
        for row in gtd_rows(incidents):
            writer.writerow(row)
            written += 1
    return written
