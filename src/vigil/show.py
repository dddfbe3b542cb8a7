"""What `vigil incidents show ID` prints: one merged incident, its sources, each report's own
figures with the sentence that states them, and its case timeline (the judicial steps that
follow it, or, for a judicial step, those of the incident it follows).

Each section is a title, rows (plain dicts) and the columns to print them with (vigil.render).
"""
from __future__ import annotations

from typing import Any, Optional

from vigil.render import Column, count_range


def _date(date: Optional[dict]) -> str:
    if not date or not (date.get("start") or date.get("end")):
        return ""
    start, end = date.get("start") or "", date.get("end") or ""
    span = start if start == end or not end else f"{start} – {end}"
    return f"{span} ({date.get('precision') or 'unknown'})" + (", from the report's date" if date.get("approximate") else "")


def _place(location: Optional[dict]) -> str:
    if not location:
        return ""
    name = location.get("name") or ""
    wider = [location.get(k) for k in ("town", "district", "city", "country") if location.get(k) and location.get(k) != name]
    return ", ".join([name, *dict.fromkeys(wider)]) + (f" ({location['precision']})" if location.get("precision") else "")


def _names(items: list[dict], *extra: str) -> str:
    out = []
    for item in items or []:
        label = item.get("name") or item.get("text") or ""
        details = [item.get(k) for k in extra if item.get(k)]
        out.append(label + (f" ({', '.join(details)})" if details else ""))
    return "; ".join(x for x in out if x)


def _step_label(record: dict[str, Any]) -> str:
    return f"{record.get('sub_event_type') or record.get('event_type')}, {_date(record.get('date')) or 'undated'}"


def incident_fields(record: dict[str, Any], followed: Optional[dict[str, Any]] = None) -> list[dict[str, str]]:
    """The incident's fields as (field, value) rows; ``followed``: the incident a judicial step follows."""
    rows = [
        ("id", record["id"]),
        ("event_type", record.get("event_type") or ""),
        ("sub_event_type", record.get("sub_event_type") or ""),
        ("attack_type", record.get("attack_type") or ""),
        ("date", _date(record.get("date"))),
        ("place", _place(record.get("location"))),
        ("fatalities", _figure(record.get("fatalities"))),
        ("injured", _figure(record.get("injured"))),
        ("kidnapped", count_range(record.get("kidnapped"))),
        ("arrested", count_range(record.get("arrested"))),
        ("perpetrators", _names(record.get("perpetrators"), "attribution")),
        ("targets", "; ".join(sorted({t.get("category") or "" for t in record.get("targets") or []} - {""}))),
        ("victims", _names(record.get("victims"), "role")),
        ("weapons", ", ".join(record.get("weapons") or [])),
        ("status", record.get("status") or ""),
        ("confidence", "" if record.get("confidence") is None else str(record["confidence"])),
        ("case_stage", record.get("case_stage") or ""),
        ("follows", "" if not record.get("follows") else
         record["follows"] + (f" ({_step_label(followed)}, {_place(followed.get('location'))})" if followed else "")),
    ]
    return [{"field": k, "value": v} for k, v in rows if v not in ("", None)]


def _figure(count: Optional[dict]) -> str:
    """low/best/high as a reader expects them: "13 (low 11, high 15)"."""
    if not count:
        return ""
    shown = count_range(count)
    best = count.get("best")
    if best is not None and shown != str(best):
        return f"best {best}, range {shown}"
    return shown


def source_rows(record: dict[str, Any]) -> list[dict[str, str]]:
    return [{"document": s.get("document") or "", "outlet": s.get("outlet") or "", "published": s.get("published") or "",
             "url": s.get("url") or ""} for s in record.get("sources") or []]


def figure_rows(record: dict[str, Any]) -> list[dict[str, str]]:
    """Each report's own fatality and injury figures, each with the sentence that states it."""
    rows = []
    for report in record.get("reports") or []:
        for figure in ("fatalities", "injured"):
            if report.get(figure):
                rows.append({"document": report["document"], "published": report.get("published") or "",
                             "figure": figure, "value": count_range(report[figure]),
                             "sentence": (report.get(f"{figure}_evidence") or {}).get("sentence") or ""})
    return rows


def timeline_rows(timeline: dict[str, Any], shown_id: str) -> list[dict[str, str]]:
    """The case as rows, the incident first then its steps oldest first; the incident being
    shown is marked with *."""
    def row(record: dict[str, Any], what: str) -> dict[str, str]:
        told = record.get("evidence") or [{}]
        # A sentence rather than a headline, when there is one.
        evidence = next((e for e in told if (e.get("sentence") or "").rstrip().endswith((".", "!", "?"))), told[0])
        return {"date": ((record.get("date") or {}).get("start") or "") + (" *" if record["id"] == shown_id else ""),
                "step": what, "incident": record["id"],
                "reports": " ".join(sorted({s["document"] for s in record.get("sources") or []})),
                "sentence": evidence.get("sentence") or ""}

    if not (timeline.get("incident") and timeline.get("steps")):
        return []  # no case: an incident no step follows, or a step that follows nothing known
    rows = []
    if timeline.get("incident"):
        subject = timeline["incident"]
        rows.append(row(subject, subject.get("sub_event_type") or subject.get("event_type") or "incident"))
    rows.extend(row(step, step.get("sub_event_type") or "judicial step") for step in timeline.get("steps") or [])
    return rows


def columns(names: tuple[str, ...]) -> list[Column]:
    return [(name, (lambda key: lambda r: r.get(key, ""))(name)) for name in names]


def sections(record: dict[str, Any], timeline: dict[str, Any]) -> list[tuple[str, list[dict], list[Column], str]]:
    """(title, rows, columns, what an empty section says) for each part of `vigil incidents show`."""
    followed = timeline.get("incident") if record.get("follows") else None
    stage = timeline.get("stage")
    return [
        (f"Incident {record['id']}", incident_fields(record, followed), columns(("field", "value")), ""),
        ("Sources", source_rows(record), columns(("document", "outlet", "published", "url")), "No sources."),
        ("Figures per report", figure_rows(record), columns(("document", "published", "figure", "value", "sentence")),
         "No report states a toll."),
        ("Case timeline" + (f" (stage: {stage})" if stage else ""), timeline_rows(timeline, record["id"]),
         columns(("date", "step", "incident", "reports", "sentence")),
         "No judicial step follows this incident." if record.get("event_type") != "Strategic developments"
         else "This judicial step follows no known incident."),
    ]
