"""Reading the incidents an export or report covers from the store, with its filters.

Filters the store supports are passed to ``Store.incidents``; ``place`` falls back to a filter
here (the place, anything inside it per the gazetteer's hierarchy, matched by name or id) when
the store does not take it yet.
"""
from __future__ import annotations

import inspect
from typing import Any, Optional

from vigil.model import Incident


def _store_accepts(store, name: str) -> bool:
    try:
        return name in inspect.signature(store.incidents).parameters
    except (TypeError, ValueError):
        return False


def place_ids(place: str) -> set[str]:
    """Gazetteer ids of the places a name denotes."""
    from vigil.knowledge import load_gazetteer

    return {p.id for p in load_gazetteer().lookup(place, fuzzy=False)}


def in_place(incident: Incident, place: str, ids: set[str]) -> bool:
    """Whether an incident lies in ``place``: its location or a level above it is that place."""
    location = incident.location
    if location is None:
        return False
    wanted = place.casefold()
    for value in (location.name, location.neighbourhood, location.town, location.district,
                  location.city, location.province, location.country, location.gazetteer_id):
        if value and value.casefold() == wanted:
            return True
    if location.gazetteer_id and ids:
        from vigil.knowledge import load_gazetteer

        gazetteer = load_gazetteer()
        if location.gazetteer_id in ids:
            return True
        if location.gazetteer_id in gazetteer:
            return any(a.id in ids for a in gazetteer.ancestors(location.gazetteer_id))
    return False


def read_incidents(store, *, place: Optional[str] = None, **filters: Any) -> list[Incident]:
    """``store.incidents(**filters)`` (None-valued filters left out), narrowed to ``place``."""
    given = {k: v for k, v in filters.items() if v is not None}
    if place and _store_accepts(store, "place"):
        return store.incidents(place=place, **given)
    found = store.incidents(**given)
    if place:
        ids = place_ids(place)
        found = [i for i in found if in_place(i, place, ids)]
    return found


def read_conflicts(store) -> list[Any]:
    """Stated figures that disagree across the stored reports."""
    return store.conflicts()
