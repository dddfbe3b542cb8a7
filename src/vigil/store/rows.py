"""Mapping records (vigil.model) to table rows and back."""
from __future__ import annotations

from typing import Any, Mapping, Optional

from vigil.model import Claim, Count, Document, Evidence, Incident, TimeCue
from vigil.store.nearduplicates import words


def document_values(document: Document) -> dict[str, Any]:
    """Columns of the documents row that come from the record itself."""
    return {
        "id": document.id,
        "content_hash": document.content_hash,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published,
        "published_inferred": bool(document.published_inferred),
        "published_evidence": document.published_evidence.to_dict() if document.published_evidence else None,
        "published_source": document.published_source,
        "language": document.language,
        "author": document.author,
        "format": document.format,
        "source": document.source,
        "text": document.text,
        "cues": [cue.to_dict() for cue in document.cues],
        "word_count": len(words(document.text)),
    }


def document_from_row(row: Mapping[str, Any]) -> Document:
    return Document(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        outlet=row["outlet"],
        url=row["url"],
        published=row["published"],
        published_inferred=bool(row["published_inferred"]),
        published_evidence=Evidence.from_dict(row["published_evidence"]),
        published_source=row["published_source"],
        language=row["language"],
        author=row["author"],
        format=row["format"],
        source=row["source"],
        cues=[TimeCue.from_dict(cue) for cue in row["cues"] or []],
    )


def _bounds(count: Optional[Count]) -> tuple[Optional[int], Optional[int], Optional[int]]:
    if count is None:
        return None, None, None
    return count.low, count.best, count.high


def incident_values(incident: Incident, document_id: str) -> dict[str, Any]:
    f_low, f_best, f_high = _bounds(incident.fatalities)
    i_low, i_best, i_high = _bounds(incident.injured)
    return {
        "id": incident.id,
        "document_id": document_id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date_start": incident.date.start if incident.date else None,
        "date_end": incident.date.end if incident.date else None,
        "fatalities_low": f_low,
        "fatalities_best": f_best,
        "fatalities_high": f_high,
        "injured_low": i_low,
        "injured_best": i_best,
        "injured_high": i_high,
        "status": incident.status,
        "data": incident.to_dict(),
    }


def evidence_values(incident: Incident, document: Document) -> list[dict[str, Any]]:
    # A transcript's timestamp is filled from its cues when the extractor left it out.
    return [
        {
            "incident_id": incident.id,
            "idx": idx,
            "document_id": evidence.document,
            "start": evidence.start,
            "end": evidence.end,
            "sentence": evidence.sentence,
            "timestamp": evidence.timestamp or document.timestamp_at(evidence.start),
        }
        for idx, evidence in enumerate(incident.evidence)
    ]


def claim_values(claim: Claim, document_id: str) -> dict[str, Any]:
    return {
        "id": claim.id,
        "document_id": document_id,
        "kind": claim.kind,
        "quantity": claim.quantity,
        "value": claim.value,
        "data": claim.to_dict(),
    }
