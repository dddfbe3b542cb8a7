"""Build the situation report: figures, charts and map data into one self-contained HTML page."""
from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any, Iterable, Optional, Union
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from vigil.export.errors import ExportError
from vigil.export.fields import count_phrase, place_line
from vigil.export.records import IncidentLike, incident_records
from vigil.export.summary import date_phrase, incident_summary
from vigil.maps import MapError, render_map
from vigil.maps.assets import library_versions
from vigil.report import assets, charts, figures, maps
from vigil.report.errors import ReportError
from vigil.resolve.disagreements import find_disagreements

MAX_EVIDENCE_SHOWN = 3
LINK_SCHEMES = ("http", "https")


@functools.lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    return Environment(loader=PackageLoader("vigil.report", "templates"),
                       autoescape=select_autoescape(["html", "j2"], default=True),
                       trim_blocks=True, lstrip_blocks=True)


def link_target(url: Optional[str]) -> Optional[str]:
    """``url`` when it may become a link: http(s) with a host. javascript:, data:, vbscript:,
    file: and anything unparsable stay plain text (the source is still named, unlinked)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def _sort_key(record: dict):
    start = (record.get("date") or {}).get("start")
    return (start is None, start or "", record["id"])


def _period_text(first: Optional[dt.date], last: Optional[dt.date]) -> str:
    if first is None and last is None:
        return "All dates"
    def day(d: dt.date) -> str:
        return f"{d.day} {d:%B %Y}"
    if first is None:
        return f"Until {day(last)}"
    if last is None:
        return f"From {day(first)}"
    return f"{day(first)} – {day(last)}"


def _popup(record: dict) -> Markup:
    what = record.get("sub_event_type") or record.get("event_type") or "Incident"
    return Markup(
        f'<strong>{escape(what)}</strong><br>{escape(date_phrase(record.get("date")))}'
        f'<br><bdi>{escape(place_line(record.get("location")))}</bdi>'
        f'<br>killed: {escape(count_phrase(record.get("fatalities")))}'
        f'<br><a href="#incident-{escape(record["id"])}">details and sources</a>'
    )


def _actors(record: dict) -> str:
    who = [p.get("name") or p.get("text") or p.get("category") for p in record.get("perpetrators") or []]
    whom = [t.get("name") or t.get("category") or t.get("text") for t in record.get("targets") or []]
    who_text = ", ".join(w for w in who if w) or "unidentified"
    whom_text = ", ".join(w for w in whom if w)
    return f"{who_text} → {whom_text}" if whom_text else who_text


def _incident_row(record: dict) -> dict[str, Any]:
    date = record.get("date") or {}
    shown_date = date.get("start") or "undated"
    if date.get("precision") not in (None, "day") and date.get("start"):
        shown_date = f"{date_phrase(date)[3:]} ({date['precision']})"
    sources = []
    for source in record.get("sources") or []:
        sources.append({"label": source.get("outlet") or source.get("document"),
                        "url": link_target(source.get("url")),
                        "published": source.get("published")})
    return {
        "id": record["id"],
        "date": shown_date,
        "place": place_line(record.get("location")) or "unknown",
        "what": " — ".join(p for p in (record.get("event_type"), record.get("sub_event_type")) if p),
        "fatalities": count_phrase(record.get("fatalities")).replace("not reported", "–"),
        "injured": count_phrase(record.get("injured")).replace("not reported", "–"),
        "actors": _actors(record),
        "summary": incident_summary(record),
        "evidence": [e.get("sentence") for e in (record.get("evidence") or [])[:MAX_EVIDENCE_SHOWN] if e.get("sentence")],
        "sources": sources,
    }


def _period_of(claim: dict) -> str:
    period = claim.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if start and end:
        return f"{start} – {end}"
    if end:
        return f"until {end}"
    return f"from {start}" if start else ""


def build_report(incidents: Iterable[IncidentLike], claims: Iterable[Any] = (), conflicts: Iterable[Any] = (),
                 since: Optional[str] = None, until: Optional[str] = None,
                 title: Optional[str] = None, *, generated: Optional[str] = None) -> str:
    """The situation report as one HTML page that needs no network: headline figures with ranges,
    charts by week or month, by target category and perpetrator, a Leaflet map, the figures that
    disagree (``conflicts`` and merged incidents whose reports differ), stated figures (``claims``
    in the period) and every incident with its sources. ``generated`` fixes the date shown."""
    try:
        records = sorted(incident_records(incidents), key=_sort_key)
    except ExportError as error:
        raise ReportError(str(error)) from None
    for bound, name in ((since, "since"), (until, "until")):
        if bound is not None and figures.parse_date(bound) is None:
            raise ReportError(f"bad {name} date {bound!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")

    first, last = figures.period_span(records, since, until)
    if since is not None or until is not None:
        records = [r for r in records if figures.overlaps(r, first, last)]
    unit = figures.time_unit(first, last)
    time_buckets, undated = figures.time_buckets(records, first, last, unit)
    targets = figures.group_buckets(records, figures.target_keys, missing="not stated")
    perpetrators = figures.group_buckets(records, figures.perpetrator_keys, missing="unidentified")

    outlet_of: dict[str, str] = {}
    for record in records:
        for source in record.get("sources") or []:
            if source.get("document"):
                outlet_of.setdefault(source["document"], source.get("outlet") or source["document"])
    documents = set(outlet_of)
    for record in records:
        documents.update(e.get("document") for e in record.get("evidence") or [] if e.get("document"))
    disagreements = figures.disagreements_shown(find_disagreements(conflicts, records), outlet_of)
    stated = figures.claims_in_period(claims, first, last, documents)

    points, unplaced = maps.incident_points(records, _popup)
    try:
        the_map = render_map(points, element_id="map")
    except MapError as error:
        raise ReportError(str(error)) from None
    named_outlets = list(dict.fromkeys(s["outlet"] for r in records for s in r.get("sources") or [] if s.get("outlet")))
    from vigil import __version__

    title = title or "Situation report"
    return _environment().get_template("report.html.j2").render(
        version=__version__,
        title=title,
        period_text=_period_text(first, last),
        generated=generated or dt.date.today().isoformat(),
        incidents=records,
        documents_count=len(documents),
        outlets=named_outlets,
        totals=figures.totals(records),
        undated=undated,
        unit=unit,
        time_buckets=time_buckets,
        incidents_chart=charts.time_chart(f"incidents-by-{unit}", time_buckets, "incidents", f"Incidents per {unit}"),
        fatalities_chart=charts.time_chart(f"fatalities-by-{unit}", time_buckets, "fatalities", f"Fatalities per {unit}"),
        target_chart=charts.group_chart("by-target", targets, "Incidents by target category"),
        perpetrator_chart=charts.group_chart("by-perpetrator", perpetrators, "Incidents by perpetrator"),
        points_count=len(points),
        unplaced=unplaced,
        map=the_map,
        disagreements=disagreements,
        claims=stated,
        claim_value=figures.claim_value,
        period_of=_period_of,
        incident_rows=[_incident_row(r) for r in records],
        map_libraries=library_versions(),
        report_css=assets.static("report.css"),
    )


def write_report(path: Union[str, Path], html: str) -> Path:
    target = Path(path)
    try:
        target.write_text(html, encoding="utf-8")
    except OSError as error:
        raise ReportError(f"{target}: cannot write ({error.strerror or error})") from None
    return target
