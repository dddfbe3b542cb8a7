"""What the incident page shows, read off a merged incident record: each field beside the
sentence it comes from, each report's figures beside the reconciled range, each report's text
with the incident's evidence marked."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from markupsafe import Markup

from vigil.export.fields import count_phrase, place_line
from vigil.export.summary import date_phrase
from vigil.web.highlight import Span, highlight

FIGURES = (("fatalities", "Killed"), ("injured", "Injured"), ("kidnapped", "Kidnapped"),
           ("arrested", "Arrested"), ("perpetrators_killed", "Attackers killed"))


@dataclass
class FieldRow:
    name: str  # the contract's field name (what an edit names)
    label: str
    value: str
    written: Optional[str] = None  # as the report wrote it
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _evidence_with(text: Optional[str], evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The evidence sentences in which ``text`` (a field as written) occurs."""
    if not text:
        return []
    wanted = text.casefold()
    return [e for e in evidence if wanted in (e.get("sentence") or "").casefold()]


def field_rows(record: dict[str, Any]) -> list[FieldRow]:
    evidence = record.get("evidence") or []
    first = evidence[:1]
    rows = [
        FieldRow("event_type", "Event type", record.get("event_type") or "–", evidence=first),
        FieldRow("sub_event_type", "Sub-event type", record.get("sub_event_type") or "–", evidence=first),
        FieldRow("attack_type", "Attack type", record.get("attack_type") or "–"),
        FieldRow("weapons", "Weapons", ", ".join(record.get("weapons") or []) or "–"),
    ]
    date = record.get("date") or {}
    rows.append(FieldRow("date", "Date", f"{date_phrase(date)} (precision: {date.get('precision') or 'unknown'})"
                         + (", approximate" if date.get("approximate") else ""),
                         date.get("text"), _evidence_with(date.get("text"), evidence)))
    location = record.get("location") or {}
    where = place_line(location) or "unknown"
    if location.get("lat") is not None and location.get("lon") is not None:
        where += f" ({location['lat']:.4f}, {location['lon']:.4f}; {location.get('precision') or '?'})"
    rows.append(FieldRow("location", "Place", where, location.get("text"), _evidence_with(location.get("text"), evidence)))
    for key, label in (("perpetrators", "Perpetrator"), ("targets", "Target"), ("victims", "Victim")):
        for item in record.get(key) or []:
            value = item.get("name") or item.get("category") or item.get("text") or "–"
            extra = [item.get(k) for k in ("category", "attribution", "role") if item.get(k) and item.get(k) != value]
            if extra:
                value += f" ({', '.join(extra)})"
            rows.append(FieldRow(key, label, value, item.get("text"), _evidence_with(item.get("text"), evidence)))
    for key, label in FIGURES:
        reports = record.get("reports") or []
        stated = [r.get(f"{key}_evidence") for r in reports if r.get(f"{key}_evidence")]
        rows.append(FieldRow(key, label, count_phrase(record.get(key)), evidence=stated))
    return rows


def figure_table(record: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per report (its own figures and where it states them), then the reconciled range."""
    rows = []
    for report in record.get("reports") or []:
        rows.append({"document": report.get("document"), "published": report.get("published"),
                     "figures": {key: count_phrase(report.get(key)) for key, _ in FIGURES[:2]},
                     "evidence": {key: report.get(f"{key}_evidence") for key, _ in FIGURES[:2]}})
    return rows


def reconciled(record: dict[str, Any]) -> dict[str, str]:
    return {key: count_phrase(record.get(key)) for key, _ in FIGURES}


def report_texts(record: dict[str, Any], read_document) -> list[dict[str, Any]]:
    """Each report the incident cites, its text with the incident's evidence marked.
    ``read_document(id)`` gives the stored Document or None."""
    by_document: dict[str, list[dict[str, Any]]] = {}
    for item in record.get("evidence") or []:
        by_document.setdefault(item.get("document"), []).append(item)
    figure_spans: dict[str, list[Span]] = {}
    for report in record.get("reports") or []:
        for key, label in FIGURES[:2]:
            stated = report.get(f"{key}_evidence")
            if stated and stated.get("document"):
                figure_spans.setdefault(stated["document"], []).append(
                    Span(stated["start"], stated["end"], "figure", f"{label}: {count_phrase(report.get(key))}"))
    sources = {s.get("document"): s for s in record.get("sources") or []}
    texts = []
    for index, (document_id, items) in enumerate(by_document.items()):
        document = read_document(document_id) if document_id else None
        spans = [Span(e["start"], e["end"], "evidence", f"evidence{' at ' + e['timestamp'] if e.get('timestamp') else ''}",
                      anchor=f"ev-{index}-{n}") for n, e in enumerate(items)]
        spans += figure_spans.get(document_id, [])
        texts.append({
            "document": document_id,
            "source": sources.get(document_id) or {},
            "title": document.title if document else None,
            "html": highlight(document.text, spans) if document else Markup(""),
            "missing": document is None,
            "evidence": [dict(e, anchor=f"ev-{index}-{n}") for n, e in enumerate(items)],
        })
    return texts
