"""A one-line description of an incident, written by Vigil from its fields (never a copied
sentence), for ACLED ``notes``, GTD ``summary`` and the situation report."""
from __future__ import annotations

from vigil.export.fields import count_phrase, edited_fields, names, outlets, parse_date, place_line


def date_phrase(date: dict | None) -> str:
    """ "On 13 February 2014", "In the week of 10 February 2014", "In February 2014", ... """
    date = date or {}
    precision = date.get("precision") or "unknown"
    start = parse_date(date.get("start"))
    finish = parse_date(date.get("end"), end=True)
    if start is None and finish is None:
        return "On an unknown date"
    start = start or finish
    finish = finish or start
    if precision == "day" or start == finish:
        return f"On {start.day} {start:%B %Y}"
    if precision == "week":
        return f"In the week of {start.day} {start:%B %Y}"
    if precision == "month" and (start.year, start.month) == (finish.year, finish.month):
        return f"In {start:%B %Y}"
    if precision == "year" and start.year == finish.year:
        return f"In {start.year}"
    return f"Between {start.day} {start:%B %Y} and {finish.day} {finish:%B %Y}"


def incident_summary(record: dict) -> str:
    """E.g. "On 13 February 2014, Explosions/Remote violence (Suicide bomb) in Razzakabad, Karachi,
    Sindh, Pakistan. Perpetrator: Tehreek-e-Taliban Pakistan (claimed). Target: police.
    Fatalities: 13 as reported; injured: at least 50. Sources: 2 (Indus Wire; Karachi Ledger)."
    A field a reviewer edited is said so at the end ("Edited by a reviewer: fatalities.")."""
    what = record.get("event_type") or "Incident"
    if record.get("sub_event_type"):
        what += f" ({record['sub_event_type']})"
    sentence = f"{date_phrase(record.get('date'))}, {what}"
    where = place_line(record.get("location"))
    if where:
        sentence += f" in {where}"
    parts = [sentence + "."]

    perpetrators = []
    for perpetrator in record.get("perpetrators") or []:
        name = perpetrator.get("name") or perpetrator.get("category")
        if name:
            attribution = perpetrator.get("attribution")
            perpetrators.append(f"{name} ({attribution})" if attribution else name)
    if perpetrators:
        parts.append(f"Perpetrator{'s' if len(perpetrators) > 1 else ''}: {', '.join(perpetrators)}.")
    targets = names(record.get("targets") or [], "name") or names(record.get("targets") or [], "category")
    if targets:
        parts.append(f"Target{'s' if len(targets) > 1 else ''}: {', '.join(targets)}.")

    fatalities = count_phrase(record.get("fatalities"))
    edited = edited_fields(record)
    as_given = " as corrected by a reviewer" if "fatalities" in edited else " as reported"
    figures = [f"fatalities {fatalities}" + ("" if fatalities == "not reported" else as_given)]
    for key, label in (("injured", "injured"), ("kidnapped", "kidnapped"), ("arrested", "arrested"),
                       ("perpetrators_killed", "attackers killed")):
        if record.get(key):
            figures.append(f"{label} {count_phrase(record[key])}")
    parts.append(figures[0][0].upper() + "; ".join(figures)[1:] + ".")

    sources = outlets(record)
    if sources:
        parts.append(f"Sources: {len(sources)} ({'; '.join(sources)}).")
    if edited:  # what a person set rather than read from the reports
        parts.append(f"Edited by a reviewer: {', '.join(f.replace('_', ' ') for f in edited)}.")
    return " ".join(parts)
