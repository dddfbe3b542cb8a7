"""The review queue: merged incidents in the order a monitor should look at them.

First those the machine is least sure of (confidence below ``LOW_CONFIDENCE``, lowest first),
then those whose reports disagree (tolls, dates, places, types: vigil.resolve.disagreements),
then the rest, newest incident first.  Incidents a person has already edited come after every
untouched one; confirmed and rejected incidents are not in the queue unless a status filter
asks for them.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func

from vigil.store.filters import ANY_STATUS, merged_conditions
from vigil.store.schema import merged_incidents as merged

# Extraction's confidence is 0.45 to 0.95 (vigil.extract.incidents): below this, a mention rests on
# one sentence with at most a date or a toll, and a person should read it first.
LOW_CONFIDENCE = 0.65
WAITING = ("extracted", "edited")  # statuses still waiting for a person's confirmation


def queue_conditions(filters: dict[str, Any], connection=None) -> list[ColumnElement[bool]]:
    if filters.get("status") is not None:
        return merged_conditions(**filters, connection=connection)
    return [*merged_conditions(**{**filters, "status": ANY_STATUS}, connection=connection), merged.c.status.in_(WAITING)]


def _tier():
    """0: low confidence (or none recorded), 1: reports disagree, 2: the rest."""
    low = merged.c.confidence.is_(None) | (merged.c.confidence < LOW_CONFIDENCE)
    return case((low, 0), (merged.c.disagreements > 0, 1), else_=2)


def need_order() -> list:
    """ORDER BY for the queue (deterministic: the id breaks every tie)."""
    tier = _tier()
    newest = func.coalesce(merged.c.date_end, merged.c.date_start)
    return [
        case((merged.c.status == "edited", 1), else_=0),
        tier,
        case((tier == 0, func.coalesce(merged.c.confidence, 0.0)), else_=0.0),
        newest.is_(None),
        newest.desc(),
        merged.c.id,
    ]


def need(record: dict[str, Any], disagreements: int) -> str:
    """Why an incident is where it is in the queue, in words."""
    if record.get("status") == "edited":
        return "edited, not confirmed"
    confidence = record.get("confidence")
    if confidence is None or confidence < LOW_CONFIDENCE:
        return "low confidence"
    if disagreements:
        return "reports disagree"
    return "not reviewed"
