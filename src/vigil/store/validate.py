"""Checks a report's records against its text before anything is written.

Every offset the store keeps must point into the cleaned text it stores, so a UI can highlight
the exact sentence; a record that fails is refused with the report and offsets named.
"""
from __future__ import annotations

from vigil.model import Claim, Document, Evidence, Incident, Sentence
from vigil.store.errors import StoreError


def check_evidence(document: Document, evidence: Evidence, owner: str) -> None:
    where = f"report {document.id!r}: {owner} evidence [{evidence.start}:{evidence.end}]"
    if evidence.document != document.id:
        raise StoreError(f"{where} names document {evidence.document!r}, not the report being stored")
    if not (isinstance(evidence.start, int) and isinstance(evidence.end, int)):
        raise StoreError(f"{where} has non-integer offsets")
    if not 0 <= evidence.start < evidence.end <= len(document.text):
        raise StoreError(f"{where} is outside the text (length {len(document.text)})")
    if document.text[evidence.start : evidence.end] != evidence.sentence:
        raise StoreError(f"{where} does not match the text at those offsets")


def check_report(
    document: Document, sentences: list[Sentence], incidents: list[Incident], claims: list[Claim]
) -> None:
    if not isinstance(document.id, str) or not document.id:
        raise StoreError(f"report {document.id!r}: document id must be a non-empty string")
    if not isinstance(document.text, str):
        raise StoreError(f"report {document.id!r}: text must be a string")
    length = len(document.text)
    for i, sentence in enumerate(sentences):
        if not 0 <= sentence.start <= sentence.end <= length:
            raise StoreError(
                f"report {document.id!r}: sentence {i} [{sentence.start}:{sentence.end}] "
                f"is outside the text (length {length})"
            )
    # A later part of a long file takes its date from the part it was read in; that part's own
    # report was checked when it was stored.
    if document.published_evidence is not None and document.published_evidence.document == document.id:
        check_evidence(document, document.published_evidence, "published date")
    _check_unique_ids(document, "incident", [i.id for i in incidents])
    _check_unique_ids(document, "claim", [c.id for c in claims])
    for incident in incidents:
        if not incident.event_type:
            raise StoreError(f"report {document.id!r}: incident {incident.id!r} has no event_type")
        for evidence in incident.evidence:
            check_evidence(document, evidence, f"incident {incident.id!r}")
    for claim in claims:
        if claim.evidence is not None:
            check_evidence(document, claim.evidence, f"claim {claim.id!r}")


def _check_unique_ids(document: Document, kind: str, ids: list[str]) -> None:
    seen = set()
    for record_id in ids:
        if not isinstance(record_id, str) or not record_id:
            raise StoreError(f"report {document.id!r}: {kind} id must be a non-empty string")
        if record_id in seen:
            raise StoreError(f"report {document.id!r}: {kind} id {record_id!r} occurs twice")
        seen.add(record_id)
