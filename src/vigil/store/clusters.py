"""Keeping merged incidents in step with the mentions stored, inside the caller's transaction.

The state is a function of the stored mentions and the analysts' constraints alone:
links are drawn by a symmetric pairwise rule, components are the connected parts of the link
graph, and each component is clustered deterministically (vigil.resolve.cluster).  An ingest,
a removal or a decision re-clusters only the components it touches, and any ingest order ends
in the same merged incidents.
"""
from __future__ import annotations

import functools
import json
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any, Iterable, Optional

from sqlalchemy import Text, and_, bindparam, cast, delete, insert, or_, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection

from vigil.model import Incident
from vigil.resolve.cluster import Constraints, cluster_mentions, connected_components, link_score
from vigil.resolve.features import MentionFeatures, block_bounds, candidate_keys, mention_features
from vigil.resolve.names import context_names
from vigil.resolve.reconcile import merged_incident_id, reconcile
from vigil.resolve.similarity import THRESHOLD
from vigil.resolve.stored_features import from_stored, to_stored
from vigil.resolve.cases import case_stage
from vigil.resolve.disagreements import incident_disagreements
from vigil.review.apply import apply_decisions, machine_record
from vigil.store import cases, decisions
from vigil.store.facets import record_marks
from vigil.store.schema import (
    documents,
    incident_links,
    incident_members,
    incidents,
    merge_constraints,
    mention_keys,
    merged_incidents,
)

# The longest window a mention can have (a year-precision date widened): bounds the index scan.
MAX_WINDOW_DAYS = 400
_CHUNK = 500  # ids per IN (...) list
# A key held by more stored mentions than this says too little to find candidates by (a common
# first name, a city's busiest district); the date window and rarer keys still find them.
KEY_POSTINGS_CAP = 200
# Keys a stored mention must share with a new one to be compared by content alone.
SHARED_KEYS = 2
# At most this many content candidates per new mention, those sharing the most keys first.
CONTENT_CANDIDATES = 100


def _chunks(items: list, size: int = _CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# The statements a report's placing runs, built once: building one anew costs more than SQLite
# takes to answer it, and a report runs some forty of them.  ``ids``: a chunk of ids.
_IDS = bindparam("ids", expanding=True)
# Both JSON columns come as text: the names are parsed only for a mention whose features are
# derived (few), and the features once per process (_with_stored_features).
_STORED_FEATURES = (select(incidents.c.id, incidents.c.document_id, cast(incident_members.c.names, Text).label("names"),
                           cast(incident_members.c.features, Text).label("features"))
                    .join(incident_members, incident_members.c.mention_id == incidents.c.id)
                    .where(incidents.c.id.in_(_IDS)))
_RECORDS = select(incidents.c.id, cast(incidents.c.data, Text)).where(incidents.c.id.in_(_IDS))
_ANY_CONSTRAINT = select(merge_constraints.c.id).where(merge_constraints.c.active.is_(True)).limit(1)
_COMPONENTS = select(incident_members.c.component).where(incident_members.c.mention_id.in_(_IDS))
_COMPONENT_MEMBERS = select(incident_members.c.mention_id).where(incident_members.c.component.in_(_IDS))
_LINKS_FROM = (select(incident_links.c.mention_a, incident_links.c.mention_b)
               .where(incident_links.c.mention_a.in_(_IDS)))
_MEMBERSHIP = (select(incident_members.c.mention_id, incident_members.c.merged_id, incident_members.c.component)
               .where(incident_members.c.mention_id.in_(_IDS)))
_DELETE_MERGED = delete(merged_incidents).where(merged_incidents.c.id.in_(_IDS))
_INSERT_MERGED = insert(merged_incidents)
_INSERT_MEMBER = insert(incident_members)
_INSERT_KEYS = insert(mention_keys)
_INSERT_LINKS = insert(incident_links)
_UPDATE_MERGED = update(merged_incidents).where(merged_incidents.c.id == bindparam("merged_incident"))
_MOVE_MEMBERS = (update(incident_members).where(incident_members.c.mention_id.in_(_IDS))
                 .values(merged_id=bindparam("to_merged"), component=bindparam("to_component")))
_WINDOWS = (select(incident_members.c.mention_id, incident_members.c.block_start, incident_members.c.block_end)
            .where(and_(incident_members.c.block_start >= bindparam("lowest_start"),
                        incident_members.c.block_start <= bindparam("highest_start"),
                        incident_members.c.block_end >= bindparam("lowest_end"))))


def load_mentions(connection: Connection, ids: Iterable[str], records: bool = True,
                  heal: bool = False) -> dict[str, tuple[Incident | dict, MentionFeatures]]:
    """Stored mentions' (record, features).  ``records=False``: the records of mentions whose
    features are stored are left unread (fill_records reads them when one is needed), as most
    candidates are only scored.  ``heal`` (a writer's transaction): features derived because
    none were stored, or another Vigil stored them, are stored as this one derived them."""
    out: dict[str, tuple[Incident | dict, MentionFeatures]] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows = connection.execute(_STORED_FEATURES, {"ids": chunk}).all()
        derive = []
        for row in rows:
            entry = _with_stored_features(row.id, row.features) if row.features else None
            if entry is None:
                derive.append(row)
            else:
                out[row.id] = entry
        if derive:
            data = _data_of(connection, [row.id for row in derive])
            for row in derive:
                out[row.id] = _parsed(data[row.id], row.document_id, tuple(json.loads(row.names or "null") or ()))
                if heal:
                    connection.execute(update(incident_members).where(incident_members.c.mention_id == row.id)
                                       .values(features=to_stored(out[row.id][1])))
    if records:
        fill_records(connection, [record for record, _ in out.values()])
    return out


def fill_records(connection: Connection, records: Iterable[Any]) -> None:
    """Read the stored JSON of the records load_mentions left unread."""
    unread = {record.mention: record for record in records
              if isinstance(record, _StoredRecord) and record.data is None}
    for mention, data in _data_of(connection, list(unread)).items():
        unread[mention].data = data


def _data_of(connection: Connection, ids: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(ids)):
        out.update(connection.execute(_RECORDS, {"ids": chunk}).all())
    return out


@functools.lru_cache(maxsize=8192)
def _with_stored_features(mention: str, features: str) -> Optional[tuple["_StoredRecord", MentionFeatures]]:
    """A mention's features as stored, when this Vigil stored them (with its record, unread),
    once per process: the same objects come back, so their pair scores are kept."""
    found = from_stored(features)
    return (_StoredRecord(mention), found) if found is not None else None


@functools.lru_cache(maxsize=4096)
def _parsed(data: str, document_id: str, names: tuple[str, ...]) -> tuple["_StoredRecord", MentionFeatures]:
    """A stored mention's record and the features derived from it, once per process for the same
    stored JSON (the same candidates come back for every report about one period)."""
    record = _StoredRecord(None, data)
    return record, mention_features(_attributes(record.parsed()), document_id, names)


class _StoredRecord:
    """A stored mention's record: its JSON (read by fill_records when load_mentions left it
    unread), parsed the first time it is read, and the Incident built from it the first time
    one is needed (kept with the cached record: a merged incident is reconciled again for each
    new report)."""

    def __init__(self, mention: Optional[str], data: Optional[str] = None):
        self.mention = mention
        self.data = data
        self.record: Optional[dict] = None
        self.built: Optional[Incident] = None

    def parsed(self) -> dict:
        if self.record is None:
            if self.data is None:
                raise RuntimeError(f"the record of mention {self.mention} was not read (fill_records)")
            self.record = json.loads(self.data)
        return self.record

    def incident(self) -> Incident:
        if self.built is None:
            self.built = Incident.from_dict(self.parsed())
        return self.built


def record_of(value: Any) -> dict[str, Any]:
    """A loaded mention's record as a dict (from load_mentions, or an Incident of a new one)."""
    if isinstance(value, _StoredRecord):
        return value.parsed()
    return value if isinstance(value, dict) else value.to_dict()


def _attributes(value: Any) -> Any:
    """A contract dict seen through attributes, as mention_features reads a record; much cheaper
    than building the dataclasses."""
    if isinstance(value, dict):
        return SimpleNamespace(**{k: _attributes(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_attributes(v) for v in value]
    return value


def _incident(record: Incident | dict) -> Incident:
    if isinstance(record, Incident):
        return record
    if isinstance(record, _StoredRecord):
        return record.incident()
    return Incident.from_dict(record)


# ------------------------------------------------------------------ constraints


def _resolve_endpoint(connection: Connection, mention: str, document: str) -> list[str]:
    """The mention a decision names; if that report was re-extracted, its one new mention."""
    if connection.execute(select(incidents.c.id).where(incidents.c.id == mention)).first():
        return [mention]
    current = connection.execute(select(incidents.c.id).where(incidents.c.document_id == document)).scalars().all()
    return list(current) if len(current) == 1 else []


def constraints_touching(connection: Connection, mention_ids: set[str]) -> tuple[Constraints, set[str]]:
    """Active constraints with an endpoint among ``mention_ids`` (or their reports), resolved to
    current mentions; also every mention they name (they belong in the same pool)."""
    found = Constraints()
    named: set[str] = set()
    if not mention_ids or connection.execute(_ANY_CONSTRAINT).first() is None:
        return found, named
    documents = set()
    for chunk in _chunks(sorted(mention_ids)):
        documents.update(connection.execute(
            select(incidents.c.document_id).where(incidents.c.id.in_(chunk))).scalars())
    c = merge_constraints.c
    rows = []
    for chunk in _chunks(sorted(mention_ids | documents)):
        rows.extend(connection.execute(
            select(merge_constraints).where(c.active.is_(True)).where(or_(
                c.mention_a.in_(chunk), c.mention_b.in_(chunk), c.document_a.in_(chunk), c.document_b.in_(chunk)))
        ).mappings())
    seen = set()
    for row in sorted(rows, key=lambda r: -r["id"]):  # newest first
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        side_a = _resolve_endpoint(connection, row["mention_a"], row["document_a"])
        side_b = _resolve_endpoint(connection, row["mention_b"], row["document_b"])
        for a in side_a:
            for b in side_b:
                if a == b:
                    continue
                named.update((a, b))
                if row["kind"] == "must_link":
                    found.must.append((a, b))
                else:
                    found.cannot.add(frozenset((a, b)))
    return found, named


# ------------------------------------------------------------------ pools and rebuilding


def _components_of(connection: Connection, mention_ids: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(sorted(set(mention_ids))):
        out.update(connection.execute(_COMPONENTS, {"ids": chunk}).scalars().all())
    return out


def _members_of_components(connection: Connection, components: set[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(sorted(components)):
        out.update(connection.execute(_COMPONENT_MEMBERS, {"ids": chunk}).scalars().all())
    return out


def _closed_pool(connection: Connection, seeds: set[str]) -> set[str]:
    """The seeds plus every mention in a component with them or tied to them by a must-link,
    repeated until nothing is added (so the pool is a union of whole components)."""
    pool = set(seeds)
    frontier = set(seeds)
    while frontier:
        _, named = constraints_touching(connection, frontier)
        named |= decisions.anchored_mentions(connection, frontier)
        grown = _members_of_components(connection, _components_of(connection, frontier | named)) | named
        frontier = grown - pool
        pool |= grown
    return pool


def _links_within(connection: Connection, pool: set[str]) -> list[tuple[str, str]]:
    edges = []
    for chunk in _chunks(sorted(pool)):
        edges.extend((r.mention_a, r.mention_b) for r in connection.execute(_LINKS_FROM, {"ids": chunk}).all())
    return edges


def merged_values(record: dict[str, Any]) -> dict[str, Any]:
    stage = case_stage(record)  # vigil.store.cases keeps it, with follows and follow_ups, in step
    def bound(figure: str, which: str) -> Optional[int]:
        return (record.get(figure) or {}).get(which)

    return {
        "id": record["id"],
        "event_type": record["event_type"],
        "sub_event_type": record.get("sub_event_type"),
        "date_start": (record.get("date") or {}).get("start"),
        "date_end": (record.get("date") or {}).get("end"),
        **{f"{f}_{b}": bound(f, b) for f in ("fatalities", "injured") for b in ("low", "best", "high")},
        "status": record["status"],
        "documents": len(record.get("sources") or []),
        **record_marks(record),  # places, targets, perpetrators (vigil.store.facets)
        "confidence": record.get("confidence"),
        "disagreements": len(incident_disagreements(record)),
        "follows": record.get("follows"),
        "case_stage": stage,
        "data": {**record, "case_stage": stage},
    }


def rebuild(connection: Connection, pool: set[str],
            known: Optional[dict[str, tuple[Incident | dict, MentionFeatures]]] = None,
            changed: Optional[set[str]] = None) -> None:
    """Re-cluster a pool of mentions (a union of whole components) and rewrite their merged
    incidents.  ``known``: mentions already read (so they are not parsed again).  ``changed``:
    when given, the only mentions that are new or edited, so a merged incident whose members
    come out the same and include none of them is left as it is; None rewrites every one."""
    if not pool:
        return
    before: dict[str, tuple[str, str]] = {}  # mention -> (merged id, component) as stored
    for chunk in _chunks(sorted(pool)):
        before.update((r.mention_id, (r.merged_id, r.component))
                      for r in connection.execute(_MEMBERSHIP, {"ids": chunk}).all())
    old_groups: dict[str, set[str]] = {}
    for mention, (merged_id, _) in before.items():
        old_groups.setdefault(merged_id, set()).add(mention)
    known = known or {}
    loaded = {m: known[m] for m in pool if m in known}
    loaded.update(load_mentions(connection, pool - set(loaded), records=False, heal=True))
    pool = set(loaded)
    constraints, _ = constraints_touching(connection, pool)
    edges = _links_within(connection, pool) + [pair for pair in constraints.must]
    constrained = {m for pair in constraints.must for m in pair} | {m for pair in constraints.cannot for m in pair}
    grouped = [(group, component[0]) for component in connected_components(pool, edges)
               for group in cluster_mentions([loaded[m][1] for m in component], constraints)]
    # Analysts' review decisions go to the incident holding most of the mentions they were made on.
    reviewed = decisions.touching(connection, pool)
    anchored = set().union(*(anchors for _, anchors in reviewed)) if reviewed else set()
    decided = decisions.assign(reviewed, [set(group) for group, _ in grouped])
    kept: set[str] = set()
    written: list[tuple[list[str], str, list]] = []
    moves: list[tuple[list[str], str, str]] = []  # (members, their merged id, their component) to write
    for (group, component), its_decisions in zip(grouped, decided):
        merged_id = merged_incident_id(group)
        unchanged = (changed is not None and not (changed & set(group)) and not (anchored & set(group))
                     and old_groups.get(merged_id) == set(group))
        if unchanged:
            # Its record depends on its members alone: at most the component they lie in moved
            # (a new report linked them to others without joining them).
            kept.add(merged_id)
            moves.append(([m for m in group if before[m][1] != component], merged_id, component))
        else:
            written.append((group, component, its_decisions))
    # A merged incident that keeps its id is updated in place (its row, its index entries and the
    # triggers' rows change only where its values do); only ids no group holds any more go.
    rewritten = {merged_incident_id(group) for group, _, _ in written}
    stale = sorted(set(old_groups) - kept - rewritten)
    for chunk in _chunks(stale):
        connection.execute(_DELETE_MERGED, {"ids": chunk})
    fill_records(connection, [loaded[m][0] for group, _, _ in written for m in group])
    for group, component, its_decisions in written:
        record = reconcile([_incident(loaded[m][0]) for m in group], edited=bool(constrained & set(group)))
        record = apply_decisions(record, its_decisions)
        values = merged_values(record)
        updated = 0
        if record["id"] in old_groups:
            updated = connection.execute(_UPDATE_MERGED, {"merged_incident": record["id"], **{
                k: v for k, v in values.items() if k != "id"}}).rowcount
        if not updated:
            connection.execute(_INSERT_MERGED, values)
        moves.append(([m for m in group if before.get(m) != (record["id"], component)], record["id"], component))
    for moved, merged_id, component in moves:
        for chunk in _chunks(moved):
            connection.execute(_MOVE_MEMBERS, {"ids": chunk, "to_merged": merged_id, "to_component": component})
    # Judicial steps' links and the case fields of what changed.
    cases.settle(connection, pool, {m for m in pool if loaded[m][1].event_type == cases.JUDICIAL})


def reapply_decisions(connection: Connection, merged_id: str) -> dict[str, Any]:
    """Lay the review decisions that belong to one merged incident over it again, after one was
    made or switched off: the machine's record is taken back from the stored one (its marks
    keep the machine's values), so nothing is re-clustered and the incident keeps its id."""
    members = set(connection.execute(select(incident_members.c.mention_id)
                                     .where(incident_members.c.merged_id == merged_id)).scalars())
    reviewed = decisions.touching(connection, members)
    anchored = set().union(*(anchors for _, anchors in reviewed)) if reviewed else set()
    where = decisions.merged_ids_of(connection, anchored)
    ours = [decision for decision, anchors in reviewed if decisions.holding(anchors, where) == merged_id]
    stored = connection.execute(select(merged_incidents.c.data).where(merged_incidents.c.id == merged_id)).scalar_one()
    record = apply_decisions(machine_record(stored), ours)
    connection.execute(update(merged_incidents).where(merged_incidents.c.id == merged_id).values(**merged_values(record)))
    return record


def _window_candidates(connection: Connection, features: list[MentionFeatures]) -> dict[str, set[str]]:
    """For each of these mentions, the stored mentions whose date windows overlap its own (one
    query over the span of all of them, then each mention keeps its own)."""
    blocks = [f.block for f in features if f.block is not None]
    if not blocks:
        return {f.id: set() for f in features}
    low = min(b[0] for b in blocks)
    high = max(b[1] for b in blocks)
    lowest_start = (date.fromordinal(low) - timedelta(days=MAX_WINDOW_DAYS)).isoformat()
    stored = connection.execute(_WINDOWS, {"lowest_start": lowest_start,
                                           "highest_start": date.fromordinal(high).isoformat(),
                                           "lowest_end": date.fromordinal(low).isoformat()}).all()
    out: dict[str, set[str]] = {}
    for feature in features:
        if feature.block is None:
            out[feature.id] = set()
            continue
        first, last = (date.fromordinal(day).isoformat() for day in feature.block)
        out[feature.id] = {row.mention_id for row in stored if row.block_start <= last and row.block_end >= first}
    return out


def _content_candidates(connection: Connection, feature: MentionFeatures) -> list[str]:
    """Stored mentions sharing at least SHARED_KEYS rare keys with this one.  A dated mention is
    compared by date window with every dated one, so by content it looks only for undated ones;
    an undated mention looks among all."""
    keys = candidate_keys(feature)
    if not keys:
        return []
    postings: dict[str, list[str]] = {key: [] for key in keys}
    # .all(): one fetch of every row instead of one call per row
    for key, mention in connection.execute(*_postings_query(keys, undated_only=feature.block is not None)).all():
        postings[key].append(mention)
    shared: dict[str, int] = {}
    for key in keys:
        if len(postings[key]) > KEY_POSTINGS_CAP:
            continue
        for mention in postings[key]:
            shared[mention] = shared.get(mention, 0) + 1
    found = sorted((m for m, n in shared.items() if n >= SHARED_KEYS), key=lambda m: (-shared[m], m))
    return found[:CONTENT_CANDIDATES]


def _postings_query(keys: list[str], undated_only: bool) -> tuple[Any, dict[str, Any]]:
    """One statement for every key's postings, each cut at KEY_POSTINGS_CAP + 1 rows (enough to
    tell a key too common to look by): one round trip instead of one per key."""
    dated = " AND dated = :undated" if undated_only else ""
    parts = [f"SELECT * FROM (SELECT key, mention_id FROM mention_keys WHERE key = :k{i}{dated} "
             f"LIMIT {KEY_POSTINGS_CAP + 1}) AS p{i}" for i in range(len(keys))]
    params: dict[str, Any] = {f"k{i}": key for i, key in enumerate(keys)}
    if undated_only:
        params["undated"] = False
    return sql_text(" UNION ALL ".join(parts)), params


def candidates(connection: Connection, features: list[MentionFeatures]) -> dict[str, set[str]]:
    """For each new mention, the stored mentions worth scoring against it: those whose date
    windows overlap its own, and those found by content (rare names, its precise place)."""
    by_window = _window_candidates(connection, features)
    return {f.id: by_window[f.id] | set(_content_candidates(connection, f)) for f in features}


def attach(connection: Connection, mentions: list[Incident], document_id: str, text: str,
           pool: Optional[set[str]] = None) -> None:
    """Place a report's new mentions (``text``: the report's cleaned text): link them to stored
    ones and re-cluster what they touch.  ``pool``: mentions whose clusters must be rebuilt
    anyway (those a replaced version left)."""
    pool = set(pool or ())
    new = [(incident, mention_features(incident, document_id, context_names(text, incident.evidence)))
           for incident in mentions]
    new_features = [f for _, f in new]
    wanted = candidates(connection, new_features)
    candidate_mentions = load_mentions(connection, set().union(*wanted.values()) if wanted else set(),
                                       records=False, heal=True)
    links = []
    for feature in new_features:
        for other_id in sorted(wanted[feature.id]):
            if other_id not in candidate_mentions:
                continue
            value = link_score(feature, candidate_mentions[other_id][1])
            if value is not None and value > THRESHOLD:
                a, b = sorted((feature.id, other_id))
                links.append({"mention_a": a, "mention_b": b, "score": value})
    for incident, feature in new:
        start, end = block_bounds(feature)
        connection.execute(_INSERT_MEMBER, {
            "mention_id": incident.id, "document_id": document_id, "merged_id": merged_incident_id([incident.id]),
            "component": incident.id, "block_start": start, "block_end": end, "names": sorted(feature.names),
            "features": to_stored(feature)})
        keys = [{"key": key, "mention_id": incident.id, "dated": feature.block is not None}
                for key in candidate_keys(feature)]
        if keys:
            connection.execute(_INSERT_KEYS, keys)
    if links:
        connection.execute(_INSERT_LINKS, links)
    seeds = {f.id for f in new_features} | {link["mention_a"] for link in links} | {link["mention_b"] for link in links}
    known = dict(candidate_mentions)
    known.update({incident.id: (incident, feature) for incident, feature in new})
    rebuild(connection, _closed_pool(connection, seeds | pool), known,
            changed={f.id for f in new_features} | set(pool))
    # Judicial steps stored before an incident they may follow are offered it once it is placed.
    cases.settle(connection, cases.offer(connection, new_features))


def detach(connection: Connection, mention_ids: list[str]) -> set[str]:
    """Forget these mentions' links and membership (before their rows are deleted); the merged
    incidents they were part of are deleted.  Returns the other mentions to re-cluster."""
    if not mention_ids:
        return set()
    # Steps that followed these and incidents these followed change too.
    linked = cases.forget(connection, mention_ids)
    pool = _closed_pool(connection, set(mention_ids) | linked) - set(mention_ids)
    for chunk in _chunks(sorted(set(mention_ids))):
        old = select(incident_members.c.merged_id).where(incident_members.c.mention_id.in_(chunk))
        connection.execute(delete(merged_incidents).where(merged_incidents.c.id.in_(old)))
        connection.execute(delete(incident_links).where(or_(
            incident_links.c.mention_a.in_(chunk), incident_links.c.mention_b.in_(chunk))))
        connection.execute(delete(incident_members).where(incident_members.c.mention_id.in_(chunk)))
        connection.execute(delete(mention_keys).where(mention_keys.c.mention_id.in_(chunk)))
    return pool


def unplaced_documents(connection: Connection) -> list[str]:
    """Reports with mentions that belong to no merged incident (stored before merging existed,
    or ingested with merging off)."""
    placed = select(incident_members.c.mention_id)
    return list(connection.execute(
        select(incidents.c.document_id).where(incidents.c.id.not_in(placed)).distinct()
        .order_by(incidents.c.document_id)).scalars())


def place_document(connection: Connection, document_id: str) -> None:
    placed = select(incident_members.c.mention_id)
    rows = connection.execute(select(incidents.c.data).where(and_(
        incidents.c.document_id == document_id, incidents.c.id.not_in(placed)))).scalars()
    text = connection.execute(select(documents.c.text).where(documents.c.id == document_id)).scalar_one()
    attach(connection, [Incident.from_dict(data) for data in rows], document_id, text)
