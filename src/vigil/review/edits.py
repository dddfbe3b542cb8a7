"""An analyst's edit of one field of a merged incident: which fields can be edited, and the
value given read into the contract's own shape (a date range, a gazetteer location, a
low/best/high count, actors named through the actor dictionary), or refused in one line.

The value kept is the settled one (a place already looked up, a toll already checked), so an
edit re-applied after every re-clustering gives the same result whatever the gazetteer or the
actor dictionary say later.
"""
from __future__ import annotations

import calendar
from typing import Any, Optional

from vigil.store.errors import EditError

COUNT_FIELDS = ("fatalities", "injured", "kidnapped", "arrested", "perpetrators_killed")
# The contract key each name an analyst may use stands for.
FIELD_NAMES = {
    "event_type": "event_type", "type": "event_type",
    "sub_event_type": "sub_event_type", "sub_type": "sub_event_type", "sub-type": "sub_event_type",
    "date": "date",
    "place": "location", "location": "location",
    **{name: name for name in COUNT_FIELDS},
    "perpetrator": "perpetrators", "perpetrators": "perpetrators",
    "target": "targets", "targets": "targets",
}
EDITABLE_FIELDS = ("event_type", "sub_event_type", "date", "location", *COUNT_FIELDS, "perpetrators", "targets")
# A type and its sub-type are kept consistent by an edit of either, so a revert takes back both.
TYPE_FIELDS = ("event_type", "sub_event_type")
# What the CLI's help and the error for an unknown field list.
FIELD_CHOICES = ("event_type", "sub_event_type", "date", "place", *COUNT_FIELDS, "perpetrator", "target")
# Words that clear a count or a list of actors ("the text gives no figure").
NONE_WORDS = frozenset({"none", "null", "unknown", "-"})
# The count columns are SQL INTEGER on both backends: a larger toll could not be stored.
LARGEST_COUNT = 2 ** 31 - 1


def field_name(name: str, action: str = "edit") -> str:
    """The contract key an edit (or a revert: ``action``) of ``name`` changes ("place" -> "location")."""
    key = (name or "").strip().lower().replace(" ", "_")
    if key not in FIELD_NAMES:
        raise EditError(f"cannot {action} field {name!r}: choose from {', '.join(FIELD_CHOICES)}")
    return FIELD_NAMES[key]


def parse_edit(name: str, value: Any) -> tuple[str, Any]:
    """(contract key, value in the contract's shape) for an edit of field ``name`` to ``value``.
    A single number for a count is returned as ``{"best": N}``: ``settle`` widens the stored
    range around it."""
    field = field_name(name)
    if field == "event_type":
        return field, _event_type(value)
    if field == "sub_event_type":
        return field, _sub_event_type(value)
    if field == "date":
        return field, _date(value)
    if field == "location":
        return field, _place(value)
    if field in COUNT_FIELDS:
        return field, _count(field, value)
    if field == "perpetrators":
        return field, [_perpetrator(name) for name in _names(field, value)]
    return field, [_target(name) for name in _names(field, value)]


def settle(field: str, value: Any, record: dict[str, Any]) -> Any:
    """The value to keep, given the incident as it stands: a single toll figure becomes the best
    estimate within the reported range, widened to hold it; a perpetrator the incident already
    names keeps how the reports attribute it."""
    if field in COUNT_FIELDS and isinstance(value, dict) and set(value) == {"best"}:
        best = value["best"]
        current = record.get(field) or {}
        low, high = current.get("low"), current.get("high")
        open_ended = low is not None and high is None  # "at least 12": still no upper bound
        return {"low": best if low is None else min(low, best), "best": best,
                "high": None if open_ended else best if high is None else max(high, best)}
    if field == "perpetrators":
        attributed = {p.get("name"): p.get("attribution") for p in record.get("perpetrators") or [] if p.get("name")}
        return [{**p, "attribution": attributed.get(p["name"]) if p["name"] else None} for p in value]
    return value


# ---------------------------------------------------------------------- types


def _text(field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise EditError(f"bad value for {field}: {value!r} (expected text)")
    return value.strip()


def _event_type(value: Any) -> str:
    from vigil.knowledge.taxonomy import event_types

    text = _text("event_type", value)
    for event_type in event_types():
        if event_type.lower() == text.lower():
            return event_type
    raise EditError(f"bad value for event_type: {text!r} is not an event type "
                    f"(choose from {', '.join(event_types())})")


def _sub_event_type(value: Any) -> str:
    from vigil.knowledge.taxonomy import event_types

    text = _text("sub_event_type", value)
    for subs in event_types().values():
        for sub_event_type in subs:
            if sub_event_type.lower() == text.lower():
                return sub_event_type
    raise EditError(f"bad value for sub_event_type: {text!r} is not a sub-event type "
                    "(see docs/event_types.md; e.g. Attack, Armed clash, Grenade, Suicide bomb)")


def _date(value: Any) -> dict[str, Any]:
    from vigil.store.filters import is_partial_date

    text = _text("date", value)
    if not is_partial_date(text):
        raise EditError(f"bad value for date: {text!r} is not a real date written YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return {"start": text, "end": text, "precision": "day", "text": None, "approximate": False}
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return {"start": f"{text}-01", "end": f"{text}-{last:02d}", "precision": "month", "text": None,
                "approximate": False}
    return {"start": f"{text}-01-01", "end": f"{text}-12-31", "precision": "year", "text": None, "approximate": False}


def _count(field: str, value: Any) -> Optional[dict[str, Optional[int]]]:
    """A toll: a number (the best estimate), "LOW/BEST/HIGH" (a bound may be left empty:
    "28/28/" is "at least 28"), a {low, best, high} mapping, or none to clear it."""
    if value is None or (isinstance(value, str) and value.strip().lower() in NONE_WORDS):
        return None
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"low", "best", "high"})
        if unknown:
            raise EditError(f"bad value for {field}: unknown key {unknown[0]!r} (use low, best, high)")
        bounds = {k: _figure(field, value.get(k), k) for k in ("low", "best", "high")}
    elif isinstance(value, str) and "/" in value:
        parts = [p.strip() for p in value.split("/")]
        if len(parts) != 3:
            raise EditError(f"bad value for {field}: {value!r} (expected LOW/BEST/HIGH, e.g. 6/8/10 or 28/28/)")
        bounds = {k: _figure(field, p or None, k) for k, p in zip(("low", "best", "high"), parts)}
    else:
        best = _figure(field, value, "value")
        if best is None:
            raise EditError(f"bad value for {field}: {value!r} (expected a whole number, LOW/BEST/HIGH or none)")
        return {"best": best}
    if bounds["best"] is None:
        raise EditError(f"bad value for {field}: a best figure is needed (LOW/BEST/HIGH, e.g. 6/8/10)")
    low, best, high = bounds["low"], bounds["best"], bounds["high"]
    if (low is not None and low > best) or (high is not None and best > high):
        raise EditError(f"bad value for {field}: low <= best <= high does not hold ({low}/{best}/{high})")
    return bounds


def _figure(field: str, value: Any, bound: str) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():  # isdigit: no sign, no decimal point
        number = int(value.strip())
    else:
        number = None
    if number is None or number < 0:
        raise EditError(f"bad value for {field}: {bound} {value!r} is not a whole number of 0 or more")
    if number > LARGEST_COUNT:
        raise EditError(f"bad value for {field}: {bound} {number} is larger than a count can be ({LARGEST_COUNT:,})")
    return number


# ---------------------------------------------------------------------- places


def _place(value: Any) -> dict[str, Any]:
    """A gazetteer id, or a place name looked up in the gazetteer (its best-ranked entry, as the
    geoparser ranks them); "Saddar, Rawalpindi" picks the Saddar inside Rawalpindi."""
    from vigil.knowledge.gazetteer import load_gazetteer
    from vigil.knowledge.geoparse import location_for

    text = _text("place", value)
    gazetteer = load_gazetteer()
    if text in gazetteer:
        return location_for(gazetteer.get(text), gazetteer).to_dict()
    found = _places_named(text)
    if not found:
        from vigil.knowledge.suggest import closest_places

        closest = closest_places(text)
        hint = f"; closest known: {', '.join(closest)}" if closest else ""
        raise EditError(f"bad value for place: {text!r} is not in the gazetteer (give a place name or a "
                        f"gazetteer id; vigil gazetteer lists them){hint}")
    return location_for(found[0], gazetteer).to_dict()


def _places_named(text: str) -> list:
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    found = gazetteer.lookup(text, fuzzy=False)
    if not found and "," in text:
        head, _, rest = text.partition(",")
        containers = [p.id for p in gazetteer.lookup(rest.strip(), fuzzy=False)]
        found = [p for p in gazetteer.lookup(head.strip(), fuzzy=False)
                 if any(gazetteer.is_within(p.id, c) for c in containers)]
    return found


def place_choices(name: str, limit: int = 10) -> list[dict[str, Any]]:
    """The gazetteer entries a place name may mean, best first, for a form that lets the analyst
    pick one: ``{"id", "name", "level", "within"}`` (``within``: the names above it)."""
    from vigil.knowledge.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    found = [gazetteer.get(name)] if name in gazetteer else _places_named(name)
    return [{"id": p.id, "name": p.name, "level": p.level,
             "within": ", ".join(a.name for a in gazetteer.ancestors(p.id))} for p in found[:limit]]


# ---------------------------------------------------------------------- actors


def _names(field: str, value: Any) -> list[str]:
    """Actors given as a list or as one text with "; " between names; none clears the list."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return []
    items = value if isinstance(value, (list, tuple)) else [value] if isinstance(value, str) else None
    if items is None or not all(isinstance(i, str) for i in items):
        raise EditError(f"bad value for {field}: {value!r} (expected names separated by ';')")
    names = [n.strip() for item in items for n in item.split(";") if n.strip()]
    if len(names) == 1 and names[0].lower() in NONE_WORDS:
        return []
    if not names:
        raise EditError(f"bad value for {field}: {value!r} names nobody (give names separated by ';', or none)")
    return names


def _perpetrator(name: str) -> dict[str, Any]:
    """A perpetrator by any name the actor dictionary knows (its canonical name and category); a
    name it does not know is kept as written, unidentified, as the contract has it."""
    from vigil.knowledge.actors import load_actors

    actor = load_actors().match(name)
    if actor is None:
        return {"name": None, "text": name, "category": "unidentified", "attribution": None}
    return {"name": actor.name, "text": name, "category": actor.category, "attribution": None}


def _target(name: str) -> dict[str, Any]:
    """A target by category ("police"), by a known actor ("Sindh Rangers": its members' category)
    or by a person noun ("constable"); anything else is kept as written, category unknown."""
    from vigil.knowledge.actors import load_actors

    actors = load_actors()
    actor = actors.match(name)
    if actor is not None:
        return {"name": actor.name, "text": name, "category": actor.target_category}
    lowered = name.lower()
    if lowered in target_categories():
        return {"name": None, "text": name, "category": lowered}
    return {"name": None, "text": name, "category": actors.category_for_noun(name) or "unknown"}


def target_categories() -> tuple[str, ...]:
    """The contract's target categories (the target-noun table's, and unknown)."""
    from vigil.knowledge.actors import _read_json

    return (*(k for k in _read_json("target_nouns.json") if not k.startswith("_")), "unknown")
