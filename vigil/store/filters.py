"""The incident filters shared by listing and tallying."""
from __future__ import annotations

import re
from typing import Optional

from sqlalchemy import ColumnElement, and_, exists, func, or_, select

from vigil.store.errors import StoreError
from vigil.store.schema import incident_evidence, incidents

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _date_bound(value: str, name: str, *, upper: bool) -> str:
    """Widen a partial date to the first (since) or last (until) day it covers.

    Stored dates are ISO strings, so string comparison is date comparison; "31" is a safe last
    day for every month because no stored date sorts after it within the month.
    """
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value):
        raise StoreError(f"bad {name} date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    parts = value.split("-")
    padding = ["12", "31"] if upper else ["01", "01"]
    return "-".join(parts + padding[len(parts) - 1 :])


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def incident_conditions(
    *,
    since: Optional[str] = None,
    until: Optional[str] = None,
    event_type: Optional[str] = None,
    text: Optional[str] = None,
    document: Optional[str] = None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    # An incident's date is a range; it matches when that range overlaps [since, until].
    start = func.coalesce(incidents.c.date_start, incidents.c.date_end)
    end = func.coalesce(incidents.c.date_end, incidents.c.date_start)
    if since is not None:
        conditions.append(end >= _date_bound(since, "since", upper=False))
    if until is not None:
        conditions.append(start <= _date_bound(until, "until", upper=True))
    if event_type is not None:
        conditions.append(incidents.c.event_type == event_type)
    if document is not None:
        conditions.append(incidents.c.document_id == document)
    if text:
        pattern = f"%{_escape_like(text)}%"
        conditions.append(
            exists(
                select(1).where(
                    and_(
                        incident_evidence.c.incident_id == incidents.c.id,
                        incident_evidence.c.sentence.ilike(pattern, escape="\\"),
                    )
                )
            )
        )
    return conditions


def merged_conditions(
    *,
    since: Optional[str] = None,
    until: Optional[str] = None,
    event_type: Optional[str] = None,
    text: Optional[str] = None,
    document: Optional[str] = None,
    place: Optional[str] = None,
    target: Optional[str] = None,
    perpetrator: Optional[str] = None,
) -> list[ColumnElement[bool]]:
    """Filters on merged incidents: those of mentions, plus the place (any gazetteer place it lies
    in, or a name on its location), the target category and the perpetrator (part of a name)."""
    from vigil.store.schema import incident_members, merged_incidents as merged

    conditions: list[ColumnElement[bool]] = []
    start = func.coalesce(merged.c.date_start, merged.c.date_end)
    end = func.coalesce(merged.c.date_end, merged.c.date_start)
    if since is not None:
        conditions.append(end >= _date_bound(since, "since", upper=False))
    if until is not None:
        conditions.append(start <= _date_bound(until, "until", upper=True))
    if event_type is not None:
        conditions.append(merged.c.event_type == event_type)
    if document is not None:
        conditions.append(exists(select(1).where(and_(
            incident_members.c.merged_id == merged.c.id, incident_members.c.document_id == document))))
    if text:
        pattern = f"%{_escape_like(text)}%"
        conditions.append(exists(select(1).where(and_(
            incident_members.c.merged_id == merged.c.id,
            incident_evidence.c.incident_id == incident_members.c.mention_id,
            incident_evidence.c.sentence.ilike(pattern, escape="\\"),
        ))))
    if place:
        conditions.append(or_(*[merged.c.places.like(f"%|{_escape_like(key)}|%", escape="\\")
                                for key in _place_keys(place)]))
    if target:
        conditions.append(merged.c.targets.like(f"%|{_escape_like(target.strip().lower())}|%", escape="\\"))
    if perpetrator:
        from vigil.resolve.features import normalise_name

        conditions.append(merged.c.perpetrators.like(f"%{_escape_like(normalise_name(perpetrator))}%", escape="\\"))
    return conditions


def _place_keys(place: str) -> list[str]:
    """What a place filter matches: the gazetteer ids the name denotes and the name itself."""
    from vigil.resolve.features import normalise_name

    keys = [normalise_name(place)]
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        keys += [p.id.lower() for p in load_gazetteer().lookup(place, fuzzy=False)]
    except Exception:  # without a gazetteer the name alone is matched
        pass
    return sorted(set(k for k in keys if k))
