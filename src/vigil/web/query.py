"""The filters of `vigil incidents` as URL query parameters, shared by the pages and the API.

The parameter names are the command line's flags (``--sub-type`` is ``sub_type``), so a view
of the desk is a link that can be shared and bookmarked, and the same link's filters can be
typed at the command line.  The store checks the values (vigil.store.filters); a bad one is a
400 naming it, never a server error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional
from urllib.parse import urlencode

from fastapi import Query

from vigil.store import StoreError

# (URL parameter, store filter, label on the form)
FILTERS = (
    ("since", "since", "Since"),
    ("until", "until", "Until"),
    ("type", "event_type", "Event type"),
    ("sub_type", "sub_event_type", "Sub-event type"),
    ("target", "target", "Target"),
    ("perpetrator", "perpetrator", "Perpetrator"),
    ("place", "place", "Place"),
    ("text", "text", "Words in the evidence"),
    ("status", "status", "Status"),
    ("min_fatalities", "min_fatalities", "Fatalities at least"),
    ("document", "document", "Report"),
    ("language", "language", "Language"),
)
SORTS = ("date", "fatalities", "place")
MAX_TEXT = 200  # characters of any one filter value: enough for any name, bounded work


@dataclass
class IncidentQuery:
    """The filters given (URL parameter -> value, empty ones left out), sort and page."""
    values: dict[str, str] = field(default_factory=dict)
    sort: str = "date"
    desc: bool = False

    def store_filters(self) -> dict:
        filters = {}
        for param, key, _ in FILTERS:
            value = self.values.get(param)
            if value is None:
                continue
            if key == "min_fatalities":
                try:
                    value = int(value)
                except ValueError:
                    raise StoreError(f"bad min_fatalities {value!r}: expected a non-negative integer") from None
            filters[key] = value
        return filters

    def params(self, **changes) -> dict[str, str]:
        """The URL parameters of this view, with ``changes`` (None removes one)."""
        params = dict(self.values)
        if self.sort != "date":
            params["sort"] = self.sort
        if self.desc:
            params["desc"] = "true"
        for key, value in changes.items():
            if value is None or value == "" or value is False:
                params.pop(key, None)
            else:
                params[key] = "true" if value is True else str(value)
        return params

    def url(self, path: str, **changes) -> str:
        params = self.params(**changes)
        return path + ("?" + urlencode(params) if params else "")

    @property
    def active(self) -> bool:
        return bool(self.values)


def incident_query(
    since: Optional[str] = Query(None, max_length=10, description="Dates overlapping this day or later (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: Optional[str] = Query(None, max_length=10, description="Dates overlapping this day or earlier."),
    event_type: Optional[str] = Query(None, alias="type", max_length=MAX_TEXT, description="ACLED event type."),
    sub_type: Optional[str] = Query(None, max_length=MAX_TEXT, description="ACLED sub-event type."),
    target: Optional[str] = Query(None, max_length=MAX_TEXT, description="Target category, e.g. police."),
    perpetrator: Optional[str] = Query(None, max_length=MAX_TEXT, description="An actor by any of its names."),
    place: Optional[str] = Query(None, max_length=MAX_TEXT, description="A place and everything inside it."),
    text: Optional[str] = Query(None, max_length=MAX_TEXT, description="Words that all occur in the evidence."),
    status: Optional[str] = Query(None, max_length=16, description="extracted|confirmed|edited|rejected."),
    min_fatalities: Optional[str] = Query(None, pattern=r"^\d{0,9}$", description="Best fatality figure at least N."),
    document: Optional[str] = Query(None, max_length=MAX_TEXT, description="Only incidents this report tells."),
    language: Optional[str] = Query(None, max_length=16, description="Told in a report in this language (ISO 639-1)."),
    sort: Literal["date", "fatalities", "place"] = Query("date", description="Order: date, fatalities or place."),
    desc: bool = Query(False, description="Largest, latest or Z first."),
) -> IncidentQuery:
    given = {"since": since, "until": until, "type": event_type, "sub_type": sub_type, "target": target,
             "perpetrator": perpetrator, "place": place, "text": text, "status": status,
             "min_fatalities": min_fatalities, "document": document, "language": language}
    values = {k: v.strip() for k, v in given.items() if v is not None and v.strip()}
    return IncidentQuery(values=values, sort=sort, desc=desc)
