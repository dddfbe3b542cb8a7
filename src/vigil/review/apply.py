"""Laying analysts' decisions over a merged incident as the machine reconciled it.

The machine's record is rebuilt from the reports after every ingest and re-clustering; the
decisions that belong to it are then applied oldest first, so a later decision on the same field
wins.  What a person changed is marked in the record (contract additions, docs/contracts.md):

- ``status``: that of the latest decision (confirm -> confirmed, edit -> edited, reject -> rejected);
- ``edited``: the fields a person changed, in the contract's order;
- ``edits``: for each of them ``{by, at, reason, revision, machine}``, ``machine`` being what the
  reports say today (so a reviewer sees both);
- ``review``: the latest decision on the incident ``{status, by, at, reason, revision, machine}``,
  ``machine`` being the status the machine gives.

``machine_record`` takes the marks off again, so one decision more can be laid over a stored
incident without rebuilding it from its reports.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from vigil.review.edits import EDITABLE_FIELDS

STATUS_OF_ACTION = {"confirm": "confirmed", "edit": "edited", "reject": "rejected"}


@dataclass(frozen=True)
class Decision:
    """One analyst's decision as the store keeps it (vigil.store.decisions)."""

    id: int
    revision: int
    action: str  # confirm | edit | reject
    field: Optional[str]  # the contract key an edit changes
    value: Any  # the settled value of an edit
    author: str
    reason: Optional[str]
    created_at: str


def apply_decisions(record: dict[str, Any], decisions: list[Decision]) -> dict[str, Any]:
    """``record`` with ``decisions`` applied, oldest first (a new dict; ``record`` is unchanged)."""
    if not decisions:
        return record
    record = dict(record)
    machine_status = record.get("status")
    edits: dict[str, dict[str, Any]] = {}
    latest = None
    for decision in sorted(decisions, key=lambda d: d.id):
        latest = decision
        if decision.action != "edit":
            continue
        for field, machine in _set_field(record, decision.field, decision.value):
            earlier = edits.get(field)
            edits[field] = {**_signed(decision), "machine": earlier["machine"] if earlier else machine}
    record["status"] = STATUS_OF_ACTION[latest.action]
    if edits:
        record["edited"] = [f for f in EDITABLE_FIELDS if f in edits]
        record["edits"] = {f: edits[f] for f in record["edited"]}
    record["review"] = {"status": record["status"], **_signed(latest), "machine": machine_status}
    return record


def machine_record(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` as the machine reconciled it: the inverse of ``apply_decisions`` (every edited
    field back to its ``machine`` value, the machine's status, no marks)."""
    if "review" not in record:
        return record
    record = dict(record)
    for field, mark in (record.pop("edits", None) or {}).items():
        record[field] = mark.get("machine")
    record["status"] = record.pop("review").get("machine") or "extracted"
    record.pop("edited", None)
    return record


def _signed(decision: Decision) -> dict[str, Any]:
    return {"by": decision.author, "at": decision.created_at, "reason": decision.reason, "revision": decision.revision}


def _set_field(record: dict[str, Any], field: str, value: Any) -> list[tuple[str, Any]]:
    """Set ``field`` (and the type it implies); returns (field, value before) for each field set.
    A type and its sub-type stay consistent: a sub-type brings its event type, an event type drops
    a sub-type that is not one of its own."""
    from vigil.knowledge.taxonomy import event_type_of, event_types

    changed = [(field, record.get(field))]
    record[field] = value
    if field == "sub_event_type":
        parent = event_type_of(value)
        if parent and parent != record.get("event_type"):
            changed.append(("event_type", record.get("event_type")))
            record["event_type"] = parent
    elif field == "event_type":
        sub = record.get("sub_event_type")
        if sub and sub not in event_types().get(value, ()):
            changed.append(("sub_event_type", sub))
            record["sub_event_type"] = None
    return changed
