"""The incident and claim filters shared by listing, tallying and exporting.

One meaning for both levels: a report's own incidents (table ``incidents``) and incidents merged
across reports (``merged_incidents``).  Dates overlap, a place includes everything inside it
(the gazetteer's hierarchy), a perpetrator is found by any of its aliases (the actor
dictionary), text is every word somewhere in the evidence.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any, Callable, Optional

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, select

from vigil.store import facets
from vigil.store.errors import StoreError
from vigil.store.schema import documents, incident_evidence, incident_members, incidents
from vigil.store.schema import merged_incidents as merged

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# Every filter an incident listing, tally or export takes.
INCIDENT_FILTERS = frozenset({"since", "until", "event_type", "sub_event_type", "target", "perpetrator", "place",
                              "text", "status", "min_fatalities", "document", "language"})
SORTS = ("date", "fatalities", "place")
STATUSES = ("extracted", "confirmed", "edited", "rejected")
# The status filter's value for every incident, rejected ones too; without a status filter a
# rejected incident is left out of lists, tallies, exports and reports.
ANY_STATUS = "all"


def is_partial_date(value: Any) -> bool:
    """True for a real calendar date written YYYY, YYYY-MM or YYYY-MM-DD (not 2024-13-01, not 2023-02-30)."""
    if not isinstance(value, str) or not _PARTIAL_DATE.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _date_bound(value: str, name: str, *, upper: bool) -> str:
    """Widen a partial date to the first (since) or last (until) day it covers.

    Stored dates are ISO strings, so string comparison is date comparison; "31" is a safe last
    day for every month because no stored date sorts after it within the month.
    """
    if not is_partial_date(value):
        raise StoreError(f"bad {name} date {value!r}: expected a real date as YYYY, YYYY-MM or YYYY-MM-DD")
    parts = value.split("-")
    padding = ["12", "31"] if upper else ["01", "01"]
    return "-".join(parts + padding[len(parts) - 1 :])


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains(column, text: str) -> ColumnElement[bool]:
    return column.ilike(f"%{_escape_like(text)}%", escape="\\")


def _has_mark(column, key: str) -> ColumnElement[bool]:
    return column.like(f"%|{_escape_like(key)}|%", escape="\\")


def check_filters(filters: dict[str, Any], action: str, allowed: frozenset = INCIDENT_FILTERS) -> dict[str, Any]:
    """The filters given (None values dropped); an unknown name or a bad value is a StoreError."""
    unknown = sorted(set(filters) - allowed)
    if unknown:
        raise StoreError(f"cannot {action}: unknown filter {unknown[0]!r} (use {', '.join(sorted(allowed))})")
    given = {k: v for k, v in filters.items() if v is not None and v != ""}
    minimum = given.get("min_fatalities")
    if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 0):
        raise StoreError(f"bad min_fatalities {minimum!r}: expected a non-negative integer")
    for name in ("since", "until"):
        if name in given:
            _date_bound(given[name], name, upper=name == "until")
    if "status" in allowed and given.get("status") is not None and given["status"] not in (*STATUSES, ANY_STATUS):
        raise StoreError(f"bad status {given['status']!r}: choose from {', '.join((*STATUSES, ANY_STATUS))}")
    return given


def _common(table, since, until, event_type, sub_event_type, status, min_fatalities) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    # An incident's date is a range; it matches when that range overlaps [since, until].
    start = func.coalesce(table.c.date_start, table.c.date_end)
    end = func.coalesce(table.c.date_end, table.c.date_start)
    if since is not None:
        conditions.append(end >= _date_bound(since, "since", upper=False))
    if until is not None:
        conditions.append(start <= _date_bound(until, "until", upper=True))
    if event_type is not None:
        conditions.append(table.c.event_type == event_type)
    if sub_event_type is not None:
        conditions.append(table.c.sub_event_type == sub_event_type)
    if status is None:
        conditions.append(table.c.status != "rejected")
    elif status != ANY_STATUS:
        conditions.append(table.c.status == status)
    if min_fatalities is not None:
        conditions.append(table.c.fatalities_best >= min_fatalities)
    return conditions


def _language_is(language: str) -> ColumnElement[bool]:
    """A report's stored language is ``language`` (ISO 639-1; "ur-PK" and "Urdu" mean "ur")."""
    from vigil.languages.identify import normalise_language

    return func.lower(documents.c.language) == (normalise_language(language) or language)


def _words(text: Optional[str]) -> list[str]:
    return (text or "").split()


def incident_conditions(
    *,
    since: Optional[str] = None,
    until: Optional[str] = None,
    event_type: Optional[str] = None,
    sub_event_type: Optional[str] = None,
    status: Optional[str] = None,
    min_fatalities: Optional[int] = None,
    text: Optional[str] = None,
    document: Optional[str] = None,
    language: Optional[str] = None,
    **_: Any,
) -> list[ColumnElement[bool]]:
    """SQL conditions on a report's incidents (place, target and perpetrator: ``record_filter``)."""
    conditions = _common(incidents, since, until, event_type, sub_event_type, status, min_fatalities)
    if document is not None:
        conditions.append(incidents.c.document_id == document)
    if language is not None:
        conditions.append(exists(select(1).where(and_(
            documents.c.id == incidents.c.document_id, _language_is(language)))))
    for word in _words(text):
        conditions.append(exists(select(1).where(and_(
            incident_evidence.c.incident_id == incidents.c.id, _contains(incident_evidence.c.sentence, word)))))
    return conditions


def merged_conditions(
    *,
    since: Optional[str] = None,
    until: Optional[str] = None,
    event_type: Optional[str] = None,
    sub_event_type: Optional[str] = None,
    status: Optional[str] = None,
    min_fatalities: Optional[int] = None,
    text: Optional[str] = None,
    document: Optional[str] = None,
    place: Optional[str] = None,
    target: Optional[str] = None,
    perpetrator: Optional[str] = None,
    language: Optional[str] = None,
    table=merged,
    connection=None,
    row_by_row: bool = False,
) -> list[ColumnElement[bool]]:
    """SQL conditions on merged incidents, the lists of vigil.store.facets doing place, target
    and perpetrator.  ``table``: another with the same columns (vigil.store.changes), for the
    filters that read nothing but them (``ROW_FILTERS``).  ``connection``: the one the
    conditions will run on, so a place filter can look its incidents up by their keys.
    ``row_by_row``: the place and perpetrator keys of each row read are looked up instead
    (for a read that stops early, in another index's order: the newest few)."""
    conditions = _common(table, since, until, event_type, sub_event_type, status, min_fatalities)

    def in_evidence(condition) -> ColumnElement[bool]:
        return exists(select(1).where(and_(
            incident_members.c.merged_id == merged.c.id,
            incident_evidence.c.incident_id == incident_members.c.mention_id,
            condition,
        )))

    if document is not None:
        conditions.append(in_evidence(incident_evidence.c.document_id == document))
    if language is not None:  # told in at least one report in this language
        conditions.append(in_evidence(exists(select(1).where(and_(
            documents.c.id == incident_evidence.c.document_id, _language_is(language))))))
    for word in _words(text):
        conditions.append(in_evidence(_contains(incident_evidence.c.sentence, word)))
    if place:
        conditions.append(_in_place(table, facets.place_keys(place), connection, row_by_row))
    if target:
        conditions.append(_has_mark(table.c.targets, target.strip().lower()))
    if perpetrator:
        keys, part = facets.perpetrator_keys(perpetrator)
        if keys:
            conditions.append(_has_perpetrator(table, keys, connection, row_by_row))
        else:
            conditions.append(_contains(table.c.perpetrators, part or perpetrator))
    return conditions


# The filters that read nothing but a merged incident's own columns (the others read evidence).
ROW_FILTERS = INCIDENT_FILTERS - {"text", "document", "language"}


# A place filing more incidents than this is matched by reading the lists: looking each one up
# by its key costs more than a scan of the desk's index once a tenth or so of the incidents match.
BROAD_PLACE = 5_000
# PostgreSQL has no index holding the lists (migration 0007): reading them reads every row, so
# looking up stays the quicker way up to this many times ``BROAD_PLACE`` (Lyari, 5,000 of
# 100,000: 40 ms looked up, 260 ms read; Karachi, every one of them: 310 ms and 90 ms).
POSTGRES_PLACE_FACTOR = 5
# The same for a perpetrator, whose every alias is a pattern tried on each list read: looking up
# stays the quicker way until about half of the incidents match (TTP: 23 aliases, one in four).
BROAD_PERPETRATOR = 50_000


def _in_place(table, keys: tuple[str, ...], connection, row_by_row: bool = False) -> ColumnElement[bool]:
    """Filed under one of these place keys: merged incidents looked up through their keys
    (vigil.store.changes.merged_places) when the place files few of them, else (or with no
    connection to ask) through their lists; the same incidents either way.  A place with no key
    at all (nothing but punctuation) matches nothing."""
    from vigil.store.changes import merged_places

    if not keys:
        return false()
    broad = BROAD_PLACE
    if connection is not None and connection.dialect.name == "postgresql":
        broad *= POSTGRES_PLACE_FACTOR
    return _keyed(table, table.c.places, merged_places, keys, connection, broad, row_by_row)


def _has_perpetrator(table, keys: tuple[str, ...], connection, row_by_row: bool = False) -> ColumnElement[bool]:
    """A perpetrator with one of these keys (an actor and its aliases), looked up through
    vigil.store.changes.merged_perpetrators or read from the lists as ``_in_place`` does."""
    from vigil.store.changes import merged_perpetrators

    return _keyed(table, table.c.perpetrators, merged_perpetrators, keys, connection, BROAD_PERPETRATOR, row_by_row)


def _keyed(table, column, key_table, keys: tuple[str, ...], connection, broad: int,
           row_by_row: bool = False) -> ColumnElement[bool]:
    """``column``'s list holds one of ``keys``: the incidents looked up in ``key_table`` when
    fewer than ``broad`` of them are filed under the keys, else the list of each one read;
    ``row_by_row``: each row's keys looked up (its index on merged_id), nothing counted."""
    if row_by_row and table is merged:
        # OFFSET 0: PostgreSQL would otherwise join every incident the keys file (a semi-join).
        return exists(select(1).where(key_table.c.merged_id == table.c.id, key_table.c.key.in_(keys)).offset(0))
    looked_up = select(key_table.c.merged_id).where(key_table.c.key.in_(keys))
    if table is merged and connection is not None:
        if _few(connection, key_table, looked_up, keys, broad):
            if connection.dialect.name == "postgresql":
                # OFFSET 0: the incidents the keys file are found first, as a set the rows are
                # checked against, then sorted.  Joined instead (a semi-join), PostgreSQL sorts
                # every row and walks them until a page matches: 0.5 s for the review queue of
                # TTP, whose incidents come late in the queue's order.
                looked_up = looked_up.offset(0)
            return table.c.id.in_(looked_up)
    return or_(*[_has_mark(column, key) for key in keys])


# Whether a set of keys files fewer incidents than a limit, per database, key table, keys and
# limit, with the newest change it was counted at (vigil.store.changes): the key tables change
# only with merged incidents, and each write to those adds a change.  An answer out of date could
# only choose the slower of two ways to the same incidents.
_FEW: dict[tuple, tuple[int, bool]] = {}
_FEW_KEPT = 512


def _few(connection, key_table, looked_up, keys: tuple[str, ...], broad: int) -> bool:
    """Whether ``keys`` file fewer than ``broad`` incidents in ``key_table``.  The rows are
    counted first (up to ``broad`` per key): an incident has one row per key it is filed under,
    so fewer rows than ``broad`` are fewer incidents, and ``broad`` rows per key are at least
    ``broad`` incidents; in between the incidents are counted (Karachi, filed under two keys
    200,000 times, needs no count of its 100,000 incidents)."""
    from vigil.store.changes import merged_changes

    newest = connection.execute(select(func.max(merged_changes.c.seq))).scalar() or 0
    held_key = (id(connection.engine), str(connection.engine.url), key_table.name, keys, broad)
    held = _FEW.get(held_key)
    if held is not None and held[0] == newest:
        return held[1]
    rows = connection.execute(select(func.count()).select_from(
        looked_up.limit(broad * len(keys)).subquery())).scalar()
    if rows < broad or rows >= broad * len(keys):
        few = rows < broad
    else:  # distinct: an incident filed under an actor is filed under its aliases too
        few = connection.execute(select(func.count()).select_from(
            looked_up.distinct().limit(broad).subquery())).scalar() < broad
    if len(_FEW) >= _FEW_KEPT:
        _FEW.clear()
    _FEW[held_key] = (newest, few)
    return few


def record_filter(place: Optional[str] = None, target: Optional[str] = None,
                  perpetrator: Optional[str] = None, **_: Any) -> Optional[Callable[[dict[str, Any]], bool]]:
    """The place, target and perpetrator filters as a test on one contract record (a report's
    own incident), with the meaning ``merged_conditions`` gives them; None when none is given."""
    if not (place or target or perpetrator):
        return None
    place_keys = facets.place_keys(place) if place else ()
    perpetrator_keys, part = facets.perpetrator_keys(perpetrator) if perpetrator else ((), None)
    wanted_target = target.strip().lower() if target else None

    def accepts(record: dict[str, Any]) -> bool:
        if place:
            marks = facets.place_marks(record.get("location"))
            if not any(f"|{k}|" in marks for k in place_keys):
                return False
        if wanted_target and f"|{wanted_target}|" not in facets.target_marks(record.get("targets") or []):
            return False
        if perpetrator:
            marks = facets.perpetrator_marks(record.get("perpetrators") or [])
            if perpetrator_keys:
                if not any(f"|{k}|" in marks for k in perpetrator_keys):
                    return False
            elif (part or perpetrator.lower()) not in marks.lower():
                return False
        return True

    return accepts


def place_sort_key(places: str) -> tuple:
    """Alphabetical by the incident's own place name; no place last."""
    name = facets.place_label(places, "name")
    return (name is None, (name or "").casefold())


# ------------------------------------------------------------------ claims

CLAIM_FILTERS = frozenset({"quantity", "place", "kind", "document", "since", "until"})


def claim_filter(*, quantity: Optional[str] = None, place: Optional[str] = None, kind: Optional[str] = None,
                 since: Optional[str] = None, until: Optional[str] = None,
                 **_: Any) -> Optional[Callable[[Any], bool]]:
    """A test on one Claim: its quantity (its words, singular or plural: "police officer" finds
    "police officers"), place (the place or one inside it), kind, and period overlapping
    [since, until] (a claim with no period at all is kept out when dates are asked for)."""
    if not any((quantity, place, kind, since, until)):
        return None
    low = _date_bound(since, "since", upper=False) if since else None
    high = _date_bound(until, "until", upper=True) if until else None
    wanted_words = [_singular(w) for w in facets._normalise(quantity).split()] if quantity else []
    place_keys = set(facets.place_keys(place)) if place else set()

    def accepts(claim) -> bool:
        if kind and claim.kind != kind:
            return False
        if quantity:
            words = {_singular(w) for w in facets._normalise(claim.quantity or "").split()}
            if not all(w in words for w in wanted_words):
                return False
        if place and not (place_keys & _claim_place_keys(claim.place)):
            return False
        if low or high:
            period = claim.period
            start = (period.start if period else None) or (period.end if period else None)
            end = (period.end if period else None) or start
            if start is None:
                return False
            try:
                if low and _date_bound(end, "period", upper=True) < low:
                    return False
                if high and _date_bound(start, "period", upper=False) > high:
                    return False
            except StoreError:  # a period the extractor could not write as a date
                return False
        return True

    return accepts


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _claim_place_keys(name: Optional[str]) -> set[str]:
    """A claim's place as the marks a place filter looks for: its name, the gazetteer ids it
    denotes and every place above them."""
    if not name:
        return set()
    keys = {facets._normalise(name)}
    try:
        from vigil.knowledge.gazetteer import load_gazetteer

        for found in load_gazetteer().lookup(name, fuzzy=False):
            keys.update(i.lower() for i in facets._place_chain(found.id))
    except Exception:  # without a gazetteer the name alone is matched
        pass
    return keys
